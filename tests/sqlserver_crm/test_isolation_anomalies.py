"""CRM-12: incorrect summary, dirty read and lost update, each reproduced deterministically with two sessions
(step order fixed by the demo gate and by polling the sessions' lock waits) and each prevented by its fix.
The tests commit small changes (a moved amount, loyalty points) and restore them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from crm_helpers import execute_all, fetch_all, lock_waiters, outcomes, spid

pytestmark = pytest.mark.mssql


@pytest.fixture
def campaign_sales(crm_conn: Any) -> Iterator[dict[str, Any]]:
    """A campaign with a sale in each half of its sale ids (as the summary procedures split them), the
    campaign's true total, and every touched amount restored afterwards."""
    campaign, split = fetch_all(crm_conn, """
        SELECT TOP (1) CampaignId, MIN(SaleId) + (MAX(SaleId) - MIN(SaleId)) / 2
        FROM crm.Sale GROUP BY CampaignId HAVING COUNT(*) >= 4 ORDER BY CampaignId""")[0]
    second_half = fetch_all(crm_conn, "SELECT TOP (1) SaleId, Amount FROM crm.Sale WHERE CampaignId = ? AND "
                                      "SaleId > ? AND Amount >= 1 ORDER BY SaleId DESC", campaign, split)[0]
    first_half = fetch_all(crm_conn, "SELECT TOP (1) SaleId, Amount FROM crm.Sale WHERE CampaignId = ? AND "
                                     "SaleId <= ? ORDER BY SaleId", campaign, split)[0]
    total = fetch_all(crm_conn, "SELECT SUM(Amount) FROM crm.Sale WHERE CampaignId = ?", campaign)[0][0]
    yield {"campaign": campaign, "from": second_half[0], "to": first_half[0], "total": total}
    for sale_id, amount in (second_half, first_half):
        execute_all(crm_conn, "UPDATE crm.Sale SET Amount = ? WHERE SaleId = ?", amount, sale_id)
    assert fetch_all(crm_conn, "SELECT SUM(Amount) FROM crm.Sale WHERE CampaignId = ?", campaign)[0][0] == total


def _summary_with_a_move_in_between(open_session: Any, background: Any, poll: Any, procedure: str,
                                    sales: dict[str, Any]) -> Decimal:
    """Reader sums the first half and stops at the gate; the writer commits a move from the second half to
    the first; the gate opens; returns the reader's total."""
    gate = f"crm12-{uuid.uuid4()}"
    controller, reader, writer = open_session(), open_session(), open_session()
    reader_spid = spid(reader)
    execute_all(controller, "EXEC crm.CRMSP_DemoGateClose @GateName = ?", gate)
    future = background(reader, f"EXEC crm.{procedure} @CampaignId = ?, @GateName = ?", sales["campaign"], gate)
    poll(lambda: lock_waiters(controller, [reader_spid]) == {reader_spid}, "the reader waits at the gate")
    execute_all(writer, "EXEC crm.CRMSP_MoveSaleAmount @FromSaleId = ?, @ToSaleId = ?, @Amount = 1.00",
                sales["from"], sales["to"])
    execute_all(controller, "EXEC crm.CRMSP_DemoGateOpen @GateName = ?", gate)
    total = future.result(timeout=60)[0][4]
    # Undo the move so the next step starts from the original amounts.
    execute_all(writer, "EXEC crm.CRMSP_MoveSaleAmount @FromSaleId = ?, @ToSaleId = ?, @Amount = 1.00",
                sales["to"], sales["from"])
    return total


@pytest.mark.req("CRM-12")
def test_incorrect_summary_under_read_committed_and_its_snapshot_fix(
    open_session: Any, background: Any, poll: Any, campaign_sales: dict[str, Any], clean_log: int
) -> None:
    """READ COMMITTED two-pass total misses the moved 1.00; one SNAPSHOT transaction returns the true total."""
    unsafe = _summary_with_a_move_in_between(open_session, background, poll,
                                             "CRMSP_GetCampaignSalesSummaryUnsafe", campaign_sales)
    fixed = _summary_with_a_move_in_between(open_session, background, poll,
                                            "CRMSP_GetCampaignSalesSummary", campaign_sales)
    assert unsafe == campaign_sales["total"] - Decimal("1.00")
    assert fixed == campaign_sales["total"]


@pytest.mark.req("CRM-12")
def test_dirty_read_under_read_uncommitted_and_its_snapshot_fix(
    open_session: Any, campaign_sales: dict[str, Any], clean_log: int
) -> None:
    """An uncommitted +1000 is visible to READ UNCOMMITTED, invisible to SNAPSHOT, and then rolled back."""
    writer, reader = open_session(), open_session()
    sale, campaign, total = campaign_sales["to"], campaign_sales["campaign"], campaign_sales["total"]
    amount = fetch_all(reader, "SELECT Amount FROM crm.Sale WHERE SaleId = ?", sale)[0][0]
    # BEGIN TRANSACTION goes alone, without parameters (a language batch): a parameterized batch travels as an
    # RPC (sp_executesql / sp_prepexec), and an RPC that returns with @@TRANCOUNT changed raises error 266.
    execute_all(writer, "BEGIN TRANSACTION;")
    try:
        execute_all(writer, "EXEC crm.CRMSP_AdjustSaleAmount @SaleId = ?, @NewAmount = ?",
                    sale, amount + Decimal("1000.00"))
        dirty = fetch_all(reader, "EXEC crm.CRMSP_GetCampaignSalesTotalDirty @CampaignId = ?", campaign)[0][1]
        clean = fetch_all(reader, "EXEC crm.CRMSP_GetCampaignSalesTotal @CampaignId = ?", campaign)[0][1]
    finally:
        execute_all(writer, "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
    after = fetch_all(reader, "EXEC crm.CRMSP_GetCampaignSalesTotal @CampaignId = ?", campaign)[0][1]
    assert dirty == total + Decimal("1000.00")
    assert clean == total
    assert after == total


@pytest.fixture
def loyalty_client(crm_conn: Any, sale_row: dict[str, int]) -> Iterator[int]:
    """A client whose LoyaltyPoints are restored after the test."""
    client = sale_row["client"]
    points = fetch_all(crm_conn, "SELECT LoyaltyPoints FROM crm.Client WHERE ClientId = ?", client)[0][0]
    yield client
    execute_all(crm_conn, "UPDATE crm.Client SET LoyaltyPoints = ? WHERE ClientId = ?", points, client)


def _two_concurrent_additions(open_session: Any, background: Any, poll: Any, procedure: str,
                              client: int) -> list[Any]:
    """Both sessions read the balance and stop at the gate; then both write. Returns each outcome."""
    gate = f"crm12-{uuid.uuid4()}"
    controller, first, second = open_session(), open_session(), open_session()
    spids = [spid(first), spid(second)]
    execute_all(controller, "EXEC crm.CRMSP_DemoGateClose @GateName = ?", gate)
    sql = f"EXEC crm.{procedure} @ClientId = ?, @Points = 10, @GateName = ?"
    futures = [background(first, sql, client, gate)]
    poll(lambda: lock_waiters(controller, spids[:1]) == set(spids[:1]), "the first session read and waits")
    futures.append(background(second, sql, client, gate))
    poll(lambda: lock_waiters(controller, spids) == set(spids), "both sessions read and wait")
    execute_all(controller, "EXEC crm.CRMSP_DemoGateOpen @GateName = ?", gate)
    return outcomes(futures)


@pytest.mark.req("CRM-12")
def test_lost_update_with_read_then_write_and_its_rowversion_fix(
    crm_conn: Any, open_session: Any, background: Any, poll: Any, loyalty_client: int, clean_log: int
) -> None:
    """Unsafe: +10 and +10 leave +10. Fixed: the second writer gets 60002 instead; its retry makes +20."""
    balance = "SELECT LoyaltyPoints FROM crm.Client WHERE ClientId = ?"
    start = fetch_all(crm_conn, balance, loyalty_client)[0][0]
    unsafe = _two_concurrent_additions(open_session, background, poll, "CRMSP_AddLoyaltyPointsUnsafe",
                                       loyalty_client)
    after_unsafe = fetch_all(crm_conn, balance, loyalty_client)[0][0]

    fixed = _two_concurrent_additions(open_session, background, poll, "CRMSP_AddLoyaltyPoints", loyalty_client)
    conflicts = [o for o in fixed if o is not None]
    execute_all(crm_conn, "EXEC crm.CRMSP_AddLoyaltyPoints @ClientId = ?, @Points = 10", loyalty_client)  # retry
    after_fixed = fetch_all(crm_conn, balance, loyalty_client)[0][0]

    assert unsafe == [None, None] and after_unsafe == start + 10
    assert len(conflicts) == 1 and "60002" in str(conflicts[0])
    assert after_fixed == after_unsafe + 20

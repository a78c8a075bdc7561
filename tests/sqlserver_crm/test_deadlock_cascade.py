"""CRM-11: three transactional procedures form a cascade deadlock T1 -> T2 -> T3 -> T1; one consistent lock
order removes it. Three sessions plus a controller that holds the demo gate: each session takes its first
row lock and waits at the gate; the test polls sys.dm_exec_requests until all three wait, then opens the
gate. Commits (FollowUpCount counters, restored afterwards) and removes its log rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from crm_helpers import execute_all, fetch_all, lock_waiters, outcomes, spid

pytestmark = pytest.mark.mssql


@pytest.fixture
def counters(crm_conn: Any, sale_row: dict[str, int]) -> Iterator[dict[str, int]]:
    """Saves the three FollowUpCount values the procedures increment and restores them afterwards."""
    saved = fetch_all(crm_conn, """
        SELECT (SELECT FollowUpCount FROM crm.Client WHERE ClientId = ?),
               (SELECT FollowUpCount FROM crm.Lead WHERE LeadId = ?),
               (SELECT FollowUpCount FROM crm.Sale WHERE SaleId = ?)""",
                      sale_row["client"], sale_row["lead"], sale_row["sale"])[0]
    yield sale_row
    execute_all(crm_conn, """
        UPDATE crm.Client SET FollowUpCount = ? WHERE ClientId = ?;
        UPDATE crm.Lead SET FollowUpCount = ? WHERE LeadId = ?;
        UPDATE crm.Sale SET FollowUpCount = ? WHERE SaleId = ?;""",
                saved[0], sale_row["client"], saved[1], sale_row["lead"], saved[2], sale_row["sale"])


def _run_three(open_session: Any, background: Any, poll: Any, ids: dict[str, int], third: str) -> list[Any]:
    """Start T1, T2 and `third` behind a closed gate, wait until all three wait on a lock, open the gate."""
    gate = f"crm11-{uuid.uuid4()}"
    controller = open_session()
    sessions = [open_session() for _ in range(3)]
    spids = [spid(s) for s in sessions]
    execute_all(controller, "EXEC crm.CRMSP_DemoGateClose @GateName = ?", gate)
    calls = [
        ("EXEC crm.CRMSP_TouchClientThenLead @ClientId = ?, @LeadId = ?, @GateName = ?", ids["client"], ids["lead"]),
        ("EXEC crm.CRMSP_TouchLeadThenSale @LeadId = ?, @SaleId = ?, @GateName = ?", ids["lead"], ids["sale"]),
        (f"EXEC crm.{third} @SaleId = ?, @ClientId = ?, @GateName = ?", ids["sale"], ids["client"]),
    ]
    futures = []
    for started, (session, (sql, first, second)) in enumerate(zip(sessions, calls, strict=True), start=1):
        futures.append(background(session, sql, first, second, gate))
        # Start the next one only once this one holds its first lock and waits: a deterministic order.
        waiting = spids[:started]
        poll(lambda waiting=waiting: len(lock_waiters(controller, waiting)) == len(waiting),
             f"{started} session(s) wait on a lock")
    execute_all(controller, "EXEC crm.CRMSP_DemoGateOpen @GateName = ?", gate)
    return outcomes(futures)


@pytest.mark.req("CRM-11")
def test_three_sessions_form_a_cascade_deadlock_and_exactly_one_is_the_victim(
    crm_conn: Any, counters: dict[str, int], open_session: Any, background: Any, poll: Any, clean_log: int
) -> None:
    """T1 Client->Lead, T2 Lead->Sale, T3 Sale->Client: one session gets 1205, the other two commit."""
    results = _run_three(open_session, background, poll, counters, "CRMSP_TouchSaleThenClient")
    victims = [o for o in results if o is not None]
    assert len(victims) == 1
    assert "1205" in str(victims[0]) or victims[0].args[0] == "40001"
    logged = fetch_all(crm_conn, "SELECT COUNT(*) FROM crm.Log WHERE LogId > ? AND ErrorNumber = 1205", clean_log)
    assert logged[0][0] == 1


@pytest.mark.req("CRM-11")
def test_with_one_lock_order_the_same_three_sessions_all_complete(
    crm_conn: Any, counters: dict[str, int], open_session: Any, background: Any, poll: Any, clean_log: int
) -> None:
    """T3 fixed to lock Client before Sale: it waits for T1 instead of closing a cycle; all three commit."""
    before = fetch_all(crm_conn, "SELECT FollowUpCount FROM crm.Client WHERE ClientId = ?", counters["client"])[0][0]
    results = _run_three(open_session, background, poll, counters, "CRMSP_TouchSaleThenClientOrdered")
    after = fetch_all(crm_conn, "SELECT FollowUpCount FROM crm.Client WHERE ClientId = ?", counters["client"])[0][0]
    assert results == [None, None, None]
    assert after == before + 2  # T1 and the fixed T3 both touched the client

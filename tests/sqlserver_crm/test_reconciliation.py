"""CRM-3 / CRM-4: the linked server to the separate PromptAds instance and the reconciliation through it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from crm_helpers import execute_all, fetch_all

pytestmark = pytest.mark.mssql


@pytest.mark.req("CRM-4")
def test_linked_server_uses_msoledbsql_and_reaches_another_instance(crm_db: Any, ads_db: Any) -> None:
    """PROMPTADS uses MSOLEDBSQL, maps logins to promptcrm_link and lands on the Ads server, not on itself."""
    with crm_db.connect("master") as conn:
        provider, source = fetch_all(conn, "SELECT provider, data_source FROM sys.servers WHERE name = N'PROMPTADS'")[0]
        mapping = fetch_all(conn, """
            SELECT l.remote_name, l.uses_self_credential
            FROM sys.linked_logins AS l INNER JOIN sys.servers AS s ON l.server_id = s.server_id
            WHERE s.name = N'PROMPTADS'""")
        remote = fetch_all(conn, "SELECT RemoteServer FROM OPENQUERY(PROMPTADS, "
                                 "'SELECT CAST(@@SERVERNAME AS nvarchar(256)) AS RemoteServer')")[0][0]
        local = fetch_all(conn, "SELECT CAST(@@SERVERNAME AS nvarchar(256)), DB_ID(N'PromptAds')")[0]
    with ads_db.connect("master") as ads:
        ads_name = fetch_all(ads, "SELECT CAST(@@SERVERNAME AS nvarchar(256))")[0][0]
    assert provider.upper() == "MSOLEDBSQL"
    assert source == ads_db.peer_address
    assert [(m[0], bool(m[1])) for m in mapping] == [("promptcrm_link", False)]
    assert remote == ads_name
    assert local[1] is None  # PromptAds does not exist on the CRM instance: no loopback


@pytest.mark.req("CRM-4")
def test_four_part_names_and_openquery_return_the_same_campaigns(crm_conn: Any) -> None:
    """A four-part-name read and the OPENQUERY view agree on the campaigns and their amounts."""
    four_part = fetch_all(crm_conn, """
        SELECT COUNT(*), SUM(SalesAmount) FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach""")[0]
    openquery = fetch_all(crm_conn, "SELECT COUNT(*), SUM(SalesAmount) FROM crm.vw_AdsCampaignFigures")[0]
    assert four_part == openquery
    assert four_part[0] >= 1000


@pytest.mark.req("CRM-3")
def test_sales_and_reach_reconcile_with_promptads_to_the_cent_after_generation(crm_conn: Any) -> None:
    """crm.CRMSP_ReconcileWithAds lists no mismatch, and the full comparison shows every campaign OK."""
    mismatches = fetch_all(crm_conn, "EXEC crm.CRMSP_ReconcileWithAds")
    everything = fetch_all(crm_conn, "EXEC crm.CRMSP_ReconcileWithAds @OnlyMismatches = 0")
    assert mismatches == []
    assert everything and {row[8] for row in everything} == {"OK"}
    assert all(row[3] == row[4] and row[1] == row[2] and row[6] == row[7] for row in everything)


@pytest.mark.req("CRM-3")
def test_a_one_cent_change_in_a_crm_sale_shows_up_as_a_mismatch(crm_conn: Any, sale_row: dict[str, int]) -> None:
    """Committing a one-cent correction makes that campaign an AMOUNT mismatch; reverting it clears it.

    Commits (the reconciliation reads through the linked server outside any transaction) and reverts."""
    sale = sale_row["sale"]
    original = fetch_all(crm_conn, "SELECT Amount FROM crm.Sale WHERE SaleId = ?", sale)[0][0]
    code = fetch_all(crm_conn, "SELECT CampaignCode FROM crm.Campaign WHERE CampaignId = ?", sale_row["campaign"])[0][0]
    try:
        execute_all(crm_conn, "EXEC crm.CRMSP_AdjustSaleAmount @SaleId = ?, @NewAmount = ?",
                    sale, original + Decimal("0.01"))
        mismatches = fetch_all(crm_conn, "EXEC crm.CRMSP_ReconcileWithAds")
    finally:
        execute_all(crm_conn, "EXEC crm.CRMSP_AdjustSaleAmount @SaleId = ?, @NewAmount = ?", sale, original)
    assert [(m[0], m[5], m[8]) for m in mismatches] == [(code, Decimal("0.01"), "AMOUNT")]
    assert fetch_all(crm_conn, "EXEC crm.CRMSP_ReconcileWithAds") == []


@pytest.mark.req("CRM-3")
def test_a_changed_reach_in_the_crm_copy_shows_up_as_a_reach_mismatch(crm_conn: Any) -> None:
    """A campaign whose CRM reach differs from PromptAds' is reported as REACH (reverted afterwards)."""
    campaign_id, code, reach = fetch_all(crm_conn, "SELECT TOP (1) CampaignId, CampaignCode, Reach "
                                                   "FROM crm.Campaign ORDER BY CampaignId")[0]
    try:
        execute_all(crm_conn, "UPDATE crm.Campaign SET Reach = Reach + 1 WHERE CampaignId = ?", campaign_id)
        mismatches = fetch_all(crm_conn, "EXEC crm.CRMSP_ReconcileWithAds")
    finally:
        execute_all(crm_conn, "UPDATE crm.Campaign SET Reach = ? WHERE CampaignId = ?", reach, campaign_id)
    assert [(m[0], m[8]) for m in mismatches] == [(code, "REACH")]


@pytest.mark.req("CRM-3")
def test_each_campaigns_amount_is_split_exactly_over_its_sales(crm_conn: Any) -> None:
    """Per campaign the number of CRM sales equals PromptAds' SalesCount and no sale is negative."""
    row = fetch_all(crm_conn, """
        SELECT COUNT(*) FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach AS a
        LEFT JOIN (SELECT CampaignId, COUNT(*) AS n, MIN(Amount) AS least FROM crm.Sale GROUP BY CampaignId) AS s
            ON a.CampaignId = s.CampaignId
        WHERE COALESCE(s.n, 0) <> a.SalesCount OR s.least < 0""")[0][0]
    assert row == 0

"""Least privilege and change detection of PromptAds: the CRM link login reads only its views, the MCP reader
cannot write, the procedure executor can create campaigns but not regenerate history, and the rowversion
delta function returns exactly the campaigns changed between two watermarks (SAL-3)."""

from __future__ import annotations

from typing import Any

import pyodbc
import pytest
from ads_helpers import create_campaign_batch, fetch_all, fetch_value, native_error, simple_campaign

pytestmark = [pytest.mark.mssql]


def _as_user(conn: Any, user: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run `sql` impersonating a database user; always REVERT."""
    conn.cursor().execute(f"EXECUTE AS USER = N'{user}';")
    try:
        return fetch_all(conn, sql, *params)
    finally:
        conn.cursor().execute("REVERT;")


@pytest.mark.req("CRM-4", "NFR-SEC5")
def test_the_crm_link_login_reads_its_views_and_nothing_else(ads_conn: Any) -> None:
    """promptcrm_link: SELECT on ads.vw_CampaignSalesReach works; the base table is denied (error 229)."""
    assert fetch_value(ads_conn, "SELECT COUNT(*) FROM sys.sql_logins WHERE name = N'promptcrm_link'") == 1
    rows = _as_user(ads_conn, "promptcrm_link", "SELECT COUNT(*) FROM ads.vw_CampaignSalesReach")
    assert rows[0][0] >= 1000
    with pytest.raises(pyodbc.Error) as raised:
        _as_user(ads_conn, "promptcrm_link", "SELECT TOP (1) CampaignId FROM ads.Campaign")
    assert native_error(raised.value) == 229


@pytest.mark.req("SAL-5", "NFR-SEC5")
def test_the_mcp_reader_reads_results_but_cannot_write_or_see_token_references(ads_conn: Any) -> None:
    """A user in AdsMcpReader reads daily results; an UPDATE and a read of the integration accounts fail."""
    ads_conn.cursor().execute("BEGIN TRANSACTION;")
    try:
        ads_conn.cursor().execute(
            "CREATE USER pytest_mcp WITHOUT LOGIN; ALTER ROLE AdsMcpReader ADD MEMBER pytest_mcp;")
        assert _as_user(ads_conn, "pytest_mcp", "SELECT COUNT_BIG(*) FROM ads.DailyResult")[0][0] > 0
        for statement in ("UPDATE ads.Campaign SET Budget = Budget WHERE CampaignId = 1",
                          "SELECT TOP (1) TokenReference FROM ads.IntegrationAccount"):
            with pytest.raises(pyodbc.Error) as raised:
                _as_user(ads_conn, "pytest_mcp", statement)
            assert native_error(raised.value) == 229
    finally:
        ads_conn.cursor().execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")


@pytest.mark.req("ADS-1", "NFR-SEC5")
def test_the_procedure_executor_creates_campaigns_but_cannot_regenerate_history(ads_conn: Any) -> None:
    """A user in AdsProcedureExecutor runs ADSSP_CreateCampaign with its TVPs; ADSSP_GenerateHistory is denied."""
    ads_conn.cursor().execute("BEGIN TRANSACTION;")
    try:
        ads_conn.cursor().execute(
            "CREATE USER pytest_portal WITHOUT LOGIN; ALTER ROLE AdsProcedureExecutor ADD MEMBER pytest_portal;")
        sql, params = create_campaign_batch(simple_campaign("CMP-900501"))
        created = _as_user(ads_conn, "pytest_portal", sql, *params)
        assert created[0][1] == 0 and created[0][0] is not None
        with pytest.raises(pyodbc.Error) as raised:
            _as_user(ads_conn, "pytest_portal", "EXEC ads.ADSSP_GenerateHistory @CampaignCount = 10;")
        assert native_error(raised.value) == 229
    finally:
        ads_conn.cursor().execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")


@pytest.mark.req("SAL-3")
def test_the_etl_delta_returns_exactly_the_campaigns_changed_between_two_watermarks(ads_conn: Any) -> None:
    """Watermarks from MIN_ACTIVE_ROWVERSION(): a status change and a new daily result of one campaign show up
    between them, and nothing after. Needs committed work (autocommit); the campaign is removed by the fixture."""
    sql, params = create_campaign_batch(simple_campaign("CMP-900601"))
    campaign_id = fetch_all(ads_conn, sql, *params)[0][0]
    placement = fetch_value(ads_conn, "SELECT MIN(AdPlacementId) FROM ads.AdPlacement WHERE CampaignId = ?",
                            campaign_id)
    start = fetch_value(ads_conn, "SELECT MIN_ACTIVE_ROWVERSION()")

    ads_conn.cursor().execute("UPDATE ads.Campaign SET StatusCode = 'ACTIVE' WHERE CampaignId = ?", campaign_id)
    ads_conn.cursor().execute(
        "INSERT INTO ads.DailyResult (AdPlacementId, ResultDate, CampaignId, Views, AudienceReached, Likes, "
        "Reactions, Interactions, ExposureHours, Sales, Revenue, Cost) "
        "VALUES (?, '2026-02-02', ?, 12000, 9000, 150, 210, 380, 13.33, 7, 553.00, 96.50)", placement, campaign_id)
    stop = fetch_value(ads_conn, "SELECT MIN_ACTIVE_ROWVERSION()")

    delta = fetch_all(ads_conn, "SELECT CampaignId, StatusCode, Reach, SalesCount, SalesAmount, Cost, Reactions "
                                "FROM ads.ufn_EtlCampaignDelta(?, ?)", start, stop)
    assert [(r[0], r[1], r[2], r[3], str(r[4]), str(r[5]), r[6]) for r in delta] == [
        (campaign_id, "ACTIVE", 9000, 7, "553.00", "96.50", 210)]
    later = fetch_value(ads_conn, "SELECT MIN_ACTIVE_ROWVERSION()")
    assert fetch_all(ads_conn, "SELECT CampaignId FROM ads.ufn_EtlCampaignDelta(?, ?)", stop, later) == []


@pytest.mark.req("SAL-3")
def test_row_deltas_follow_the_promptsales_etl_contract(ads_conn: Any) -> None:
    """ufn_EtlCampaignChanges / ufn_EtlResultChanges return entity, op, version and the contract's fields for
    the rows changed after a bigint watermark (CAST(rowversion AS bigint)), and nothing after the next one."""
    sql, params = create_campaign_batch(simple_campaign("CMP-900701"))
    campaign_id = fetch_all(ads_conn, sql, *params)[0][0]
    placement = fetch_value(ads_conn, """
        SELECT p.AdPlacementId
        FROM ads.AdPlacement AS p
        INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
        INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
        INNER JOIN ads.CampaignMarket AS cm ON p.CampaignMarketId = cm.CampaignMarketId
        INNER JOIN ads.Market AS m ON cm.MarketId = m.MarketId
        WHERE p.CampaignId = ? AND ch.ChannelCode = 'INSTAGRAM' AND m.MarketCode = 'CR-MILLENNIAL'""", campaign_id)
    after = fetch_value(ads_conn, "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS bigint) - 1")

    ads_conn.cursor().execute("UPDATE ads.Campaign SET StatusCode = 'ACTIVE' WHERE CampaignId = ?", campaign_id)
    ads_conn.cursor().execute(
        "INSERT INTO ads.DailyResult (AdPlacementId, ResultDate, CampaignId, Views, AudienceReached, Likes, "
        "Reactions, Interactions, ExposureHours, Sales, Revenue, Cost) "
        "VALUES (?, '2026-02-03', ?, 8000, 6100, 90, 140, 260, 8.89, 4, 316.00, 70.25)", placement, campaign_id)
    up_to = fetch_value(ads_conn, "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS bigint)")

    campaigns = fetch_all(ads_conn, "SELECT entity, op, version, campaign_code, status_code, budget_amount "
                                    "FROM ads.ufn_EtlCampaignChanges(?, ?)", after, up_to)
    results = fetch_all(ads_conn, "SELECT entity, op, version, result_id, campaign_code, channel_code, market_code, "
                                  "reach, impressions, reactions, interactions, cost "
                                  "FROM ads.ufn_EtlResultChanges(?, ?)", after, up_to)
    assert [(r[0], r[1], r[3], r[4], str(r[5])) for r in campaigns] == [
        ("campaign", "upsert", "CMP-900701", "ACTIVE", "45000.00")]
    assert [(r[0], r[1], r[4], r[5], r[6], r[7], r[8], r[9], r[10], str(r[11])) for r in results] == [
        ("result", "upsert", "CMP-900701", "INSTAGRAM", "CR-MILLENNIAL", 6100, 8000, 140, 260, "70.25")]
    assert after < campaigns[0][2] < up_to and after < results[0][2] < up_to
    later = fetch_value(ads_conn, "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS bigint)")
    assert fetch_all(ads_conn, "SELECT 1 FROM ads.ufn_EtlResultChanges(?, ?)", up_to - 1, later) == []

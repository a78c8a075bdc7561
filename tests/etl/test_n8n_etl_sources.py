"""End to end with the real sources: PromptAds and PromptCrm on SQL Server, PromptContent on MongoDB, the
committed workflow run by n8n. Skipped (with the reason) where those engines are not provisioned.

After a first full load, one update, one insert and one delete are made in each source; the next run must
move exactly those three rows per source into the summaries (rows moved = rows changed), etl.v_summary_drift
must stay empty, and a further run must move nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from harness import n8n
from harness.folders import folder
from harness.runner import ScriptError, run_folder
from harness.settings import Settings

E2E_DATABASE = "promptsales_etl_e2e"
BASE = datetime(2026, 1, 31, 12, 0, 0, tzinfo=UTC)   # the content application's clock in this test


@pytest.fixture(scope="module")
def e2e(ads_db: Any, crm_db: Any, content_db: Any, mongo_server: Any, n8n_installed: None, pg_server: Any,
        redis_server: Any, settings: Settings,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Every engine for real: postgres_sales/ in its own database, n8n configured with the real sources."""
    if pg_server.database_exists(E2E_DATABASE):
        pg_server.drop_database(E2E_DATABASE)
    try:
        run_folder(folder("sales"), {"postgres": pg_server}, settings, database=E2E_DATABASE)
    except ScriptError as exc:
        pytest.fail(f"applying postgres_sales into {E2E_DATABASE} failed: {exc}", pytrace=False)
    engines = {"postgres": pg_server, "redis": redis_server, "mongo": mongo_server, "mssql_crm": crm_db,
               "mssql_ads": ads_db}
    config = n8n.build_config(engines, tmp_path_factory.mktemp("n8n-e2e"), sales_database=E2E_DATABASE,
                              n8n_database="n8n_e2e")
    n8n.import_all(config)
    conns = {"pg": pg_server.connect(E2E_DATABASE, autocommit=True),
             "ads": ads_db.connect("PromptAds", autocommit=True, timeout=60),
             "crm": crm_db.connect("PromptCrm", autocommit=True, timeout=60)}
    try:
        yield {"config": config, "content": content_db, **conns}
    finally:
        for conn in conns.values():
            conn.close()


def _moved(pg: Any, since: datetime) -> dict[str, int]:
    rows = pg.execute("SELECT source, coalesce(sum(rows_changed), 0) FROM etl.run_log "
                      "WHERE status = 'applied' AND started_at >= %s GROUP BY source", (since,)).fetchall()
    return {source: int(n) for source, n in rows}


def _run(e2e: dict[str, Any]) -> tuple[n8n.RunResult, dict[str, int]]:
    started = e2e["pg"].execute("SELECT clock_timestamp()").fetchone()[0]
    result = n8n.execute(e2e["config"])
    assert result.returncode == 0, result.error
    return result, _moved(e2e["pg"], started)


def _one(conn: Any, sql: str, *params: Any) -> Any:
    return conn.execute(sql, *params).fetchone()


def _change_ads(conn: Any) -> None:
    """Update one daily result's cost, insert the next day of the same placement, delete another result."""
    result_id, placement, campaign = _one(conn, "SELECT TOP (1) ResultId, AdPlacementId, CampaignId "
                                                "FROM ads.DailyResult ORDER BY ResultId")
    conn.execute("UPDATE ads.DailyResult SET Cost = Cost + 1.00 WHERE ResultId = ?", result_id)
    next_day = _one(conn, "SELECT DATEADD(day, 1, MAX(ResultDate)) FROM ads.DailyResult WHERE AdPlacementId = ?",
                    placement)[0]
    conn.execute("INSERT INTO ads.DailyResult (AdPlacementId, ResultDate, CampaignId, Views, AudienceReached, "
                 "Likes, Reactions, Interactions, ExposureHours, Sales, Revenue, Cost) "
                 "VALUES (?, ?, ?, 8000, 6100, 90, 140, 260, 8.89, 4, 316.00, 70.25)", placement, next_day, campaign)
    victim = _one(conn, "SELECT TOP (1) ResultId FROM ads.DailyResult WHERE AdPlacementId <> ? "
                        "ORDER BY ResultId DESC", placement)[0]
    conn.execute("DELETE FROM ads.DailyResult WHERE ResultId = ?", victim)


def _change_crm(conn: Any) -> None:
    """A sale's amount changes, a lead without a sale gets one, and another lead without a sale is deleted."""
    sale_id = _one(conn, "SELECT TOP (1) SaleId FROM crm.Sale ORDER BY SaleId")[0]
    conn.execute("UPDATE crm.Sale SET Amount = Amount + 10.00 WHERE SaleId = ?", sale_id)
    leads = conn.execute("SELECT TOP (2) l.LeadId FROM crm.Lead AS l "
                         "WHERE NOT EXISTS (SELECT 1 FROM crm.Sale AS s WHERE s.LeadId = l.LeadId) "
                         "ORDER BY l.LeadId").fetchall()
    buyer, gone = leads[0][0], leads[1][0]
    conn.execute("INSERT INTO crm.Sale (SaleId, CampaignId, ClientId, LeadId, ChannelId, MarketId, SaleDate, Amount) "
                 "SELECT (SELECT MAX(SaleId) + 1 FROM crm.Sale), l.CampaignId, l.ClientId, l.LeadId, l.ChannelId, "
                 "l.MarketId, l.CapturedOn, 149.90 FROM crm.Lead AS l WHERE l.LeadId = ?", buyer)
    conn.execute("DELETE FROM crm.Interaction WHERE LeadId = ?", gone)
    conn.execute("DELETE FROM crm.BehaviorEvent WHERE LeadId = ?", gone)
    conn.execute("DELETE FROM crm.Lead WHERE LeadId = ?", gone)


def _publication(campaign: str, n: int) -> dict[str, Any]:
    return {"campaign_code": campaign, "channel_code": ("instagram", "tiktok")[n % 2], "market_code": "CR",
            "published_at": BASE - timedelta(days=n), "views": 1000 + n, "reactions": 50 + n,
            "updated_at": BASE + timedelta(seconds=n)}


@pytest.mark.req("SAL-3")
@pytest.mark.req("SAL-4")
def test_an_update_an_insert_and_a_delete_per_source_move_exactly_three_rows_each(e2e: dict[str, Any]) -> None:
    """Full load, then 1 update + 1 insert + 1 delete per source: the next n8n run moves 3 rows per source,
    drift stays empty, and one more run moves nothing."""
    pg, content = e2e["pg"], e2e["content"]
    campaigns = [r[0] for r in pg.execute("SELECT campaign_code FROM portal.campaign ORDER BY 1 LIMIT 3")]
    ids = content.publications.insert_many([_publication(c, i) for i, c in enumerate(campaigns)]).inserted_ids
    _result, first = _run(e2e)
    assert first.get("content") == 3 and first.get("ads", 0) > 0 and first.get("crm", 0) > 0

    _change_ads(e2e["ads"])
    _change_crm(e2e["crm"])
    content.publications.update_one({"_id": ids[0]}, {"$inc": {"views": 25},
                                                       "$set": {"updated_at": BASE + timedelta(minutes=5)}})
    content.publications.insert_one(_publication(campaigns[0], 7) | {"updated_at": BASE + timedelta(minutes=6)})
    content.publications.update_one({"_id": ids[1]}, {"$set": {"deleted_at": BASE + timedelta(minutes=7),
                                                                "updated_at": BASE + timedelta(minutes=7)}})
    _result, second = _run(e2e)
    assert second == {"ads": 3, "crm": 3, "content": 3}
    assert pg.execute("SELECT count(*) FROM etl.v_summary_drift").fetchone()[0] == 0

    _result, third = _run(e2e)
    assert sum(third.values()) == 0
    assert pg.execute("SELECT count(*) FROM etl.v_summary_drift").fetchone()[0] == 0

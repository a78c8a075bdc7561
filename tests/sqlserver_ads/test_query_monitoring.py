"""ADS-6: Query Store is on, and the monitoring procedures report a workload the test has just run (by CPU,
duration and reads, from Query Store and from the plan cache, with text and plan), the wait statistics, and
the estimated vs actual plan demonstration returns both kinds of plan."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from ads_helpers import ADS_DIR, fetch_all, fetch_sets

from harness.runner import run_tsql

pytestmark = [pytest.mark.mssql]

WORKLOAD = """
SELECT COUNT_BIG(*) AS {marker}, SUM(dr.Revenue) AS Revenue
FROM ads.DailyResult AS dr
INNER JOIN ads.AdPlacement AS p ON dr.AdPlacementId = p.AdPlacementId
INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
WHERE dr.Reactions >= 0 AND cc.BudgetShare IS NOT NULL
"""


@pytest.fixture
def workload(ads_conn: Any) -> str:
    """Runs a distinctive report query five times and returns the marker (a column alias) in its text."""
    marker = f"ads6_probe_{uuid.uuid4().hex[:10]}"
    for _ in range(5):
        fetch_all(ads_conn, WORKLOAD.format(marker=marker))
    return marker


@pytest.mark.req("ADS-6")
def test_query_store_is_on_capturing_all_queries_and_waits(ads_conn: Any) -> None:
    """sys.database_query_store_options: READ_WRITE, capture mode ALL, wait statistics captured."""
    row = fetch_all(ads_conn, "SELECT actual_state_desc, query_capture_mode_desc, wait_stats_capture_mode_desc "
                              "FROM sys.database_query_store_options")[0]
    assert tuple(row) == ("READ_WRITE", "ALL", "ON")


@pytest.mark.req("ADS-6")
@pytest.mark.parametrize("order_by", ["CPU", "DURATION", "READS"])
def test_query_store_top_queries_report_the_fresh_workload(ads_conn: Any, workload: str, order_by: str) -> None:
    """monitor.usp_TopQueriesQueryStore lists the workload query with its 5 executions, reads, text and plan."""
    fetch_all(ads_conn, "EXEC sys.sp_query_store_flush_db;")
    columns_and_rows = ads_conn.cursor().execute(
        "EXEC monitor.usp_TopQueriesQueryStore @OrderBy = ?, @Top = 50, @TextLike = ?", order_by, workload)
    names = [d[0] for d in columns_and_rows.description]
    rows = [dict(zip(names, r, strict=True)) for r in columns_and_rows.fetchall()]
    assert rows, f"{workload} not reported by {order_by}"
    assert sum(r["Executions"] for r in rows) >= 5
    assert all(workload in r["QueryText"] for r in rows)
    assert any(r["TotalLogicalReads"] > 0 for r in rows)
    assert all(r["QueryPlan"] and "ShowPlanXML" in r["QueryPlan"] for r in rows)


@pytest.mark.req("ADS-6")
@pytest.mark.parametrize("order_by", ["CPU", "DURATION", "READS"])
def test_plan_cache_top_queries_report_the_fresh_workload(ads_conn: Any, workload: str, order_by: str) -> None:
    """monitor.usp_TopQueriesCache (DMVs) lists the workload statement with its executions and cached plan."""
    cursor = ads_conn.cursor().execute(
        "EXEC monitor.usp_TopQueriesCache @OrderBy = ?, @Top = 50, @TextLike = ?", order_by, workload)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    assert rows
    assert sum(r["Executions"] for r in rows) >= 5
    assert all(workload in r["StatementText"] for r in rows)
    assert all(r["EstimatedPlan"] and "ShowPlanXML" in r["EstimatedPlan"] for r in rows)


@pytest.mark.req("ADS-6")
def test_wait_statistics_are_reported_for_the_instance_and_per_query(ads_conn: Any, workload: str) -> None:
    """monitor.usp_WaitStats returns the instance's waits (benign ones excluded) and a per-query breakdown."""
    fetch_all(ads_conn, "EXEC sys.sp_query_store_flush_db;")
    instance, per_query = fetch_sets(ads_conn, "EXEC monitor.usp_WaitStats @Top = 20;")
    assert instance
    assert not {r[0] for r in instance} & {"SLEEP_TASK", "LAZYWRITER_SLEEP", "XE_TIMER_EVENT"}
    assert all(r[2] >= 0 and r[1] > 0 for r in instance)
    assert sum(float(r[5]) for r in instance) <= 100.5
    assert all(len(r) == 4 for r in per_query)


@pytest.mark.req("ADS-6")
def test_the_plan_demonstration_returns_an_estimated_plan_and_an_actual_plan(ads_db: Any) -> None:
    """920_demo_query_plans.sql: SHOWPLAN_XML gives a plan without runtime data; STATISTICS XML one with it."""
    with ads_db.connect("PromptAds", autocommit=True, timeout=60) as conn:
        sets = run_tsql(conn, (ADS_DIR / "920_demo_query_plans.sql").read_text(encoding="utf-8"), "920")
    plans = [str(row[0]) for result in sets for row in result if row and "ShowPlanXML" in str(row[0])]
    estimated = [p for p in plans if "RunTimeInformation" not in p]
    actual = [p for p in plans if "RunTimeInformation" in p and "ActualRows" in p]
    assert estimated and actual

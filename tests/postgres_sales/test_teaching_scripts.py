"""SAL-6 teaching scripts (900-960): each demonstrated behaviour, asserted on the real schema."""

from __future__ import annotations

import time
from decimal import Decimal

import psycopg
import pytest
from sales_rows import campaign_row, lead_row, result_row

pytestmark = pytest.mark.postgres


@pytest.mark.req("SAL-6")
def test_the_status_trigger_writes_the_history_and_the_guard_trigger_refuses_direct_writes(sales_conn,
                                                                                            apply_delta) -> None:
    """900: two reported statuses give two history rows with the previous status; a direct INSERT fails PS010."""
    apply_delta("ads", [campaign_row("CMP-000001", 1, "active", "2025-01-05T09:00:00Z")])
    apply_delta("ads", [campaign_row("CMP-000001", 2, "finished", "2025-02-20T23:59:00Z")])
    history = sales_conn.execute("SELECT previous_status, status_code FROM summary.campaign_status_history "
                                 "WHERE campaign_code = 'CMP-000001' ORDER BY changed_at").fetchall()
    with pytest.raises(psycopg.Error) as raised, sales_conn.transaction():
        sales_conn.execute("INSERT INTO summary.campaign_status_history (campaign_code, changed_at, status_code) "
                           "VALUES ('CMP-000001', now(), 'hacked')")
    assert history == [(None, "active"), ("active", "finished")]
    assert raised.value.sqlstate == "PS010"


@pytest.mark.req("SAL-6")
def test_the_cursor_loop_and_the_set_based_statement_compute_the_same_goal_attainment(sales_conn,
                                                                                      apply_delta) -> None:
    """910: with CRM sales landed for a campaign, both versions write identical rows, one per goal."""
    start = sales_conn.execute("SELECT planned_start FROM portal.campaign WHERE campaign_code = 'CMP-000001'"
                               ).fetchone()[0]
    apply_delta("crm", [lead_row(1, 1, "CMP-000001", start.isoformat(), converted=True, amount="5000.00")])

    by_cursor = sales_conn.execute("SELECT demo.goal_attainment_cursor(DATE '2026-01-31')").fetchone()[0]
    by_set = sales_conn.execute("SELECT demo.goal_attainment_set(DATE '2026-01-31')").fetchone()[0]
    differences = sales_conn.execute(
        "SELECT count(*) FROM (SELECT sales_goal_id, attained_amount, attainment_pct FROM demo.goal_attainment "
        "WHERE method = 'cursor' EXCEPT SELECT sales_goal_id, attained_amount, attainment_pct "
        "FROM demo.goal_attainment WHERE method = 'set') AS d").fetchone()[0]
    attained = sales_conn.execute("SELECT sum(attained_amount) FROM demo.goal_attainment WHERE method = 'set'"
                                  ).fetchone()[0]
    goals = sales_conn.execute("SELECT count(*) FROM portal.sales_goal WHERE period_start <= '2026-01-31'"
                               ).fetchone()[0]
    assert by_cursor == by_set == goals
    assert differences == 0
    assert attained == Decimal("5000.00")


@pytest.mark.req("SAL-6")
def test_the_metadata_views_describe_tables_keys_indexes_and_dependencies(sales_conn) -> None:
    """930: catalog views report the campaign key, its foreign keys, indexes, column types and view dependencies."""
    pk, rows = sales_conn.execute("SELECT primary_key, estimated_rows FROM demo.v_table_inventory "
                                  "WHERE schema_name = 'portal' AND table_name = 'campaign'").fetchone()
    fks = {r[0] for r in sales_conn.execute("SELECT referencing_table FROM demo.v_foreign_keys "
                                            "WHERE referenced_table = 'portal.campaign'")}
    col = sales_conn.execute("SELECT data_type, character_maximum_length FROM demo.v_column_catalog "
                             "WHERE table_schema = 'portal' AND table_name = 'campaign' "
                             "AND column_name = 'campaign_code'").fetchone()
    index = sales_conn.execute("SELECT count(*) FROM demo.v_index_catalog WHERE table_name = 'campaign' "
                               "AND schema_name = 'portal' AND is_unique").fetchone()[0]
    deps = {r[0] for r in sales_conn.execute("SELECT depends_on FROM demo.v_view_dependencies "
                                             "WHERE view_name = 'summary.v_campaign_effectiveness'")}
    assert pk == "campaign_id"
    assert rows >= 0
    assert {"summary.campaign", "portal.strategy", "portal.ai_proposal"} <= fks
    assert col == ("character varying", 12)
    assert index >= 2
    assert {"summary.campaign", "portal.campaign", "portal.client_company"} <= deps


@pytest.mark.req("SAL-6")
def test_pg_stat_statements_and_explain_analyze_show_what_ran_and_explain_leaves_no_trace(sales_conn) -> None:
    """940: a probe query appears in v_top_statements; explain_analyze returns buffers and undoes a write."""
    probe = "SELECT count(*) FROM portal.calendar_task WHERE status = 'overdue' AND task_kind = 'manual'"
    query_id = sales_conn.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) {probe}").fetchone()[0][0]["Query Identifier"]
    sales_conn.execute(probe)
    seen = sales_conn.execute("SELECT calls, query FROM demo.v_top_statements WHERE queryid = %s",
                              (query_id,)).fetchone()
    plan = sales_conn.execute("SELECT demo.explain_analyze('UPDATE portal.campaign SET name = name "
                              "WHERE campaign_id = 1')").fetchone()[0]
    audit_rows = sales_conn.execute("SELECT count(*) FROM audit.event WHERE row_key = 'CMP-000001'").fetchone()[0]
    assert seen is not None and seen[0] >= 1
    assert "$1" in seen[1]                      # literals are normalised into parameters
    assert plan[0]["Plan"]["Node Type"] == "ModifyTable"
    assert "Shared Hit Blocks" in plan[0]["Plan"]
    assert audit_rows == 0


@pytest.mark.req("SAL-6")
def test_the_lock_wait_view_names_the_blocked_and_the_blocking_session(sales_db) -> None:
    """940: while one session holds a budget row, the other's UPDATE shows up in demo.v_lock_waits (2 sessions)."""
    holder = sales_db.connect("promptsales")
    waiter = sales_db.connect("promptsales", autocommit=True)
    observer = sales_db.connect("promptsales", autocommit=True)
    try:
        holder.execute("UPDATE portal.budget SET amount = amount WHERE budget_id = 3")
        waiter.execute("SET statement_timeout = '20s'")
        import threading  # noqa: PLC0415

        def blocked_update() -> None:
            try:
                waiter.execute("UPDATE portal.budget SET amount = amount WHERE budget_id = 3")
            except psycopg.Error:
                pass
        thread = threading.Thread(target=blocked_update, daemon=True)
        thread.start()
        row = None
        deadline = time.monotonic() + 20
        while row is None and time.monotonic() < deadline:
            row = observer.execute("SELECT waiting_pid, blocking_pid FROM demo.v_lock_waits WHERE waiting_pid = %s",
                                   (waiter.info.backend_pid,)).fetchone()
        holder.rollback()
        thread.join(timeout=30)
        assert row == (waiter.info.backend_pid, holder.info.backend_pid)
    finally:
        holder.close()
        waiter.close()
        observer.close()


@pytest.mark.req("SAL-6")
def test_left_right_and_cross_joins_keep_rows_without_results_and_coalesce_them_to_zero(sales_conn,
                                                                                        apply_delta) -> None:
    """950: every company and campaign stays listed; the channel x market grid has 126 cells; CASE bands apply."""
    apply_delta("ads", [result_row(1, 1, "CMP-000002", cost="1000.00", channel="email", market="MX")])
    apply_delta("crm", [lead_row(1, 1, "CMP-000002", converted=True, amount="2500.00", channel="email",
                                 market="MX")])
    companies = sales_conn.execute("SELECT count(*) FROM demo.v_company_campaign_coverage").fetchone()[0]
    band = sales_conn.execute("SELECT performance_band, sales_amount FROM demo.v_company_campaign_coverage "
                              "WHERE company_code = 'CO-0002'").fetchone()
    idle = sales_conn.execute("SELECT performance_band, sales_amount FROM demo.v_company_campaign_coverage "
                              "WHERE company_code = 'CO-0003'").fetchone()
    results = sales_conn.execute("SELECT count(*), count(*) FILTER (WHERE goal_status = 'pendiente') "
                                 "FROM demo.v_campaign_results").fetchone()
    grid = sales_conn.execute("SELECT count(*), count(*) FILTER (WHERE activity = 'con actividad'), "
                              "sum(sales_amount) FROM demo.v_channel_market_grid").fetchone()
    campaigns = sales_conn.execute("SELECT count(*) FROM portal.campaign").fetchone()[0]
    assert companies == 200
    assert band == ("rentable (ROI ≥ 100%)", Decimal("2500.00"))
    assert idle == ("sin resultados aún", Decimal("0"))
    assert results == (campaigns, campaigns - 1)
    assert grid == (126, 1, Decimal("2500.00"))


@pytest.mark.req("SAL-6", "NFR-SEC5")
def test_the_demo_analyst_reads_the_view_inserts_but_cannot_update_or_read_base_tables(sales_conn) -> None:
    """960: after GRANT and REVOKE the analyst role may SELECT the view and INSERT, never UPDATE or read tables."""
    goal_id = sales_conn.execute("SELECT min(sales_goal_id) FROM portal.sales_goal").fetchone()[0]
    sales_conn.execute("SET ROLE promptsales_demo_analyst")
    try:
        readable = sales_conn.execute("SELECT count(*) FROM summary.v_campaign_effectiveness").fetchone()[0]
        sales_conn.execute("INSERT INTO demo.goal_attainment VALUES (%s, 'set', 1, '2024-07-01', 10, 0, 0)",
                           (goal_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege), sales_conn.transaction():
            sales_conn.execute("UPDATE demo.goal_attainment SET attained_amount = 1")
        with pytest.raises(psycopg.errors.InsufficientPrivilege), sales_conn.transaction():
            sales_conn.execute("SELECT count(*) FROM summary.campaign")
    finally:
        sales_conn.execute("RESET ROLE")
    assert readable == 0
    assert sales_conn.execute("SELECT count(*) FROM demo.goal_attainment").fetchone()[0] == 1

"""NFR-SEC5: least-privilege group roles (tests use SET ROLE) and row-level security for sales agents."""

from __future__ import annotations

import json

import psycopg
import pytest

pytestmark = pytest.mark.postgres

BATCH = json.dumps({"source": "ads", "run_id": "5b0c7d52-9a3e-4c43-8f0e-1d2c3b4a5968", "rows": [
    {"entity": "result", "op": "upsert", "version": 7, "result_id": 70, "campaign_code": "CMP-000001",
     "result_date": "2025-01-10", "channel_code": "email", "market_code": "CR", "reach": 10, "impressions": 20,
     "reactions": 1, "interactions": 1, "cost": "5.00"}]})

# (role, statement, allowed?)
MATRIX = [
    ("promptsales_reader", "SELECT count(*) FROM portal.campaign", True),
    ("promptsales_reader", "SELECT count(*) FROM summary.campaign", True),
    ("promptsales_reader", "SELECT count(*) FROM portal.contact", False),
    ("promptsales_reader", "UPDATE portal.campaign SET name = name WHERE campaign_id = 1", False),
    ("promptsales_reader", "SELECT count(*) FROM audit.event", False),
    ("promptsales_reader", f"SELECT etl.apply_delta('{BATCH}')", False),
    ("promptsales_writer", "UPDATE portal.campaign SET name = name || ' ' WHERE campaign_id = 1", True),
    ("promptsales_writer", "INSERT INTO portal.product (company_id, name, offering_kind, unit_price) "
                           "VALUES (1, 'Café descafeinado', 'product', 9.50)", True),
    ("promptsales_writer", "SELECT count(*) FROM portal.contact", True),
    ("promptsales_writer", "INSERT INTO summary.campaign (campaign_code, company_code, sales_goal_amount) "
                           "VALUES ('CMP-000002', 'CO-0002', 1)", False),
    ("promptsales_writer", "SELECT privacy.erase_person('x@y.example')", False),
    ("promptsales_writer", "DELETE FROM audit.event", False),
    ("promptsales_etl", f"SELECT etl.apply_delta('{BATCH}')", True),
    ("promptsales_etl", "SELECT last_version FROM etl.watermark", True),
    ("promptsales_etl", "UPDATE etl.watermark SET last_version = 0", False),
    ("promptsales_etl", "DELETE FROM etl.ads_result_landing", False),
    ("promptsales_etl", "UPDATE portal.campaign SET name = name WHERE campaign_id = 1", False),
    ("promptsales_mcp_reader", "SELECT count(*) FROM summary.v_campaign_effectiveness", True),
    ("promptsales_mcp_reader", "SELECT count(*) FROM summary.campaign_daily", True),
    ("promptsales_mcp_reader", "SELECT count(*) FROM portal.contact", False),
    ("promptsales_mcp_reader", "SELECT count(*) FROM portal.campaign", False),
    ("promptsales_mcp_reader", f"SELECT etl.apply_delta('{BATCH}')", False),
    ("promptsales_mcp_reader", "SELECT portal.log_mcp_call('promptsales-mcp', 'getCampaignSummary', 42, 'ok', "
                               "repeat('a', 64), 3)", True),
    ("promptsales_mcp_reader", "INSERT INTO portal.mcp_call (mcp_server_code, tool_name, called_at, duration_ms, "
                               "outcome, arguments_sha256) VALUES ('promptsales-mcp', 'x', now(), 1, 'ok', "
                               "repeat('a', 64))", False),
    ("promptsales_admin", "SELECT count(*) FROM audit.event", True),
    ("promptsales_admin", "SELECT count(*) FROM portal.contact", True),
    ("promptsales_admin", "SELECT * FROM audit.drop_expired_partitions(DATE '2026-01-31')", True),
    ("promptsales_admin", "SELECT count(*) FROM etl.run_log", True),
    ("promptsales_sales_agent", "SELECT count(*) FROM portal.client_company", True),
    ("promptsales_sales_agent", "UPDATE portal.client_company SET city = city", False),
    ("promptsales_sales_agent", "SELECT count(*) FROM summary.campaign", False),
]


@pytest.mark.req("NFR-SEC5")
@pytest.mark.parametrize(("role", "statement", "allowed"), MATRIX,
                         ids=[f"{r}-{'allowed' if a else 'refused'}-{i}" for i, (r, _, a) in enumerate(MATRIX)])
def test_each_role_can_do_exactly_what_it_should_and_is_refused_the_rest(sales_conn, role, statement,
                                                                          allowed) -> None:
    """The statement succeeds for its role, or fails at the server with insufficient_privilege (42501)."""
    sales_conn.execute(f"SET ROLE {role}")
    try:
        if allowed:
            with sales_conn.transaction():
                sales_conn.execute(statement)
        else:
            with pytest.raises(psycopg.errors.InsufficientPrivilege), sales_conn.transaction():
                sales_conn.execute(statement)
    finally:
        sales_conn.execute("RESET ROLE")


@pytest.mark.req("NFR-SEC5")
def test_definer_functions_pin_their_search_path(sales_conn) -> None:
    """Every SECURITY DEFINER function of the application schemas sets search_path."""
    unpinned = sales_conn.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE p.prosecdef AND n.nspname IN ('portal', 'summary', 'etl', 'audit', 'privacy', 'demo', 'seed') "
        "AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS c WHERE c LIKE 'search_path=%')").fetchall()
    definers = sales_conn.execute(
        "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE p.prosecdef AND n.nspname IN ('portal', 'etl', 'audit', 'privacy')").fetchone()[0]
    assert unpinned == []
    assert definers >= 6


@pytest.mark.req("NFR-SEC5")
def test_a_sales_agent_sees_only_the_clients_assigned_to_them(sales_conn) -> None:
    """RLS: an agent login mapped to a portal user reads only its assigned companies, contacts and campaigns."""
    agent_id, assigned = sales_conn.execute(
        "SELECT a.user_id, array_agg(a.company_id ORDER BY a.company_id) FROM portal.agent_assignment a "
        "GROUP BY a.user_id ORDER BY a.user_id LIMIT 1").fetchone()
    sales_conn.execute("CREATE ROLE ps_test_agent NOLOGIN IN ROLE promptsales_sales_agent")
    sales_conn.execute("UPDATE portal.app_user SET db_role_name = 'ps_test_agent' WHERE user_id = %s", (agent_id,))
    expected_contacts = sales_conn.execute("SELECT count(*) FROM portal.contact WHERE company_id = ANY(%s)",
                                           (assigned,)).fetchone()[0]

    sales_conn.execute("SET ROLE ps_test_agent")
    companies = [r[0] for r in sales_conn.execute("SELECT company_id FROM portal.client_company ORDER BY 1")]
    contacts = sales_conn.execute("SELECT count(*) FROM portal.contact").fetchone()[0]
    foreign_campaigns = sales_conn.execute("SELECT count(*) FROM portal.campaign WHERE NOT company_id = ANY(%s)",
                                           (assigned,)).fetchone()[0]
    sales_conn.execute("RESET ROLE")

    assert companies == assigned and len(assigned) >= 1
    assert contacts == expected_contacts
    assert foreign_campaigns == 0
    assert sales_conn.execute("SELECT count(*) FROM portal.client_company").fetchone()[0] == 200


@pytest.mark.req("NFR-SEC5")
def test_an_unmapped_member_of_the_agent_role_sees_no_client(sales_conn) -> None:
    """A login in promptsales_sales_agent without a portal user sees zero companies, not all of them."""
    sales_conn.execute("CREATE ROLE ps_test_stranger NOLOGIN IN ROLE promptsales_sales_agent")
    sales_conn.execute("SET ROLE ps_test_stranger")
    seen = sales_conn.execute("SELECT count(*) FROM portal.client_company").fetchone()[0]
    sales_conn.execute("RESET ROLE")
    assert seen == 0

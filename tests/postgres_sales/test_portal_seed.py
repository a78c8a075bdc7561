"""SAL-1: the portal's data, generated algorithmically and reproducibly with the shared cross-database identity."""

from __future__ import annotations

import psycopg
import pytest

pytestmark = pytest.mark.postgres

PORTAL_TABLES = ["client_company", "product", "sales_goal", "budget", "contact", "app_user", "role", "permission",
                 "role_permission", "user_role", "agent_assignment", "subscription_plan", "subscription",
                 "campaign", "strategy", "strategy_audience", "strategy_product", "strategy_country",
                 "strategy_channel", "ai_proposal", "proposal_review", "calendar_task", "reminder", "alert",
                 "deliverable_review", "integration", "sync_run", "sync_error", "mcp_server", "mcp_call"]

CHECKSUM = ("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (SELECT * FROM portal.{0}) AS t")


@pytest.mark.req("SAL-1")
def test_every_portal_table_holds_generated_rows(sales_conn) -> None:
    """All 30 portal tables and the consent table have rows after the seed (scale small)."""
    empty = [t for t in PORTAL_TABLES
             if sales_conn.execute(f"SELECT count(*) FROM portal.{t}").fetchone()[0] == 0]
    consent = sales_conn.execute("SELECT count(*) FROM privacy.consent").fetchone()[0]
    assert empty == []
    assert consent == 2 * sales_conn.execute("SELECT count(*) FROM portal.contact").fetchone()[0]


@pytest.mark.req("SAL-1")
def test_companies_and_campaigns_follow_the_shared_identity_formula(sales_conn) -> None:
    """CO-0001 Aurora Alimentos, CO-0021 Aurora Tecnología, CO-0200 Volcán Cosmética; CMP-n belongs to ((n-1)%200)+1."""
    names = dict(sales_conn.execute("SELECT company_code, name FROM portal.client_company "
                                    "WHERE company_code IN ('CO-0001', 'CO-0021', 'CO-0200')").fetchall())
    companies = sales_conn.execute("SELECT count(*) FROM portal.client_company").fetchone()[0]
    wrong_owner = sales_conn.execute(
        "SELECT count(*) FROM portal.campaign c JOIN portal.client_company cc ON cc.company_id = c.company_id "
        "WHERE cc.company_code <> 'CO-' || lpad((((substr(c.campaign_code, 5)::int - 1) % 200) + 1)::text, 4, '0')"
    ).fetchone()[0]
    executed = sales_conn.execute("SELECT min(campaign_code), max(campaign_code), count(*) FROM portal.campaign "
                                  "WHERE executed_by_ads").fetchone()
    assert names == {"CO-0001": "Aurora Alimentos", "CO-0021": "Aurora Tecnología", "CO-0200": "Volcán Cosmética"}
    assert companies == 200
    assert wrong_owner == 0
    assert executed == ("CMP-000001", "CMP-001000", 1000)


@pytest.mark.req("SAL-1")
def test_every_company_has_products_goals_budgets_contacts_and_two_agents(sales_conn) -> None:
    """No client company lacks its commercial data or its assigned sales agents."""
    missing = sales_conn.execute(
        "SELECT count(*) FROM portal.client_company cc WHERE "
        "(SELECT count(*) FROM portal.product p WHERE p.company_id = cc.company_id) < 2 OR "
        "(SELECT count(*) FROM portal.sales_goal g WHERE g.company_id = cc.company_id) <> 6 OR "
        "(SELECT count(*) FROM portal.budget b WHERE b.company_id = cc.company_id) <> 6 OR "
        "(SELECT count(*) FROM portal.contact k WHERE k.company_id = cc.company_id) < 3 OR "
        "(SELECT count(*) FROM portal.agent_assignment a WHERE a.company_id = cc.company_id) <> 2").fetchone()[0]
    assert missing == 0


@pytest.mark.req("SAL-1")
def test_decided_ai_proposals_carry_a_review_by_an_authorised_approver(sales_conn) -> None:
    """Every non-pending proposal has exactly one review whose reviewer holds proposal.approve."""
    unreviewed = sales_conn.execute(
        "SELECT count(*) FROM portal.ai_proposal p WHERE p.status <> 'pending' AND "
        "(SELECT count(*) FROM portal.proposal_review r WHERE r.proposal_id = p.proposal_id) <> 1").fetchone()[0]
    unauthorised = sales_conn.execute(
        "SELECT count(*) FROM portal.proposal_review r WHERE NOT EXISTS (SELECT 1 FROM portal.user_role ur "
        "JOIN portal.role_permission rp USING (role_code) WHERE ur.user_id = r.reviewer_id "
        "AND rp.permission_code = 'proposal.approve')").fetchone()[0]
    kinds = {r[0] for r in sales_conn.execute("SELECT DISTINCT proposal_kind FROM portal.ai_proposal")}
    assert unreviewed == 0
    assert unauthorised == 0
    assert {"campaign", "content"} <= kinds


@pytest.mark.req("SAL-1")
def test_review_proposal_records_the_decision_and_refuses_an_unauthorised_reviewer(sales_conn) -> None:
    """An approver's decision is stored with what changed; a sales agent's attempt fails with PS040."""
    proposal = sales_conn.execute("SELECT proposal_id FROM portal.ai_proposal WHERE status = 'pending' "
                                  "ORDER BY proposal_id LIMIT 1").fetchone()[0]
    approver = sales_conn.execute("SELECT user_id FROM portal.app_user WHERE user_kind = 'approver' LIMIT 1"
                                  ).fetchone()[0]
    agent = sales_conn.execute("SELECT user_id FROM portal.app_user WHERE user_kind = 'sales_agent' LIMIT 1"
                               ).fetchone()[0]
    with pytest.raises(psycopg.Error) as refused, sales_conn.transaction():
        sales_conn.execute("SELECT portal.review_proposal(%s, %s, 'approved', 'ok')", (proposal, agent))
    sales_conn.execute("SELECT portal.review_proposal(%s, %s, 'changes_requested', 'Bajar el presupuesto', "
                       "'{\"planned_budget\": {\"to\": 9000}}'::jsonb, '2026-01-20')", (proposal, approver))
    status, review = sales_conn.execute(
        "SELECT p.status, r.changes -> 'planned_budget' ->> 'to' FROM portal.ai_proposal p "
        "JOIN portal.proposal_review r USING (proposal_id) WHERE p.proposal_id = %s", (proposal,)).fetchone()
    assert refused.value.sqlstate == "PS040"
    assert (status, review) == ("changes_requested", "9000")


@pytest.mark.req("SAL-1", "NFR-SEC5")
def test_integrations_store_token_references_never_secrets(sales_conn) -> None:
    """Every integration points at a secret store path; no token-looking value is stored."""
    refs = [r[0] for r in sales_conn.execute("SELECT token_ref FROM portal.integration")]
    assert len(refs) == 14
    assert all(r.startswith("k8s-secret://promptsales/") for r in refs)


@pytest.mark.req("SAL-1", "OPS-5")
def test_generated_text_has_no_placeholder_names(sales_conn) -> None:
    """Names are composed from realistic vocabularies, never 'Promo 1' or 'FirstName123' style fillers."""
    placeholders = sales_conn.execute(
        "SELECT count(*) FROM (SELECT name AS v FROM portal.campaign UNION ALL SELECT first_name FROM portal.contact "
        "UNION ALL SELECT full_name FROM portal.app_user UNION ALL SELECT name FROM portal.product "
        "UNION ALL SELECT key_message FROM portal.strategy) AS t "
        "WHERE v ~* '(promo|image|test|campaign|name|user|product|lorem)\\s*[0-9]+$' OR v ~ '[A-Za-z][0-9]+$'"
    ).fetchone()[0]
    assert placeholders == 0


@pytest.mark.req("SAL-1", "OPS-5")
def test_regenerating_with_the_same_parameters_reproduces_identical_data(sales_conn) -> None:
    """seed.generate_portal with the run's scale, as-of and seed rebuilds byte-identical portal tables."""
    params = sales_conn.execute("SELECT scale, as_of, seed FROM seed.run").fetchone()
    before = {t: sales_conn.execute(CHECKSUM.format(t)).fetchone()[0] for t in PORTAL_TABLES}
    sales_conn.execute("SET client_min_messages = warning")
    sales_conn.execute("SELECT seed.generate_portal(%s, %s, %s)", params)
    after = {t: sales_conn.execute(CHECKSUM.format(t)).fetchone()[0] for t in PORTAL_TABLES}
    other_seed = sales_conn.execute("SELECT seed.generate_portal(%s, %s, %s) ->> 'product'",
                                    (params[0], params[1], params[2] + 1)).fetchone()[0]
    assert params == ("small", __import__("datetime").date(2026, 1, 31), 20250701)
    assert after == before
    assert other_seed is not None


@pytest.mark.req("NFR-S3", "SAL-1")
def test_full_scale_designs_more_than_5000_active_campaigns_and_300_agents(sales_conn) -> None:
    """At scale full the portal holds > 5,000 active campaigns and > 300 sales agents (rolled back afterwards)."""
    sales_conn.execute("SET client_min_messages = warning")
    counts = sales_conn.execute("SELECT seed.generate_portal('full', DATE '2026-01-31', 20250701)").fetchone()[0]
    agents = sales_conn.execute("SELECT count(*) FROM portal.app_user WHERE user_kind = 'sales_agent'").fetchone()[0]
    assert counts["active_campaign"] > 5000
    assert agents > 300
    assert counts["client_company"] == 200

"""NFR-SEC4 (audit trail kept 90 days) and NFR-SEC5 (consent, right to erasure)."""

from __future__ import annotations

import psycopg
import pytest

pytestmark = pytest.mark.postgres


@pytest.mark.req("NFR-SEC4", "SAL-6")
def test_changing_a_portal_row_writes_one_audit_event_with_before_and_after(sales_conn) -> None:
    """The audit trigger records the table, key, user and both images of an updated campaign."""
    sales_conn.execute("UPDATE portal.campaign SET planned_budget = planned_budget + 1 WHERE campaign_id = 3")
    event = sales_conn.execute(
        "SELECT table_name, operation, row_key, db_user, (new_row->>'planned_budget')::numeric "
        "- (old_row->>'planned_budget')::numeric FROM audit.event ORDER BY event_id DESC LIMIT 1").fetchone()
    partition = sales_conn.execute(
        "SELECT tableoid::regclass::text FROM audit.event ORDER BY event_id DESC LIMIT 1").fetchone()[0]
    assert event[:3] == ("portal.campaign", "U", "CMP-000003")
    assert event[4] == 1
    assert partition.startswith("audit.event_y")


@pytest.mark.req("NFR-SEC4")
def test_retention_drops_monthly_partitions_older_than_90_days_before_the_as_of_date(sales_conn) -> None:
    """As of 2026-01-31 the cutoff is 2025-11-02: months ending by then go, later months stay."""
    for month in ("2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01",
                  "2025-12-01", "2026-01-01"):
        sales_conn.execute("SELECT audit.ensure_partition(%s::date)", (month,))
        sales_conn.execute(
            "INSERT INTO audit.event (occurred_at, table_name, operation, row_key, db_user, txid) "
            "VALUES (%s::date + interval '3 days', 'portal.campaign', 'U', 'CMP-000001', current_user, 1)", (month,))

    dropped = [r[0] for r in sales_conn.execute("SELECT * FROM audit.drop_expired_partitions(DATE '2026-01-31')")]
    months = [r[0] for r in sales_conn.execute(
        "SELECT DISTINCT to_char(occurred_at, 'YYYY-MM') FROM audit.event ORDER BY 1")]
    assert {"audit.event_y2025m06", "audit.event_y2025m07", "audit.event_y2025m10"} <= set(dropped)
    assert "audit.event_y2025m11" not in dropped
    assert months[0] == "2025-11"
    assert {"2025-11", "2025-12", "2026-01"} <= set(months)


@pytest.mark.req("NFR-SEC5")
def test_consent_is_the_latest_decision_and_a_withdrawal_revokes_it(sales_conn) -> None:
    """has_consent follows the latest record; assert_consent raises PS020 once consent is withdrawn."""
    contact = sales_conn.execute("SELECT contact_id FROM portal.contact ORDER BY contact_id LIMIT 1").fetchone()[0]
    sales_conn.execute("DELETE FROM privacy.consent WHERE contact_id = %s", (contact,))
    sales_conn.execute(
        "INSERT INTO privacy.consent (contact_id, purpose, regime, granted, recorded_at, withdrawn_at) VALUES "
        "(%s, 'marketing_email', 'GDPR', true, '2025-01-01', '2025-09-01')", (contact,))

    before = sales_conn.execute("SELECT privacy.has_consent(%s, 'marketing_email', '2025-06-01')",
                                (contact,)).fetchone()[0]
    after = sales_conn.execute("SELECT privacy.has_consent(%s, 'marketing_email', '2026-01-31')",
                               (contact,)).fetchone()[0]
    in_audience = sales_conn.execute("SELECT count(*) FROM privacy.v_marketing_audience WHERE contact_id = %s",
                                     (contact,)).fetchone()[0]
    with pytest.raises(psycopg.Error) as raised, sales_conn.transaction():
        sales_conn.execute("SELECT privacy.assert_consent(%s, 'marketing_email', '2026-01-31')", (contact,))
    assert (before, after, in_audience) == (True, False, 0)
    assert raised.value.sqlstate == "PS020"


@pytest.mark.req("NFR-SEC5")
def test_erasure_anonymises_the_person_everywhere_and_keeps_the_aggregates(sales_conn) -> None:
    """After erase_person no table holds the e-mail or name; contact counts and summaries are unchanged."""
    contact, company, email, first, last = sales_conn.execute(
        "SELECT contact_id, company_id, email, first_name, last_name FROM portal.contact "
        "WHERE job_title IS NOT NULL ORDER BY contact_id OFFSET 5 LIMIT 1").fetchone()
    sales_conn.execute("UPDATE portal.contact SET phone = '+506 7000 0001' WHERE contact_id = %s", (contact,))
    sales_conn.execute("UPDATE privacy.consent SET evidence = 'form from 198.51.100.7' WHERE contact_id = %s",
                       (contact,))
    counts_before = sales_conn.execute("SELECT company_id, count(*) FROM portal.contact GROUP BY 1 ORDER BY 1"
                                       ).fetchall()
    consents_before = sales_conn.execute("SELECT count(*) FROM privacy.consent WHERE contact_id = %s",
                                         (contact,)).fetchone()[0]

    affected = sales_conn.execute("SELECT privacy.erase_person(%s)", (email.upper(),)).fetchone()[0]

    traces = sales_conn.execute(
        "SELECT count(*) FROM (SELECT to_jsonb(t)::text AS doc FROM portal.contact t "
        "UNION ALL SELECT to_jsonb(t)::text FROM privacy.consent t "
        "UNION ALL SELECT to_jsonb(t)::text FROM audit.event t "
        "UNION ALL SELECT to_jsonb(t)::text FROM privacy.erasure_log t) AS d "
        "WHERE d.doc ILIKE %s OR d.doc LIKE %s OR d.doc LIKE '%%7000 0001%%' OR d.doc LIKE '%%198.51.100.7%%'",
        (f"%{email}%", f"%{first} {last}%")).fetchone()[0]
    row = sales_conn.execute("SELECT company_id, first_name, erased_at IS NOT NULL FROM portal.contact "
                             "WHERE contact_id = %s", (contact,)).fetchone()
    assert affected["contacts"] == 1
    assert traces == 0
    assert row == (company, "Erased", True)
    assert sales_conn.execute("SELECT company_id, count(*) FROM portal.contact GROUP BY 1 ORDER BY 1"
                              ).fetchall() == counts_before
    assert sales_conn.execute("SELECT count(*) FROM privacy.consent WHERE contact_id = %s",
                              (contact,)).fetchone()[0] == consents_before
    assert sales_conn.execute("SELECT privacy.has_consent(%s, 'marketing_email', '2026-01-31')",
                              (contact,)).fetchone()[0] is False
    assert sales_conn.execute("SELECT subject_sha256 = encode(sha256(convert_to(lower(%s), 'UTF8')), 'hex') "
                              "FROM privacy.erasure_log ORDER BY erasure_id DESC LIMIT 1", (email,)).fetchone()[0]


@pytest.mark.req("NFR-SEC5")
def test_erasing_an_unknown_person_fails_with_ps021(sales_conn) -> None:
    """An erasure request for an address that is not stored is an error, not a silent success."""
    with pytest.raises(psycopg.Error) as raised, sales_conn.transaction():
        sales_conn.execute("SELECT privacy.erase_person('nobody@nowhere.example')")
    assert raised.value.sqlstate == "PS021"

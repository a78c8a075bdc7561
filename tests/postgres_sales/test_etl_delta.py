"""SAL-2 / SAL-3: etl.apply_delta lands JSON deltas idempotently and updates only the affected summaries."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from sales_rows import SUMMARY_STATE, campaign_row, lead_row, publication_row, result_row, snapshot

pytestmark = pytest.mark.postgres

WATERMARK = "SELECT last_version FROM etl.watermark WHERE source = %s"


def _base_load(apply_delta) -> None:
    """Three campaigns with results on two days: the state every test starts from."""
    apply_delta("ads", [
        result_row(1, 101, "CMP-000001", "2025-01-10", "facebook", "CR"),
        result_row(2, 102, "CMP-000001", "2025-01-10", "facebook", "CR", reach=500, cost="100.00"),
        result_row(3, 103, "CMP-000001", "2025-01-11", "email", "MX"),
        result_row(4, 104, "CMP-000002", "2025-01-10", "tiktok", "US"),
        result_row(5, 105, "CMP-000003", "2025-01-12", "instagram", "CO"),
    ])


@pytest.mark.req("SAL-3", "SAL-2")
def test_a_delta_updates_exactly_the_affected_summary_rows(sales_conn, apply_delta) -> None:
    """Changing one result row changes its daily cell and its campaign, and no other summary row."""
    _base_load(apply_delta)
    before = {r[:5]: r[5:] for r in snapshot(sales_conn, SUMMARY_STATE)}

    answer = apply_delta("ads", [result_row(3, 110, "CMP-000001", "2025-01-11", "email", "MX", reach=1600)])

    after = {r[:5]: r[5:] for r in snapshot(sales_conn, SUMMARY_STATE)}
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {("campaign", "CMP-000001", None, None, None),
                       ("daily", "CMP-000001", __import__("datetime").date(2025, 1, 11), "email", "MX")}
    assert after[("campaign", "CMP-000001", None, None, None)][0] == 1000 + 500 + 1600
    assert answer["rows_changed"] == 1 and answer["daily_rows_touched"] == 1 and answer["campaigns_touched"] == 1
    assert sales_conn.execute(WATERMARK, ("ads",)).fetchone()[0] == 110


@pytest.mark.req("SAL-3")
def test_replaying_a_batch_changes_nothing(sales_conn, apply_delta) -> None:
    """The same run id is recognised as a replay; the same rows under a new run id are stale and ignored."""
    rows = [result_row(1, 101), result_row(2, 102, day="2025-01-11"), lead_row(7, 50, converted=True, amount="80.00")]
    apply_delta("ads", rows[:2], run_id="0d6f1e9a-4f8b-4b1e-9a55-2a1c3b4d5e6f")
    apply_delta("crm", rows[2:])
    state = snapshot(sales_conn, SUMMARY_STATE)
    landing = snapshot(sales_conn, "SELECT * FROM etl.ads_result_landing ORDER BY source_key")
    marks = snapshot(sales_conn, "SELECT * FROM etl.watermark ORDER BY source")

    replay = apply_delta("ads", rows[:2], run_id="0d6f1e9a-4f8b-4b1e-9a55-2a1c3b4d5e6f")
    again = apply_delta("ads", rows[:2])
    again_crm = apply_delta("crm", rows[2:])

    assert replay["status"] == "replayed"
    assert again["rows_changed"] == 0 and again["rows_unchanged"] == 2
    assert again_crm["rows_changed"] == 0
    assert snapshot(sales_conn, SUMMARY_STATE) == state
    assert snapshot(sales_conn, "SELECT * FROM etl.ads_result_landing ORDER BY source_key") == landing
    assert snapshot(sales_conn, "SELECT * FROM etl.watermark ORDER BY source") == marks


@pytest.mark.req("SAL-3")
@pytest.mark.parametrize(("bad_row", "sqlstate"), [
    (result_row(9, 300, campaign="CMP-999999"), "PS003"),
    ({"entity": "result", "op": "merge", "version": 300, "result_id": 9}, "PS002"),
    ({**result_row(9, 300), "reach": None}, "PS002"),
    ({**result_row(9, 300), "result_date": "2025-13-45"}, "PS002"),
    ({**result_row(9, 300), "reach": -5}, "PS002"),
    ({"entity": "lead", "op": "delete", "version": 300, "lead_id": 4}, "PS002"),
])
def test_a_failing_batch_leaves_landing_summaries_and_watermark_untouched(sales_conn, apply_delta, bad_row,
                                                                           sqlstate) -> None:
    """One bad row aborts the whole batch with its documented SQLSTATE; nothing it carried is kept."""
    _base_load(apply_delta)
    state = snapshot(sales_conn, SUMMARY_STATE)
    landing = snapshot(sales_conn, "SELECT * FROM etl.ads_result_landing ORDER BY source_key")
    mark = sales_conn.execute(WATERMARK, ("ads",)).fetchone()[0]

    with pytest.raises(psycopg.Error) as raised, sales_conn.transaction():
        apply_delta("ads", [result_row(1, 200, reach=99999), bad_row])

    assert raised.value.sqlstate == sqlstate
    assert snapshot(sales_conn, SUMMARY_STATE) == state
    assert snapshot(sales_conn, "SELECT * FROM etl.ads_result_landing ORDER BY source_key") == landing
    assert sales_conn.execute(WATERMARK, ("ads",)).fetchone()[0] == mark


@pytest.mark.req("SAL-3")
def test_an_envelope_error_is_refused_with_its_own_code_and_can_be_logged_as_a_failed_run(sales_conn,
                                                                                          apply_delta) -> None:
    """Unknown source is PS004, a watermark below a row version is PS001; etl.record_failed_run logs it."""
    with pytest.raises(psycopg.Error) as unknown, sales_conn.transaction():
        apply_delta("erp", [])
    with pytest.raises(psycopg.Error) as low, sales_conn.transaction():
        apply_delta("ads", [result_row(1, 500)], watermark=400)
    sales_conn.execute("SELECT etl.record_failed_run('ads', gen_random_uuid(), %s, %s)",
                       (low.value.sqlstate, str(low.value)))

    assert unknown.value.sqlstate == "PS004"
    assert low.value.sqlstate == "PS001"
    assert sales_conn.execute("SELECT status, error_sqlstate FROM etl.run_log WHERE status = 'failed'"
                              ).fetchall() == [("failed", "PS001")]


@pytest.mark.req("SAL-3", "SAL-2")
def test_a_delete_at_the_source_removes_its_contribution_and_a_late_older_upsert_is_ignored(
        sales_conn, apply_delta) -> None:
    """Deleting the only row of a cell removes the cell; the tombstone's version beats an older replayed upsert."""
    _base_load(apply_delta)

    apply_delta("ads", [result_row(4, 120, op="delete")])
    late = apply_delta("ads", [result_row(4, 104, "CMP-000002", "2025-01-10", "tiktok", "US")])

    cells = sales_conn.execute("SELECT count(*) FROM summary.campaign_daily WHERE campaign_code = 'CMP-000002'"
                               ).fetchone()[0]
    totals = sales_conn.execute("SELECT reach, cost FROM summary.campaign WHERE campaign_code = 'CMP-000002'"
                                ).fetchone()
    tombstone = sales_conn.execute("SELECT is_deleted, source_version FROM etl.ads_result_landing "
                                   "WHERE source_key = '4'").fetchone()
    assert cells == 0
    assert totals == (0, Decimal("0.00"))
    assert tombstone == (True, 120)
    assert late["rows_changed"] == 0
    assert sales_conn.execute("SELECT count(*) FROM etl.v_summary_drift").fetchone()[0] == 0


@pytest.mark.req("SAL-2", "SAL-3")
def test_rows_from_all_three_sources_add_up_to_roi_success_and_conversion(sales_conn, apply_delta) -> None:
    """Ads cost, CRM leads and sales, and content views meet in one campaign summary with ROI and success %."""
    goal = sales_conn.execute("SELECT sales_goal_amount FROM portal.campaign WHERE campaign_code = 'CMP-000005'"
                              ).fetchone()[0]
    apply_delta("ads", [result_row(1, 10, "CMP-000005", cost="400.00", impressions=2000)])
    apply_delta("crm", [lead_row(1, 5, "CMP-000005", converted=True, amount="1000.00"),
                        lead_row(2, 6, "CMP-000005"),
                        lead_row(3, 7, "CMP-000005", day="2025-01-12", converted=True, amount="200.00")])
    apply_delta("content", [publication_row("65a1f0c2e4b0a1b2c3d4e5f6", 99, "CMP-000005", views=700)])

    row = sales_conn.execute(
        "SELECT impressions, leads, conversions, sales_amount, cost, content_pieces, roi, success_pct "
        "FROM summary.campaign WHERE campaign_code = 'CMP-000005'").fetchone()
    view = sales_conn.execute("SELECT conversion_pct FROM summary.v_campaign_effectiveness "
                              "WHERE campaign_code = 'CMP-000005'").fetchone()[0]
    assert row[:6] == (2700, 3, 2, Decimal("1200.00"), Decimal("400.00"), 1)
    assert row[6] == Decimal("2.0000")
    assert row[7] == round(100 * Decimal("1200.00") / goal, 2)
    assert view == Decimal("66.67")
    assert {r[0] for r in sales_conn.execute("SELECT source FROM etl.watermark WHERE last_version > 0")} == {
        "ads", "crm", "content"}


@pytest.mark.req("SAL-2")
def test_campaign_rows_build_the_status_history_and_a_source_delete_flags_the_campaign(sales_conn,
                                                                                        apply_delta) -> None:
    """Every status reported by PromptAds is appended to the history; a deleted campaign is flagged, not lost."""
    apply_delta("ads", [campaign_row("CMP-000010", 1, "scheduled", "2025-03-01T08:00:00Z", "CO-0010")])
    apply_delta("ads", [campaign_row("CMP-000010", 2, "active", "2025-03-05T08:00:00Z", "CO-0010")])
    apply_delta("ads", [campaign_row("CMP-000010", 3, "finished", "2025-04-05T08:00:00Z", "CO-0010")])
    apply_delta("ads", [campaign_row("CMP-000010", 4, "", "", op="delete")])

    history = [r[0] for r in sales_conn.execute(
        "SELECT status_code FROM summary.campaign_status_history WHERE campaign_code = 'CMP-000010' "
        "ORDER BY changed_at")]
    flagged = sales_conn.execute("SELECT removed_at_source FROM summary.campaign WHERE campaign_code = 'CMP-000010'"
                                 ).fetchone()[0]
    visible = sales_conn.execute("SELECT count(*) FROM summary.v_campaign_effectiveness "
                                 "WHERE campaign_code = 'CMP-000010'").fetchone()[0]
    assert history == ["scheduled", "active", "finished", "removed_at_source"]
    assert flagged is True
    assert visible == 0


@pytest.mark.req("SAL-2")
def test_summaries_refuse_any_writer_but_the_etl(sales_conn, apply_delta) -> None:
    """A direct UPDATE of a summary table fails with PS010 even for the owner."""
    _base_load(apply_delta)
    with pytest.raises(psycopg.Error) as raised, sales_conn.transaction():
        sales_conn.execute("UPDATE summary.campaign SET reach = 0")
    assert raised.value.sqlstate == "PS010"


@pytest.mark.req("SAL-3")
def test_incremental_summaries_equal_a_full_recomputation_after_mixed_batches(sales_conn, apply_delta) -> None:
    """After inserts, moves between cells, updates and deletes, etl.v_summary_drift is empty."""
    _base_load(apply_delta)
    apply_delta("ads", [result_row(1, 130, "CMP-000002", "2025-01-15", "web", "PA"),   # moves to another cell
                        result_row(2, 131, op="delete"),
                        result_row(6, 132, "CMP-000003", "2025-01-12", "instagram", "CO"),
                        result_row(6, 133, "CMP-000003", "2025-01-12", "instagram", "CO", reach=7)])  # newest wins
    apply_delta("crm", [lead_row(1, 1, "CMP-000003", converted=True, amount="50.00"), lead_row(1, 2, op="delete")])

    assert sales_conn.execute("SELECT count(*) FROM etl.v_summary_drift").fetchone()[0] == 0
    assert sales_conn.execute("SELECT reach FROM summary.campaign_daily WHERE campaign_code = 'CMP-000003'"
                              ).fetchone()[0] == 1000 + 7
    assert sales_conn.execute("SELECT leads FROM summary.campaign WHERE campaign_code = 'CMP-000003'"
                              ).fetchone()[0] == 0


@pytest.mark.req("SAL-3")
def test_a_mongodb_cluster_time_version_of_19_digits_is_a_valid_watermark(sales_conn, apply_delta) -> None:
    """PromptContent's change-stream clusterTime ((seconds << 32) + increment) fits the bigint watermark."""
    version = (1_764_028_800 << 32) + 5
    answer = apply_delta("content", [publication_row("65a1f0c2e4b0a1b2c3d4e5f6", version)])
    with pytest.raises(psycopg.Error) as raised, sales_conn.transaction():
        apply_delta("content", [publication_row("65a1f0c2e4b0a1b2c3d4e5f7", 10**19)])
    assert len(str(version)) == 19
    assert answer["watermark_after"] == version
    assert sales_conn.execute(WATERMARK, ("content",)).fetchone()[0] == version
    assert raised.value.sqlstate == "PS002"

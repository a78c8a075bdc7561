"""The 11-minute gate of the n8n ETL (postgres_sales/090_create_etl_gate.sql), proved through its clock
parameter: true 11-minute spacing, no overlap, lease takeover after a crash, one winner among racers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any
from uuid import uuid4

import psycopg
import pytest

JOB = "promptsales_etl"
T0 = datetime(2026, 1, 31, 10, 0, 7, tzinfo=UTC)   # a firing a few seconds after the minute, as cron does


def _try(conn: Any, now: datetime, force: bool = False) -> tuple[bool, Any, str]:
    return conn.execute("SELECT run_due, run_id, reason FROM etl.try_start_run(%s, %s, %s, %s)",
                        (JOB, now, force, uuid4())).fetchone()


def _finish(conn: Any, run_id: Any, now: datetime) -> tuple[bool, str | None, int, bool]:
    return conn.execute("SELECT * FROM etl.finish_run(%s, %s, %s)", (JOB, run_id, now)).fetchone()


def _reset(conn: Any) -> None:
    conn.execute("UPDATE etl.schedule SET last_slot = NULL, last_started_at = NULL, running_run_id = NULL, "
                 "running_since = NULL WHERE job = %s", (JOB,))


def _cron_every_11(hours: int) -> list[datetime]:
    """The minutes a cron `*/11 * * * *` fires: 0, 11, 22, 33, 44, 55 of every hour."""
    return [T0.replace(second=0) + timedelta(hours=h, minutes=m) for h in range(hours) for m in range(0, 60, 11)]


@pytest.mark.req("SAL-3")
@pytest.mark.req("SAL-4")
def test_a_trigger_every_minute_starts_runs_exactly_eleven_minutes_apart(sales_conn: Any) -> None:
    """Firings every minute (seconds of jitter included) for three hours start a run every 11 minutes, never
    closer, while cron */11 would leave 5 minutes between :55 and :00."""
    _reset(sales_conn)
    starts = []
    for minute in range(180):
        now = T0 + timedelta(minutes=minute, seconds=(minute * 7) % 50)
        due, run_id, _reason = _try(sales_conn, now)
        if due:
            starts.append(now.replace(second=0))
            _finish(sales_conn, run_id, now + timedelta(seconds=40))
    gaps = {(b - a) for a, b in pairwise(starts)}
    assert gaps == {timedelta(minutes=11)} and len(starts) == 17
    cron_gaps = {(b - a) for a, b in pairwise(_cron_every_11(3))}
    assert timedelta(minutes=5) in cron_gaps   # what the n8n minute interval "11" (cron */11) would do


@pytest.mark.req("SAL-4")
def test_a_run_holding_the_lease_blocks_every_other_start_even_a_manual_one(sales_conn: Any) -> None:
    """While a run is in progress no firing starts another, forced or not; after finish_run the next is due."""
    _reset(sales_conn)
    due, first, _ = _try(sales_conn, T0)
    assert due
    late = T0 + timedelta(minutes=12)      # spacing satisfied, but the first run is still going
    assert _try(sales_conn, late)[0] is False
    blocked = _try(sales_conn, late, force=True)
    assert blocked[0] is False and "running since" in blocked[2]
    succeeded, failed_sources, _rows, released = _finish(sales_conn, first, late)
    assert (succeeded, failed_sources, released) == (True, None, True)
    assert _try(sales_conn, late + timedelta(seconds=5))[0] is True


@pytest.mark.req("SAL-4")
def test_a_crashed_run_gives_way_once_its_lease_expires_and_a_stale_finish_changes_nothing(sales_conn: Any) -> None:
    """A run that never finishes (n8n killed) blocks for its 30-minute lease only; its late finish_run then
    releases nothing."""
    _reset(sales_conn)
    due, crashed, _ = _try(sales_conn, T0)
    assert due
    assert _try(sales_conn, T0 + timedelta(minutes=29, seconds=52), force=True)[0] is False
    due, successor, reason = _try(sales_conn, T0 + timedelta(minutes=33))
    assert due and "had expired" in reason and successor != crashed
    assert _finish(sales_conn, crashed, T0 + timedelta(minutes=34))[3] is False
    running = sales_conn.execute("SELECT running_run_id FROM etl.schedule WHERE job = %s", (JOB,)).fetchone()[0]
    assert running == successor


@pytest.mark.req("SAL-4")
def test_finish_run_reports_the_sources_that_logged_a_failure_under_the_run_id(sales_conn: Any) -> None:
    """A branch that failed (etl.record_failed_run with the run id) makes the run 'failed' with its source named."""
    _reset(sales_conn)
    _due, run_id, _ = _try(sales_conn, T0)
    sales_conn.execute("SELECT etl.record_failed_run('crm', %s, 'PS030', 'PromptCrm unreachable')", (run_id,))
    sales_conn.execute("SELECT etl.record_failed_run('ads', %s, 'PS030', 'PromptAds unreachable')", (run_id,))
    succeeded, failed_sources, _rows, released = _finish(sales_conn, run_id, T0 + timedelta(minutes=1))
    assert (succeeded, failed_sources, released) == (False, "ads, crm", True)
    status = sales_conn.execute("SELECT last_status FROM etl.v_schedule WHERE job = %s", (JOB,)).fetchone()[0]
    assert status == "failed"


@pytest.mark.req("SAL-4")
def test_the_gate_rejects_a_missing_clock_and_an_unknown_job(sales_conn: Any) -> None:
    """No clock or run id is PS021, an unknown job PS020: clear errors, nothing recorded."""
    with pytest.raises(psycopg.Error) as missing:
        sales_conn.execute("SELECT * FROM etl.try_start_run(%s, NULL, false, %s)", (JOB, uuid4()))
    assert missing.value.sqlstate == "PS021"
    sales_conn.rollback()
    with pytest.raises(psycopg.Error) as unknown:
        sales_conn.execute("SELECT * FROM etl.try_start_run('x''; DROP TABLE etl.schedule; --', now(), true, %s)",
                           (uuid4(),))
    assert unknown.value.sqlstate == "PS020"
    sales_conn.rollback()
    assert sales_conn.execute("SELECT count(*) FROM etl.schedule").fetchone()[0] == 1


@pytest.mark.req("SAL-4")
def test_two_firings_at_the_same_instant_start_exactly_one_run(sales_db: Any) -> None:
    """Two sessions asking at once (two n8n workers): the advisory lock serialises them, one run starts.
    Commits, so it uses its own connections and restores the job row afterwards."""
    with sales_db.connect("promptsales", autocommit=True) as admin:
        saved = admin.execute("SELECT last_slot, last_started_at, running_run_id, running_since "
                              "FROM etl.schedule WHERE job = %s", (JOB,)).fetchone()
        _reset(admin)
        barrier = threading.Barrier(2)
        answers: list[bool] = []

        def fire() -> None:
            with sales_db.connect("promptsales") as conn:
                barrier.wait()
                answers.append(_try(conn, T0)[0])
                conn.commit()

        try:
            threads = [threading.Thread(target=fire) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            assert sorted(answers) == [False, True]
        finally:
            admin.execute("UPDATE etl.schedule SET last_slot = %s, last_started_at = %s, running_run_id = %s, "
                          "running_since = %s WHERE job = %s", (*saved, JOB))

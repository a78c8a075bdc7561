"""The workflow executed by n8n for real (`n8n execute --id … --rawOutput`) against the session's PostgreSQL
and Redis. SQL Server and MongoDB do not run here: their branches must fail visibly and move nothing.

The paging, crash and replay tests use a copy of the workflow in which only the node "Ads: fetch page (SQL
Server)" is replaced by a PostgreSQL node that returns the same page shape (row_count, max_version,
rows_json) from a table of prepared PromptAds delta rows: every other node (gate, apply, Redis bump, the
paging loop, failure branches, finish) is the committed workflow, run by n8n against the real engines."""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from harness import n8n

FETCH = "Ads: fetch page (SQL Server)"
VARIANT_ID = "PromptSalesEtlT1"
ROWS = 12_000          # 2 full pages of 5,000 and one of 2,000
FIRST_VERSION = 100
HOLD_LOCK = 4242       # the prepared source waits on it before pages 2+, so a test can kill n8n mid-run


def _wait_for(probe: Any, what: str, timeout: float = 180) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.25)  # polling the database for progress, not waiting for readiness blindly
    raise AssertionError(f"timed out waiting for {what}")


def _watermarks(conn: Any) -> dict[str, int]:
    return dict(conn.execute("SELECT source, last_version FROM etl.watermark").fetchall())


def _run_id(result: n8n.RunResult) -> str:
    return result.items("Run due?")[0]["run_id"]


@pytest.mark.req("SAL-4")
@pytest.mark.req("OPS-4")
def test_n8n_runs_the_committed_workflow_and_unavailable_sources_fail_visibly(
        n8n_config: n8n.N8nConfig, etl_conn: Any) -> None:
    """Imported as committed and executed by n8n: the gate starts a run, each unreachable source logs a
    failure and hands on to the next, no watermark moves, the lease is released and the execution fails."""
    before = _watermarks(etl_conn)
    result = n8n.execute(n8n_config)
    assert result.returncode == 1, result.raw[-2000:]
    assert "sources failed: ads, content, crm" in (result.error or "")
    run_id = _run_id(result)
    for label in ("Ads", "CRM", "Content"):
        assert result.ran(f"{label}: record failed run") and not result.ran(f"{label}: apply delta")
    failures = etl_conn.execute("SELECT source, error_sqlstate, error_message FROM etl.run_log "
                                "WHERE run_id = %s ORDER BY source", (run_id,)).fetchall()
    assert [(s, state) for s, state, _m in failures] == [("ads", "PS030"), ("content", "PS030"), ("crm", "PS030")]
    assert all(message for _s, _st, message in failures)
    assert _watermarks(etl_conn) == before
    schedule = etl_conn.execute("SELECT running_run_id, last_status, last_run_id FROM etl.schedule").fetchone()
    assert schedule[0] is None and schedule[1] == "failed" and str(schedule[2]) == run_id


@pytest.mark.req("SAL-4")
def test_the_committed_file_is_exactly_what_n8n_holds_after_import(n8n_config: n8n.N8nConfig,
                                                                   tmp_path: Path) -> None:
    """n8n's own export of the imported workflow has the same nodes, connections and settings as the file."""
    out = tmp_path / "export.json"
    n8n.cli(n8n_config, "export:workflow", f"--id={n8n.WORKFLOW_ID}", f"--output={out}")
    exported = json.loads(out.read_text(encoding="utf-8"))
    exported = exported[0] if isinstance(exported, list) else exported
    committed = json.loads(n8n.WORKFLOW_FILE.read_text(encoding="utf-8"))
    for key in ("nodes", "connections", "settings", "name"):
        assert exported[key] == committed[key], key


# ------------------------------------------------------------------------------- prepared PromptAds pages

def _fixture_rows() -> list[dict[str, Any]]:
    """Deterministic PromptAds result rows in the contract's shape (50 portal campaigns, 30 days)."""
    rows = []
    for i in range(1, ROWS + 1):
        rows.append({"entity": "result", "op": "upsert", "version": FIRST_VERSION + i, "result_id": i,
                     "campaign_code": f"CMP-{(i % 50) + 1:06d}",
                     "result_date": (date(2026, 1, 1) + timedelta(days=i % 30)).isoformat(),
                     "channel_code": ("instagram", "tiktok", "linkedin")[i % 3], "market_code": ("CR", "MX")[i % 2],
                     "reach": 1000 + i % 97, "impressions": 3000 + i % 89, "reactions": 40 + i % 13,
                     "interactions": 90 + i % 17, "cost": f"{10 + (i % 23) * 1.25:.2f}"})
    return rows


@pytest.fixture(scope="module")
def prepared_source(etl_db: Any) -> Iterator[list[dict[str, Any]]]:
    rows = _fixture_rows()
    with etl_db.connect("promptsales_etl", autocommit=True) as conn:
        conn.execute("""
            CREATE SCHEMA IF NOT EXISTS etl_fixture;
            DROP TABLE IF EXISTS etl_fixture.ads_changes;
            CREATE TABLE etl_fixture.ads_changes (version bigint PRIMARY KEY, row jsonb NOT NULL);
            CREATE OR REPLACE FUNCTION etl_fixture.ads_page(p_after bigint, p_page int)
            RETURNS TABLE (row_count int, max_version text, up_to_version text, rows_json text)
            LANGUAGE plpgsql AS $$
            BEGIN
                IF p_after > 0 THEN
                    PERFORM pg_advisory_xact_lock_shared(4242);
                END IF;
                RETURN QUERY
                SELECT count(*)::int, max(c.version)::text, NULL::text,
                       coalesce(jsonb_agg(c.row ORDER BY c.version), '[]'::jsonb)::text
                FROM (SELECT * FROM etl_fixture.ads_changes WHERE version > p_after
                      ORDER BY version LIMIT p_page) AS c;
            END $$;
            GRANT USAGE ON SCHEMA etl_fixture TO promptsales_etl;
            GRANT SELECT ON etl_fixture.ads_changes TO promptsales_etl;
            GRANT EXECUTE ON FUNCTION etl_fixture.ads_page(bigint, int) TO promptsales_etl;""")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO etl_fixture.ads_changes VALUES (%s, %s)",
                            [(r["version"], json.dumps(r)) for r in rows])
    yield rows
    with etl_db.connect("promptsales_etl", autocommit=True) as conn:
        conn.execute("DROP SCHEMA etl_fixture CASCADE")


@pytest.fixture(scope="module")
def variant(n8n_config: n8n.N8nConfig, prepared_source: list[dict[str, Any]], tmp_path_factory: Any) -> str:
    """The committed workflow with only the PromptAds fetch node reading the prepared pages."""
    workflow = json.loads(n8n.WORKFLOW_FILE.read_text(encoding="utf-8"))
    workflow = copy.deepcopy(workflow)
    workflow["id"], workflow["name"] = VARIANT_ID, workflow["name"] + " (prepared PromptAds pages)"
    sql = next(n["parameters"]["query"] for n in workflow["nodes"] if n["name"] == FETCH)
    page = int(re.search(r"DECLARE @PageSize int = (\d+);", sql).group(1))  # the page size SQL Server uses
    for node in workflow["nodes"]:
        if node["name"] == FETCH:
            node.update({"type": "n8n-nodes-base.postgres", "typeVersion": 2.6,
                         "credentials": {"postgres": {"id": "psPostgresEtl01", "name": "PromptSales PostgreSQL (ETL)"}},
                         "parameters": {"operation": "executeQuery", "options": {}, "query":
                                        "SELECT * FROM etl_fixture.ads_page("
                                        "{{ $json.after_version }}::bigint, " + str(page) + ");"}})
    path: Path = tmp_path_factory.mktemp("variant") / "workflow.json"
    path.write_text(json.dumps(workflow), encoding="utf-8")
    n8n.cli(n8n_config, "import:workflow", f"--input={path}")
    return VARIANT_ID


def _expected_daily(rows: list[dict[str, Any]]) -> dict[tuple, tuple]:
    cells: dict[tuple, list] = {}
    for r in rows:
        key = (r["campaign_code"], r["result_date"], r["channel_code"], r["market_code"])
        cell = cells.setdefault(key, [0, 0, 0, 0, 0.0, 0])
        for idx, name in enumerate(("reach", "impressions", "reactions", "interactions")):
            cell[idx] += r[name]
        cell[4] += float(r["cost"])
        cell[5] += 1
    return {k: (v[0], v[1], v[2], v[3], round(v[4], 2), v[5]) for k, v in cells.items()}


def _actual_daily(conn: Any) -> dict[tuple, tuple]:
    return {(c, d.isoformat(), ch, m): (reach, imp, rea, inter, float(cost), n)
            for c, d, ch, m, reach, imp, rea, inter, cost, n in conn.execute(
                "SELECT campaign_code, metric_date, channel_code, market_code, reach, impressions, reactions, "
                "interactions, cost, source_rows FROM summary.campaign_daily")}


def _cache_version(redis_server: Any) -> int:
    client = redis_server.client(db=0)
    try:
        return int(client.get("ps:{mcp:sales}:ver") or 0)
    finally:
        client.close()


@pytest.mark.req("SAL-3")
@pytest.mark.req("SAL-4")
def test_a_run_killed_mid_way_and_run_again_applies_every_change_exactly_once(
        n8n_config: n8n.N8nConfig, variant: str, prepared_source: list[dict[str, Any]], etl_db: Any,
        etl_conn: Any, redis_server: Any) -> None:
    """n8n is killed after page 1 of 3 was applied: page 1 stays (watermark = its last version), nothing of
    page 2 landed; once the crashed run's lease is over the next run applies pages 2 and 3 only. Summaries
    equal the prepared rows, drift is empty, the cache version went up once per applied batch, and a further
    run moves nothing."""
    assert _watermarks(etl_conn)["ads"] == 0
    cache_before = _cache_version(redis_server)
    with etl_db.connect("promptsales_etl", autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(%s)", (HOLD_LOCK,))
        proc = subprocess.Popen([str(n8n.node_binary()), str(n8n.n8n_script()), "execute", f"--id={variant}",
                                 "--rawOutput"], cwd=n8n.N8N_DIR, env=n8n_config.environ(force=True),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            _wait_for(lambda: etl_conn.execute("SELECT count(*) FROM etl.run_log WHERE source = 'ads' "
                                               "AND status = 'applied'").fetchone()[0] == 1, "page 1 applied")
            _wait_for(lambda: etl_conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                               "AND NOT granted").fetchone()[0] >= 1, "n8n waiting on page 2")
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        lock.execute("SELECT pg_advisory_unlock(%s)", (HOLD_LOCK,))

    page = 5000
    assert _watermarks(etl_conn)["ads"] == FIRST_VERSION + page
    assert etl_conn.execute("SELECT count(*) FROM etl.ads_result_landing").fetchone()[0] == page
    assert etl_conn.execute("SELECT running_run_id IS NOT NULL FROM etl.schedule").fetchone()[0]

    # The crashed run still holds its lease: even a manual run waits, nothing is applied twice.
    blocked = n8n.execute(n8n_config, variant)
    assert blocked.returncode == 0 and blocked.items("Run due?", 1)[0]["run_due"] is False

    # The clock moves past the 30-minute lease of the crashed run (its recorded start is moved back).
    etl_conn.execute("UPDATE etl.schedule SET running_since = running_since - interval '31 minutes'")
    rerun = n8n.execute(n8n_config, variant)
    assert rerun.returncode == 1 and "sources failed: content, crm" in (rerun.error or "")
    applied = etl_conn.execute("SELECT rows_received, rows_changed, watermark_after FROM etl.run_log "
                               "WHERE source = 'ads' AND status = 'applied' ORDER BY run_log_id").fetchall()
    assert applied == [(5000, 5000, 5100), (5000, 5000, 10100), (2000, 2000, 12100)]
    assert _watermarks(etl_conn)["ads"] == FIRST_VERSION + ROWS
    assert _actual_daily(etl_conn) == _expected_daily(prepared_source)
    assert etl_conn.execute("SELECT count(*) FROM etl.v_summary_drift").fetchone()[0] == 0
    assert _cache_version(redis_server) == cache_before + 3

    again = n8n.execute(n8n_config, variant)
    assert not again.ran("Ads: apply delta") and again.items("Ads: rows in page?", 1)[0]["row_count"] == 0
    assert etl_conn.execute("SELECT count(*) FROM etl.run_log WHERE source = 'ads' AND status = 'applied'"
                            ).fetchone()[0] == 3
    assert _cache_version(redis_server) == cache_before + 3

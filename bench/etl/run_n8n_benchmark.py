"""SAL-4 benchmark: one n8n run of the committed workflow moving a 1 % delta (10,000 PromptAds result rows:
80 % updates, 10 % inserts, 10 % deletes) into summaries that already hold 1,000,000 landed rows, and what
n8n itself costs per run against the time spent in SQL.

SQL Server is not available here, so the PromptAds fetch node is the one node replaced: it reads the prepared
delta rows, page by page, from a PostgreSQL table in the shape SQL Server returns (as tests/etl does). Every
other node is the committed workflow. Usage (from the repository root):

    python bench/etl/run_n8n_benchmark.py            # 1,000,000 landed rows, 10,000-row delta
    python bench/etl/run_n8n_benchmark.py 200000     # another table size (delta stays 1 %)

It starts private local PostgreSQL and Redis servers (harness providers) and stops them at the end; n8n must
be installed (./promptsales up or the test suite installs it). Figures go to stdout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for the harness

from harness import n8n
from harness.engines import redis as redis_engine
from harness.engines.postgres import from_local, psql_binary
from harness.folders import folder
from harness.runner import run_folder
from harness.settings import Settings

DATABASE = "promptsales_bench_etl"
FETCH = "Ads: fetch page (SQL Server)"
VARIANT_ID = "PromptSalesEtlB1"
ROOT = Path(__file__).resolve().parents[2]
DELTA_SQL = (ROOT / "bench" / "sales" / "run_delta_benchmark.py").read_text(encoding="utf-8")
DELTA_SQL = DELTA_SQL[DELTA_SQL.index('DELTA_SQL = """') + 15:DELTA_SQL.index('""".replace')].replace("k % ", "k %% ")

SOURCE_SQL = """
CREATE SCHEMA IF NOT EXISTS etl_fixture;
DROP TABLE IF EXISTS etl_fixture.ads_changes;
CREATE TABLE etl_fixture.ads_changes (version bigint PRIMARY KEY, row jsonb NOT NULL);
CREATE OR REPLACE FUNCTION etl_fixture.ads_page(p_after bigint, p_page int)
RETURNS TABLE (row_count int, max_version text, up_to_version text, rows_json text)
LANGUAGE sql STABLE AS $$
    SELECT count(*)::int, max(c.version)::text, NULL::text,
           coalesce(jsonb_agg(c.row ORDER BY c.version), '[]'::jsonb)::text
    FROM (SELECT * FROM etl_fixture.ads_changes WHERE version > p_after ORDER BY version LIMIT p_page) AS c
$$;
GRANT USAGE ON SCHEMA etl_fixture TO promptsales_etl;
GRANT SELECT ON etl_fixture.ads_changes TO promptsales_etl;
GRANT EXECUTE ON FUNCTION etl_fixture.ads_page(bigint, int) TO promptsales_etl;
"""


def variant_file(directory: Path) -> Path:
    workflow = json.loads(n8n.WORKFLOW_FILE.read_text(encoding="utf-8"))
    workflow["id"] = VARIANT_ID
    for node in workflow["nodes"]:
        if node["name"] == FETCH:
            page = int(re.search(r"DECLARE @PageSize int = (\d+);", node["parameters"]["query"]).group(1))
            query = f"SELECT * FROM etl_fixture.ads_page({{{{ $json.after_version }}}}::bigint, {page});"
            node.update({"type": "n8n-nodes-base.postgres", "typeVersion": 2.6,
                         "credentials": {"postgres": {"id": "psPostgresEtl01", "name": "PromptSales PostgreSQL (ETL)"}},
                         "parameters": {"operation": "executeQuery", "options": {}, "query": query}})
    path = directory / "variant.json"
    path.write_text(json.dumps(workflow), encoding="utf-8")
    return path


def n8n_execution_seconds(pg, config: n8n.N8nConfig) -> float:
    with pg.connect(config.n8n_database) as conn:
        started, stopped = conn.execute('SELECT "startedAt", "stoppedAt" FROM execution_entity '
                                        "ORDER BY id::bigint DESC LIMIT 1").fetchone()
    return (stopped - started).total_seconds()


def main(argv: list[str]) -> int:
    size = int(argv[0]) if argv else 1_000_000
    delta = size // 100
    if not n8n.installed():
        print("n8n is not installed: run ./promptsales up (or the test suite) first", file=sys.stderr)
        return 2
    pg = from_local()
    redis = redis_engine.provide()
    try:
        run_folder(folder("sales"), {"postgres": pg}, Settings.from_env(scale="small"), database=DATABASE)
        t0 = time.perf_counter()
        subprocess.run([psql_binary(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"rows={size}", "-d", DATABASE,
                        "-f", str(ROOT / "bench" / "sales" / "fill_summary_sources.sql")],
                       check=True, env=pg.psql_env(), capture_output=True, text=True)
        print(f"{size:,} landed rows and their summaries filled in {time.perf_counter() - t0:.1f} s")
        with pg.connect(DATABASE, autocommit=True) as conn:
            conn.execute(SOURCE_SQL)
            base = conn.execute("SELECT last_version FROM etl.watermark WHERE source = 'ads'").fetchone()[0]
            batch = conn.execute(DELTA_SQL, {"base": base, "n": delta, "size": size, "salt": 104729, "rep": 0}
                                 ).fetchone()[0]
            conn.execute("INSERT INTO etl_fixture.ads_changes SELECT (r ->> 'version')::bigint, r "
                         "FROM jsonb_array_elements(%s::jsonb) AS r", (json.dumps(batch["rows"]),))
        with tempfile.TemporaryDirectory() as home:
            config = n8n.build_config({"postgres": pg, "redis": redis}, Path(home) / "n8n", sales_database=DATABASE,
                                      n8n_database="n8n_bench")
            n8n.import_all(config)
            n8n.cli(config, "import:workflow", f"--input={variant_file(Path(home))}")
            run = n8n.execute(config, VARIANT_ID)
            in_n8n = n8n_execution_seconds(pg, config)
            empty = n8n.execute(config, VARIANT_ID)
            empty_in_n8n = n8n_execution_seconds(pg, config)
        with pg.connect(DATABASE, autocommit=True) as conn:
            applied = conn.execute(
                "SELECT count(*), sum(rows_received), sum(rows_changed), "
                "sum(extract(epoch FROM finished_at - started_at)) FROM etl.run_log "
                "WHERE source = 'ads' AND status = 'applied'").fetchone()
            drift = conn.execute("SELECT count(*) FROM etl.v_summary_drift").fetchone()[0]
    finally:
        pg.stop()
        redis.stop()
    batches, received, changed, sql_s = applied
    print(f"\nrun with the {delta:,}-row delta: n8n execute wall {run.seconds:.2f} s "
          f"(execution inside n8n {in_n8n:.2f} s), {batches} batches, {received:,} rows read, {changed:,} changed, "
          f"etl.apply_delta {float(sql_s):.2f} s, drift rows {drift}")
    print(f"run with nothing to move: n8n execute wall {empty.seconds:.2f} s (execution inside n8n "
          f"{empty_in_n8n:.2f} s)")
    print(f"n8n per run: process start ~{run.seconds - in_n8n:.2f} s (CLI only; the scheduled server has none), "
          f"orchestration ~{in_n8n - float(sql_s):.2f} s beside {float(sql_s):.2f} s of SQL")
    print("(exit status 1 is expected: the PromptCrm and PromptContent branches fail, their engines are absent)")
    return 0 if drift == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

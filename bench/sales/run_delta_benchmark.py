"""SAL-3 benchmark: time etl.apply_delta on a 10,000-row delta against 1M and 10M landed source rows.

The time must not grow with the table size: the function touches only the changed landing rows (primary-key
lookups) and the summary cells they feed. Usage (from the repository root):

    python bench/sales/run_delta_benchmark.py                # sizes 1000000 and 10000000
    python bench/sales/run_delta_benchmark.py 1000000        # one size
    PROMPTSALES_POSTGRES_URL=postgresql://… python bench/sales/run_delta_benchmark.py

It uses the server named by PROMPTSALES_POSTGRES_URL, otherwise a private local one (harness provider),
and a scratch database promptsales_bench that it drops at the end. Figures go to stdout.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for the harness

from harness.engines.postgres import provide, psql_binary
from harness.folders import folder
from harness.runner import run_folder
from harness.settings import Settings

DATABASE = "promptsales_bench"
DELTA_ROWS = 10_000
REPEATS = 3
HERE = Path(__file__).resolve().parent

# 80% updates of existing rows, 10% new rows, 10% deletes, spread over the whole key range.
DELTA_SQL = """
SELECT jsonb_build_object('source', 'ads', 'run_id', gen_random_uuid(), 'watermark', %(base)s + %(n)s,
       'rows', jsonb_agg(r ORDER BY (r ->> 'version')::bigint))
FROM (
    SELECT CASE WHEN k % 10 = 9 THEN
                jsonb_build_object('entity', 'result', 'op', 'delete', 'version', %(base)s + k,
                                   'result_id', (1 + (k * 7919 + %(salt)s) %% %(size)s))
           ELSE jsonb_build_object(
                'entity', 'result', 'op', 'upsert', 'version', %(base)s + k,
                'result_id', CASE WHEN k % 10 = 8 THEN %(size)s::bigint + %(rep)s * 100000 + k
                                  ELSE 1 + (k * 7919 + %(salt)s) %% %(size)s END,
                'campaign_code', 'CMP-' || lpad((1 + k % 1000)::text, 6, '0'),
                'result_date', (DATE '2025-01-01' + k % 300)::text,
                'channel_code', (ARRAY['facebook', 'instagram', 'tiktok', 'email'])[1 + k % 4],
                'market_code', (ARRAY['US', 'MX', 'CR', 'CO'])[1 + k % 4],
                'reach', 1000 + k, 'impressions', 3000 + k, 'reactions', k % 500, 'interactions', k % 200,
                'cost', round((k % 9000) / 10.0, 2)) END AS r
    FROM generate_series(1, %(n)s) AS k) AS x
""".replace("k % ", "k %% ")


def psql(server, *args: str) -> None:
    cmd = [psql_binary(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DATABASE, *args]
    subprocess.run(cmd, check=True, env=server.psql_env(), capture_output=True, text=True)


def run(size: int, server, settings: Settings) -> dict[str, float]:
    started = time.perf_counter()
    psql(server, "-v", f"rows={size}", "-f", str(HERE / "fill_summary_sources.sql"))
    fill_seconds = time.perf_counter() - started
    timings = []
    with server.connect(DATABASE, autocommit=False) as conn:
        for repeat in range(REPEATS):
            base = conn.execute("SELECT last_version FROM etl.watermark WHERE source = 'ads'").fetchone()[0]
            batch = conn.execute(DELTA_SQL, {"base": base, "n": DELTA_ROWS, "size": size,
                                             "salt": 104729 * (repeat + 1), "rep": repeat}).fetchone()[0]
            conn.commit()
            t0 = time.perf_counter()
            result = conn.execute("SELECT etl.apply_delta(%s::jsonb)", (psycopg_json(batch),)).fetchone()[0]
            conn.commit()
            timings.append(time.perf_counter() - t0)
            print(f"  size {size:>11,}  run {repeat + 1}: {timings[-1]:.3f} s  "
                  f"changed={result['rows_changed']} daily_touched={result['daily_rows_touched']} "
                  f"campaigns={result['campaigns_touched']}", flush=True)
        drift = conn.execute("SELECT count(*) FROM etl.v_summary_drift").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM etl.ads_result_landing").fetchone()[0]
        cells = conn.execute("SELECT count(*) FROM summary.campaign_daily").fetchone()[0]
    return {"size": size, "landing_rows": rows, "daily_cells": cells, "fill_s": fill_seconds,
            "median_s": statistics.median(timings), "min_s": min(timings), "drift_rows": drift}


def psycopg_json(value: object) -> str:
    import json  # noqa: PLC0415

    return json.dumps(value)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1_000_000, 10_000_000]
    settings = Settings.from_env(scale="small")
    server = provide()
    try:
        server.drop_database(DATABASE)
        t0 = time.perf_counter()
        run_folder(folder("sales"), {"postgres": server}, settings, database=DATABASE)
        print(f"postgres_sales/ applied (scale small) in {time.perf_counter() - t0:.2f} s on {server.describe()}")
        results = [run(size, server, settings) for size in sizes]
    finally:
        server.drop_database(DATABASE)
        server.stop()
    print(f"\n{'landing rows':>14} {'daily cells':>12} {'fill (s)':>9} {'delta median (s)':>17} "
          f"{'delta min (s)':>14} {'drift':>6}")
    for r in results:
        print(f"{r['landing_rows']:>14,} {r['daily_cells']:>12,} {r['fill_s']:>9.1f} {r['median_s']:>17.3f} "
              f"{r['min_s']:>14.3f} {r['drift_rows']:>6}")
    return 0 if all(r["drift_rows"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

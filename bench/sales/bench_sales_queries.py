"""SAL-5 benchmark: latency of the query layer (mcp_servers.sales_queries) on a large summary, as the MCP reader.

Fills a scratch database with N landed PromptAds result rows and their summaries (bench/sales/
fill_summary_sources.sql, about one daily cell per row), then times a representative set of query shapes and
question parses, side by side in one run: without and with a B-tree index on summary.campaign_daily
(metric_date). Every statement runs as promptsales_mcp_reader, exactly as the MCP server does. Usage (from the
repository root):

    python bench/sales/bench_sales_queries.py              # 1,000,000 rows
    python bench/sales/bench_sales_queries.py 200000       # another size
    PROMPTSALES_POSTGRES_URL=postgresql://… python bench/sales/bench_sales_queries.py

It uses the server named by PROMPTSALES_POSTGRES_URL, otherwise a private local one (harness provider), and a
scratch database promptsales_qbench that it drops at the end. Figures go to stdout.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root

import psycopg

from harness.engines.postgres import provide, psql_binary
from harness.folders import folder
from harness.runner import run_folder
from harness.settings import Settings
from mcp_servers.nlq import parse_question
from mcp_servers.sales_queries import DEFAULT_TIMEOUT_MS, MetricQuery, load_catalogue, run_metric_query

DATABASE = "promptsales_qbench"
REPEATS = 15
HERE = Path(__file__).resolve().parent
D = date

SHAPES = {
    "total, whole history": MetricQuery("reach"),
    "total, one month": MetricQuery("sales", date_from=D(2025, 3, 1), date_to=D(2025, 3, 31)),
    "by channel, one quarter": MetricQuery("cost", "channel", D(2025, 1, 1), D(2025, 3, 31)),
    "by market, one year": MetricQuery("reach", "market", D(2025, 1, 1), D(2025, 12, 31)),
    "by month, whole history": MetricQuery("impressions", "month"),
    "top 10 campaigns by ROI, 2025": MetricQuery("roi", "campaign", D(2025, 1, 1), D(2025, 12, 31), top=10),
    "top 5 companies by reach, one month": MetricQuery("reach", "company", D(2025, 6, 1), D(2025, 6, 30), top=5),
    "one company by channel": MetricQuery("cost", "channel", company="CO-0001"),
    "compare two months by channel": MetricQuery("reach", "channel", D(2025, 2, 1), D(2025, 2, 28),
                                                 compare_from=D(2025, 1, 1), compare_to=D(2025, 1, 31)),
    "success % by company": MetricQuery("success_pct", "company"),
}
QUESTIONS = ["¿Cuál fue el alcance por canal en diciembre 2024?", "Top 5 campañas por ROI en 2025",
             "Ventas de Aurora Alimentos en Q1 2025 comparado con Q4 2024",
             "Which market had the most leads between March and May 2025?"]


def psql(server, *args: str) -> None:
    cmd = [psql_binary(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DATABASE, *args]
    subprocess.run(cmd, check=True, env=server.psql_env(), capture_output=True, text=True)


def time_shapes(conn) -> dict[str, tuple[float, float]]:
    out = {}
    for name, q in SHAPES.items():
        try:
            run_metric_query(conn, q)                  # warm the cache once
        except psycopg.errors.QueryCanceled:
            out[name] = (float("nan"), float("nan"))
            print(f"  {name}: over the {DEFAULT_TIMEOUT_MS} ms statement timeout", flush=True)
            continue
        samples = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            run_metric_query(conn, q)
            samples.append((time.perf_counter() - t0) * 1000)
        samples.sort()
        out[name] = (statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])
        print(f"  {name}: median {out[name][0]:.1f} ms", flush=True)
    return out


def main(argv: list[str]) -> int:
    size = int(argv[0]) if argv else 1_000_000
    settings = Settings.from_env(scale="small")
    server = provide()
    try:
        server.drop_database(DATABASE)
        run_folder(folder("sales"), {"postgres": server}, settings, database=DATABASE)
        t0 = time.perf_counter()
        psql(server, "-v", f"rows={size}", "-f", str(HERE / "fill_summary_sources.sql"))
        print(f"{size:,} landed rows and their summaries in {time.perf_counter() - t0:.1f} s on {server.describe()}")
        with server.connect(DATABASE, autocommit=True) as conn:
            conn.execute("DROP INDEX IF EXISTS summary.campaign_daily_metric_date_bench_idx")
            # a freshly bulk-loaded table is vacuumed first (hint bits, visibility map), as autovacuum would
            conn.execute("VACUUM ANALYZE summary.campaign_daily")
            conn.execute("VACUUM ANALYZE summary.campaign")
            cells = conn.execute("SELECT count(*) FROM summary.campaign_daily").fetchone()[0]
            conn.execute("SET ROLE promptsales_mcp_reader")
            catalogue = load_catalogue(conn)
            without = time_shapes(conn)
            conn.execute("RESET ROLE")
            conn.execute("CREATE INDEX campaign_daily_metric_date_bench_idx ON summary.campaign_daily (metric_date)")
            conn.execute("ANALYZE summary.campaign_daily")
            conn.execute("SET ROLE promptsales_mcp_reader")
            with_index = time_shapes(conn)
            parse_ms = []
            for question in QUESTIONS * REPEATS:
                t0 = time.perf_counter()
                parse_question(question, today=D(2026, 1, 31), catalogue=catalogue)
                parse_ms.append((time.perf_counter() - t0) * 1000)
    finally:
        server.drop_database(DATABASE)
        server.stop()
    print(f"\nsummary.campaign_daily: {cells:,} cells; {REPEATS} runs per shape as promptsales_mcp_reader (ms)")
    print(f"{'shape':<40} {'median':>9} {'p95':>9} | {'median+idx':>11} {'p95+idx':>9}")
    for name in SHAPES:
        (m0, p0), (m1, p1) = without[name], with_index[name]
        print(f"{name:<40} {m0:>9.1f} {p0:>9.1f} | {m1:>11.1f} {p1:>9.1f}")
    parse_ms.sort()
    print(f"\nparse_question with the {len(catalogue)}-entry catalogue: median {statistics.median(parse_ms):.2f} ms, "
          f"p95 {parse_ms[int(0.95 * (len(parse_ms) - 1))]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

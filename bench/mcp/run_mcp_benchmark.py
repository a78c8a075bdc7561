"""MCP benchmarks (NFR-P1, NFR-P2, NFR-P3, NFR-S1, NFR-S4), measured side by side in one run over streamable
HTTP on loopback, with OAuth bearer tokens verified by the servers (as deployed):

1. one tool call, cached vs uncached (getMetric; uncached = the namespace version bumped before every call):
   p50 / p95 / p99, interleaved so both see the same machine state;
2. sustained throughput of simulated agents mixing the read tools (getMetric, rankCampaigns, getCampaignSummary,
   ask, with a small set of argument combinations, so most calls are cache hits as in production): 300 agents
   (1x) and 3,000 agents (10x), closed loop, each for a bounded time; operations per second and p95;
3. getContent latency including the query embedding (uncached: content namespace bumped before every call);
4. CON-5 generation time on the template path (population derivation + three messages per population);
   MongoDB storage is measured only where MongoDB is available.

Usage (from the repository root):  .venv/bin/python bench/mcp/run_mcp_benchmark.py [--seconds 10]
It uses private local PostgreSQL and Redis servers (harness providers, or PROMPTSALES_POSTGRES_URL /
PROMPTSALES_REDIS_URL), databases promptsales_bench_mcp / promptcontent_bench_mcp filled with the deterministic
SAL-5 fill of the tests (through etl.apply_delta), and prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "mcp_servers"))  # the deterministic fill and the test OAuth issuer

import httpx2  # noqa: E402
from mcp import Client  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402
from mcp_support import PYTHON, Issuer, start_http_server  # noqa: E402
from psycopg import sql  # noqa: E402
from summary_data import SEED, apply, generate  # noqa: E402

from harness.engines import postgres, redis  # noqa: E402
from harness.engines.base import free_port  # noqa: E402
from harness.folders import folder  # noqa: E402
from harness.runner import run_folder  # noqa: E402
from harness.settings import Settings  # noqa: E402

SALES_DB, CONTENT_DB = "promptsales_bench_mcp", "promptcontent_bench_mcp"
MIX = [
    ("getMetric", {"metric": "reach", "group_by": "channel"}),
    ("getMetric", {"metric": "sales", "group_by": "quarter", "date_from": "2025-01-01", "date_to": "2025-12-31"}),
    ("getMetric", {"metric": "roi", "group_by": "company"}),
    ("rankCampaigns", {"metric": "success_pct", "top": 5}),
    ("rankCampaigns", {"metric": "sales", "top": 3, "order": "asc"}),
    ("getCampaignSummary", {"company": "CO-0001"}),
    ("getCampaignSummary", {"campaign": "CMP-000002"}),
    ("ask", {"question": "¿Cuál fue el alcance por canal en diciembre 2024?"}),
    ("ask", {"question": "Top 5 campaigns by ROI in 2025"}),
    ("marketPerformance", {"metric": "cost"}),
]
QUERIES = ["perro corriendo en la playa", "hot noodle soup with an egg", "bicicleta de ruta subiendo una montaña",
           "surfer riding a big wave", "taza de café humeante en la mañana", "running shoes on a track",
           "ensalada fresca con aguacate", "city skyline at night", "niños jugando fútbol", "laptop on a desk"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def line(name: str, ms: list[float]) -> str:
    return (f"{name:<34} n={len(ms):>5}  p50={pct(ms, 50):7.2f} ms  p95={pct(ms, 95):7.2f} ms  "
            f"p99={pct(ms, 99):7.2f} ms  mean={statistics.fmean(ms):7.2f} ms")


async def latency(url: str, token: str, rds, n: int) -> tuple[list[float], list[float]]:
    args = {"metric": "sales", "group_by": "channel", "date_from": "2025-01-01", "date_to": "2025-06-30"}
    cached, uncached = [], []
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as http, \
            Client(streamable_http_client(url, http_client=http), cache=None) as client:
        await client.call_tool("getMetric", args)   # warm: connection, catalogue, plans
        for _ in range(n):
            rds.incr("ps:{mcp:sales}:ver")
            started = time.perf_counter()
            result = await client.call_tool("getMetric", args)
            uncached.append((time.perf_counter() - started) * 1000)
            assert result.structured_content["cache"]["status"] == "miss"
            started = time.perf_counter()
            result = await client.call_tool("getMetric", args)
            cached.append((time.perf_counter() - started) * 1000)
            assert result.structured_content["cache"]["status"] == "hit"
    return cached, uncached


async def throughput(url: str, token: str, agents: int, seconds: float, sessions: int,
                     rate: float | None = None) -> dict:
    """`agents` callers sharing `sessions` MCP sessions for `seconds`; ops/s and latency. Closed loop (each agent
    calls again as soon as it has its answer) when `rate` is None; otherwise open loop: together the agents
    offer `rate` calls per second (each at rate/agents, evenly phased), whether or not the server keeps up."""
    rng = random.Random(20250701)
    latencies: list[float] = []
    errors = 0
    stop_at = 0.0

    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=120,
                                  limits=httpx2.Limits(max_connections=sessions * 2)) as http, \
            contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(Client(streamable_http_client(url, http_client=http), cache=None))
                   for _ in range(sessions)]
        async def agent(k: int) -> None:
            nonlocal errors
            client = clients[k % sessions]
            interval = agents / rate if rate else 0.0
            next_at = time.perf_counter() + interval * k / agents
            while time.perf_counter() < stop_at:
                if rate:
                    await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                    next_at += interval
                    if time.perf_counter() >= stop_at:
                        break
                tool, args = MIX[rng.randrange(len(MIX))]
                started = time.perf_counter()
                try:
                    result = await client.call_tool(tool, args)
                    if result.is_error:
                        errors += 1
                except Exception:  # noqa: BLE001 - counted, the run goes on
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

        stop_at = time.perf_counter() + seconds
        started = time.perf_counter()
        await asyncio.gather(*(agent(k) for k in range(agents)))
        elapsed = time.perf_counter() - started
    return {"agents": agents, "ops": len(latencies), "seconds": elapsed, "ops_per_s": len(latencies) / elapsed,
            "p95": pct(latencies, 95), "p50": pct(latencies, 50), "errors": errors}


async def content_latency(url: str, token: str, rds, n: int) -> tuple[list[float], list[float]]:
    uncached, cached = [], []
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as http, \
            Client(streamable_http_client(url, http_client=http), cache=None) as client:
        await client.call_tool("getContent", {"text": "warm up the model", "limit": 5})
        for i in range(n):
            text = QUERIES[i % len(QUERIES)]
            rds.incr("ps:{mcp:content}:ver")
            started = time.perf_counter()
            await client.call_tool("getContent", {"text": text, "limit": 5})
            uncached.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await client.call_tool("getContent", {"text": text, "limit": 5})
            cached.append((time.perf_counter() - started) * 1000)
    return uncached, cached


def con5_template(n: int) -> list[float]:
    from mcp_servers.content import derive_populations  # noqa: PLC0415
    from promptcontent.messages import compose_messages  # noqa: PLC0415

    description = ("Volcano Coffee launches a cold brew for busy mornings and students on a budget. Smooth, "
                   "strong and ready in seconds, made with beans from Costa Rican family farms.")
    times = []
    for _ in range(n):
        started = time.perf_counter()
        for population in derive_populations(description, limit=3):
            compose_messages(description, population, "Volcano Coffee")
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each throughput run")
    parser.add_argument("--calls", type=int, default=300, help="calls per latency series")
    args = parser.parse_args()
    settings = Settings.from_env(scale="small")
    work = Path(tempfile.mkdtemp(prefix="promptsales-mcp-bench-"))
    pg = postgres.provide()
    rs = redis.provide()
    servers = []
    issuer = Issuer()
    try:
        run_folder(folder("sales"), {"postgres": pg}, settings, database=SALES_DB)
        run_folder(folder("content_vectors"), {"postgres": pg}, settings, database=CONTENT_DB)
        with pg.connect(SALES_DB) as conn:
            if conn.execute("SELECT count(*) FROM summary.campaign_daily").fetchone()[0] == 0:
                apply(conn, generate(SEED))
            conn.commit()
            daily = conn.execute("SELECT count(*) FROM summary.campaign_daily").fetchone()[0]
        subprocess.run([PYTHON, "-m", "promptcontent.index", "--pg-uri", pg.uri(CONTENT_DB)], cwd=ROOT, check=True,
                       env={"PATH": "/usr/bin:/bin", "PROMPTSALES_SCALE": "small"}, capture_output=True)
        passwords = {r: secrets.token_urlsafe(16) for r in ("promptsales_mcp_sales", "promptsales_mcp_logger",
                                                            "promptcontent_mcp_reader")}
        with pg.connect("postgres", autocommit=True) as conn:
            for role, password in passwords.items():
                conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))

        def url(role: str, db: str) -> str:
            return f"postgresql://{role}:{quote(passwords[role], safe='')}@{pg.host}:{pg.port}/{db}"
        auth = f":{quote(rs.password, safe='')}@" if rs.password else ""
        redis_url = f"redis://{auth}{rs.host}:{rs.port}/5"
        rds = rs.client(db=5)
        rds.flushdb()
        oauth = {"PROMPTSALES_OAUTH_ISSUER": issuer.issuer, "PROMPTSALES_OAUTH_JWKS_URL": issuer.jwks_url,
                 "PROMPTSALES_OAUTH_AUDIENCE": "promptsales-mcp"}
        content = start_http_server("content", {**oauth, "PROMPTSALES_MCP_REDIS_URL": redis_url,
                                                "PROMPTSALES_MCP_CONTENT_PG_URL": url("promptcontent_mcp_reader",
                                                                                      CONTENT_DB),
                                                "PROMPTSALES_MCP_LOG_PG_URL": url("promptsales_mcp_logger", SALES_DB),
                                                "PROMPTSALES_MCP_LOG_LEVEL": "WARNING"}, free_port(), work)
        servers.append(content)
        sales = start_http_server("sales", {**oauth, "PROMPTSALES_MCP_REDIS_URL": redis_url,
                                            "PROMPTSALES_MCP_SALES_PG_URL": url("promptsales_mcp_sales", SALES_DB),
                                            "PROMPTSALES_MCP_LOG_LEVEL": "WARNING"}, free_port(), work)
        servers.append(sales)
        sales_token, content_token = issuer.mint(["mcp:sales"]), issuer.mint(["mcp:content"])
        print(f"PostgreSQL {pg.describe()}, {rs.describe()}; summary.campaign_daily rows: {daily}")
        print("\n== 1. one call over streamable HTTP (getMetric), cached vs uncached, interleaved")
        cached, uncached = asyncio.run(latency(sales.url, sales_token, rds, args.calls))
        print(line("cached (Redis hit)", cached))
        print(line("uncached (PostgreSQL)", uncached))
        print("\n== 2. 300 concurrent agents, read-tool mix (100 MCP sessions)")
        # 10x = the case's peak of 100,000 operations per minute (1,667/s); 1x = a tenth of it (NFR-S1, NFR-S4).
        for label, rate in (("closed loop (capacity)", None), ("1x load, 167 calls/s offered", 1667 / 10),
                            ("10x load, 1,667 calls/s offered", 1667.0)):
            r = asyncio.run(throughput(sales.url, sales_token, 300, args.seconds, sessions=100, rate=rate))
            print(f"{label:<32}: {r['ops']:>6} calls in {r['seconds']:5.1f} s = {r['ops_per_s']:7.1f} ops/s "
                  f"({r['ops_per_s'] / 1667 * 100:5.1f}% of 1,667/s)  p50={r['p50']:.1f} ms  p95={r['p95']:.1f} ms  "
                  f"errors={r['errors']}")
        print("\n== 3. getContent over HTTP (embedding + hybrid search), uncached vs cached")
        unc, cac = asyncio.run(content_latency(content.url, content_token, rds, 50))
        print(line("getContent uncached (embedding)", unc))
        print(line("getContent cached", cac))
        print("\n== 4. CON-5 generation, template path (3 populations x 3 messages)")
        print(line("CON-5 template generation", con5_template(1000)))
        print("CON-5 MongoDB storage: not measured here (no MongoDB on this machine)")
    finally:
        for server in servers:
            server.stop()
        issuer.close()
        for db in (SALES_DB, CONTENT_DB):
            pg.drop_database(db)
        rs.stop()
        pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark (ADS-2/ADS-3): wall time of ads.ADSSP_GenerateHistory at full scale and the rows it leaves per table.

Needs a SQL Server with sqlserver_ads/ applied (PROMPTSALES_MSSQL_ADS_URL, or Docker as the harness does).
Each round regenerates with @Force = 1, so the database ends with the data of the last round; pass
--restore-small to regenerate the test-suite data (scale small) at the end. Usage:

    python bench/ads/bench_generation.py [--rounds 3] [--scale full] [--campaigns 1000] [--restore-small]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from harness.engines.mssql import provide
from harness.settings import Settings

CALL = "EXEC ads.ADSSP_GenerateHistory @CampaignCount = ?, @Seed = ?, @AsOfDate = ?, @Scale = ?, @Force = 1;"


def generate(conn: object, campaigns: int, settings: Settings, scale: str) -> float:
    started = time.perf_counter()
    cursor = conn.cursor()  # type: ignore[attr-defined]
    cursor.execute(CALL, campaigns, settings.seed, settings.as_of.isoformat(), scale)
    while cursor.nextset():
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", default="full", choices=("small", "full"))
    parser.add_argument("--campaigns", type=int, default=1000)
    parser.add_argument("--restore-small", action="store_true")
    args = parser.parse_args()
    settings = Settings.from_env()
    server = provide("ads")
    try:
        with server.connect("PromptAds", autocommit=True, timeout=3600) as conn:
            times = []
            for round_no in range(1, args.rounds + 1):
                elapsed = generate(conn, args.campaigns, settings, args.scale)
                times.append(elapsed)
                print(f"round {round_no}: {args.campaigns} campaigns, scale {args.scale}: {elapsed:.2f} s")
            counts = conn.execute("SELECT TOP (1) RowCountsJson FROM ads.GenerationRun "
                                  "ORDER BY GenerationRunId DESC").fetchone()[0]
            print(f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
                  f"({os.cpu_count()} client CPUs; {server.describe()})")
            for table, rows in json.loads(counts).items():
                print(f"  {table:<18} {rows:>10,}")
            if args.restore_small:
                generate(conn, 1000, settings, "small")
                print("restored the scale-small history of the test suite")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

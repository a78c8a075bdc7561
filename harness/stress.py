"""Stress target for the concurrency tests: `./promptsales stress` runs every test that orchestrates several
sessions (deadlocks, isolation anomalies) many times in a row in one pytest session while other processes keep
every CPU busy, then prints runs and failures per test. A flaky interleaving shows up here, not in CI.

The load is bounded: each busy process stops at its own deadline (--max-seconds) even if this process dies,
and all of them are stopped as soon as pytest ends. SQL Server tests run where SQL Server runs (Docker or
URLs) and are reported as skipped elsewhere, with the reason pytest gives.

This module is also the pytest plugin (-p harness.stress) that repeats each selected test --stress-runs times.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import REPO_ROOT

# Every test that needs several sessions and a particular interleaving. A new concurrency test file goes here
# (tests/harness/test_stress.py checks that each path exists and that no deadlock/isolation test is missing).
CONCURRENCY_TESTS = (
    "tests/postgres_sales/test_deadlocks.py",
    "tests/sqlserver_crm/test_deadlock_cascade.py",
    "tests/sqlserver_crm/test_isolation_anomalies.py",
    "tests/sqlserver_crm/test_two_host_deadlock.py",
)
RUN_ID = re.compile(r"(\[|-)run\d+(?=\]|-)")


# --------------------------------------------------------------------------- pytest plugin

def pytest_addoption(parser: Any) -> None:
    parser.addoption("--stress-runs", type=int, default=1, help="run each selected test this many times")


def pytest_generate_tests(metafunc: Any) -> None:
    runs = metafunc.config.getoption("stress_runs")
    if runs > 1:
        metafunc.fixturenames.append("stress_run")
        metafunc.parametrize("stress_run", range(1, runs + 1), ids=lambda i: f"run{i}")


# --------------------------------------------------------------------------- load

def _burn(deadline: float) -> None:
    """Keep one CPU busy until the deadline (wall clock of the machine, so it ends even when orphaned)."""
    x = 0
    while time.time() < deadline:
        for _ in range(100_000):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF


def start_load(workers: int, max_seconds: float) -> list[multiprocessing.Process]:
    deadline = time.time() + max_seconds
    procs = [multiprocessing.Process(target=_burn, args=(deadline,), daemon=True) for _ in range(workers)]
    for p in procs:
        p.start()
    return procs


def stop_load(procs: list[multiprocessing.Process]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.join(timeout=10)


# --------------------------------------------------------------------------- results

@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def runs(self) -> int:
        return self.passed + self.failed + self.skipped


def tally_junit(path: Path) -> tuple[dict[str, Tally], Counter[str]]:
    """Outcomes per test (the run number removed from the id) and skip reasons, from pytest's JUnit XML."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    reasons: Counter[str] = Counter()
    for case in ET.parse(path).getroot().iter("testcase"):
        name = RUN_ID.sub(lambda m: "[" if m[1] == "[" else "", case.get("name", ""))
        name = name.replace("[]", "").replace("[-", "[")
        key = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{name}"
        if case.find("failure") is not None or case.find("error") is not None:
            tallies[key].failed += 1
        elif (skip := case.find("skipped")) is not None:
            tallies[key].skipped += 1
            reasons[(skip.get("message") or "").removeprefix("Skipped: ")] += 1
        else:
            tallies[key].passed += 1
    return dict(tallies), reasons


def render(tallies: dict[str, Tally], reasons: Counter[str], runs: int, workers: int, seconds: float) -> str:
    width = max([len(k) for k in tallies] + [4])
    lines = [f"concurrency stress: {runs} runs per test, {workers} CPU-bound load processes on "
             f"{os.cpu_count()} CPUs, {seconds:.0f} s", "",
             f"{'test':<{width}}  {'runs':>5}  {'passed':>6}  {'failed':>6}  {'skipped':>7}"]
    for key in sorted(tallies):
        t = tallies[key]
        lines.append(f"{key:<{width}}  {t.runs:>5}  {t.passed:>6}  {t.failed:>6}  {t.skipped:>7}")
    total = Tally(*(sum(getattr(t, f) for t in tallies.values()) for f in ("passed", "failed", "skipped")))
    lines.append(f"{'total':<{width}}  {total.runs:>5}  {total.passed:>6}  {total.failed:>6}  {total.skipped:>7}")
    for reason, n in reasons.most_common():
        lines.append(f"skipped {n}: {reason}")
    return "\n".join(lines)


def run(runs: int, workers: int, max_seconds: float, targets: list[str], extra: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="promptsales-stress-") as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", "-p", "harness.stress", f"--stress-runs={runs}", "-q",
               "-p", "no:cacheprovider", f"--junitxml={junit}", *extra, *targets]
        started = time.perf_counter()
        load = start_load(workers, max_seconds)
        try:
            done = subprocess.run(cmd, cwd=REPO_ROOT, check=False, stdout=2,  # pytest output to stderr (fd 2)
                                  timeout=max_seconds + 300)
        finally:
            stop_load(load)
        seconds = time.perf_counter() - started
        if not junit.is_file():
            print(f"pytest wrote no results (exit {done.returncode})", file=sys.stderr)
            return done.returncode or 1
        tallies, reasons = tally_junit(junit)
    print(render(tallies, reasons, runs, workers, seconds))
    failed = sum(t.failed for t in tallies.values())
    return 1 if failed or done.returncode not in (0, 5) else 0


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="python -m harness.stress")
    parser.add_argument("--runs", type=int, default=30, help="times each concurrency test runs (default 30)")
    parser.add_argument("--load", type=int, default=os.cpu_count() or 2,
                        help="CPU-bound processes started alongside (default: one per CPU)")
    parser.add_argument("--max-seconds", type=float, default=1800,
                        help="the load stops by itself after this many seconds (default 1800)")
    parser.add_argument("targets", nargs="*", default=list(CONCURRENCY_TESTS),
                        help="test files or node ids (default: every concurrency test)")
    return parser


def main_args(args: argparse.Namespace, extra: list[str] | None = None) -> int:
    if args.runs < 1 or args.load < 0 or args.max_seconds <= 0:
        raise SystemExit("--runs must be >= 1, --load >= 0 and --max-seconds > 0")
    return run(args.runs, args.load, args.max_seconds, args.targets, extra or [])


if __name__ == "__main__":
    raise SystemExit(main_args(build_parser().parse_args()))

"""Benchmark: wall time of `python -m harness up` from cold for the engines this machine can run.

Each round uses a fresh state directory (new data directories, nothing cached in the servers), runs `up`
for the given folders, then `down`. Prints every round and the median. Usage:

    python bench/harness/bench_up.py [--rounds 3] [--only redis,sales,content_vectors] [--scale small]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def harness(args: list[str], state: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PROMPTSALES_STATE_DIR=state)
    return subprocess.run([sys.executable, "-m", "harness", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="redis,sales,content_vectors")
    parser.add_argument("--scale", default="small", choices=("small", "full"))
    args = parser.parse_args()
    times = []
    for round_no in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory(prefix="bench-up-") as state:
            started = time.perf_counter()
            up = harness(["up", "--scale", args.scale, "--only", args.only], state)
            elapsed = time.perf_counter() - started
            harness(["down"], state)
        if up.returncode != 0:
            print(up.stdout[-3000:], up.stderr[-3000:], file=sys.stderr)
            return 1
        times.append(elapsed)
        print(f"round {round_no}: up --only {args.only} --scale {args.scale}: {elapsed:.2f} s")
    print(f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
          f"({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

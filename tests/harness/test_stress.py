"""The concurrency stress target (harness/stress.py, `./promptsales stress`): it covers every concurrency test,
repeats tests, counts failures per test under CPU load and stops its load processes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from harness import REPO_ROOT
from harness.cli import build_parser
from harness.stress import CONCURRENCY_TESTS, run

pytestmark = [pytest.mark.static]


@pytest.mark.req("OPS-5")
def test_every_deadlock_and_isolation_test_file_is_in_the_stress_list() -> None:
    """Each listed file exists, and every tests/**/test_*deadlock*/*isolation* file is listed."""
    found = {str(p.relative_to(REPO_ROOT)) for pattern in ("test_*deadlock*.py", "test_*isolation*.py")
             for p in (REPO_ROOT / "tests").rglob(pattern)}

    assert all((REPO_ROOT / path).is_file() for path in CONCURRENCY_TESTS)
    assert found <= set(CONCURRENCY_TESTS), found - set(CONCURRENCY_TESTS)


@pytest.mark.req("OPS-5")
def test_the_stress_run_repeats_each_test_and_counts_every_failure(tmp_path: Path, capsys) -> None:
    """A test that fails on every second run shows 2 failures in 4 runs; the steady one 4 passes; exit 1; the
    load processes are gone afterwards."""
    counter = tmp_path / "count"
    target = tmp_path / "test_sample.py"
    target.write_text(
        "from pathlib import Path\n"
        f"COUNTER = Path({str(counter)!r})\n"
        "def test_steady():\n    assert True\n"
        "def test_flaky():\n"
        "    n = int(COUNTER.read_text()) + 1 if COUNTER.exists() else 1\n"
        "    COUNTER.write_text(str(n))\n"
        "    assert n % 2 == 1\n", encoding="utf-8")

    code = run(runs=4, workers=1, max_seconds=120, targets=[str(target)], extra=["-o", "addopts="])
    table = capsys.readouterr().out

    assert code == 1
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[3:] if line.startswith("test_")}
    assert rows["test_sample::test_steady"] == ["4", "4", "0", "0"]
    assert rows["test_sample::test_flaky"] == ["4", "2", "2", "0"]
    assert "1 CPU-bound load processes" in table
    assert multiprocessing.active_children() == []


@pytest.mark.req("OPS-5")
def test_the_stress_command_rejects_nonsense_bounds() -> None:
    """./promptsales stress --runs 0 (or a non-positive --max-seconds) stops with a message, running nothing."""
    for argv in (["stress", "--runs", "0"], ["stress", "--max-seconds", "0"]):
        args = build_parser().parse_args(argv)
        with pytest.raises(SystemExit, match="--runs must be >= 1"):
            args.func(args)

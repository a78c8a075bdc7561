"""The end-of-run summary (harness/summary.py): the Markdown written to PROMPTSALES_SUMMARY_FILE for the
workflow's job summary and artifact, and a real pytest run that writes it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from harness import REPO_ROOT
from harness.folders import ENGINES
from harness.summary import SUMMARY_FILE_ENV, RunSummary, write_summary_file

pytestmark = [pytest.mark.static]


def _summary() -> RunSummary:
    return RunSummary(
        engines={"postgres": ("real (docker)", "PostgreSQL 17.2 at localhost:5432"),
                 "mongo": ("unavailable", "no PROMPTSALES_MONGO_URL | Docker not running")},
        skip_reasons=Counter({"mongo unavailable: no Docker": 3}),
        outcomes={"ADS-1": Counter(passed=2), "SAL-6": Counter(passed=8, failed=1)},
        totals={"passed": 10, "failed": 1, "skipped": 3, "error": 0},
    )


@pytest.mark.req("OPS-5")
def test_the_markdown_summary_has_every_engine_skips_and_requirements() -> None:
    """Every engine key gets a row (not provisioned when absent); a | in a reason cannot break the table."""
    text = _summary().markdown()

    assert "**Result:** 10 passed, 1 failed, 3 skipped" in text
    for key in ENGINES:
        assert f"| `{key}` |" in text
    assert "| `mssql_crm` | not provisioned | no selected test got as far as needing it |" in text
    assert "| `mongo` | unavailable | no PROMPTSALES_MONGO_URL \\| Docker not running |" in text
    assert "| 3 | mongo unavailable: no Docker |" in text
    assert "| SAL-6 | 8 | 0 | 1 |" in text


@pytest.mark.req("OPS-5")
def test_the_summary_file_is_written_only_where_the_variable_points(tmp_path: Path) -> None:
    """Unset or blank: nothing written; set: the file (and its missing parents) holds the Markdown."""
    assert write_summary_file(_summary(), {}) is None
    assert write_summary_file(_summary(), {SUMMARY_FILE_ENV: "  "}) is None
    target = tmp_path / "deep" / "summary.md"

    written = write_summary_file(_summary(), {SUMMARY_FILE_ENV: str(target)})

    assert written == target and target.read_text(encoding="utf-8") == _summary().markdown()


@pytest.mark.req("OPS-5")
def test_a_pytest_run_writes_its_summary_to_the_file_the_environment_names(tmp_path: Path) -> None:
    """A real pytest run of one static test writes the engines and the requirement it proved."""
    target = tmp_path / "summary.md"
    env = {**os.environ, SUMMARY_FILE_ENV: str(target)}
    env.pop("PROMPTSALES_REQUIRE", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/static/test_repository.py::test_no_path_in_the_repository_contains_spaces"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)

    assert done.returncode == 0, done.stdout[-3000:]
    text = target.read_text(encoding="utf-8")
    assert "**Result:** 1 passed" in text
    assert "| `postgres` | not provisioned |" in text
    assert "| OPS-5 | 1 | 0 | 0 |" in text
    assert f"summary written to {target}" in done.stdout

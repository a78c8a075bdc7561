"""The command line end to end: up brings the available engines and folders, status sees them, down stops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness import REPO_ROOT

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _harness(*args: str, state: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PROMPTSALES_STATE_DIR=str(state), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "harness", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.req("OPS-1", "OPS-5")
def test_up_status_down_cycle_with_local_engines(tmp_path: Path) -> None:
    """`up --only redis,sales` applies the folders and reports them; `status` shows up; `down` stops them."""
    state = tmp_path / "state"
    up = _harness("up", "--scale", "small", "--only", "redis,sales", state=state)
    assert up.returncode == 0, up.stdout + up.stderr
    assert "postgres_sales" in up.stdout and "failed" not in up.stdout
    status = _harness("status", state=state)
    assert status.stdout.count(" up ") >= 2, status.stdout
    down = _harness("down", state=state)
    assert "postgres" in down.stdout and "redis" in down.stdout
    after = _harness("status", state=state)
    assert " up " not in after.stdout


@pytest.mark.static
@pytest.mark.req("OPS-3")
def test_mcp_over_stdio_without_a_previous_up_explains_itself_on_stderr(tmp_path) -> None:
    """`python -m harness mcp sales` with no recorded engines exits 2, says to run up, and writes no stdout."""
    env = {**os.environ, "PROMPTSALES_STATE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "harness", "mcp", "sales"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 2
    assert "up first" in proc.stderr and proc.stdout == ""

"""PromptSales harness: provisions the engines, runs the numbered scripts, powers the CLI and the tests."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Where `up` keeps local servers and state.json (git-ignored); overridable so tests never touch a user's stack.
STATE_DIR = Path(os.environ.get("PROMPTSALES_STATE_DIR", REPO_ROOT / ".promptsales"))

__all__ = ["REPO_ROOT", "STATE_DIR"]

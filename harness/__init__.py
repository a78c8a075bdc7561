"""PromptSales harness: provisions the engines, runs the numbered scripts, powers the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = REPO_ROOT / ".promptsales"

__all__ = ["REPO_ROOT", "STATE_DIR"]

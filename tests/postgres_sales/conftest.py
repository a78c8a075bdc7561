"""Fixtures for the PromptSales PostgreSQL tests (delta batches go through etl.apply_delta)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from uuid import uuid4

import pytest

ApplyDelta = Callable[..., dict[str, Any]]


@pytest.fixture
def apply_delta(sales_conn: Any) -> ApplyDelta:
    """Call etl.apply_delta on the test's transaction and return its JSON answer."""
    def _apply(source: str, rows: list[dict], run_id: str | None = None, watermark: int | None = None) -> dict:
        batch: dict[str, Any] = {"source": source, "run_id": run_id or str(uuid4()), "rows": rows}
        if watermark is not None:
            batch["watermark"] = watermark
        return sales_conn.execute("SELECT etl.apply_delta(%s::jsonb)", (json.dumps(batch),)).fetchone()[0]
    return _apply



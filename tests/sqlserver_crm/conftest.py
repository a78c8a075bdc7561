"""Fixtures for the PromptCrm tests: connections to PromptCrm on the "crm" instance, several independent
sessions for the concurrency tests, a poll helper (readiness is a query, never a fixed sleep) and a
cleaner for the log rows a test writes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from crm_helpers import execute_all, fetch_all

Poll = Callable[[Callable[[], bool], str], None]
Background = Callable[..., Future]


@pytest.fixture
def crm_conn(crm_db: Any) -> Iterator[Any]:
    """An autocommit connection to PromptCrm (tests that commit clean up themselves)."""
    conn = crm_db.connect("PromptCrm", autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def open_session(crm_db: Any) -> Iterator[Callable[[], Any]]:
    """Factory of extra autocommit sessions on PromptCrm, all closed after the test."""
    opened: list[Any] = []

    def _open() -> Any:
        conn = crm_db.connect("PromptCrm", autocommit=True, timeout=120)
        opened.append(conn)
        return conn

    yield _open
    for conn in opened:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - a deadlock victim's connection may already be unusable
            pass


@pytest.fixture
def poll() -> Poll:
    """Re-evaluate a server-side condition until it holds (deadline 90 s)."""
    def _poll(condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 90
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting until {what}")
            time.sleep(0.05)
    return _poll


@pytest.fixture
def background() -> Iterator[Background]:
    """Run a statement on a given session in a worker thread (pyodbc releases the GIL while it waits)."""
    pool = ThreadPoolExecutor(max_workers=4)

    def _submit(conn: Any, sql: str, *params: Any) -> Future:
        return pool.submit(fetch_all, conn, sql, *params)

    yield _submit
    pool.shutdown(wait=False, cancel_futures=True)  # never hang teardown on a session still blocked


@pytest.fixture
def clean_log(crm_conn: Any) -> Iterator[int]:
    """Yields the last LogId before the test; deletes the log rows the test produced."""
    last = fetch_all(crm_conn, "SELECT COALESCE(MAX(LogId), 0) FROM crm.Log")[0][0]
    yield last
    execute_all(crm_conn, "DELETE FROM crm.Log WHERE LogId > ?", last)


@pytest.fixture
def sale_row(crm_conn: Any) -> dict[str, int]:
    """A sale with its lead, client and campaign (the first one), as a dict."""
    row = fetch_all(crm_conn, "SELECT TOP (1) SaleId, LeadId, ClientId, CampaignId FROM crm.Sale ORDER BY SaleId")[0]
    return {"sale": row[0], "lead": row[1], "client": row[2], "campaign": row[3]}

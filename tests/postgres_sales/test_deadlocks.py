"""SAL-6 deadlock demonstration (920): two sessions, opposite lock order, 40P01; lock ordering; retry wrapper.

These tests need several sessions: each opens its own connections, never commits (every session rolls back),
and orchestrates the interleaving by waiting until the other session is seen blocked in pg_stat_activity.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

pytestmark = pytest.mark.postgres

BUDGET_A, BUDGET_B = 1, 2


def _wait_until_blocked(observer: psycopg.Connection, pid: int, timeout: float = 20.0) -> None:
    """Poll (a query, not a sleep) until `pid` waits on a heavyweight lock held by another session."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = observer.execute("SELECT wait_event_type, cardinality(pg_blocking_pids(pid)) FROM pg_stat_activity "
                               "WHERE pid = %s", (pid,)).fetchone()
        if row and row[0] == "Lock" and row[1] > 0:
            return
    raise AssertionError(f"session {pid} never blocked")


class Session:
    """A connection whose statements run in a background thread, so the test can interleave two of them."""

    def __init__(self, db: Any, deadlock_timeout: str) -> None:
        self.conn = db.connect("promptsales", autocommit=False)
        self.conn.execute(f"SET deadlock_timeout = '{deadlock_timeout}'")
        self.pid = self.conn.info.backend_pid
        self.error: psycopg.Error | None = None
        self.result: Any = None
        self._thread: threading.Thread | None = None

    def run(self, sql: str, params: tuple = ()) -> Any:
        return self.conn.execute(sql, params).fetchone()

    def start(self, sql: str, params: tuple = ()) -> None:
        def target() -> None:
            try:
                self.result = self.run(sql, params)
            except psycopg.Error as exc:
                self.error = exc
        self._thread = threading.Thread(target=target, daemon=True)
        self._thread.start()

    def join(self) -> None:
        assert self._thread is not None
        self._thread.join(timeout=60)
        assert not self._thread.is_alive(), "statement still running after 60 s"

    def close(self) -> None:
        self.conn.rollback()
        self.conn.close()


@pytest.fixture
def sessions(sales_db) -> Callable[[str], Session]:
    opened: list[Session] = []

    def open_session(deadlock_timeout: str) -> Session:
        s = Session(sales_db, deadlock_timeout)
        opened.append(s)
        return s
    yield open_session
    for s in reversed(opened):
        s.close()


@pytest.fixture
def observer(sales_db):
    conn = sales_db.connect("promptsales", autocommit=True)
    yield conn
    conn.close()


UPDATE = "UPDATE portal.budget SET amount = amount + %s WHERE budget_id = %s RETURNING budget_id"


@pytest.mark.req("SAL-6")
def test_two_sessions_locking_in_opposite_order_end_in_a_deadlock_error_40p01(sessions, observer) -> None:
    """A waits for B's row, B then asks for A's row: PostgreSQL aborts B (the session that closed the cycle)."""
    a, b = sessions("30s"), sessions("200ms")
    a.run(UPDATE, (-100, BUDGET_A))
    b.run(UPDATE, (-100, BUDGET_B))
    a.start(UPDATE, (100, BUDGET_B))
    _wait_until_blocked(observer, a.pid)

    with pytest.raises(psycopg.errors.DeadlockDetected) as raised:
        b.run(UPDATE, (100, BUDGET_A))
    b.conn.rollback()
    a.join()

    assert raised.value.sqlstate == "40P01"
    assert a.error is None and a.result == (BUDGET_B,)


@pytest.mark.req("SAL-6")
def test_locking_in_one_global_order_makes_the_opposite_transfer_wait_instead_of_deadlocking(sessions,
                                                                                             observer) -> None:
    """A holds row A; B's ordered transfer (B to A) asks for A first and waits holding nothing, so A gets B."""
    a, b = sessions("200ms"), sessions("200ms")
    a.run("SELECT budget_id FROM portal.budget WHERE budget_id = %s FOR UPDATE", (BUDGET_A,))
    b.start("SELECT demo.transfer_budget_ordered(%s, %s, 100)", (BUDGET_B, BUDGET_A))
    _wait_until_blocked(observer, b.pid)

    second_lock = a.run(UPDATE, (50, BUDGET_B))      # with the unordered version this would close a cycle
    a.conn.rollback()
    b.join()

    assert second_lock == (BUDGET_B,)
    assert b.error is None


@pytest.mark.req("SAL-6")
def test_the_retry_wrapper_survives_being_chosen_as_deadlock_victim(sessions, observer) -> None:
    """transfer_budget_with_retry loses at least one attempt to 40P01, retries, and succeeds."""
    a, b = sessions("30s"), sessions("1s")
    a.run(UPDATE, (-100, BUDGET_A))
    b.start("SELECT demo.transfer_budget_with_retry(%s, %s, 100, 5)", (BUDGET_B, BUDGET_A))
    _wait_until_blocked(observer, b.pid)

    a.start(UPDATE, (100, BUDGET_B))       # closes the cycle; b's shorter deadlock_timeout makes b the victim
    a.join()
    a.conn.rollback()
    b.join()

    assert a.error is None
    # After the victim's attempt is undone, its retry may again race A for row B (PostgreSQL does not promise
    # who wins), so the wrapper can need a third attempt; it must never need the whole budget of five.
    assert b.error is None and 2 <= b.result[0] <= 4

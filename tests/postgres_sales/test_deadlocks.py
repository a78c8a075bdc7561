"""SAL-6 deadlock demonstration (920): two sessions, opposite lock order, 40P01; lock ordering; retry wrapper.

These tests need several sessions: each opens its own connections, never commits (every session rolls back),
and orchestrates the interleaving by waiting until the other session is seen blocked (pg_stat_activity).

Who is the victim is decided, not raced: a waiting backend runs PostgreSQL's deadlock check once,
deadlock_timeout after it *started* waiting, and aborts itself if it finds a cycle. So every test makes the
intended victim's wait the one that closes the cycle (it starts waiting only after the other side is proven
waiting), gives it a short deadlock_timeout (DETECTS) and gives every other session a deadlock_timeout no test
lasts (NEVER_CHECKS), so no other session ever runs the check while the cycle exists. What happens after a
lost attempt (who takes what it freed) is decided by the lock manager granting a queued request, not by which
process the scheduler runs first: the old version of the retry test left that to a race its retry often won
under load (18 failures in 40 runs of `./promptsales stress`).
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
DETECTS = "100ms"        # the intended victim checks for a cycle this long after it starts waiting
NEVER_CHECKS = "1h"      # longer than any test: this session never runs the deadlock check


def _wait_until_blocked(observer: psycopg.Connection, pid: int, by: int | None = None,
                        timeout: float = 20.0) -> None:
    """Poll (a query, not a sleep) until `pid` waits on a heavyweight lock held by another session (by `by`,
    when given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = observer.execute("SELECT wait_event_type, pg_blocking_pids(pid) FROM pg_stat_activity "
                               "WHERE pid = %s", (pid,)).fetchone()
        if row and row[0] == "Lock" and row[1] and (by is None or by in row[1]):
            return
    raise AssertionError(f"session {pid} never blocked" + (f" by {by}" if by else ""))


class Session:
    """A connection whose statements run in a background thread, so the test can interleave two of them."""

    def __init__(self, db: Any, deadlock_timeout: str) -> None:
        self.conn = db.connect("promptsales", autocommit=False)
        self.conn.execute(f"SET deadlock_timeout = '{deadlock_timeout}'")
        self.pid = self.conn.info.backend_pid
        self.notices: list[str] = []
        self.conn.add_notice_handler(lambda diag: self.notices.append(diag.message_primary or ""))
        self.error: psycopg.Error | None = None
        self.result: Any = None
        self._thread: threading.Thread | None = None

    def run(self, sql: str, params: tuple = ()) -> Any:
        cur = self.conn.execute(sql, params)
        return cur.fetchone() if cur.description else cur.statusmessage

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
RETRY = "SELECT demo.transfer_budget_with_retry(%s, %s, 100, %s)"


@pytest.mark.req("SAL-6")
def test_two_sessions_locking_in_opposite_order_end_in_a_deadlock_error_40p01(sessions, observer) -> None:
    """A waits for B's row, B then asks for A's row: PostgreSQL aborts B (the session that closed the cycle)."""
    a, b = sessions(NEVER_CHECKS), sessions(DETECTS)
    a.run(UPDATE, (-100, BUDGET_A))
    b.run(UPDATE, (-100, BUDGET_B))
    a.start(UPDATE, (100, BUDGET_B))
    _wait_until_blocked(observer, a.pid, by=b.pid)

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
    a, b = sessions(DETECTS), sessions(DETECTS)
    a.run("SELECT budget_id FROM portal.budget WHERE budget_id = %s FOR UPDATE", (BUDGET_A,))
    b.start("SELECT demo.transfer_budget_ordered(%s, %s, 100)", (BUDGET_B, BUDGET_A))
    _wait_until_blocked(observer, b.pid, by=a.pid)

    second_lock = a.run(UPDATE, (50, BUDGET_B))      # with the unordered version this would close a cycle
    a.conn.rollback()
    b.join()

    assert second_lock == (BUDGET_B,)
    assert b.error is None


@pytest.mark.req("SAL-6")
def test_the_retry_wrapper_survives_being_chosen_as_deadlock_victim(sessions, observer) -> None:
    """The wrapper (transfer B to A) loses its first attempt to 40P01, retries once and succeeds: 2 attempts.

    Orchestration, step by step (W = wrapper, C = competitor holding row A, H = holder of row B):
    1. W's first attempt takes a ROW EXCLUSIVE lock on portal.budget and waits on H for row B.
    2. C asks for a SHARE lock on the table: it waits on W's ROW EXCLUSIVE (edge C -> W, held by the attempt).
    3. H rolls back: W updates row B and asks for row A, held by C. That new wait starts a new deadlock timer
       after the cycle W -> C -> W already exists, so W (DETECTS) finds it; C (NEVER_CHECKS) never looks.
    4. The lost attempt is undone, its table lock goes, C gets its SHARE lock; W's second attempt waits on C
       until C rolls back, then completes.
    """
    w, c, h = sessions(DETECTS), sessions(NEVER_CHECKS), sessions(NEVER_CHECKS)
    c.run(UPDATE, (-100, BUDGET_A))
    h.run(UPDATE, (0, BUDGET_B))
    w.start(RETRY, (BUDGET_B, BUDGET_A, 3))
    _wait_until_blocked(observer, w.pid, by=h.pid)
    c.start("LOCK TABLE portal.budget IN SHARE MODE")
    _wait_until_blocked(observer, c.pid, by=w.pid)

    h.conn.rollback()
    c.join()                                 # granted only once W's first attempt has been undone
    _wait_until_blocked(observer, w.pid, by=c.pid)
    c.conn.rollback()
    w.join()

    assert c.error is None
    assert w.error is None and w.result == (2,)
    assert w.notices == ["intento 1 de 3 abortado por interbloqueo; reintento en 50 ms"]


@pytest.mark.parametrize("max_attempts", [1, 3])
@pytest.mark.req("SAL-6")
def test_the_retry_wrapper_gives_up_with_a_clear_40p01_after_losing_every_attempt(sessions, observer,
                                                                                  max_attempts: int) -> None:
    """W holds row B from before the call, C holds row A and waits for B: a lost attempt keeps that earlier
    lock, so every attempt closes the same cycle and loses; after max_attempts the wrapper raises its own 40P01,
    which aborts W's transaction like any error, and C then gets row B."""
    w, c = sessions(DETECTS), sessions(NEVER_CHECKS)
    w.run("SELECT budget_id FROM portal.budget WHERE budget_id = %s FOR UPDATE", (BUDGET_B,))
    c.run(UPDATE, (-100, BUDGET_A))
    c.start(UPDATE, (100, BUDGET_B))
    _wait_until_blocked(observer, c.pid, by=w.pid)

    w.start(RETRY, (BUDGET_B, BUDGET_A, max_attempts))
    w.join()
    c.join()                                 # the final error aborted W's transaction and released row B
    w.conn.rollback()

    assert isinstance(w.error, psycopg.errors.DeadlockDetected)
    assert w.error.sqlstate == "40P01"
    assert w.error.diag.message_primary == (f"demo.transfer_budget_with_retry: transferencia {BUDGET_B} -> "
                                            f"{BUDGET_A} abandonada tras {max_attempts} intentos, todos abortados "
                                            "por interbloqueo")
    assert (w.error.diag.message_detail or "").startswith("último error: deadlock detected")
    assert w.notices == [f"intento {k} de {max_attempts} abortado por interbloqueo; reintento en {50 * 2 ** (k - 1)} ms"
                         for k in range(1, max_attempts)]
    assert c.error is None and c.result == (BUDGET_B,)


@pytest.mark.parametrize("max_attempts", [0, 11, None])
@pytest.mark.req("SAL-6")
def test_the_retry_wrapper_rejects_an_attempt_budget_outside_one_to_ten(sales_db, max_attempts) -> None:
    """p_max_attempts 0, 11 or NULL: 22023 before any row is touched (NULL used to mean retry forever)."""
    with sales_db.connect("promptsales") as conn:
        before = conn.execute("SELECT amount FROM portal.budget WHERE budget_id = %s", (BUDGET_B,)).fetchone()
        with pytest.raises(psycopg.errors.InvalidParameterValue) as raised:
            conn.execute(RETRY, (BUDGET_B, BUDGET_A, max_attempts))
        conn.rollback()
        after = conn.execute("SELECT amount FROM portal.budget WHERE budget_id = %s", (BUDGET_B,)).fetchone()
        conn.rollback()

    assert "entre 1 y 10" in raised.value.diag.message_primary
    assert after == before

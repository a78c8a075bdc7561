"""What every server shares: a small PostgreSQL connection pool, the cache-aside wrapper, the call log
through ``portal.log_mcp_call``, and the row/byte limits of every answer.

Read tools are plain functions wrapped by :meth:`Runtime.read_tool`; the wrapper keeps the function's signature
(the SDK derives the tool's JSON schema from it), runs the cache-aside, caps the answer and logs the call.
Every answer is an envelope ``{"data": …, "cache": {…}, "limits": {…}}``: the data returned to the model is
delimited as data, and the caller sees whether it came from the cache.
"""

from __future__ import annotations

import functools
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver.exceptions import ToolError

from mcp_servers.cache import ToolCache, arguments_hash
from mcp_servers.settings import ServerSettings

log = logging.getLogger("mcp_servers")


class Unavailable(ToolError):
    """A database, engine or sub-server a tool needs is missing or down (the message names it)."""


class BoundedPool:
    """What the PostgreSQL and SQL Server pools share: at most `size` connections in use, idle ones reused
    last-in first-out, and closing the idle ones at shutdown."""

    def __init__(self, what: str, size: int) -> None:
        self.what, self.size = what, size
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)

    def ready(self) -> bool:
        """True when a statement runs on a pooled connection (the /readyz check)."""
        raise NotImplementedError

    def _open(self) -> Any:
        raise NotImplementedError

    def _checkout(self) -> Any:
        """Take a slot (waiting up to 10 s) and an idle connection, or open a new one. The caller owns the slot
        from here and releases it; if no connection can be had, the slot is released here."""
        if not self._slots.acquire(timeout=10):
            raise Unavailable(f"{self.what}: every pooled connection is busy (pool of {self.size})")
        try:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                return self._open()
        except BaseException:
            self._slots.release()
            raise

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class PgPool(BoundedPool):
    """A bounded pool of autocommit connections with a server-side statement timeout."""

    def __init__(self, url: str, what: str, statement_timeout_ms: int, size: int = 8) -> None:
        super().__init__(what, size)
        self.url = url
        self.options = f"-c statement_timeout={int(statement_timeout_ms)} -c idle_in_transaction_session_timeout=10000"

    def _open(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=5, options=self.options,
                                   application_name="promptsales-mcp")
        except psycopg.OperationalError as exc:
            raise Unavailable(f"{self.what} is unavailable: {str(exc).strip().splitlines()[0]}") from exc

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        conn = self._checkout()
        try:
            if conn.closed:
                conn = self._open()
            yield conn
        except psycopg.OperationalError as exc:
            if conn is not None:
                conn.close()
            raise Unavailable(f"{self.what} is unavailable: {str(exc).strip().splitlines()[0]}") from exc
        finally:
            if conn is not None and not conn.closed:
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    conn.rollback()
                self._idle.put(conn)
            self._slots.release()

    def ready(self) -> bool:
        try:
            with self.connection() as conn:
                conn.execute("SELECT 1")
            return True
        except (ToolError, psycopg.Error):
            return False


def caller() -> str:
    """The OAuth client (and subject) of the current HTTP request; 'stdio' for a local stdio session."""
    token = get_access_token()
    if token is None:
        return "stdio"
    return token.client_id if not token.subject or token.subject == token.client_id else \
        f"{token.client_id}/{token.subject}"


def cap_rows(rows: list[Any], max_rows: int, max_bytes: int) -> tuple[list[Any], bool]:
    """At most max_rows rows whose JSON fits in max_bytes; True when something was cut."""
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    while rows and len(json.dumps(rows, default=str, ensure_ascii=False).encode("utf-8")) > max_bytes:
        rows = rows[: max(len(rows) // 2, 0)] if len(rows) > 1 else []
        truncated = True
    return rows, truncated


def jsonable(value: Any) -> Any:
    """Decimals, dates and other database types as JSON values (numbers stay numbers)."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(value: Any) -> Any:
    from decimal import Decimal  # noqa: PLC0415

    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return str(value)


class Runtime:
    """Shared services of one server process."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.cache = ToolCache(settings.redis_url, settings.namespace)
        self.log_pool = (PgPool(settings.log_pg_url, "PromptSales PostgreSQL (call log)",
                                settings.statement_timeout_ms, size=4) if settings.log_pg_url else None)
        if self.log_pool is None:
            log.warning("no PROMPTSALES_MCP_LOG_PG_URL / PROMPTSALES_MCP_SALES_PG_URL: calls are logged to stderr "
                        "only, not to portal.mcp_call")
        # The call log is written by one background thread in batches: a cached answer never waits for it.
        self._log_queue: queue.Queue[tuple] = queue.Queue(maxsize=10_000)
        self._log_thread = threading.Thread(target=self._write_log, name="mcp-call-log", daemon=True)
        if self.log_pool is not None:
            self._log_thread.start()

    def _write_log(self) -> None:
        assert self.log_pool is not None
        while True:
            batch = [self._log_queue.get()]
            while len(batch) < 200:
                try:
                    batch.append(self._log_queue.get_nowait())
                except queue.Empty:
                    break
            try:
                with self.log_pool.connection() as conn, conn.cursor() as cur:
                    cur.executemany("SELECT portal.log_mcp_call(%s, %s, %s, %s, %s, %s)", batch)
            except (ToolError, psycopg.Error) as exc:
                log.warning("could not write %d portal.mcp_call rows: %s", len(batch), exc)
            finally:
                for _ in batch:
                    self._log_queue.task_done()

    def flush_log(self, timeout: float = 10.0) -> None:
        """Wait until every queued call-log row was written (shutdown, tests)."""
        deadline = time.monotonic() + timeout
        while self._log_queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    @staticmethod
    def pool_state(pool: BoundedPool | None) -> str:
        """The /readyz word for a database pool: ok, not configured or unavailable."""
        if pool is None:
            return "not configured"
        return "ok" if pool.ready() else "unavailable"

    def shutdown(self, *pools: BoundedPool | None) -> None:
        """Write the queued call-log rows, then close the server's pools, the call-log pool and the cache."""
        self.flush_log()
        for pool in (*pools, self.log_pool):
            if pool is not None:
                pool.close()
        self.cache.close()

    def log_call(self, tool: str, arguments: dict[str, Any], started: float, outcome: str, rows: int) -> None:
        """One row in portal.mcp_call through the definer function; a failing log never fails the call."""
        duration = int((time.perf_counter() - started) * 1000)
        digest = arguments_hash(arguments)
        who = caller()
        log.info("call server=%s tool=%s caller=%s outcome=%s ms=%d rows=%d args=%s", self.settings.server_code,
                 tool, who, outcome, duration, rows, digest[:12])
        if self.log_pool is None:
            return
        try:
            self._log_queue.put_nowait((self.settings.server_code, tool, duration, outcome, digest, rows))
        except queue.Full:
            log.warning("call log queue full: dropped the portal.mcp_call row of %s", tool)

    def run_read(self, tool: str, arguments: dict[str, Any], ttl: int,
                 compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Cache-aside, limits and call log around one read; returns the answer envelope."""
        started = time.perf_counter()
        try:
            data, outcome = self.cache.get_or_compute(tool, arguments, ttl, lambda: jsonable(compute()))
        except ValueError as exc:
            self.log_call(tool, arguments, started, "error", 0)
            raise ToolError(f"{tool}: invalid arguments: {exc}") from exc
        except psycopg.errors.QueryCanceled as exc:
            self.log_call(tool, arguments, started, "error", 0)
            raise ToolError(f"{tool}: the query exceeded the server's statement timeout "
                            f"({self.settings.statement_timeout_ms} ms)") from exc
        except psycopg.errors.InsufficientPrivilege as exc:
            self.log_call(tool, arguments, started, "error", 0)
            raise ToolError(f"{tool}: refused by the database (read-only role): {exc.diag.message_primary}") \
                from exc
        except ToolError:
            self.log_call(tool, arguments, started, "error", 0)
            raise
        except psycopg.Error as exc:
            self.log_call(tool, arguments, started, "error", 0)
            log.warning("%s: database error %s: %s", tool, exc.sqlstate, exc)
            raise ToolError(f"{tool}: the database refused the query (SQLSTATE {exc.sqlstate})") from exc
        truncated = bool(data.get("truncated")) if isinstance(data, dict) else False
        rows = data.get("rows") if isinstance(data, dict) else None
        if isinstance(rows, list):
            capped, cut = cap_rows(rows, self.settings.max_rows, self.settings.max_bytes)
            if cut:
                data = {**data, "rows": capped}
                truncated = True
        n = len(data["rows"]) if isinstance(data, dict) and isinstance(data.get("rows"), list) else 1
        self.log_call(tool, arguments, started, "cached" if outcome.status == "hit" else "ok", n)
        return {"data": data, "cache": outcome.as_dict(),
                "limits": {"max_rows": self.settings.max_rows, "max_bytes": self.settings.max_bytes,
                           "truncated": truncated, "statement_timeout_ms": self.settings.statement_timeout_ms}}

    def read_tool(self, ttl: int) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
        """Decorator for a sync read tool returning {"rows": [...], ...}; keeps the signature (the schema)."""
        def decorate(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
            @functools.wraps(fn)
            def wrapper(**arguments: Any) -> dict[str, Any]:
                return self.run_read(fn.__name__, arguments, ttl, lambda: fn(**arguments))
            return wrapper
        return decorate

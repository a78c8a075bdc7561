"""SQL Server access for the ads and crm servers: least-privilege logins, a query timeout, bounded reads.

PROMPTSALES_MCP_ADS_MSSQL_URL / PROMPTSALES_MCP_CRM_MSSQL_URL are ``mssql://user:password@host:port/Database``
(or a full ODBC connection string). Every statement is a fixed, parameterised text of the server module.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit

from mcp_servers.runtime import Unavailable

QUERY_TIMEOUT_SECONDS = 5


def odbc_connection_string(url: str) -> str:
    if "driver=" in url.lower():
        return url
    parts = urlsplit(url)
    database = parts.path.lstrip("/") or "master"
    try:
        from harness.engines.odbc import connection_string  # noqa: PLC0415 - picks the installed driver

        return connection_string(parts.hostname or "localhost", parts.port or 1433, unquote(parts.username or ""),
                                 unquote(parts.password or ""), database)
    except ImportError:
        return (f"Driver={{ODBC Driver 18 for SQL Server}};Server={parts.hostname},{parts.port or 1433};"
                f"Database={database};UID={unquote(parts.username or '')};PWD={{{unquote(parts.password or '')}}};"
                "Encrypt=yes;")


class MssqlPool:
    def __init__(self, url: str, what: str, size: int = 6) -> None:
        self.conn_str, self.what, self.size = odbc_connection_string(url), what, size
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)

    def _open(self) -> Any:
        import pyodbc  # noqa: PLC0415

        try:
            conn = pyodbc.connect(self.conn_str, autocommit=True, timeout=5)
        except pyodbc.Error as exc:
            raise Unavailable(f"{self.what} is unavailable: {exc.args[-1] if exc.args else exc}") from exc
        conn.timeout = QUERY_TIMEOUT_SECONDS  # the driver cancels a statement running longer than this
        conn.execute("SET NOCOUNT ON; SET LOCK_TIMEOUT 3000; SET TRANSACTION ISOLATION LEVEL READ COMMITTED;")
        return conn

    @contextmanager
    def connection(self) -> Iterator[Any]:
        import pyodbc  # noqa: PLC0415

        if not self._slots.acquire(timeout=10):
            raise Unavailable(f"{self.what}: every pooled connection is busy")
        conn = None
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._open()
            yield conn
            self._idle.put(conn)
            conn = None
        except pyodbc.OperationalError as exc:
            raise Unavailable(f"{self.what} is unavailable: {exc.args[-1] if exc.args else exc}") from exc
        finally:
            if conn is not None:
                conn.close()
            self._slots.release()

    def rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        with self.connection() as conn:
            cur = conn.execute(sql, params)
            while cur.description is None and cur.nextset():
                pass  # skip what precedes the result set (a batch's DECLARE, a procedure's messages)
            if cur.description is None:
                return []
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchmany(5000)]

    def ready(self) -> bool:
        try:
            self.rows("SELECT 1 AS ok")
            return True
        except Exception:  # noqa: BLE001
            return False

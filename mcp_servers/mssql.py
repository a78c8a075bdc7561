"""SQL Server access for the ads and crm servers: least-privilege logins, a query timeout, bounded reads.

PROMPTSALES_MCP_ADS_MSSQL_URL / PROMPTSALES_MCP_CRM_MSSQL_URL are ``mssql://user:password@host:port/Database``
(or a full ODBC connection string). Every statement is a fixed, parameterised text of the server module.
Driver errors become MCP tool errors that say what happened: a query timeout (SQLSTATE HYT00/HYT01), a statement
the login may not run (errors 229/230, permission denied), a lost connection (SQLSTATE 08xxx: the engine is
unavailable) or any other refusal (its SQLSTATE); the connection involved is discarded.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit

from mcp.server.mcpserver.exceptions import ToolError

from mcp_servers.runtime import BoundedPool, Unavailable

log = logging.getLogger("mcp_servers.mssql")

DEFAULT_TIMEOUT_MS = 5000
PERMISSION_DENIED = ("(229)", "(230)", "permission was denied")


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
        # In an ODBC braced value a closing brace is written twice.
        password = unquote(parts.password or "").replace("}", "}}")
        return (f"Driver={{ODBC Driver 18 for SQL Server}};Server={parts.hostname},{parts.port or 1433};"
                f"Database={database};UID={unquote(parts.username or '')};PWD={{{password}}};Encrypt=yes;")


def tool_error(what: str, exc: Exception) -> ToolError:
    """The MCP error for a pyodbc error raised while a statement ran (never the statement text)."""
    sqlstate = str(exc.args[0]) if len(exc.args) > 1 else ""
    message = str(exc.args[-1]) if exc.args else str(exc)
    if sqlstate in ("HYT00", "HYT01"):
        return ToolError(f"{what}: the query exceeded the query timeout and was cancelled")
    if sqlstate.startswith("08"):
        return Unavailable(f"{what} is unavailable: {message}")
    if any(marker in message for marker in PERMISSION_DENIED):
        return ToolError(f"{what} refused the statement: permission denied (least-privilege login)")
    log.warning("%s: database error %s: %s", what, sqlstate, message)
    return ToolError(f"{what} refused the query (SQLSTATE {sqlstate or 'unknown'})")


class MssqlPool(BoundedPool):
    def __init__(self, url: str, what: str, timeout_ms: int = DEFAULT_TIMEOUT_MS, size: int = 6) -> None:
        super().__init__(what, size)
        self.conn_str = odbc_connection_string(url)
        # pyodbc's query timeout is in whole seconds; the driver cancels a statement running longer.
        self.timeout_seconds = max(1, math.ceil(timeout_ms / 1000))

    def _open(self) -> Any:
        import pyodbc  # noqa: PLC0415

        try:
            conn = pyodbc.connect(self.conn_str, autocommit=True, timeout=5)
        except pyodbc.Error as exc:
            raise Unavailable(f"{self.what} is unavailable: {exc.args[-1] if exc.args else exc}") from exc
        conn.timeout = self.timeout_seconds
        try:
            conn.execute("SET NOCOUNT ON; SET LOCK_TIMEOUT 3000; SET TRANSACTION ISOLATION LEVEL READ COMMITTED;")
        except pyodbc.Error as exc:
            conn.close()
            raise tool_error(self.what, exc) from exc
        return conn

    @contextmanager
    def connection(self) -> Iterator[Any]:
        import pyodbc  # noqa: PLC0415

        conn = self._checkout()
        try:
            yield conn
            self._idle.put(conn)
            conn = None
        except pyodbc.Error as exc:
            raise tool_error(self.what, exc) from exc
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


def configured_pool(url: str | None, what: str, env_name: str,
                    timeout_ms: int) -> tuple[MssqlPool | None, Callable[[], MssqlPool]]:
    """The server's pool (None when its URL is not set) and the accessor its tools call: a tool of a server
    without its SQL Server answers an MCP error that names the missing variable."""
    pool = MssqlPool(url, what, timeout_ms) if url else None

    def db() -> MssqlPool:
        if pool is None:
            raise Unavailable(f"the {what} is not configured ({env_name} is not set)")
        return pool

    return pool, db

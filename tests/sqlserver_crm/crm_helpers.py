"""Helpers shared by the PromptCrm tests (plain functions; the fixtures live in conftest.py)."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pyodbc


def fetch_all(conn: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one statement and return the rows of its last result set (skips row-count-only results)."""
    cursor = conn.cursor()
    cursor.execute(sql, *params)
    rows: list[tuple[Any, ...]] = []
    while True:
        if cursor.description:
            rows = [tuple(r) for r in cursor.fetchall()]
        if not cursor.nextset():
            break
    return rows


def execute_all(conn: Any, sql: str, *params: Any) -> None:
    """Run a statement to completion, draining every result set and message (BACKUP/RESTORE need it)."""
    cursor = conn.cursor()
    cursor.execute(sql, *params)
    while cursor.nextset():
        pass


def tsql_literal(value: str) -> str:
    """An N'...' literal for DDL that cannot take parameters (passwords, file names)."""
    return "N'" + value.replace("'", "''") + "'"


def lock_waiters(conn: Any, spids: list[int]) -> set[int]:
    """Sessions among `spids` currently waiting on a lock (row lock or the demo gate's application lock)."""
    marks = ",".join("?" for _ in spids)
    rows = fetch_all(
        conn,
        f"SELECT session_id FROM sys.dm_exec_requests WHERE session_id IN ({marks}) AND wait_type LIKE N'LCK_M_%'",
        *spids,
    )
    return {r[0] for r in rows}


def spid(conn: Any) -> int:
    return int(fetch_all(conn, "SELECT @@SPID")[0][0])


def outcomes(futures: list[Future], timeout: float = 120) -> list[pyodbc.Error | None]:
    """Wait for each background call: None when it completed, the pyodbc error it raised otherwise."""
    results: list[pyodbc.Error | None] = []
    for future in futures:
        try:
            future.result(timeout=timeout)
            results.append(None)
        except pyodbc.Error as exc:
            results.append(exc)
    return results

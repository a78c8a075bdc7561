"""CRM-13: one of the two client processes of a deadlock between two computers.

Run it twice against the same PromptCrm server, from two hosts (two computers, two containers, two
Kubernetes pods or two network namespaces), one with ``--party A`` and one with ``--party B``:

    export PROMPTCRM_ODBC='DRIVER={ODBC Driver 18 for SQL Server};SERVER=crm-host,1433;'\
'DATABASE=PromptCrm;UID=...;PWD=...;TrustServerCertificate=yes'
    python deadlock_client.py --party A --run-id demo1 --client-a 101 --client-b 202

Party A updates client A and then client B; party B updates client B and then client A, each inside one
transaction (the procedure crm.CRMSP_TouchClient does each update). Between its two updates each party
waits at a rendezvous kept by the server itself: it holds a session application lock named after itself
and polls APPLOCK_TEST until the other party holds its own, so both first updates are done before either
second update starts, whatever the network delay between the hosts. SQL Server then detects the cycle and
ends one transaction with error 1205; the other commits.

Prints one JSON line: {"party", "session_id", "host", "outcome": "committed" | "deadlock_victim" |
"timeout", "error"}. Exit code 0 for committed or deadlock_victim, 2 otherwise. The connection string
comes from PROMPTCRM_ODBC (never from the command line, so the password is not visible in ``ps``).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from typing import Any

import pyodbc

DEADLOCK = 1205


def _is_deadlock(exc: pyodbc.Error) -> bool:
    """SQLSTATE 40001 with native error 1205: this session was chosen as the deadlock victim."""
    text = " ".join(str(a) for a in exc.args)
    return (bool(exc.args) and exc.args[0] == "40001") or f"({DEADLOCK})" in text


def _wait_for_partner(cursor: Any, resource: str, timeout_s: float) -> bool:
    """Poll until another session holds the partner's rendezvous lock (readiness is a query)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        free = cursor.execute("SELECT APPLOCK_TEST('public', ?, 'Exclusive', 'Session')", resource).fetchval()
        if free == 0:
            return True
        time.sleep(0.05)
    return False


def run_party(connect: Any, party: str, run_id: str, client_a: int, client_b: int,
              timeout_s: float = 60.0) -> dict[str, Any]:
    """Run one party on a fresh connection from ``connect()``; returns the outcome record."""
    other = "B" if party == "A" else "A"
    first, second = (client_a, client_b) if party == "A" else (client_b, client_a)
    mine, theirs = f"crm13:{run_id}:{party}", f"crm13:{run_id}:{other}"
    conn = connect()
    conn.autocommit = True
    cursor = conn.cursor()
    record: dict[str, Any] = {"party": party, "host": socket.gethostname(), "outcome": "", "error": None}
    try:
        record["session_id"] = cursor.execute("SELECT @@SPID").fetchval()
        cursor.execute("SET LOCK_TIMEOUT -1; SET DEADLOCK_PRIORITY NORMAL;")
        cursor.execute("BEGIN TRANSACTION;")
        cursor.execute("EXEC crm.CRMSP_TouchClient @ClientId = ?", first)
        cursor.execute("EXEC sys.sp_getapplock @Resource = ?, @LockMode = 'Exclusive', @LockOwner = 'Session'", mine)
        if not _wait_for_partner(cursor, theirs, timeout_s):
            cursor.execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
            record.update(outcome="timeout", error=f"partner {other} never reached the rendezvous")
            return record
        cursor.execute("EXEC crm.CRMSP_TouchClient @ClientId = ?", second)
        cursor.execute("COMMIT TRANSACTION;")
        record["outcome"] = "committed"
    except pyodbc.Error as exc:
        record.update(outcome="deadlock_victim" if _is_deadlock(exc) else "error", error=str(exc)[:500])
        try:
            cursor.execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;")
        except pyodbc.Error:
            pass  # the session may already be gone; nothing left to undo
    finally:
        try:
            cursor.execute("IF APPLOCK_MODE('public', ?, 'Session') <> 'NoLock' "
                           "EXEC sys.sp_releaseapplock @Resource = ?, @LockOwner = 'Session';", mine, mine)
        except pyodbc.Error:
            pass  # closing the connection releases session locks anyway
        conn.close()
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--party", choices=("A", "B"), required=True)
    parser.add_argument("--run-id", required=True, help="same value on both hosts; names the rendezvous")
    parser.add_argument("--client-a", type=int, required=True)
    parser.add_argument("--client-b", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the other party")
    args = parser.parse_args(argv)
    odbc = os.environ.get("PROMPTCRM_ODBC")
    if not odbc:
        print("set PROMPTCRM_ODBC to an ODBC connection string for PromptCrm", file=sys.stderr)
        return 2
    record = run_party(lambda: pyodbc.connect(odbc, autocommit=True), args.party, args.run_id,
                       args.client_a, args.client_b, args.timeout)
    print(json.dumps(record), flush=True)
    return 0 if record["outcome"] in ("committed", "deadlock_victim") else 2


if __name__ == "__main__":
    sys.exit(main())

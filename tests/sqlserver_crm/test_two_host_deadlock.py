"""CRM-13: a deadlock between two client processes. Each party runs sqlserver_crm/clients/deadlock_client.py
as a separate OS process (as it would on two computers or two pods), connecting over the network to the
CRM server; they meet at a server-side rendezvous, so the deadlock does not depend on timing. Commits
(FollowUpCount of two clients, restored afterwards)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crm_helpers import execute_all, fetch_all

pytestmark = pytest.mark.mssql

CLIENT = Path(__file__).resolve().parents[2] / "sqlserver_crm" / "clients" / "deadlock_client.py"


@pytest.fixture
def two_clients(crm_conn: Any) -> Iterator[tuple[int, int]]:
    """Two client ids whose FollowUpCount is restored after the test."""
    rows = fetch_all(crm_conn, "SELECT TOP (2) ClientId, FollowUpCount FROM crm.Client ORDER BY ClientId DESC")
    yield rows[0][0], rows[1][0]
    for client, count in rows:
        execute_all(crm_conn, "UPDATE crm.Client SET FollowUpCount = ? WHERE ClientId = ?", count, client)


@pytest.mark.req("CRM-13")
def test_two_client_processes_deadlock_and_exactly_one_is_the_victim(
    crm_db: Any, two_clients: tuple[int, int], clean_log: int
) -> None:
    """Party A locks client a then b, party B b then a: one process reports 1205, the other commits."""
    env = {**os.environ, "PROMPTCRM_ODBC": crm_db.connection_string("PromptCrm")}
    run_id = str(uuid.uuid4())
    args = ["--run-id", run_id, "--client-a", str(two_clients[0]), "--client-b", str(two_clients[1])]
    processes = [
        subprocess.Popen([sys.executable, str(CLIENT), "--party", party, *args], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for party in ("A", "B")
    ]
    records = []
    for process in processes:
        out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err or out
        records.append(json.loads(out.strip().splitlines()[-1]))
    assert sorted(r["outcome"] for r in records) == ["committed", "deadlock_victim"]
    assert records[0]["session_id"] != records[1]["session_id"]
    assert {r["party"] for r in records} == {"A", "B"}

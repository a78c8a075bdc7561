"""The committed n8n workflow (n8n/workflows/promptsales_etl.json) read as data: triggers, connections,
watermarks, paging, credentials by reference only, no secret values."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from harness.n8n import WORKFLOW_FILE, WORKFLOW_ID

SOURCES = {"Ads": ("ads", "n8n-nodes-base.microsoftSql"), "CRM": ("crm", "n8n-nodes-base.microsoftSql"),
           "Content": ("content", "n8n-nodes-base.mongoDb")}
ALLOWED_TYPES = {"n8n-nodes-base.manualTrigger", "n8n-nodes-base.scheduleTrigger", "n8n-nodes-base.postgres",
                 "n8n-nodes-base.microsoftSql", "n8n-nodes-base.mongoDb", "n8n-nodes-base.redis",
                 "n8n-nodes-base.if", "n8n-nodes-base.stopAndError", "n8n-nodes-base.stickyNote"}


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return json.loads(WORKFLOW_FILE.read_text(encoding="utf-8"))


def _nodes(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["name"]: n for n in workflow["nodes"] if n["type"] != "n8n-nodes-base.stickyNote"}


def _edges(workflow: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [(src, out, target["node"]) for src, c in workflow["connections"].items()
            for out, targets in enumerate(c["main"]) for target in targets]


@pytest.mark.req("SAL-4")
@pytest.mark.req("OPS-4")
def test_the_workflow_is_n8n_nodes_only_with_a_minute_trigger_and_a_manual_one(workflow: dict[str, Any]) -> None:
    """Built from n8n's own nodes (no Code node, no hand-written program): a Schedule Trigger every minute
    (the 11 minutes are kept by the PostgreSQL gate) and a Manual Trigger, first, which `n8n execute` uses."""
    nodes = _nodes(workflow)
    assert {n["type"] for n in workflow["nodes"]} <= ALLOWED_TYPES
    assert workflow["id"] == WORKFLOW_ID and workflow["settings"]["executionOrder"] == "v1"
    schedule = [n for n in nodes.values() if n["type"] == "n8n-nodes-base.scheduleTrigger"]
    assert len(schedule) == 1
    assert schedule[0]["parameters"]["rule"]["interval"] == [{"field": "minutes", "minutesInterval": 1}]
    assert workflow["nodes"][0]["type"] == "n8n-nodes-base.manualTrigger"
    gate = nodes["Gate: run due? (PostgreSQL clock, lease)"]["parameters"]["query"]
    assert "etl.try_start_run('promptsales_etl', clock_timestamp()" in gate


@pytest.mark.req("SAL-4")
def test_every_node_is_connected_and_reachable_from_a_trigger(workflow: dict[str, Any]) -> None:
    """Every connection names an existing node and every node is reached from a trigger."""
    nodes = _nodes(workflow)
    edges = _edges(workflow)
    assert all(src in nodes and dst in nodes for src, _out, dst in edges)
    seen = {n for n, v in nodes.items() if v["type"].endswith("Trigger")}
    frontier = list(seen)
    while frontier:
        current = frontier.pop()
        for src, _out, dst in edges:
            if src == current and dst not in seen:
                seen.add(dst)
                frontier.append(dst)
    assert seen == set(nodes)


@pytest.mark.req("SAL-3")
@pytest.mark.req("SAL-4")
@pytest.mark.parametrize("label", sorted(SOURCES))
def test_each_source_reads_from_its_watermark_and_pages_through_everything(
        workflow: dict[str, Any], label: str) -> None:
    """read watermark -> fetch one page after it (ordered by version) -> apply -> back to read watermark,
    until a page is empty: a page limit never leaves rows behind, and the next page starts exactly where the
    committed batch left the watermark (its highest version, never the clock)."""
    source, node_type = SOURCES[label]
    nodes = _nodes(workflow)
    edges = _edges(workflow)
    read_name = f"{label}: read watermark"
    read = nodes[read_name]["parameters"]["query"]
    assert "FROM etl.watermark" in read and f"WHERE source = '{source}'" in read
    fetch_name = next(n for n, v in nodes.items() if v["type"] == node_type and n.startswith(label))
    fetch = nodes[fetch_name]["parameters"]
    if node_type == "n8n-nodes-base.microsoftSql":
        assert "$json.after_version" in fetch["query"] and "MIN_ACTIVE_ROWVERSION()" in fetch["query"]
        assert re.search(r"DECLARE @PageSize int = \d+;", fetch["query"]) and "TOP (@PageSize)" in fetch["query"]
        assert ("ORDER BY d.version" if label == "Ads" else "ORDER BY l.version") in fetch["query"]
    else:
        pipeline = json.loads(fetch["query"])
        after = {"$toDate": {"$toLong": "$1"}}
        assert pipeline[0] == {"$match": {"$expr": {"$gt": ["$updated_at", after]}}}
        assert {"$sort": {"updated_at": 1, "_id": 1}} in pipeline and any("$limit" in st for st in pipeline)
        # the page is completed to its last whole millisecond, so the exclusive watermark skips nothing
        lookup = next(st["$lookup"] for st in pipeline if "$lookup" in st)
        assert lookup["from"] == "publications" and lookup["let"] == {"hi": "$hi"}
        assert lookup["pipeline"][0] == {"$match": {"$expr": {"$and": [
            {"$gt": ["$updated_at", after]}, {"$lte": ["$updated_at", "$$hi"]}]}}}
        assert fetch["queryParameters"] == "={{ [String($json.after_version)] }}"
    assert (read_name, 0, fetch_name) in edges
    assert (f"{label}: rows in page?", 0, f"{label}: apply delta") in edges
    # both ways out of an applied batch lead back to the watermark; only an empty (or stale) page ends it
    assert (f"{label}: bump MCP cache version", 0, read_name) in edges
    assert (f"{label}: watermark moved?", 0, read_name) in edges
    apply_sql = nodes[f"{label}: apply delta"]["parameters"]["query"]
    assert "etl.apply_delta(" in apply_sql and f"'source', '{source}'" in apply_sql
    assert "'watermark'" not in apply_sql and "now()" not in apply_sql   # the batch's highest version


@pytest.mark.req("SAL-4")
@pytest.mark.parametrize("label", sorted(SOURCES))
def test_a_failing_source_branch_logs_its_failure_and_hands_on_to_the_next(
        workflow: dict[str, Any], label: str) -> None:
    """fetch/apply/cache errors and a page that was never read go to etl.record_failed_run, which then
    continues with the next source (or the end of the run), so one source down never stops the others."""
    nodes = _nodes(workflow)
    edges = _edges(workflow)
    fail = f"{label}: record failed run"
    assert "etl.record_failed_run(" in nodes[fail]["parameters"]["query"]
    incoming = {(src, out) for src, out, dst in edges if dst == fail}
    fetch_name = next(n for n in nodes if n.startswith(f"{label}: fetch page"))
    assert {(fetch_name, 1), (f"{label}: page read?", 1), (f"{label}: apply delta", 1),
            (f"{label}: bump MCP cache version", 1)} <= incoming
    for name in (fetch_name, f"{label}: apply delta", f"{label}: bump MCP cache version"):
        assert nodes[name].get("onError") == "continueErrorOutput"
    next_node = {"Ads": "CRM: read watermark", "CRM": "Content: read watermark",
                 "Content": "Finish run (release lease)"}[label]
    assert (fail, 0, next_node) in edges
    assert nodes[f"{label}: bump MCP cache version"]["parameters"] == {"operation": "incr",
                                                                       "key": "ps:{mcp:sales}:ver"}


@pytest.mark.req("SAL-4")
def test_credentials_are_references_and_no_secret_value_is_in_the_file(workflow: dict[str, Any]) -> None:
    """Nodes name credentials by id and name only; no password, connection string or key appears."""
    text = WORKFLOW_FILE.read_text(encoding="utf-8")
    for node in workflow["nodes"]:
        for cred in node.get("credentials", {}).values():
            assert set(cred) == {"id", "name"}
    assert not re.search(r"(?i)password|passwd|secret|mongodb://|postgres(ql)?://|redis://|Ps[A-Za-z0-9]{18}7!",
                         text)
    used = {c["id"] for n in workflow["nodes"] for c in n.get("credentials", {}).values()}
    assert used == {"psPostgresEtl01", "psMssqlAds00001", "psMssqlCrm00001", "psMongoContent1", "psRedisCache001"}

"""What the ads/crm/content servers promise about SQL Server and MongoDB that can be checked without those
engines: the ads status filter offers exactly the seeded ads.CampaignStatus codes, pyodbc errors become clear MCP
errors (timeout, permission denied, lost connection), and CON-5 template messages fit the campaign_logs
validator. The statements themselves run in test_mcp_engines.py wherever SQL Server and MongoDB run."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import anyio
import pyodbc
import pytest
from mcp import Client

from mcp_servers import ads, content
from mcp_servers.mssql import tool_error
from mcp_servers.runtime import Unavailable
from mcp_servers.settings import ServerSettings
from promptcontent.messages import POPULATIONS, compose_messages

REPO = Path(__file__).resolve().parents[2]


def _campaign_log_message_schema() -> dict:
    path = REPO / "mongo_content" / "050_create_campaign_logs.py"
    spec = importlib.util.spec_from_file_location("campaign_logs_050", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SCHEMA["properties"]["messages"]["items"]["properties"]["text"]


@pytest.mark.req("SAL-5")
def test_list_campaigns_offers_exactly_the_status_codes_seeded_in_promptads():
    """listCampaigns' status enum equals the ads.CampaignStatus codes MERGEd by 120_seed_reference_data.sql."""
    seed = (REPO / "sqlserver_ads" / "120_seed_reference_data.sql").read_text(encoding="utf-8")
    block = seed[seed.index("MERGE INTO ads.CampaignStatus"):]
    block = block[:block.index(") AS source")]
    seeded = set(re.findall(r"\('([A-Z_]+)', N'", block))

    async def schema() -> dict:
        async with Client(ads.build(ServerSettings(name="ads")).server, cache=None) as client:
            tools = (await client.list_tools()).tools
            return next(t for t in tools if t.name == "listCampaigns").input_schema

    status = anyio.run(schema)["properties"]["status"]
    offered = {v for option in status.get("anyOf", [status]) for v in option.get("enum", [])}
    assert len(seeded) == 6 and offered == seeded


@pytest.mark.req("NFR-SEC1", "NFR-SEC5")
def test_sql_server_driver_errors_become_clear_mcp_errors():
    """A query timeout, a permission denial, a lost connection and other refusals each get their own message."""
    timeout = tool_error("PromptAds SQL Server", pyodbc.OperationalError(
        "HYT00", "[HYT00] [Microsoft][ODBC Driver 18 for SQL Server]Query timeout expired (0) (SQLExecDirectW)"))
    denied = tool_error("PromptCrm SQL Server", pyodbc.ProgrammingError(
        "42000", "[42000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]The SELECT permission was denied "
                 "on the object 'Client', database 'PromptCrm', schema 'crm'. (229) (SQLExecDirectW)"))
    lost = tool_error("PromptAds SQL Server", pyodbc.OperationalError(
        "08S01", "[08S01] [Microsoft][ODBC Driver 18 for SQL Server]Communication link failure (0)"))
    other = tool_error("PromptAds SQL Server", pyodbc.Error(
        "HY000", "[HY000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Lock request time out period "
                 "exceeded. (1222) (SQLExecDirectW)"))
    assert "query timeout" in str(timeout) and not isinstance(timeout, Unavailable)
    assert "permission denied" in str(denied) and "Client" not in str(denied)
    assert isinstance(lost, Unavailable) and "unavailable" in str(lost)
    assert str(other) == "PromptAds SQL Server refused the query (SQLSTATE HY000)"


@pytest.mark.req("CON-5")
def test_template_messages_of_a_long_one_sentence_description_fit_the_campaign_logs_validator():
    """A 4000-character description without a full stop gives three messages per population within the
    validator's 20..1000 characters; a description too terse to compose from is refused, not stored."""
    limits = _campaign_log_message_schema()
    description = ("Volcano Coffee cold brew for busy mornings made with beans from Costa Rican farms " * 60)[:4000]
    for population in POPULATIONS:
        messages = content.fit_messages(compose_messages(description, population, "Volcano Coffee"))
        assert [m["stage"] for m in messages] == ["awareness", "consideration", "action"]
        assert all(limits["minLength"] <= len(m["text"]) <= limits["maxLength"] for m in messages)
    assert content.MESSAGE_MAX == limits["maxLength"] and content.MESSAGE_MIN == limits["minLength"]
    seniors = next(p for p in POPULATIONS if p.code == "seniors")
    with pytest.raises(ValueError, match="fewer than 20 characters"):
        content.fit_messages(compose_messages("Hi! " + "x" * 40, seniors, "Volcano Coffee"))

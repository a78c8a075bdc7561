"""End-to-end over streamable HTTP with OAuth: the central sales server and the content server, real PostgreSQL
and Redis; answers compared with an independent ground truth (SQL as the owner, or the Python aggregation of
the generated ETL rows)."""

from __future__ import annotations

from datetime import date

import anyio
import pytest
from ground_truth import expected, portal_info
from mcp_support import error_text, http_client, payload

from mcp_servers.runtime import jsonable
from mcp_servers.sales_queries import MetricQuery

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

SALES_TOOLS = {"getCampaignSummary", "getMetric", "rankCampaigns", "comparePeriods", "channelPerformance",
               "marketPerformance", "ask", "searchContent", "adsCampaignResults", "crmLeadFunnel"}


def run(coro):
    return anyio.run(lambda: coro)


async def _call(server, token, tool, args):
    async with http_client(server.url, token) as client:
        return await client.call_tool(tool, args)


@pytest.mark.req("SAL-5", "CON-4")
def test_both_servers_list_their_tools_with_typed_schemas(sales_http, content_http, sales_token, content_token):
    """tools/list gives every tool with a JSON schema: enumerations, bounds and required fields are the contract."""
    async def main():
        async with http_client(sales_http.url, sales_token) as client:
            sales = {t.name: t for t in (await client.list_tools()).tools}
        async with http_client(content_http.url, content_token) as client:
            content = {t.name: t for t in (await client.list_tools()).tools}
        return sales, content
    sales, content = anyio.run(main)
    assert set(sales) == SALES_TOOLS
    metric = sales["getMetric"].input_schema
    assert "roi" in str(metric["properties"]["metric"]) and metric["required"] == ["metric"]
    assert "quarter" in str(metric["properties"]["group_by"])
    assert sales["rankCampaigns"].input_schema["properties"]["top"]["maximum"] == 100
    assert set(content) == {"getContent"}, "no write tool without a write-capable MongoDB configuration"
    schema = content["getContent"].input_schema
    assert schema["required"] == ["text"]
    assert schema["properties"]["limit"]["minimum"] == 1 and schema["properties"]["limit"]["maximum"] == 50
    assert all(t.description for t in [*sales.values(), *content.values()])

"""End-to-end over streamable HTTP with OAuth: the central sales server and the content server, real PostgreSQL
and Redis; answers compared with an independent ground truth (SQL as the owner, or the Python aggregation of
the generated ETL rows)."""

from __future__ import annotations

from datetime import date

import anyio
import pytest
from ground_truth import expected, portal_info
from mcp_support import error_text, http_client, payload, wait_rows

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


def _codes(admin, q: MetricQuery) -> dict:
    """Filter codes as the test resolves them (exact codes only in these calls)."""
    return {name: getattr(q, name) for name in ("company", "channel", "market", "campaign")}


@pytest.mark.req("SAL-5")
@pytest.mark.parametrize(("tool", "args", "query"), [
    ("getMetric", {"metric": "reach"}, MetricQuery("reach")),
    ("getMetric", {"metric": "sales", "group_by": "quarter", "date_from": "2025-01-01", "date_to": "2025-12-31"},
     MetricQuery("sales", group_by="quarter", date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))),
    ("getMetric", {"metric": "roi", "group_by": "company", "top": 3, "order": "asc"},
     MetricQuery("roi", group_by="company", top=3, order="asc")),
    ("rankCampaigns", {"metric": "success_pct", "top": 5},
     MetricQuery("success_pct", group_by="campaign", top=5)),
    ("comparePeriods", {"metric": "reach", "date_from": "2025-04-01", "date_to": "2025-06-30",
                        "compare_from": "2025-01-01", "compare_to": "2025-03-31", "group_by": "channel"},
     MetricQuery("reach", group_by="channel", date_from=date(2025, 4, 1), date_to=date(2025, 6, 30),
                 compare_from=date(2025, 1, 1), compare_to=date(2025, 3, 31))),
    ("channelPerformance", {"metric": "cost", "market": "CR"}, MetricQuery("cost", group_by="channel", market="CR")),
    ("marketPerformance", {"metric": "reactions", "company": "CO-0001"},
     MetricQuery("reactions", group_by="market", company="CO-0001")),
])
def test_typed_tools_answer_exactly_the_independent_aggregation(sales_http, sales_token, mcp_databases,
                                                                summary_fill, tool, args, query):
    """Each typed SAL-5 tool returns the figures of a Python aggregation of the ETL rows, plus the SQL it ran."""
    result = payload(anyio.run(_call, sales_http, sales_token, tool, args))
    with mcp_databases.admin() as admin:
        truth = expected(query, summary_fill, portal_info(admin), _codes(admin, query))
    assert result["data"]["rows"] == jsonable(truth)
    assert result["data"]["rows"], "every call here has data"
    assert result["data"]["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    assert result["data"]["query"]["metric"] == query.metric


@pytest.mark.req("SAL-5")
def test_campaign_summary_matches_the_effectiveness_view_read_as_owner(sales_http, sales_token, mcp_databases):
    """getCampaignSummary equals summary.v_campaign_effectiveness read directly, for one company."""
    result = payload(anyio.run(_call, sales_http, sales_token, "getCampaignSummary", {"company": "CO-0001"}))
    with mcp_databases.admin() as admin:
        cur = admin.execute("SELECT campaign_code, reach, sales_amount, cost, roi, success_pct "
                            "FROM summary.v_campaign_effectiveness WHERE company_code = 'CO-0001' "
                            "ORDER BY campaign_code")
        truth = [dict(zip([d.name for d in cur.description], r, strict=True)) for r in cur.fetchall()]
    got = [{k: r[k] for k in ("campaign_code", "reach", "sales_amount", "cost", "roi", "success_pct")}
           for r in result["data"]["rows"]]
    assert got == jsonable(truth)
    assert len(got) >= 2


@pytest.mark.req("RED-1", "NFR-P2")
def test_a_repeated_call_is_a_cache_hit_until_the_etl_bumps_the_namespace(sales_http, sales_token, mcp_redis,
                                                                          mcp_databases):
    """miss, then hit with the same answer under ps:{mcp:sales}:v<N>:…; INCR of the version makes it a miss."""
    _url, client = mcp_redis
    args = {"metric": "cost", "group_by": "year", "market": "MX"}

    async def three_calls():
        async with http_client(sales_http.url, sales_token) as mcp:
            first = payload(await mcp.call_tool("getMetric", args))
            second = payload(await mcp.call_tool("getMetric", dict(reversed(list(args.items())))))
            client.incr("ps:{mcp:sales}:ver")          # what the ETL does after an applied batch
            third = payload(await mcp.call_tool("getMetric", args))
            return first, second, third
    first, second, third = anyio.run(three_calls)
    assert first["cache"]["status"] == "miss"
    assert second["cache"]["status"] == "hit" and second["data"] == first["data"]
    assert second["cache"]["key"] == first["cache"]["key"]
    assert first["cache"]["key"].startswith("ps:{mcp:sales}:v") and ":getMetric:" in first["cache"]["key"]
    assert client.ttl(first["cache"]["key"]) > 0
    assert third["cache"]["status"] == "miss" and third["cache"]["key"] != first["cache"]["key"]
    assert third["data"] == first["data"]
    rows = wait_rows(mcp_databases.admin, "SELECT outcome, arguments_sha256 FROM portal.mcp_call "
                     "WHERE mcp_server_code = 'promptsales-mcp' AND tool_name = 'getMetric' AND arguments_sha256 = %s "
                     "ORDER BY mcp_call_id", (first["cache"]["key"].rsplit(":", 1)[1],), 3)
    assert [r[0] for r in rows[-3:]] == ["ok", "cached", "ok"]


@pytest.mark.req("SAL-5", "NFR-SEC5")
def test_every_call_is_logged_through_log_mcp_call_with_its_outcome(sales_http, sales_token, mcp_databases):
    """A successful and a failing call each leave a portal.mcp_call row (hash of the arguments, duration)."""
    with mcp_databases.admin() as admin:
        before = admin.execute("SELECT coalesce(max(mcp_call_id), 0) FROM portal.mcp_call").fetchone()[0]

    async def calls():
        async with http_client(sales_http.url, sales_token) as mcp:
            ok = await mcp.call_tool("getCampaignSummary", {"campaign": "CMP-000002"})
            bad = await mcp.call_tool("getMetric", {"metric": "reach", "company": "no such company"})
            return ok, bad
    ok, bad = anyio.run(calls)
    assert payload(ok)["data"]["rows"][0]["campaign_code"] == "CMP-000002"
    assert "unknown company" in error_text(bad)
    rows = wait_rows(mcp_databases.admin, "SELECT tool_name, outcome, result_rows, length(arguments_sha256), "
                     "duration_ms >= 0 FROM portal.mcp_call WHERE mcp_call_id > %s AND mcp_server_code = "
                     "'promptsales-mcp' AND tool_name IN ('getCampaignSummary', 'getMetric') ORDER BY mcp_call_id",
                     (before,), 2)
    assert ("getCampaignSummary", "ok", 1, 64, True) in rows
    assert ("getMetric", "error", 0, 64, True) in rows


@pytest.mark.req("CON-4", "SAL-5")
def test_the_central_server_calls_the_content_server_over_mcp(sales_http, sales_token, content_http, issuer):
    """searchContent on the central server is getContent on the content server, reached over streamable HTTP
    with a client-credentials token; the images come back best first with their metadata."""
    requests_before = issuer.token_requests
    result = payload(anyio.run(_call, sales_http, sales_token, "searchContent",
                               {"text": "hot noodle soup with an egg", "limit": 3}))
    assert result["source"] == "content:getContent"
    rows = result["data"]["rows"]
    assert len(rows) == 3
    assert {"image_code", "description", "hashtags", "format", "url", "score"} <= set(rows[0])
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert "ramen" in rows[0]["description"].lower() or "noodle" in rows[0]["description"].lower()
    assert issuer.token_requests >= requests_before  # token cached or fetched, never missing
    direct = payload(anyio.run(_call, content_http, issuer.mint(["mcp:content"]), "getContent",
                               {"text": "hot noodle soup with an egg", "limit": 3}))
    assert [r["image_code"] for r in direct["data"]["rows"]] == [r["image_code"] for r in rows]


@pytest.mark.req("SAL-5", "NFR-F1")
@pytest.mark.parametrize(("tool", "args", "missing"), [
    ("adsCampaignResults", {"campaign": "CMP-000001"}, "PromptAds MCP server is not configured"),
    ("crmLeadFunnel", {"campaign": "CMP-000001"}, "PromptCrm MCP server is not configured"),
])
def test_a_missing_sub_server_is_named_in_the_error_while_the_rest_works(sales_http, sales_token, tool, args,
                                                                        missing):
    """Without ads/crm servers their tools fail with a message naming what is missing; summaries still answer."""
    async def calls():
        async with http_client(sales_http.url, sales_token) as mcp:
            return await mcp.call_tool(tool, args), await mcp.call_tool("getMetric", {"metric": "reach"})
    failed, works = anyio.run(calls)
    assert missing in error_text(failed)
    assert payload(works)["data"]["rows"]


@pytest.mark.req("CON-4", "RED-1")
def test_get_content_answers_spanish_and_english_and_a_refresh_bump_invalidates(content_http, content_token,
                                                                                mcp_redis):
    """A Spanish and an English description of the same subject find images; the repeat is a cache hit and the
    content namespace bump (what an index refresh does) makes the next call a miss."""
    _url, client = mcp_redis

    async def calls():
        async with http_client(content_http.url, content_token) as mcp:
            es = payload(await mcp.call_tool("getContent", {"text": "sopa de fideos caliente con huevo", "limit": 5}))
            en = payload(await mcp.call_tool("getContent", {"text": "hot noodle soup with an egg", "limit": 5}))
            again = payload(await mcp.call_tool("getContent", {"text": "hot noodle soup with an egg", "limit": 5}))
            client.incr("ps:{mcp:content}:ver")
            after = payload(await mcp.call_tool("getContent", {"text": "hot noodle soup with an egg", "limit": 5}))
            empty = payload(await mcp.call_tool("getContent", {"text": "hot noodle soup", "min_score": 1.0}))
            bad = await mcp.call_tool("getContent", {"text": "ramen", "limit": 51})
            return es, en, again, after, empty, bad
    es, en, again, after, empty, bad = anyio.run(calls)
    assert len(es["data"]["rows"]) == 5 and len(en["data"]["rows"]) == 5
    assert {r["image_code"] for r in es["data"]["rows"]} & {r["image_code"] for r in en["data"]["rows"]}
    assert en["cache"]["status"] == "miss" and again["cache"]["status"] == "hit"
    assert again["data"] == en["data"]
    assert after["cache"]["status"] == "miss" and after["cache"]["key"] != en["cache"]["key"]
    assert en["cache"]["key"].startswith("ps:{mcp:content}:v")
    assert empty["data"]["rows"] == []
    assert "limit" in error_text(bad)


@pytest.mark.req("SAL-5", "NFR-F1")
def test_a_sub_server_whose_engine_is_missing_or_that_is_down_is_named_in_the_error(
        mcp_databases, mcp_redis, issuer, log_dir):
    """The central server reaches a running ads server without SQL Server: the error names the missing engine;
    a crm URL where nothing listens: the error names the unreachable server; the summaries keep answering."""
    from mcp_support import oauth_env, sales_env, start_http_server  # noqa: PLC0415

    from harness.engines.base import free_port  # noqa: PLC0415

    ads = start_http_server("ads", oauth_env(issuer), free_port(), log_dir)
    client_id = "promptsales-central"
    env = {**sales_env(mcp_databases, mcp_redis[0]), **oauth_env(issuer), "PROMPTSALES_MCP_ADS_URL": ads.url,
           "PROMPTSALES_MCP_CRM_URL": f"http://127.0.0.1:{free_port()}/mcp",
           "PROMPTSALES_OAUTH_TOKEN_URL": issuer.token_url, "PROMPTSALES_MCP_CLIENT_ID": client_id,
           "PROMPTSALES_MCP_CLIENT_SECRET": issuer.clients[client_id][0]}
    central = start_http_server("sales", env, free_port(), log_dir)
    try:
        async def calls():
            async with http_client(central.url, issuer.mint(["mcp:sales"])) as mcp:
                return [await mcp.call_tool("adsCampaignResults", {"campaign": "CMP-000001"}),
                        await mcp.call_tool("crmLeadFunnel", {"campaign": "CMP-000001"}),
                        await mcp.call_tool("getMetric", {"metric": "campaigns"})]
        ads_answer, crm_answer, works = anyio.run(calls)
        assert "PromptAds SQL Server is not configured" in error_text(ads_answer)
        assert "PromptCrm MCP server at" in error_text(crm_answer) and "unavailable" in error_text(crm_answer)
        assert payload(works)["data"]["rows"][0]["campaigns"] > 0
    finally:
        central.stop()
        ads.stop()

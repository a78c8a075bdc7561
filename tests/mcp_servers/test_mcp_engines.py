"""The ads and crm servers on real SQL Server (least-privilege logins), and CON-5 storing into real MongoDB with
an insert-only user. Here they skip with the engine's reason; wherever SQL Server / MongoDB run they run for real.
The servers are used in process through mcp.Client (the same MCPServer the transports serve)."""

from __future__ import annotations

import secrets
from typing import Any

import anyio
import pytest
from mcp import Client, types
from mcp.server.mcpserver.exceptions import ToolError
from mcp_support import error_text, payload

from mcp_servers import ads, content, crm
from mcp_servers.runtime import jsonable
from mcp_servers.settings import ServerSettings


def _mssql_url(engine: Any, user: str, password: str, database: str) -> str:
    from urllib.parse import quote  # noqa: PLC0415

    return f"mssql://{user}:{quote(password, safe='')}@{engine.host}:{engine.port}/{database}"


def _rows(conn: Any, sql: str, params: tuple = ()) -> list[dict]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


async def _calls(server: Any, calls: list[tuple[str, dict]], **kwargs: Any) -> list[Any]:
    async with Client(server, cache=None, **kwargs) as client:
        return [await client.call_tool(tool, args) for tool, args in calls]


@pytest.mark.mssql
@pytest.mark.req("ADS-5", "SAL-5", "NFR-SEC5")
def test_ads_tools_answer_like_the_objects_read_as_owner_and_the_login_cannot_write(ads_db, settings):
    """listChannels, getCampaignSalesReach and negativeSentimentDrop equal the T-SQL objects read as sa; the
    promptads_mcp login cannot update a campaign."""
    url = _mssql_url(ads_db, "promptads_mcp", settings.ads_mcp_password, "PromptAds")
    built = ads.build(ServerSettings(name="ads", ads_mssql_url=url))
    admin = ads_db.connect("PromptAds")
    scenario = _rows(admin, "SELECT TOP (1) co.CompanyCode, g.StartsOn, g.EndsOn FROM ads.GeneratedScenario AS g "
                            "INNER JOIN ads.Campaign AS c ON g.CampaignId = c.CampaignId "
                            "INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId")[0]
    window = {"company": scenario["CompanyCode"], "date_from": scenario["StartsOn"].isoformat(),
              "date_to": scenario["EndsOn"].isoformat()}
    channels, reach, negative, bad = anyio.run(_calls, built.server, [
        ("listChannels", {}), ("getCampaignSalesReach", {"limit": 20}), ("negativeSentimentDrop", window),
        ("getCampaignResults", {"campaign": "CMP-1; DROP TABLE ads.Campaign"})])
    assert payload(channels)["data"]["rows"] == jsonable(_rows(admin, (
        "SELECT ChannelCode, ChannelName, ChannelType, PlatformName, CostPerThousand, EngagementRate, "
        "ConversionRate, IsInfluencerChannel FROM ads.Channel ORDER BY ChannelCode")))
    assert payload(reach)["data"]["rows"] == jsonable(_rows(admin, (
        "SELECT TOP (20) CampaignCode, CompanyCode, StartDate, EndDate, StatusCode, Reach, SalesCount, SalesAmount, "
        "Cost FROM ads.vw_CampaignSalesReach ORDER BY CampaignCode")))
    truth = _rows(admin, "SELECT * FROM ads.ufn_NegativeSentimentInfluencerDrop(?, ?, ?) ORDER BY ReactionDropPct "
                         "DESC, AdId", (scenario["CompanyCode"], scenario["StartsOn"], scenario["EndsOn"]))
    got = payload(negative)["data"]["rows"]
    assert [r["AdId"] for r in got] == [r["AdId"] for r in truth] and got
    assert "campaign" in error_text(bad).lower()
    with pytest.raises(ToolError, match="permission denied"):
        built_pool = ads.MssqlPool(url, "PromptAds")
        built_pool.rows("UPDATE ads.Campaign SET Budget = Budget WHERE 1 = 0; SELECT 1 AS x")


@pytest.mark.mssql
@pytest.mark.req("CRM-3", "CRM-4", "SAL-5", "NFR-SEC5")
def test_crm_tools_answer_like_the_objects_read_as_owner_and_personal_data_is_denied(crm_db, settings):
    """getLeadFunnel and reconcileWithAds equal the CRM objects read as sa; promptcrm_mcp cannot read crm.Client
    nor delete a sale."""
    url = _mssql_url(crm_db, "promptcrm_mcp", settings.crm_mcp_password, "PromptCrm")
    built = crm.build(ServerSettings(name="crm", crm_mssql_url=url))
    admin = crm_db.connect("PromptCrm")
    campaign = _rows(admin, "SELECT TOP (1) c.CampaignCode FROM crm.Campaign AS c "
                            "WHERE EXISTS (SELECT 1 FROM crm.Lead AS l WHERE l.CampaignId = c.CampaignId) "
                            "ORDER BY c.CampaignCode")[0]["CampaignCode"]
    funnel, reconcile = anyio.run(_calls, built.server, [("getLeadFunnel", {"campaign": campaign}),
                                                         ("reconcileWithAds", {"only_mismatches": False})])
    truth = _rows(admin, """SELECT fs.StageCode, COUNT(l.LeadId) AS Leads FROM crm.FunnelStage AS fs
                            LEFT JOIN crm.Lead AS l ON l.FunnelStageId = fs.FunnelStageId AND l.CampaignId =
                              (SELECT CampaignId FROM crm.Campaign WHERE CampaignCode = ?)
                            GROUP BY fs.StageOrder, fs.StageCode ORDER BY fs.StageOrder""", (campaign,))
    assert [(r["StageCode"], r["Leads"]) for r in payload(funnel)["data"]["rows"]] == \
        [(r["StageCode"], r["Leads"]) for r in truth]
    everything = _rows(admin, "EXEC crm.CRMSP_ReconcileWithAds @OnlyMismatches = 0")
    assert len(payload(reconcile)["data"]["rows"]) == len(everything)
    pool = crm.MssqlPool(url, "PromptCrm")
    for statement in ("SELECT TOP (1) * FROM crm.Client", "DELETE FROM crm.Sale WHERE 1 = 0; SELECT 1 AS x"):
        with pytest.raises(ToolError, match="permission denied"):
            pool.rows(statement)


@pytest.fixture
def content_writer(content_db: Any, mongo_server: Any) -> Any:
    """A MongoDB user holding only promptcontentMcpWriter (insert into the two CON-5 collections)."""
    from urllib.parse import quote, urlsplit, urlunsplit  # noqa: PLC0415

    user, password = f"mcp_writer_{secrets.token_hex(3)}", secrets.token_urlsafe(18)
    content_db.command("createUser", user, pwd=password, roles=[{"role": "promptcontentMcpWriter",
                                                                 "db": content_db.name}])
    parts = urlsplit(mongo_server.url)
    host = parts.netloc.rsplit("@", 1)[-1]
    query = "&".join(p for p in (parts.query, f"authSource={content_db.name}") if p)
    url = urlunsplit((parts.scheme, f"{quote(user)}:{quote(password, safe='')}@{host}", f"/{content_db.name}",
                      query, ""))
    yield url
    content_db.command("dropUser", user)
    made = [r["request_code"] for r in content_db.content_requests.find({"source": "mcp", "requested_by": "stdio"})]
    content_db.campaign_logs.delete_many({"request_code": {"$in": made}})
    content_db.content_requests.delete_many({"request_code": {"$in": made}})


@pytest.mark.mongo
@pytest.mark.req("CON-5", "NFR-SEC5")
def test_con5_stores_the_request_and_three_messages_per_population(content_db, content_writer):
    """requestCampaignContent stores the request and, per population, exactly three messages from the
    templates (no sampling client); the writer can insert but not read; bad input leaves nothing behind."""
    built = content.build(ServerSettings(name="content", content_mongo_url=content_writer))
    description = ("Volcano Coffee launches a cold brew for busy mornings. It is smooth, strong and ready in "
                   "seconds, made with beans from Costa Rican farms.")
    ok, derived, bad = anyio.run(_calls, built.server, [
        ("requestCampaignContent", {"campaign_description": description, "brand": "Volcano Coffee",
                                    "populations": ["young-urban", "students"]}),
        ("requestCampaignContent", {"campaign_description": description, "brand": "Volcano Coffee"}),
        ("requestCampaignContent", {"campaign_description": "too short", "brand": "X"})])
    stored = payload(ok)["data"]
    assert stored["generator"] == ["promptcontent.messages.compose_messages"]
    request = content_db.content_requests.find_one({"request_code": stored["request_code"]})
    assert request["source"] == "mcp" and request["campaign_description"] == description
    logs = list(content_db.campaign_logs.find({"request_code": stored["request_code"]}))
    assert sorted(log["population_code"] for log in logs) == ["students", "young-urban"]
    assert all(len(log["messages"]) == 3 for log in logs)
    assert payload(derived)["data"]["populations"]
    assert error_text(bad)
    from pymongo import MongoClient  # noqa: PLC0415
    from pymongo.errors import OperationFailure  # noqa: PLC0415

    with MongoClient(content_writer) as writer, pytest.raises(OperationFailure):
        writer.get_default_database().content_requests.find_one()


@pytest.mark.mongo
@pytest.mark.req("CON-5", "NFR-P3")
def test_con5_uses_the_clients_model_when_it_offers_sampling(content_db, content_writer):
    """With a sampling client the messages are the model's, validated, and the log says who wrote them."""
    async def model(_context, params):
        return types.CreateMessageResult(role="assistant", model="test-writer", content=types.TextContent(
            type="text", text='["Mornings just got easier with cold brew.", "Smooth and strong, ready in seconds '
                              'for you.", "Grab yours today and share it with friends."]'))
    built = content.build(ServerSettings(name="content", content_mongo_url=content_writer))
    (result,) = anyio.run(lambda: _calls(built.server, [("requestCampaignContent", {
        "campaign_description": "Volcano Coffee launches a cold brew for busy mornings. Smooth and strong.",
        "brand": "Volcano Coffee", "populations": ["students"]})], sampling_callback=model, mode="legacy"))
    data = payload(result)["data"]
    assert data["generator"] == ["mcp-sampling:test-writer"]
    log = content_db.campaign_logs.find_one({"request_code": data["request_code"]})
    assert log["generator"] == "mcp-sampling:test-writer" and log["messages"][2]["stage"] == "action"

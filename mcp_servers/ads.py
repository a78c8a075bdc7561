"""PromptAds MCP server: read tools over campaigns, channels, results and the ADS-5 negative-sentiment
function, through the login promptads_mcp (role AdsMcpReader: SELECT on these objects only;
sqlserver_ads/140_grant_roles.sql and 180_create_mcp_login.sql)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from mcp_servers.mssql import configured_pool
from mcp_servers.runtime import Runtime
from mcp_servers.serve import Built, server_options
from mcp_servers.settings import ServerSettings

CampaignCode = Annotated[str, Field(pattern=r"^CMP-[0-9]{6}$", description="Campaign code, e.g. CMP-000123")]
CompanyCode = Annotated[str, Field(pattern=r"^CO-[0-9]{4}$", description="Client company code, e.g. CO-0042")]

# Parameters arrive as typed variables first (an untyped NULL parameter would have no SQL type to compare with).
LIST_CAMPAIGNS = """
DECLARE @Limit int = ?, @Company varchar(7) = ?, @Status varchar(20) = ?;
SELECT TOP (@Limit) c.CampaignCode, c.CampaignName, co.CompanyCode, co.CompanyName, c.Objective, c.StatusCode,
       c.StartDate, c.EndDate, c.Budget, c.CurrencyCode
FROM ads.Campaign AS c
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
WHERE (@Company IS NULL OR co.CompanyCode = @Company) AND (@Status IS NULL OR c.StatusCode = @Status)
ORDER BY c.CampaignCode
OPTION (RECOMPILE)
"""
CAMPAIGN_RESULTS = """
DECLARE @Limit int = ?, @Campaign varchar(12) = ?, @From date = ?, @To date = ?;
SELECT TOP (@Limit) r.CampaignCode, r.CompanyCode, r.ChannelCode, r.ChannelType, r.InfluencerHandle, r.MarketCode,
       r.CountryCode, r.SegmentCode, r.ResultMonth, r.Views, r.Reach, r.Interactions, r.Reactions, r.SalesCount,
       r.SalesAmount, r.Cost
FROM ads.vw_CampaignChannelMarketResults AS r
WHERE r.CampaignCode = @Campaign
  AND (@From IS NULL OR r.ResultMonth >= DATEFROMPARTS(YEAR(@From), MONTH(@From), 1))
  AND (@To IS NULL OR r.ResultMonth <= @To)
ORDER BY r.ResultMonth, r.ChannelCode, r.InfluencerHandle, r.MarketCode
OPTION (RECOMPILE)
"""
SALES_REACH = """
DECLARE @Limit int = ?, @Campaign varchar(12) = ?, @Company varchar(7) = ?;
SELECT TOP (@Limit) v.CampaignCode, v.CompanyCode, v.StartDate, v.EndDate, v.StatusCode, v.Reach, v.SalesCount,
       v.SalesAmount, v.Cost
FROM ads.vw_CampaignSalesReach AS v
WHERE (@Campaign IS NULL OR v.CampaignCode = @Campaign) AND (@Company IS NULL OR v.CompanyCode = @Company)
ORDER BY v.CampaignCode
OPTION (RECOMPILE)
"""
CHANNELS = """
SELECT ch.ChannelCode, ch.ChannelName, ch.ChannelType, ch.PlatformName, ch.CostPerThousand, ch.EngagementRate,
       ch.ConversionRate, ch.IsInfluencerChannel
FROM ads.Channel AS ch
ORDER BY ch.ChannelCode
"""
NEGATIVE_SENTIMENT = """
DECLARE @Limit int = ?, @Company varchar(7) = ?, @From date = ?, @To date = ?;
SELECT TOP (@Limit) f.CompanyCode, f.CampaignCode, f.AdId, f.AdName, f.ChannelCode, f.ChannelName, f.ChannelType,
       f.InfluencerHandle, f.IsInfluencerChannel, f.DominantNegativityKind, f.NegativeEvents, f.SentimentEvents,
       f.NegativeSharePct, f.PreviousFrom, f.PreviousTo, f.PreviousAvgDailyReactions, f.CurrentAvgDailyReactions,
       f.ReactionDropPct
FROM ads.ufn_NegativeSentimentInfluencerDrop(@Company, @From, @To) AS f
ORDER BY f.ReactionDropPct DESC, f.AdId, f.ChannelCode, f.InfluencerHandle
"""


def build(settings: ServerSettings, transport: str = "stdio") -> Built:
    runtime = Runtime(settings)
    pool, db = configured_pool(settings.ads_mssql_url, "PromptAds SQL Server", "PROMPTSALES_MCP_ADS_MSSQL_URL",
                               settings.statement_timeout_ms)
    server = MCPServer("promptads", title="PromptAds",
                       instructions="Read-only PromptAds data: campaigns, channels, results per channel and "
                                    "market, and ads with negative sentiment whose reactions dropped (ADS-5).",
                       **server_options(settings, transport))

    @runtime.read_tool(ttl=300)
    def listCampaigns(
        company: CompanyCode | None = None,
        # The codes of ads.CampaignStatus (sqlserver_ads/120_seed_reference_data.sql).
        status: Annotated[Literal["DRAFT", "SCHEDULED", "ACTIVE", "PAUSED", "FINISHED", "CANCELLED"] | None,
                          Field(description="Campaign status")] = None,
        limit: Annotated[int, Field(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """PromptAds campaigns (code, name, company, objective, status, dates, budget)."""
        return {"rows": db().rows(LIST_CAMPAIGNS, (limit, company, status))}

    @runtime.read_tool(ttl=300)
    def getCampaignResults(
        campaign: CampaignCode,
        date_from: Annotated[date | None, Field(description="First month (any day of it)")] = None,
        date_to: Annotated[date | None, Field(description="Last day")] = None,
        limit: Annotated[int, Field(ge=1, le=2000)] = 500,
    ) -> dict[str, Any]:
        """Monthly results of a campaign per channel, influencer and market (views, reach, interactions,
        reactions, sales, revenue, cost) from ads.vw_CampaignChannelMarketResults."""
        return {"rows": db().rows(CAMPAIGN_RESULTS, (limit, campaign, date_from, date_to))}

    @runtime.read_tool(ttl=300)
    def getCampaignSalesReach(
        campaign: CampaignCode | None = None,
        company: CompanyCode | None = None,
        limit: Annotated[int, Field(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """Reach, sales and cost per campaign (ads.vw_CampaignSalesReach, the figures PromptCrm reconciles)."""
        return {"rows": db().rows(SALES_REACH, (limit, campaign, company))}

    @runtime.read_tool(ttl=3600)
    def listChannels() -> dict[str, Any]:
        """The advertising channels with their type, platform and reference rates."""
        return {"rows": db().rows(CHANNELS)}

    @runtime.read_tool(ttl=300)
    def negativeSentimentDrop(
        company: CompanyCode,
        date_from: Annotated[date, Field(description="Analysis window start")],
        date_to: Annotated[date, Field(description="Analysis window end")],
        limit: Annotated[int, Field(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """ADS-5: the brand's ads with negative sentiment in the window whose reactions dropped against the
        window of the same length before it, per channel and influencer (ads.ufn_NegativeSentimentInfluencerDrop)."""
        if date_from > date_to:
            raise ValueError("date_from must not be after date_to")
        if (date_to - date_from).days > 366:
            raise ValueError("the analysis window is limited to one year")
        return {"rows": db().rows(NEGATIVE_SENTIMENT, (limit, company, date_from, date_to))}

    for fn in (listCampaigns, getCampaignResults, getCampaignSalesReach, listChannels, negativeSentimentDrop):
        server.add_tool(fn, name=fn.__name__)

    def ready() -> dict[str, str]:
        return {"ads_mssql": runtime.pool_state(pool), "cache": runtime.cache.status()}

    return Built(server, ready, lambda: runtime.shutdown(pool))

"""PromptCrm MCP server: read tools over leads, the funnel, sales and the reconciliation with PromptAds, through
the login promptcrm_mcp (role CrmMcpReader: SELECT on these objects, EXECUTE on the reconciliation procedure,
nothing on client personal data; sqlserver_crm/170_create_mcp_reader.sql)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from mcp_servers.mssql import configured_pool
from mcp_servers.runtime import Runtime
from mcp_servers.serve import Built, server_options
from mcp_servers.settings import ServerSettings

CampaignCode = Annotated[str, Field(pattern=r"^CMP-[0-9]{6}$", description="Campaign code, e.g. CMP-000123")]

# Parameters arrive as typed variables first (an untyped NULL parameter would have no SQL type to compare with).
LEAD_FUNNEL = """
DECLARE @Campaign varchar(12) = ?;
SELECT fs.StageOrder, fs.StageCode, fs.StageName, COUNT(l.LeadId) AS Leads,
       SUM(CASE WHEN l.IsConverted = 1 THEN 1 ELSE 0 END) AS Converted,
       CAST(AVG(l.IntentScore) AS decimal(5, 2)) AS AvgIntentScore
FROM crm.FunnelStage AS fs
LEFT JOIN (crm.Lead AS l INNER JOIN crm.Campaign AS c ON l.CampaignId = c.CampaignId AND c.CampaignCode = @Campaign)
    ON l.FunnelStageId = fs.FunnelStageId
GROUP BY fs.StageOrder, fs.StageCode, fs.StageName
ORDER BY fs.StageOrder
"""
LEADS = """
DECLARE @Limit int = ?, @Campaign varchar(12) = ?, @Stage varchar(20) = ?;
SELECT TOP (@Limit) l.LeadId, c.CampaignCode, ch.ChannelCode, m.MarketCode, l.CapturedOn, fs.StageCode, l.IntentScore,
       l.SentimentLabel, l.IsConverted, l.FollowUpCount
FROM crm.Lead AS l
INNER JOIN crm.Campaign AS c ON l.CampaignId = c.CampaignId
INNER JOIN crm.Channel AS ch ON l.ChannelId = ch.ChannelId
INNER JOIN crm.Market AS m ON l.MarketId = m.MarketId
INNER JOIN crm.FunnelStage AS fs ON l.FunnelStageId = fs.FunnelStageId
WHERE c.CampaignCode = @Campaign AND (@Stage IS NULL OR fs.StageCode = @Stage)
ORDER BY l.CapturedOn, l.LeadId
OPTION (RECOMPILE)
"""
SALES = """
DECLARE @Limit int = ?, @Campaign varchar(12) = ?, @From date = ?, @To date = ?;
SELECT TOP (@Limit) c.CampaignCode, ch.ChannelCode, m.MarketCode, COUNT(*) AS Sales, SUM(s.Amount) AS Amount,
       MIN(s.SaleDate) AS FirstSale, MAX(s.SaleDate) AS LastSale
FROM crm.Sale AS s
INNER JOIN crm.Campaign AS c ON s.CampaignId = c.CampaignId
INNER JOIN crm.Channel AS ch ON s.ChannelId = ch.ChannelId
INNER JOIN crm.Market AS m ON s.MarketId = m.MarketId
WHERE (@Campaign IS NULL OR c.CampaignCode = @Campaign) AND (@From IS NULL OR s.SaleDate >= @From)
  AND (@To IS NULL OR s.SaleDate <= @To)
GROUP BY c.CampaignCode, ch.ChannelCode, m.MarketCode
ORDER BY c.CampaignCode, ch.ChannelCode, m.MarketCode
OPTION (RECOMPILE)
"""
ADS_FIGURES = """
DECLARE @Limit int = ?, @Campaign varchar(12) = ?;
SELECT TOP (@Limit) a.CampaignCode, a.CompanyCode, a.StatusCode, a.Reach, a.SalesCount, a.SalesAmount, a.Cost
FROM crm.vw_AdsCampaignFigures AS a
WHERE (@Campaign IS NULL OR a.CampaignCode = @Campaign)
ORDER BY a.CampaignCode
"""
RECONCILE = "EXEC crm.CRMSP_ReconcileWithAds @OnlyMismatches = ?"


def build(settings: ServerSettings, transport: str = "stdio") -> Built:
    runtime = Runtime(settings)
    pool, db = configured_pool(settings.crm_mssql_url, "PromptCrm SQL Server", "PROMPTSALES_MCP_CRM_MSSQL_URL",
                               settings.statement_timeout_ms)
    server = MCPServer("promptcrm", title="PromptCrm",
                       instructions="Read-only PromptCrm data: leads, the funnel per campaign, sales per channel "
                                    "and market, and the reconciliation with PromptAds. No personal data.",
                       **server_options(settings, transport))

    @runtime.read_tool(ttl=300)
    def getLeadFunnel(campaign: CampaignCode) -> dict[str, Any]:
        """Leads of a campaign per funnel stage (in stage order), converted leads and average intent score."""
        return {"rows": db().rows(LEAD_FUNNEL, (campaign,))}

    @runtime.read_tool(ttl=300)
    def listLeads(
        campaign: CampaignCode,
        stage: Annotated[str | None, Field(pattern=r"^[A-Z_]{2,20}$", description="Funnel stage code")] = None,
        limit: Annotated[int, Field(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """Leads of a campaign (no client personal data): channel, market, date, stage, intent, sentiment."""
        return {"rows": db().rows(LEADS, (limit, campaign, stage))}

    @runtime.read_tool(ttl=300)
    def getSalesByCampaign(
        campaign: CampaignCode | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: Annotated[int, Field(ge=1, le=2000)] = 500,
    ) -> dict[str, Any]:
        """Sales count and amount per campaign, channel and market in a period."""
        return {"rows": db().rows(SALES, (limit, campaign, date_from, date_to))}

    @runtime.read_tool(ttl=120)
    def getAdsCampaignFigures(
        campaign: CampaignCode | None = None,
        limit: Annotated[int, Field(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        """PromptAds figures as the CRM sees them through the linked server (crm.vw_AdsCampaignFigures)."""
        return {"rows": db().rows(ADS_FIGURES, (limit, campaign))}

    @runtime.read_tool(ttl=120)
    def reconcileWithAds(only_mismatches: bool = True) -> dict[str, Any]:
        """CRM-3/CRM-4: campaigns whose sales count, amount or reach differ between PromptCrm and PromptAds."""
        return {"rows": db().rows(RECONCILE, (1 if only_mismatches else 0,))}

    for fn in (getLeadFunnel, listLeads, getSalesByCampaign, getAdsCampaignFigures, reconcileWithAds):
        server.add_tool(fn, name=fn.__name__)

    def ready() -> dict[str, str]:
        return {"crm_mssql": runtime.pool_state(pool), "cache": runtime.cache.status()}

    return Built(server, ready, lambda: runtime.shutdown(pool))

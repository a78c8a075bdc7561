/*
Purpose:      Import PromptAds' campaigns (identity, company, dates, status, reach, cost) through the linked
              server into crm.Campaign, and assign each campaign the channels and markets its leads come from.
              PromptAds owns campaigns; the CRM keeps a copy that crm.CRMSP_ReconcileWithAds checks.
Target:       PromptCrm on SQL Server 2022 (instance "crm"), reading PROMPTADS.PromptAds.
Requires:     040_create_linked_server.sql, 060_seed_reference.sql; sqlserver_ads/ applied on the Ads instance.
Re-runnable:  yes (MERGE on CampaignId; channel/market assignment only for campaigns that have none; it is a
              pure function of promptsales.seed and the campaign id).
Leaves:       crm.Campaign = one row per row of ads.vw_CampaignSalesReach (1,000 by default);
              crm.CampaignChannel 2-4 rows and crm.CampaignMarket 1-3 rows per campaign.
Requirements: CRM-2, CRM-3, CRM-4 (four-part name), CRM-7 (channel and market per lead).
Verify:       SELECT COUNT(*) FROM crm.Campaign;
              SELECT COUNT(*) FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach;
*/
USE PromptCrm;
GO

SET NOCOUNT ON;
DECLARE @AsOf date = COALESCE(
    TRY_CAST(CAST(SESSION_CONTEXT(N'promptsales.as_of') AS nvarchar(10)) AS date), CAST('2026-01-31' AS date)
);
DECLARE @Seed int = COALESCE(TRY_CAST(CAST(SESSION_CONTEXT(N'promptsales.seed') AS nvarchar(20)) AS int), 20250701);

-- Copy the remote rows first (autocommit, no distributed transaction), then work locally.
DROP TABLE IF EXISTS #AdsCampaign;
SELECT
    v.CampaignId,
    v.CampaignCode,
    v.CompanyCode,
    v.StartDate,
    v.EndDate,
    v.StatusCode,
    v.Reach,
    v.Cost
INTO #AdsCampaign
FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach AS v;

MERGE crm.Campaign AS t
USING #AdsCampaign AS s
    ON t.CampaignId = s.CampaignId
WHEN MATCHED AND (
    t.CampaignCode <> s.CampaignCode OR t.CompanyCode <> s.CompanyCode OR t.StartDate <> s.StartDate
    OR t.EndDate <> s.EndDate OR t.StatusCode <> s.StatusCode OR t.Reach <> s.Reach OR t.Cost <> s.Cost
)
    THEN UPDATE SET
        t.CampaignCode = s.CampaignCode, t.CompanyCode = s.CompanyCode, t.StartDate = s.StartDate,
        t.EndDate = s.EndDate, t.StatusCode = s.StatusCode, t.Reach = s.Reach, t.Cost = s.Cost,
        t.ImportedAsOf = @AsOf
WHEN NOT MATCHED BY TARGET
    THEN INSERT (CampaignId, CampaignCode, CompanyCode, StartDate, EndDate, StatusCode, Reach, Cost, ImportedAsOf)
    VALUES (s.CampaignId, s.CampaignCode, s.CompanyCode, s.StartDate, s.EndDate, s.StatusCode, s.Reach, s.Cost, @AsOf);

/*
Channels and markets per campaign. PromptAds' contract view exposes only per-campaign totals, so the CRM
assigns 2-4 channels and 1-3 markets per campaign deterministically (Costa Rica favoured as first market).
When PromptAds exposes its campaign channels/markets, this is the one step to replace with a linked read.
*/
WITH Ranked AS (
    SELECT
        c.CampaignId,
        ch.ChannelId,
        2 + crm.fn_Rand(@Seed, c.CampaignId, 11) % 3 AS ChannelCount,
        ROW_NUMBER() OVER (
            PARTITION BY c.CampaignId
            ORDER BY crm.fn_Rand(@Seed, CAST(c.CampaignId AS bigint) * 64 + ch.ChannelId, 12), ch.ChannelId
        ) AS ChannelOrdinal
    FROM crm.Campaign AS c
    CROSS JOIN crm.Channel AS ch
    WHERE NOT EXISTS (SELECT 1 FROM crm.CampaignChannel AS x WHERE x.CampaignId = c.CampaignId)
)
INSERT INTO crm.CampaignChannel (CampaignId, ChannelId, ChannelOrdinal)
SELECT r.CampaignId, r.ChannelId, CAST(r.ChannelOrdinal AS tinyint)
FROM Ranked AS r
WHERE r.ChannelOrdinal <= r.ChannelCount;

WITH Ranked AS (
    SELECT
        c.CampaignId,
        m.MarketId,
        1 + crm.fn_Rand(@Seed, c.CampaignId, 13) % 3 AS MarketCount,
        ROW_NUMBER() OVER (
            PARTITION BY c.CampaignId
            ORDER BY
                (crm.fn_Rand(@Seed, CAST(c.CampaignId AS bigint) * 64 + m.MarketId, 14) % 1000)
                * CASE WHEN m.MarketCode = 'CR' THEN 1 ELSE 5 END,
                m.MarketId
        ) AS MarketOrdinal
    FROM crm.Campaign AS c
    CROSS JOIN crm.Market AS m
    WHERE NOT EXISTS (SELECT 1 FROM crm.CampaignMarket AS x WHERE x.CampaignId = c.CampaignId)
)
INSERT INTO crm.CampaignMarket (CampaignId, MarketId, MarketOrdinal)
SELECT r.CampaignId, r.MarketId, CAST(r.MarketOrdinal AS tinyint)
FROM Ranked AS r
WHERE r.MarketOrdinal <= r.MarketCount;

SELECT
    (SELECT COUNT(*) FROM crm.Campaign) AS Campaigns,
    (SELECT COUNT(*) FROM #AdsCampaign) AS AdsCampaigns,
    (SELECT COUNT(*) FROM crm.CampaignChannel) AS CampaignChannels,
    (SELECT COUNT(*) FROM crm.CampaignMarket) AS CampaignMarkets;
GO

/*
Purpose:      Import PromptAds' campaigns (identity, company, dates, status, reach, cost) through the linked
              server into crm.Campaign, and assign each campaign the channels and markets its leads come from.
              PromptAds owns campaigns; the CRM keeps a copy that crm.CRMSP_ReconcileWithAds checks.
Target:       PromptCrm on SQL Server 2022 (instance "crm"), reading PROMPTADS.PromptAds.
Requires:     040_create_linked_server.sql, 060_seed_reference.sql; sqlserver_ads/ applied on the Ads instance.
Re-runnable:  yes (MERGE on CampaignId; channel/market assignment only for campaigns that have none; it is a
              pure function of promptsales.seed and the campaign id).
Leaves:       crm.Campaign = one row per row of ads.vw_CampaignSalesReach (1,000 by default);
              crm.CampaignChannel / crm.CampaignMarket: the channels and market countries each campaign ran on
              in PromptAds (or 2-4 channels and 1-3 markets drawn from the seed when Ads has none for it).
Requirements: CRM-2, CRM-3, CRM-4 (four-part name and OPENQUERY), CRM-7 (channel and market per lead).
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

-- Copy the remote rows first (autocommit, no distributed transaction), then work locally. The strings take
-- this database's collation: the Ads server may be installed with another one (e.g. Modern_Spanish_CI_AS),
-- and the MERGE below compares them with crm.Campaign's columns.
DROP TABLE IF EXISTS #AdsCampaign;
SELECT
    v.CampaignId,
    v.CampaignCode COLLATE DATABASE_DEFAULT AS CampaignCode,
    v.CompanyCode COLLATE DATABASE_DEFAULT AS CompanyCode,
    v.StartDate,
    v.EndDate,
    v.StatusCode COLLATE DATABASE_DEFAULT AS StatusCode,
    v.Reach,
    v.Cost
INTO #AdsCampaign
FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach AS v;

-- PromptAds owns campaign identity. If its history was regenerated with other parameters (another scale or
-- seed on the same server), the same code now has another CampaignId and every CRM row keyed by the old id
-- is stale: stop here with an instruction instead of a unique-key violation half-way through the MERGE.
IF EXISTS (
    SELECT 1
    FROM crm.Campaign AS c
    INNER JOIN #AdsCampaign AS s ON s.CampaignCode = c.CampaignCode
    WHERE s.CampaignId <> c.CampaignId
)
BEGIN
    DECLARE @Reason nvarchar(200) = N'los identificadores de campaña cambiaron (se regeneró PromptAds); '
        + N'elimine la base PromptCrm y ejecute sqlserver_crm/ de nuevo';
    RAISERROR (60007, 16, 1, @Reason);
    RETURN;
END;

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
Channels and markets per campaign: the ones PromptAds actually ran (ads.vw_CampaignChannelMarketResults, granted
to promptcrm_link), read through OPENQUERY so the DISTINCT runs on the Ads instance. Channel codes and market
country codes are shared by both catalogs. A campaign with no results yet (or an Ads database without that
view) gets 2-4 channels and 1-3 markets drawn deterministically from the seed, Costa Rica favoured.
*/
DROP TABLE IF EXISTS #AdsChannelMarket;
CREATE TABLE #AdsChannelMarket (
    CampaignCode varchar(12) COLLATE DATABASE_DEFAULT NOT NULL,
    ChannelCode varchar(20) COLLATE DATABASE_DEFAULT NOT NULL,
    CountryCode char(2) COLLATE DATABASE_DEFAULT NOT NULL
);
BEGIN TRY
    EXEC sys.sp_executesql N'INSERT INTO #AdsChannelMarket (CampaignCode, ChannelCode, CountryCode)
        SELECT q.CampaignCode, q.ChannelCode, q.CountryCode
        FROM OPENQUERY(PROMPTADS, ''SELECT DISTINCT CampaignCode, ChannelCode, CountryCode
                                   FROM PromptAds.ads.vw_CampaignChannelMarketResults'') AS q;';
END TRY
BEGIN CATCH
    PRINT N'ads.vw_CampaignChannelMarketResults not readable (' + ERROR_MESSAGE() + N'); using generated channels.';
END CATCH;

WITH FromAds AS (
    SELECT DISTINCT c.CampaignId, ch.ChannelId
    FROM #AdsChannelMarket AS a
    INNER JOIN crm.Campaign AS c ON a.CampaignCode = c.CampaignCode
    INNER JOIN crm.Channel AS ch ON a.ChannelCode = ch.ChannelCode
)
INSERT INTO crm.CampaignChannel (CampaignId, ChannelId, ChannelOrdinal)
SELECT
    f.CampaignId,
    f.ChannelId,
    CAST(ROW_NUMBER() OVER (PARTITION BY f.CampaignId ORDER BY f.ChannelId) AS tinyint)
FROM FromAds AS f
WHERE NOT EXISTS (SELECT 1 FROM crm.CampaignChannel AS x WHERE x.CampaignId = f.CampaignId);

WITH FromAds AS (
    SELECT DISTINCT c.CampaignId, m.MarketId
    FROM #AdsChannelMarket AS a
    INNER JOIN crm.Campaign AS c ON a.CampaignCode = c.CampaignCode
    INNER JOIN crm.Market AS m ON a.CountryCode = m.MarketCode
)
INSERT INTO crm.CampaignMarket (CampaignId, MarketId, MarketOrdinal)
SELECT
    f.CampaignId,
    f.MarketId,
    CAST(ROW_NUMBER() OVER (PARTITION BY f.CampaignId ORDER BY f.MarketId) AS tinyint)
FROM FromAds AS f
WHERE NOT EXISTS (SELECT 1 FROM crm.CampaignMarket AS x WHERE x.CampaignId = f.CampaignId);

-- Fallback for campaigns still without channels / markets.
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

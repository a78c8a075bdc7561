/*
Purpose:      Read models other systems use: ads.vw_CampaignSalesReach (per-campaign reach, sales and cost
              that PromptCrm reads through its linked server, CRM-3), ads.vw_CampaignChannelMarketResults
              (per campaign x channel x market x month, for CRM-7 cross queries and the MCP reader), and
              ads.ufn_EtlCampaignDelta (the campaigns whose figures changed between two rowversion
              watermarks, for the 11-minute ETL of SAL-3).
              Change detection uses rowversion columns rather than Change Tracking: the ETL needs
              "which campaigns changed since the last watermark", not every row-level change; rowversion
              costs no side tables or retention settings, is indexable (IX_*_RowVer), works the same on a
              restored copy, and MIN_ACTIVE_ROWVERSION() gives a safe upper watermark that skips
              transactions still in flight. Deletes are not tracked: campaigns are never deleted
              (status changes instead).
Target:       PromptAds on SQL Server 2022.
Requires:     050_create_tables_results.sql.
Re-runnable:  yes (CREATE OR ALTER).
Leaves:       views ads.vw_CampaignSalesReach, ads.vw_CampaignChannelMarketResults; functions
              ads.ufn_EtlCampaignDelta, ads.ufn_EtlCampaignChanges, ads.ufn_EtlResultChanges (the last two
              with the column names of the PromptSales ETL contract, etl.delta_contract).
Requirements: CRM-3, CRM-4, SAL-3, ADS-3.
Verify:       SELECT TOP (5) * FROM ads.vw_CampaignSalesReach ORDER BY CampaignId;
              DECLARE @To binary(8) = MIN_ACTIVE_ROWVERSION();
              SELECT COUNT(*) FROM ads.ufn_EtlCampaignDelta(0x0000000000000000, @To);
*/
USE PromptAds;
GO

-- Column list and types are fixed by the repository contract (PromptCrm reconciles against them).
CREATE OR ALTER VIEW ads.vw_CampaignSalesReach
AS
SELECT
    c.CampaignId,
    CAST(c.CampaignCode AS varchar(12)) AS CampaignCode,
    CAST(co.CompanyCode AS varchar(7)) AS CompanyCode,
    c.StartDate,
    c.EndDate,
    CAST(c.StatusCode AS varchar(20)) AS StatusCode,
    CAST(ISNULL(r.Reach, 0) AS bigint) AS Reach,
    CAST(ISNULL(r.SalesCount, 0) AS int) AS SalesCount,
    CAST(ISNULL(r.SalesAmount, 0) AS decimal(19, 2)) AS SalesAmount,
    CAST(ISNULL(r.Cost, 0) AS decimal(19, 2)) AS Cost
FROM ads.Campaign AS c
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
LEFT JOIN (
    SELECT
        dr.CampaignId,
        SUM(dr.AudienceReached) AS Reach,
        SUM(dr.Sales) AS SalesCount,
        SUM(dr.Revenue) AS SalesAmount,
        SUM(dr.Cost) AS Cost
    FROM ads.DailyResult AS dr
    GROUP BY dr.CampaignId
) AS r ON c.CampaignId = r.CampaignId;
GO

CREATE OR ALTER VIEW ads.vw_CampaignChannelMarketResults
AS
SELECT
    c.CampaignId,
    c.CampaignCode,
    co.CompanyCode,
    ch.ChannelCode,
    ch.ChannelType,
    inf.Handle AS InfluencerHandle,
    mk.MarketCode,
    mk.CountryCode,
    mk.SegmentCode,
    DATEFROMPARTS(YEAR(dr.ResultDate), MONTH(dr.ResultDate), 1) AS ResultMonth,
    SUM(dr.Views) AS Views,
    SUM(dr.AudienceReached) AS Reach,
    SUM(dr.Interactions) AS Interactions,
    SUM(dr.Reactions) AS Reactions,
    SUM(dr.Sales) AS SalesCount,
    SUM(dr.Revenue) AS SalesAmount,
    SUM(dr.Cost) AS Cost
FROM ads.DailyResult AS dr
INNER JOIN ads.AdPlacement AS p ON dr.AdPlacementId = p.AdPlacementId
INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
LEFT JOIN ads.Influencer AS inf ON cc.InfluencerId = inf.InfluencerId
INNER JOIN ads.CampaignMarket AS cm ON p.CampaignMarketId = cm.CampaignMarketId
INNER JOIN ads.Market AS mk ON cm.MarketId = mk.MarketId
INNER JOIN ads.Campaign AS c ON dr.CampaignId = c.CampaignId
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
GROUP BY
    c.CampaignId, c.CampaignCode, co.CompanyCode, ch.ChannelCode, ch.ChannelType, inf.Handle,
    mk.MarketCode, mk.CountryCode, mk.SegmentCode,
    DATEFROMPARTS(YEAR(dr.ResultDate), MONTH(dr.ResultDate), 1);
GO

/*
ETL delta (SAL-3). The ETL keeps one watermark per source. On each run it reads
@To = MIN_ACTIVE_ROWVERSION() first, then asks for the campaigns with a change in [@From, @To), and stores
@To as the next @From. Rows written by transactions still open when @To was read get a rowversion >= @To, so
they are picked up by the next run instead of being lost.
*/
CREATE OR ALTER FUNCTION ads.ufn_EtlCampaignDelta (@FromRowVersion binary(8), @ToRowVersion binary(8))
RETURNS TABLE
AS
RETURN
WITH changed AS (
    SELECT c.CampaignId
    FROM ads.Campaign AS c
    WHERE c.RowVer >= @FromRowVersion AND c.RowVer < @ToRowVersion
    UNION
    SELECT dr.CampaignId
    FROM ads.DailyResult AS dr
    WHERE dr.RowVer >= @FromRowVersion AND dr.RowVer < @ToRowVersion
    UNION
    SELECT se.CampaignId
    FROM ads.SentimentEvent AS se
    WHERE se.RowVer >= @FromRowVersion AND se.RowVer < @ToRowVersion
)
SELECT
    v.CampaignId,
    v.CampaignCode,
    v.CompanyCode,
    v.StartDate,
    v.EndDate,
    v.StatusCode,
    c.Budget,
    v.Reach,
    v.SalesCount,
    v.SalesAmount,
    v.Cost,
    ISNULL(r.Views, 0) AS Views,
    ISNULL(r.Interactions, 0) AS Interactions,
    ISNULL(r.Reactions, 0) AS Reactions,
    ISNULL(r.LastResultDate, v.StartDate) AS LastResultDate,
    ISNULL(s.NegativeEvents, 0) AS NegativeEvents
FROM changed AS ch
INNER JOIN ads.vw_CampaignSalesReach AS v ON ch.CampaignId = v.CampaignId
INNER JOIN ads.Campaign AS c ON ch.CampaignId = c.CampaignId
OUTER APPLY (
    SELECT
        SUM(dr.Views) AS Views,
        SUM(CAST(dr.Interactions AS bigint)) AS Interactions,
        SUM(CAST(dr.Reactions AS bigint)) AS Reactions,
        MAX(dr.ResultDate) AS LastResultDate
    FROM ads.DailyResult AS dr
    WHERE dr.CampaignId = ch.CampaignId
) AS r
OUTER APPLY (
    SELECT COUNT(*) AS NegativeEvents
    FROM ads.SentimentEvent AS se
    WHERE se.CampaignId = ch.CampaignId AND se.Polarity = 'NEGATIVE'
) AS s;
GO

/*
Row-level deltas in the shape of the PromptSales ETL contract (postgres_sales/040_create_etl.sql,
etl.delta_contract: entity, op, version and the contract's snake_case fields). version = CAST(rowversion AS
bigint). The ETL asks for (@AfterVersion, @UpToVersion) with @UpToVersion = CAST(MIN_ACTIVE_ROWVERSION() AS
bigint) read first, and keeps the highest version it received (or @UpToVersion - 1) as its next watermark.
The range is compared on the rowversion column itself, so IX_Ads_*_RowVer can seek.
*/
CREATE OR ALTER FUNCTION ads.ufn_EtlCampaignChanges (@AfterVersion bigint, @UpToVersion bigint)
RETURNS TABLE
AS
RETURN
SELECT
    CAST('campaign' AS varchar(10)) AS entity,
    CAST('upsert' AS varchar(10)) AS op,
    CAST(c.RowVer AS bigint) AS version,
    c.CampaignCode AS campaign_code,
    co.CompanyCode AS company_code,
    c.StatusCode AS status_code,
    ISNULL(h.ChangedAt, c.CreatedAt) AS status_changed_at,
    c.StartDate AS start_date,
    c.EndDate AS end_date,
    c.Budget AS budget_amount
FROM ads.Campaign AS c
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
OUTER APPLY (
    SELECT TOP (1) sh.ChangedAt
    FROM ads.CampaignStatusHistory AS sh
    WHERE sh.CampaignId = c.CampaignId AND sh.NewStatusCode = c.StatusCode
    ORDER BY sh.ChangedAt DESC, sh.HistoryId DESC
) AS h
WHERE c.RowVer > CAST(@AfterVersion AS binary(8)) AND c.RowVer < CAST(@UpToVersion AS binary(8));
GO

CREATE OR ALTER FUNCTION ads.ufn_EtlResultChanges (@AfterVersion bigint, @UpToVersion bigint)
RETURNS TABLE
AS
RETURN
SELECT
    CAST('result' AS varchar(10)) AS entity,
    CAST('upsert' AS varchar(10)) AS op,
    CAST(dr.RowVer AS bigint) AS version,
    dr.ResultId AS result_id,
    c.CampaignCode AS campaign_code,
    dr.ResultDate AS result_date,
    ch.ChannelCode AS channel_code,
    mk.MarketCode AS market_code,
    dr.AudienceReached AS reach,
    dr.Views AS impressions,
    dr.Reactions AS reactions,
    dr.Interactions AS interactions,
    dr.Sales AS sales,
    dr.Revenue AS sales_amount,
    dr.Cost AS cost
FROM ads.DailyResult AS dr
INNER JOIN ads.AdPlacement AS p ON dr.AdPlacementId = p.AdPlacementId
INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
INNER JOIN ads.CampaignMarket AS cm ON p.CampaignMarketId = cm.CampaignMarketId
INNER JOIN ads.Market AS mk ON cm.MarketId = mk.MarketId
INNER JOIN ads.Campaign AS c ON dr.CampaignId = c.CampaignId
WHERE dr.RowVer > CAST(@AfterVersion AS binary(8)) AND dr.RowVer < CAST(@UpToVersion AS binary(8));
GO

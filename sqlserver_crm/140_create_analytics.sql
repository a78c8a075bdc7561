/*
Purpose:      The CRM-7 analytics as views (CTE + PARTITION BY + RANK / DENSE_RANK), grouped by month, year,
              distance band (client to market, computed with geography), channel and market, and the
              correlation between campaign behaviour and purchases computed in SQL (Pearson coefficient):
                crm.vw_ChannelConversionRankBase   channels ranked by conversion per month, from base tables
                                                   (the unoptimised query of CRM-9)
                crm.vw_ChannelConversionRank       the same result from the indexed views WITH (NOEXPAND)
                                                   (the optimised query of CRM-9)
                crm.vw_MarketYearRevenueRank       markets ranked by revenue within each year (DENSE_RANK)
                crm.vw_DistanceBandConversionRank  distance bands ranked by conversion within each market
                crm.vw_CampaignPurchaseCorrelation Pearson r across campaigns: reach vs sales, spend vs
                                                   revenue, interactions vs sales, intent vs conversion
                crm.vw_ChannelMonthlyCorrelation   per channel (PARTITION BY), r between monthly leads and
                                                   monthly revenue, channels ranked by it
Target:       PromptCrm on SQL Server 2022.
Requires:     110_create_indexed_views.sql.
Re-runnable:  yes (CREATE OR ALTER VIEW).
Leaves:       six views.
Requirements: CRM-7, CRM-8, CRM-9.
Verify:       SELECT TOP (20) * FROM crm.vw_ChannelConversionRank ORDER BY PeriodYear, PeriodMonth, ConversionRank;
              SELECT * FROM crm.vw_CampaignPurchaseCorrelation;
*/
USE PromptCrm;
GO

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

-- Unoptimised: aggregates ~700k leads and all sales on every call.
CREATE OR ALTER VIEW crm.vw_ChannelConversionRankBase
AS
WITH LeadMonth AS (
    SELECT
        YEAR(l.CapturedOn) AS PeriodYear,
        MONTH(l.CapturedOn) AS PeriodMonth,
        l.ChannelId,
        COUNT_BIG(*) AS LeadCount,
        SUM(CASE WHEN l.IsConverted = 1 THEN 1 ELSE 0 END) AS ConvertedCount
    FROM crm.Lead AS l
    GROUP BY YEAR(l.CapturedOn), MONTH(l.CapturedOn), l.ChannelId
),

SaleMonth AS (
    SELECT
        YEAR(s.SaleDate) AS PeriodYear,
        MONTH(s.SaleDate) AS PeriodMonth,
        s.ChannelId,
        SUM(s.Amount) AS Revenue
    FROM crm.Sale AS s
    GROUP BY YEAR(s.SaleDate), MONTH(s.SaleDate), s.ChannelId
),

Joined AS (
    SELECT
        lm.PeriodYear,
        lm.PeriodMonth,
        lm.ChannelId,
        lm.LeadCount,
        lm.ConvertedCount,
        CAST(lm.ConvertedCount AS decimal(19, 6)) / NULLIF(lm.LeadCount, 0) AS ConversionRate,
        COALESCE(sm.Revenue, 0) AS Revenue
    FROM LeadMonth AS lm
    LEFT JOIN SaleMonth AS sm
        ON lm.PeriodYear = sm.PeriodYear AND lm.PeriodMonth = sm.PeriodMonth AND lm.ChannelId = sm.ChannelId
)

SELECT
    j.PeriodYear,
    j.PeriodMonth,
    ch.ChannelCode,
    j.LeadCount,
    j.ConvertedCount,
    j.ConversionRate,
    j.Revenue,
    RANK() OVER (PARTITION BY j.PeriodYear, j.PeriodMonth ORDER BY j.ConversionRate DESC) AS ConversionRank,
    DENSE_RANK() OVER (PARTITION BY j.PeriodYear, j.PeriodMonth ORDER BY j.Revenue DESC) AS RevenueRank
FROM Joined AS j
INNER JOIN crm.Channel AS ch ON j.ChannelId = ch.ChannelId;
GO

-- Optimised: identical result from the pre-aggregated view indexes (a few thousand rows).
CREATE OR ALTER VIEW crm.vw_ChannelConversionRank
AS
WITH LeadMonth AS (
    SELECT
        v.CaptureYear AS PeriodYear,
        v.CaptureMonth AS PeriodMonth,
        v.ChannelId,
        SUM(v.LeadCount) AS LeadCount,
        SUM(v.ConvertedCount) AS ConvertedCount
    FROM crm.vw_LeadChannelMonthStats AS v WITH (NOEXPAND)
    GROUP BY v.CaptureYear, v.CaptureMonth, v.ChannelId
),

SaleMonth AS (
    SELECT
        v.SaleYear AS PeriodYear,
        v.SaleMonth AS PeriodMonth,
        v.ChannelId,
        SUM(v.SalesAmount) AS Revenue
    FROM crm.vw_SaleChannelMonthStats AS v WITH (NOEXPAND)
    GROUP BY v.SaleYear, v.SaleMonth, v.ChannelId
),

Joined AS (
    SELECT
        lm.PeriodYear,
        lm.PeriodMonth,
        lm.ChannelId,
        lm.LeadCount,
        lm.ConvertedCount,
        CAST(lm.ConvertedCount AS decimal(19, 6)) / NULLIF(lm.LeadCount, 0) AS ConversionRate,
        COALESCE(sm.Revenue, 0) AS Revenue
    FROM LeadMonth AS lm
    LEFT JOIN SaleMonth AS sm
        ON lm.PeriodYear = sm.PeriodYear AND lm.PeriodMonth = sm.PeriodMonth AND lm.ChannelId = sm.ChannelId
)

SELECT
    j.PeriodYear,
    j.PeriodMonth,
    ch.ChannelCode,
    j.LeadCount,
    j.ConvertedCount,
    j.ConversionRate,
    j.Revenue,
    RANK() OVER (PARTITION BY j.PeriodYear, j.PeriodMonth ORDER BY j.ConversionRate DESC) AS ConversionRank,
    DENSE_RANK() OVER (PARTITION BY j.PeriodYear, j.PeriodMonth ORDER BY j.Revenue DESC) AS RevenueRank
FROM Joined AS j
INNER JOIN crm.Channel AS ch ON j.ChannelId = ch.ChannelId;
GO

CREATE OR ALTER VIEW crm.vw_MarketYearRevenueRank
AS
WITH MarketYear AS (
    SELECT
        v.SaleYear,
        v.MarketId,
        SUM(v.SaleCount) AS SaleCount,
        SUM(v.SalesAmount) AS Revenue
    FROM crm.vw_SaleChannelMonthStats AS v WITH (NOEXPAND)
    GROUP BY v.SaleYear, v.MarketId
)

SELECT
    my.SaleYear,
    m.MarketCode,
    m.MarketName,
    my.SaleCount,
    my.Revenue,
    CAST(
        100.0 * my.Revenue / NULLIF(SUM(my.Revenue) OVER (PARTITION BY my.SaleYear), 0) AS decimal(9, 2)
    ) AS RevenueSharePct,
    DENSE_RANK() OVER (PARTITION BY my.SaleYear ORDER BY my.Revenue DESC) AS RevenueRank
FROM MarketYear AS my
INNER JOIN crm.Market AS m ON my.MarketId = m.MarketId;
GO

CREATE OR ALTER VIEW crm.vw_DistanceBandConversionRank
AS
WITH BandMarket AS (
    SELECT
        v.MarketId,
        v.DistanceBandId,
        SUM(v.LeadCount) AS LeadCount,
        SUM(v.ConvertedCount) AS ConvertedCount,
        SUM(v.IntentScoreSum) / SUM(v.LeadCount) AS AvgIntentScore
    FROM crm.vw_LeadChannelMonthStats AS v WITH (NOEXPAND)
    GROUP BY v.MarketId, v.DistanceBandId
)

SELECT
    m.MarketCode,
    b.BandName AS DistanceBand,
    bm.LeadCount,
    bm.ConvertedCount,
    CAST(bm.ConvertedCount AS decimal(19, 6)) / NULLIF(bm.LeadCount, 0) AS ConversionRate,
    CAST(bm.AvgIntentScore AS decimal(5, 2)) AS AvgIntentScore,
    RANK() OVER (
        PARTITION BY bm.MarketId ORDER BY CAST(bm.ConvertedCount AS decimal(19, 6)) / NULLIF(bm.LeadCount, 0) DESC
    ) AS ConversionRankInMarket
FROM BandMarket AS bm
INNER JOIN crm.Market AS m ON bm.MarketId = m.MarketId
INNER JOIN crm.DistanceBand AS b ON bm.DistanceBandId = b.DistanceBandId;
GO

-- Pearson r = (n·Σxy − Σx·Σy) / sqrt((n·Σx² − (Σx)²) · (n·Σy² − (Σy)²)), one row per pair of variables.
-- A zero (or, by float rounding, slightly negative) variance product gives NULL instead of SQRT error 3623.
CREATE OR ALTER VIEW crm.vw_CampaignPurchaseCorrelation
AS
WITH CampaignMetrics AS (
    SELECT
        c.CampaignId,
        CAST(c.Reach AS float) AS Reach,
        CAST(c.Cost AS float) AS Spend,
        CAST(COALESCE(i.InteractionCount, 0) AS float) AS Interactions,
        CAST(COALESCE(s.SaleCount, 0) AS float) AS SaleCount,
        CAST(COALESCE(s.SalesAmount, 0) AS float) AS Revenue,
        CAST(l.IntentScoreSum AS float) / NULLIF(l.LeadCount, 0) AS AvgIntent,
        CAST(l.ConvertedCount AS float) / NULLIF(l.LeadCount, 0) AS ConversionRate
    FROM crm.Campaign AS c
    INNER JOIN crm.vw_CampaignLeadStats AS l WITH (NOEXPAND) ON c.CampaignId = l.CampaignId
    LEFT JOIN crm.vw_CampaignSaleStats AS s WITH (NOEXPAND) ON c.CampaignId = s.CampaignId
    LEFT JOIN crm.vw_CampaignInteractionStats AS i WITH (NOEXPAND) ON c.CampaignId = i.CampaignId
),

Pairs AS (
    SELECT p.PairName, p.X, p.Y
    FROM CampaignMetrics AS m
    CROSS APPLY (
        VALUES
        (N'alcance vs ventas', m.Reach, m.SaleCount),
        (N'inversión vs ingresos', m.Spend, m.Revenue),
        (N'interacciones vs ventas', m.Interactions, m.SaleCount),
        (N'intención media vs conversión', m.AvgIntent, m.ConversionRate)
    ) AS p (PairName, X, Y)
    WHERE p.X IS NOT NULL AND p.Y IS NOT NULL
),

Sums AS (
    SELECT
        PairName,
        COUNT(*) AS N,
        SUM(X) AS SX,
        SUM(Y) AS SY,
        SUM(X * Y) AS SXY,
        SUM(X * X) AS SXX,
        SUM(Y * Y) AS SYY
    FROM Pairs
    GROUP BY PairName
)

SELECT
    s.PairName,
    s.N AS Campaigns,
    CAST(
        (s.N * s.SXY - s.SX * s.SY)
        / SQRT(CASE WHEN (s.N * s.SXX - s.SX * s.SX) * (s.N * s.SYY - s.SY * s.SY) > 0
            THEN (s.N * s.SXX - s.SX * s.SX) * (s.N * s.SYY - s.SY * s.SY) END)
        AS decimal(6, 4)
    ) AS PearsonR
FROM Sums AS s;
GO

CREATE OR ALTER VIEW crm.vw_ChannelMonthlyCorrelation
AS
WITH Monthly AS (
    SELECT
        l.ChannelId,
        l.CaptureYear,
        l.CaptureMonth,
        CAST(SUM(l.LeadCount) AS float) AS Leads,
        CAST(COALESCE(MAX(s.Revenue), 0) AS float) AS Revenue
    FROM crm.vw_LeadChannelMonthStats AS l WITH (NOEXPAND)
    LEFT JOIN (
        SELECT v.ChannelId, v.SaleYear, v.SaleMonth, SUM(v.SalesAmount) AS Revenue
        FROM crm.vw_SaleChannelMonthStats AS v WITH (NOEXPAND)
        GROUP BY v.ChannelId, v.SaleYear, v.SaleMonth
    ) AS s ON l.ChannelId = s.ChannelId AND l.CaptureYear = s.SaleYear AND l.CaptureMonth = s.SaleMonth
    GROUP BY l.ChannelId, l.CaptureYear, l.CaptureMonth
),

Windowed AS (
    SELECT DISTINCT
        m.ChannelId,
        COUNT(*) OVER (PARTITION BY m.ChannelId) AS N,
        SUM(m.Leads) OVER (PARTITION BY m.ChannelId) AS SX,
        SUM(m.Revenue) OVER (PARTITION BY m.ChannelId) AS SY,
        SUM(m.Leads * m.Revenue) OVER (PARTITION BY m.ChannelId) AS SXY,
        SUM(m.Leads * m.Leads) OVER (PARTITION BY m.ChannelId) AS SXX,
        SUM(m.Revenue * m.Revenue) OVER (PARTITION BY m.ChannelId) AS SYY
    FROM Monthly AS m
),

Correlated AS (
    SELECT
        w.ChannelId,
        w.N AS Months,
        (w.N * w.SXY - w.SX * w.SY)
        / SQRT(CASE WHEN (w.N * w.SXX - w.SX * w.SX) * (w.N * w.SYY - w.SY * w.SY) > 0
            THEN (w.N * w.SXX - w.SX * w.SX) * (w.N * w.SYY - w.SY * w.SY) END) AS R
    FROM Windowed AS w
)

SELECT
    ch.ChannelCode,
    c.Months,
    CAST(c.R AS decimal(6, 4)) AS PearsonLeadsRevenue,
    RANK() OVER (ORDER BY c.R DESC) AS CorrelationRank
FROM Correlated AS c
INNER JOIN crm.Channel AS ch ON c.ChannelId = ch.ChannelId;
GO

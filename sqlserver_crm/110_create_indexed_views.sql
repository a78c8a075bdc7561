/*
Purpose:      Indexed (materialised) views that pre-aggregate what the CRM-7 analytics read (CRM-8):
                crm.vw_LeadChannelMonthStats     leads and conversions by year, month, channel, market, distance band
                crm.vw_SaleChannelMonthStats     sales and revenue by year, month, channel, market
                crm.vw_CampaignSaleStats         sales count and amount per campaign (also the CRM side of CRM-3)
                crm.vw_CampaignLeadStats         leads and conversions per campaign
                crm.vw_CampaignInteractionStats  interactions and sentiment per campaign (join Interaction-Lead)
              Rules followed: WITH SCHEMABINDING, two-part names, deterministic expressions only, COUNT_BIG(*)
              with GROUP BY, SUM only over non-nullable expressions, unique clustered index first, and the
              SET options below (also required of every session that modifies the base tables).
Target:       PromptCrm on SQL Server 2022. Queries read them WITH (NOEXPAND) so that Standard edition uses
              the view index too (Enterprise/Developer could match them automatically).
Requires:     020_create_tables.sql (the views are created empty-safe; data may come before or after).
Re-runnable:  yes (stub CREATE when missing, then ALTER VIEW; ALTER drops the view's indexes, so the unique
              clustered index is rebuilt right after: same end state, a few seconds of rebuild).
Leaves:       5 views, each with a unique clustered index IX_Crm_<view>_Key.
Requirements: CRM-8, CRM-9.
Verify:       SELECT OBJECT_NAME(object_id), name FROM sys.indexes
              WHERE object_id IN (SELECT object_id FROM sys.views WHERE schema_id = SCHEMA_ID(N'crm'));
*/
USE PromptCrm;
GO

SET ANSI_NULLS ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;
GO

IF OBJECT_ID(N'crm.vw_LeadChannelMonthStats', N'V') IS NULL
    EXEC sys.sp_executesql N'CREATE VIEW crm.vw_LeadChannelMonthStats WITH SCHEMABINDING AS SELECT 1 AS Stub;';
GO

ALTER VIEW crm.vw_LeadChannelMonthStats
WITH SCHEMABINDING
AS
SELECT
    YEAR(l.CapturedOn) AS CaptureYear,
    MONTH(l.CapturedOn) AS CaptureMonth,
    l.ChannelId,
    l.MarketId,
    l.DistanceBandId,
    COUNT_BIG(*) AS LeadCount,
    SUM(CASE WHEN l.IsConverted = 1 THEN 1 ELSE 0 END) AS ConvertedCount,
    SUM(l.IntentScore) AS IntentScoreSum
FROM crm.Lead AS l
GROUP BY YEAR(l.CapturedOn), MONTH(l.CapturedOn), l.ChannelId, l.MarketId, l.DistanceBandId;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Crm_vwLeadChannelMonthStats_Key' AND object_id = OBJECT_ID(N'crm.vw_LeadChannelMonthStats')
)
    CREATE UNIQUE CLUSTERED INDEX IX_Crm_vwLeadChannelMonthStats_Key
    ON crm.vw_LeadChannelMonthStats (CaptureYear, CaptureMonth, ChannelId, MarketId, DistanceBandId);
GO

IF OBJECT_ID(N'crm.vw_SaleChannelMonthStats', N'V') IS NULL
    EXEC sys.sp_executesql N'CREATE VIEW crm.vw_SaleChannelMonthStats WITH SCHEMABINDING AS SELECT 1 AS Stub;';
GO

ALTER VIEW crm.vw_SaleChannelMonthStats
WITH SCHEMABINDING
AS
SELECT
    YEAR(s.SaleDate) AS SaleYear,
    MONTH(s.SaleDate) AS SaleMonth,
    s.ChannelId,
    s.MarketId,
    COUNT_BIG(*) AS SaleCount,
    SUM(s.Amount) AS SalesAmount
FROM crm.Sale AS s
GROUP BY YEAR(s.SaleDate), MONTH(s.SaleDate), s.ChannelId, s.MarketId;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Crm_vwSaleChannelMonthStats_Key' AND object_id = OBJECT_ID(N'crm.vw_SaleChannelMonthStats')
)
    CREATE UNIQUE CLUSTERED INDEX IX_Crm_vwSaleChannelMonthStats_Key
    ON crm.vw_SaleChannelMonthStats (SaleYear, SaleMonth, ChannelId, MarketId);
GO

IF OBJECT_ID(N'crm.vw_CampaignSaleStats', N'V') IS NULL
    EXEC sys.sp_executesql N'CREATE VIEW crm.vw_CampaignSaleStats WITH SCHEMABINDING AS SELECT 1 AS Stub;';
GO

ALTER VIEW crm.vw_CampaignSaleStats
WITH SCHEMABINDING
AS
SELECT
    s.CampaignId,
    COUNT_BIG(*) AS SaleCount,
    SUM(s.Amount) AS SalesAmount
FROM crm.Sale AS s
GROUP BY s.CampaignId;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Crm_vwCampaignSaleStats_Key' AND object_id = OBJECT_ID(N'crm.vw_CampaignSaleStats')
)
    CREATE UNIQUE CLUSTERED INDEX IX_Crm_vwCampaignSaleStats_Key ON crm.vw_CampaignSaleStats (CampaignId);
GO

IF OBJECT_ID(N'crm.vw_CampaignLeadStats', N'V') IS NULL
    EXEC sys.sp_executesql N'CREATE VIEW crm.vw_CampaignLeadStats WITH SCHEMABINDING AS SELECT 1 AS Stub;';
GO

ALTER VIEW crm.vw_CampaignLeadStats
WITH SCHEMABINDING
AS
SELECT
    l.CampaignId,
    COUNT_BIG(*) AS LeadCount,
    SUM(CASE WHEN l.IsConverted = 1 THEN 1 ELSE 0 END) AS ConvertedCount,
    SUM(l.IntentScore) AS IntentScoreSum
FROM crm.Lead AS l
GROUP BY l.CampaignId;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Crm_vwCampaignLeadStats_Key' AND object_id = OBJECT_ID(N'crm.vw_CampaignLeadStats')
)
    CREATE UNIQUE CLUSTERED INDEX IX_Crm_vwCampaignLeadStats_Key ON crm.vw_CampaignLeadStats (CampaignId);
GO

IF OBJECT_ID(N'crm.vw_CampaignInteractionStats', N'V') IS NULL
    EXEC sys.sp_executesql N'CREATE VIEW crm.vw_CampaignInteractionStats WITH SCHEMABINDING AS SELECT 1 AS Stub;';
GO

ALTER VIEW crm.vw_CampaignInteractionStats
WITH SCHEMABINDING
AS
SELECT
    l.CampaignId,
    COUNT_BIG(*) AS InteractionCount,
    SUM(i.SentimentScore) AS SentimentSum
FROM crm.Interaction AS i
INNER JOIN crm.Lead AS l ON i.LeadId = l.LeadId
GROUP BY l.CampaignId;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE
        name = N'IX_Crm_vwCampaignInteractionStats_Key'
        AND object_id = OBJECT_ID(N'crm.vw_CampaignInteractionStats')
)
    CREATE UNIQUE CLUSTERED INDEX IX_Crm_vwCampaignInteractionStats_Key
    ON crm.vw_CampaignInteractionStats (CampaignId);
GO

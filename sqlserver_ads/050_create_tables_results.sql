/*
Purpose:      What campaigns produce and what the platform learns from them: daily results per ad x
              channel x market, social-network sentiment events, the sync log of the external integrations,
              AI optimisation recommendations, the performance ranking, and the generator's own bookkeeping
              (runs and the scenarios it planted for ADS-5).
Target:       PromptAds on SQL Server 2022.
Requires:     040_create_tables_campaigns.sql.
Re-runnable:  yes (IF NOT EXISTS guards).
Leaves:       ads.DailyResult, ads.SentimentEvent, ads.IntegrationSyncLog, ads.AiRecommendation,
              ads.CampaignPerformanceRanking, ads.GenerationRun, ads.GeneratedScenario (empty).
Requirements: ADS-3, ADS-5, SAL-3 (RowVer columns), CRM-3 (figures behind ads.vw_CampaignSalesReach).
Verify:       EXEC sys.sp_help N'ads.DailyResult';
*/
USE PromptAds;
GO

-- One row per placement (ad x campaign channel x campaign market) and day it ran.
-- CampaignId is carried (and checked by the composite key) so per-campaign figures need no joins.
IF OBJECT_ID(N'ads.DailyResult', N'U') IS NULL
BEGIN
    CREATE TABLE ads.DailyResult (
        -- Surrogate key for the ETL contract of PromptSales (result_id); the natural key is the PK.
        ResultId bigint IDENTITY (1, 1) NOT NULL,
        AdPlacementId int NOT NULL,
        ResultDate date NOT NULL,
        CampaignId int NOT NULL,
        Views bigint NOT NULL,
        AudienceReached bigint NOT NULL,
        Likes int NOT NULL,
        Reactions int NOT NULL,
        Interactions int NOT NULL,
        ExposureHours decimal(12, 2) NOT NULL,
        Sales int NOT NULL,
        Revenue decimal(19, 2) NOT NULL,
        Cost decimal(19, 2) NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_DailyResult PRIMARY KEY CLUSTERED (AdPlacementId, ResultDate),
        CONSTRAINT UQ_Ads_DailyResult_ResultId UNIQUE (ResultId),
        CONSTRAINT FK_Ads_DailyResult_AdPlacement
        FOREIGN KEY (AdPlacementId, CampaignId) REFERENCES ads.AdPlacement (AdPlacementId, CampaignId),
        -- The funnel can only narrow: views >= reach, views >= interactions >= reactions >= likes, and
        -- interactions >= sales.
        CONSTRAINT CK_Ads_DailyResult_Funnel CHECK (
            AudienceReached >= 0 AND AudienceReached <= Views
            AND Likes >= 0 AND Likes <= Reactions AND Reactions <= Interactions AND Interactions <= Views
            AND Sales >= 0 AND Sales <= Interactions
        ),
        CONSTRAINT CK_Ads_DailyResult_Money CHECK (Revenue >= 0 AND Cost >= 0 AND ExposureHours >= 0)
    );
    CREATE INDEX IX_Ads_DailyResult_CampaignId_ResultDate
    ON ads.DailyResult (CampaignId, ResultDate)
    INCLUDE (Views, AudienceReached, Reactions, Interactions, Sales, Revenue, Cost);
    CREATE INDEX IX_Ads_DailyResult_RowVer ON ads.DailyResult (RowVer);
END;
GO

IF OBJECT_ID(N'ads.SentimentEvent', N'U') IS NULL
BEGIN
    CREATE TABLE ads.SentimentEvent (
        SentimentEventId bigint IDENTITY (1, 1) NOT NULL,
        CampaignId int NOT NULL,
        AdId int NOT NULL,
        CampaignChannelId int NOT NULL,
        EventAt datetime2(0) NOT NULL,
        SourceNetwork varchar(20) NOT NULL,
        Polarity varchar(10) NOT NULL,
        SentimentScore decimal(4, 3) NOT NULL,
        NegativityKind varchar(30) NULL,
        AuthorHandle varchar(60) NOT NULL,
        Excerpt nvarchar(280) NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_SentimentEvent PRIMARY KEY CLUSTERED (SentimentEventId),
        CONSTRAINT FK_Ads_SentimentEvent_Ad FOREIGN KEY (AdId, CampaignId) REFERENCES ads.Ad (AdId, CampaignId),
        CONSTRAINT FK_Ads_SentimentEvent_CampaignChannel
        FOREIGN KEY (CampaignChannelId, CampaignId) REFERENCES ads.CampaignChannel (CampaignChannelId, CampaignId),
        CONSTRAINT CK_Ads_SentimentEvent_Polarity CHECK (Polarity IN ('POSITIVE', 'NEUTRAL', 'NEGATIVE')),
        CONSTRAINT CK_Ads_SentimentEvent_SourceNetwork CHECK (
            SourceNetwork IN ('X', 'INSTAGRAM', 'FACEBOOK', 'TIKTOK', 'YOUTUBE', 'LINKEDIN', 'REDDIT')
        ),
        CONSTRAINT CK_Ads_SentimentEvent_Score CHECK (
            (Polarity = 'POSITIVE' AND SentimentScore > 0.2 AND SentimentScore <= 1)
            OR (Polarity = 'NEUTRAL' AND SentimentScore BETWEEN -0.2 AND 0.2)
            OR (Polarity = 'NEGATIVE' AND SentimentScore >= -1 AND SentimentScore < -0.2)
        ),
        CONSTRAINT CK_Ads_SentimentEvent_NegativityKind CHECK (
            (
                Polarity = 'NEGATIVE'
                AND NegativityKind IN (
                    'OFFENSIVE_CONTENT', 'MISLEADING_CLAIM', 'PRICE_COMPLAINT', 'PRODUCT_QUALITY',
                    'CUSTOMER_SERVICE', 'AD_FATIGUE', 'BOYCOTT_CALL'
                )
            )
            OR (Polarity <> 'NEGATIVE' AND NegativityKind IS NULL)
        )
    );
    CREATE INDEX IX_Ads_SentimentEvent_AdId_EventAt
    ON ads.SentimentEvent (AdId, EventAt) INCLUDE (Polarity, NegativityKind, CampaignChannelId);
    CREATE INDEX IX_Ads_SentimentEvent_CampaignId ON ads.SentimentEvent (CampaignId);
    CREATE INDEX IX_Ads_SentimentEvent_RowVer ON ads.SentimentEvent (RowVer);
END;
GO

IF OBJECT_ID(N'ads.IntegrationSyncLog', N'U') IS NULL
BEGIN
    CREATE TABLE ads.IntegrationSyncLog (
        SyncLogId bigint IDENTITY (1, 1) NOT NULL,
        IntegrationAccountId int NOT NULL,
        StartedAt datetime2(0) NOT NULL,
        FinishedAt datetime2(0) NOT NULL,
        Direction varchar(10) NOT NULL,
        EntityName varchar(40) NOT NULL,
        RecordsRead int NOT NULL,
        RecordsWritten int NOT NULL,
        SyncStatus varchar(10) NOT NULL,
        ErrorMessage nvarchar(400) NULL,
        CONSTRAINT PK_Ads_IntegrationSyncLog PRIMARY KEY CLUSTERED (SyncLogId),
        CONSTRAINT FK_Ads_IntegrationSyncLog_IntegrationAccount
        FOREIGN KEY (IntegrationAccountId) REFERENCES ads.IntegrationAccount (IntegrationAccountId),
        CONSTRAINT CK_Ads_IntegrationSyncLog_Direction CHECK (Direction IN ('PULL', 'PUSH')),
        CONSTRAINT CK_Ads_IntegrationSyncLog_SyncStatus CHECK (SyncStatus IN ('OK', 'PARTIAL', 'FAILED')),
        CONSTRAINT CK_Ads_IntegrationSyncLog_Times CHECK (FinishedAt >= StartedAt),
        CONSTRAINT CK_Ads_IntegrationSyncLog_Records CHECK (RecordsRead >= 0 AND RecordsWritten >= 0),
        CONSTRAINT CK_Ads_IntegrationSyncLog_ErrorMessage CHECK (
            (SyncStatus = 'OK' AND ErrorMessage IS NULL) OR (SyncStatus <> 'OK' AND ErrorMessage IS NOT NULL)
        )
    );
    CREATE INDEX IX_Ads_IntegrationSyncLog_IntegrationAccountId_StartedAt
    ON ads.IntegrationSyncLog (IntegrationAccountId, StartedAt);
END;
GO

IF OBJECT_ID(N'ads.AiRecommendation', N'U') IS NULL
BEGIN
    CREATE TABLE ads.AiRecommendation (
        RecommendationId int IDENTITY (1, 1) NOT NULL,
        CampaignId int NOT NULL,
        AdId int NULL,
        CampaignChannelId int NULL,
        RecommendationType varchar(30) NOT NULL,
        Rationale nvarchar(400) NOT NULL,
        ExpectedLiftPct decimal(6, 2) NOT NULL,
        Confidence decimal(4, 3) NOT NULL,
        ModelName varchar(60) NOT NULL,
        GeneratedAt datetime2(0) NOT NULL,
        RecommendationStatus varchar(20) NOT NULL,
        CONSTRAINT PK_Ads_AiRecommendation PRIMARY KEY CLUSTERED (RecommendationId),
        CONSTRAINT FK_Ads_AiRecommendation_Campaign FOREIGN KEY (CampaignId) REFERENCES ads.Campaign (CampaignId),
        CONSTRAINT FK_Ads_AiRecommendation_Ad FOREIGN KEY (AdId, CampaignId) REFERENCES ads.Ad (AdId, CampaignId),
        CONSTRAINT FK_Ads_AiRecommendation_CampaignChannel
        FOREIGN KEY (CampaignChannelId, CampaignId) REFERENCES ads.CampaignChannel (CampaignChannelId, CampaignId),
        CONSTRAINT CK_Ads_AiRecommendation_RecommendationType CHECK (
            RecommendationType IN (
                'SHIFT_BUDGET', 'PAUSE_AD', 'REFRESH_CREATIVE', 'EXPAND_MARKET', 'RAISE_BID', 'LOWER_BID'
            )
        ),
        CONSTRAINT CK_Ads_AiRecommendation_Confidence CHECK (Confidence BETWEEN 0 AND 1),
        CONSTRAINT CK_Ads_AiRecommendation_RecommendationStatus CHECK (
            RecommendationStatus IN ('PROPOSED', 'ACCEPTED', 'REJECTED', 'APPLIED')
        )
    );
    CREATE INDEX IX_Ads_AiRecommendation_CampaignId ON ads.AiRecommendation (CampaignId);
END;
GO

-- Performance ranking, kept in sync with ads.DailyResult by the MERGE of 800_report_teaching_queries.sql.
IF OBJECT_ID(N'ads.CampaignPerformanceRanking', N'U') IS NULL
BEGIN
    CREATE TABLE ads.CampaignPerformanceRanking (
        CampaignId int NOT NULL,
        IndustryCode varchar(20) NOT NULL,
        Revenue decimal(19, 2) NOT NULL,
        Cost decimal(19, 2) NOT NULL,
        RoiPct decimal(12, 2) NULL,
        RankInIndustry int NOT NULL,
        PerformanceTier varchar(10) NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_CampaignPerformanceRanking PRIMARY KEY CLUSTERED (CampaignId),
        CONSTRAINT FK_Ads_CampaignPerformanceRanking_Campaign
        FOREIGN KEY (CampaignId) REFERENCES ads.Campaign (CampaignId),
        CONSTRAINT CK_Ads_CampaignPerformanceRanking_PerformanceTier CHECK (
            PerformanceTier IN ('TOP', 'MIDDLE', 'BOTTOM')
        )
    );
END;
GO

-- Bookkeeping of ads.ADSSP_GenerateHistory: which parameters produced the data now in the tables.
IF OBJECT_ID(N'ads.GenerationRun', N'U') IS NULL
BEGIN
    CREATE TABLE ads.GenerationRun (
        GenerationRunId int IDENTITY (1, 1) NOT NULL,
        Seed int NOT NULL,
        AsOfDate date NOT NULL,
        CampaignCount int NOT NULL,
        Scale varchar(10) NOT NULL,
        StartedAt datetime2(3) NOT NULL,
        FinishedAt datetime2(3) NULL,
        RowCountsJson nvarchar(max) NULL,
        CONSTRAINT PK_Ads_GenerationRun PRIMARY KEY CLUSTERED (GenerationRunId),
        CONSTRAINT CK_Ads_GenerationRun_Scale CHECK (Scale IN ('small', 'full')),
        CONSTRAINT CK_Ads_GenerationRun_RowCountsJson CHECK (RowCountsJson IS NULL OR ISJSON(RowCountsJson) = 1)
    );
END;
GO

-- The cases the generator planted on purpose (ADS-5): graders and tests know where to look.
IF OBJECT_ID(N'ads.GeneratedScenario', N'U') IS NULL
BEGIN
    CREATE TABLE ads.GeneratedScenario (
        ScenarioId int IDENTITY (1, 1) NOT NULL,
        ScenarioKind varchar(40) NOT NULL,
        CampaignId int NOT NULL,
        AdId int NOT NULL,
        CampaignChannelId int NOT NULL,
        StartsOn date NOT NULL,
        EndsOn date NOT NULL,
        ReactionFactor decimal(4, 2) NOT NULL,
        NegativityKind varchar(30) NOT NULL,
        CONSTRAINT PK_Ads_GeneratedScenario PRIMARY KEY CLUSTERED (ScenarioId),
        CONSTRAINT FK_Ads_GeneratedScenario_Ad FOREIGN KEY (AdId, CampaignId) REFERENCES ads.Ad (AdId, CampaignId),
        CONSTRAINT FK_Ads_GeneratedScenario_CampaignChannel
        FOREIGN KEY (CampaignChannelId, CampaignId) REFERENCES ads.CampaignChannel (CampaignChannelId, CampaignId),
        CONSTRAINT CK_Ads_GeneratedScenario_ScenarioKind CHECK (ScenarioKind IN ('NEGATIVE_SENTIMENT_DROP')),
        CONSTRAINT CK_Ads_GeneratedScenario_Dates CHECK (EndsOn >= StartsOn),
        CONSTRAINT CK_Ads_GeneratedScenario_ReactionFactor CHECK (ReactionFactor > 0 AND ReactionFactor < 1)
    );
END;
GO

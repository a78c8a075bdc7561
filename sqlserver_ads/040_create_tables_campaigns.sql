/*
Purpose:      Campaigns and what they are made of: status history, the channels (with the influencer when
              the channel is an influencer network), the markets, the ads (messages and creatives) and the
              placements that tie each ad to one campaign channel and one campaign market.
Target:       PromptAds on SQL Server 2022.
Requires:     030_create_tables_reference.sql.
Re-runnable:  yes (IF NOT EXISTS guards).
Leaves:       ads.Campaign, ads.CampaignStatusHistory, ads.CampaignChannel, ads.CampaignMarket, ads.Ad,
              ads.AdPlacement (empty until 130_seed_campaign_history.sql).
Requirements: ADS-1, ADS-2, ADS-3, SAL-3 (RowVer columns), CRM-3 (campaign codes).
Verify:       EXEC sys.sp_help N'ads.AdPlacement';
*/
USE PromptAds;
GO

IF OBJECT_ID(N'ads.Campaign', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Campaign (
        CampaignId int IDENTITY (1, 1) NOT NULL,
        CampaignCode varchar(12) NOT NULL,
        CompanyId int NOT NULL,
        ProductId int NULL,
        CampaignName nvarchar(150) NOT NULL,
        Objective varchar(20) NOT NULL,
        TargetAudience nvarchar(400) NOT NULL,
        Budget decimal(19, 2) NOT NULL,
        CurrencyCode char(3) NOT NULL CONSTRAINT DF_Ads_Campaign_CurrencyCode DEFAULT ('USD'),
        StartDate date NOT NULL,
        EndDate date NOT NULL,
        StatusCode varchar(20) NOT NULL,
        Origin varchar(20) NOT NULL CONSTRAINT DF_Ads_Campaign_Origin DEFAULT ('PORTAL'),
        -- Consolidated from ads.DailyResult by the UPDATE ... FROM of 800_report_teaching_queries.sql.
        SpentAmount decimal(19, 2) NOT NULL CONSTRAINT DF_Ads_Campaign_SpentAmount DEFAULT (0),
        SalesAmount decimal(19, 2) NOT NULL CONSTRAINT DF_Ads_Campaign_SalesAmount DEFAULT (0),
        CreatedAt datetime2(0) NOT NULL CONSTRAINT DF_Ads_Campaign_CreatedAt DEFAULT (SYSUTCDATETIME()),
        UpdatedAt datetime2(0) NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_Campaign PRIMARY KEY CLUSTERED (CampaignId),
        CONSTRAINT UQ_Ads_Campaign_CampaignCode UNIQUE (CampaignCode),
        CONSTRAINT FK_Ads_Campaign_Company FOREIGN KEY (CompanyId) REFERENCES ads.Company (CompanyId),
        CONSTRAINT FK_Ads_Campaign_Product FOREIGN KEY (ProductId) REFERENCES ads.Product (ProductId),
        CONSTRAINT FK_Ads_Campaign_CampaignStatus
        FOREIGN KEY (StatusCode) REFERENCES ads.CampaignStatus (StatusCode),
        CONSTRAINT CK_Ads_Campaign_CampaignCode CHECK (CampaignCode LIKE 'CMP-[0-9][0-9][0-9][0-9][0-9][0-9]'),
        CONSTRAINT CK_Ads_Campaign_Objective CHECK (
            Objective IN ('AWARENESS', 'CONSIDERATION', 'CONVERSION', 'RETENTION')
        ),
        CONSTRAINT CK_Ads_Campaign_Budget CHECK (Budget >= 0),
        CONSTRAINT CK_Ads_Campaign_Dates CHECK (EndDate >= StartDate),
        CONSTRAINT CK_Ads_Campaign_Origin CHECK (Origin IN ('PORTAL', 'GENERATOR', 'IMPORT')),
        CONSTRAINT CK_Ads_Campaign_Amounts CHECK (SpentAmount >= 0 AND SalesAmount >= 0)
    );
    CREATE INDEX IX_Ads_Campaign_CompanyId_StartDate
    ON ads.Campaign (CompanyId, StartDate) INCLUDE (EndDate, StatusCode, CampaignCode);
    CREATE INDEX IX_Ads_Campaign_StatusCode_EndDate ON ads.Campaign (StatusCode, EndDate);
    CREATE INDEX IX_Ads_Campaign_StartDate ON ads.Campaign (StartDate) INCLUDE (StatusCode);
    CREATE INDEX IX_Ads_Campaign_RowVer ON ads.Campaign (RowVer);
END;
GO

-- Filled by trigger ads.TR_Campaign_History (060) and, for generated history, by the generator.
IF OBJECT_ID(N'ads.CampaignStatusHistory', N'U') IS NULL
BEGIN
    CREATE TABLE ads.CampaignStatusHistory (
        HistoryId bigint IDENTITY (1, 1) NOT NULL,
        CampaignId int NOT NULL,
        ChangeKind varchar(20) NOT NULL,
        OldStatusCode varchar(20) NULL,
        NewStatusCode varchar(20) NOT NULL,
        OldBudget decimal(19, 2) NULL,
        NewBudget decimal(19, 2) NOT NULL,
        OldEndDate date NULL,
        NewEndDate date NOT NULL,
        ChangedAt datetime2(0) NOT NULL,
        ChangedBy sysname NOT NULL CONSTRAINT DF_Ads_CampaignStatusHistory_ChangedBy DEFAULT (ORIGINAL_LOGIN()),
        CONSTRAINT PK_Ads_CampaignStatusHistory PRIMARY KEY CLUSTERED (HistoryId),
        CONSTRAINT FK_Ads_CampaignStatusHistory_Campaign
        FOREIGN KEY (CampaignId) REFERENCES ads.Campaign (CampaignId),
        CONSTRAINT FK_Ads_CampaignStatusHistory_CampaignStatus
        FOREIGN KEY (NewStatusCode) REFERENCES ads.CampaignStatus (StatusCode),
        CONSTRAINT CK_Ads_CampaignStatusHistory_ChangeKind CHECK (ChangeKind IN ('CREATED', 'STATUS', 'PLAN'))
    );
    CREATE INDEX IX_Ads_CampaignStatusHistory_CampaignId_ChangedAt
    ON ads.CampaignStatusHistory (CampaignId, ChangedAt);
END;
GO

IF OBJECT_ID(N'ads.CampaignChannel', N'U') IS NULL
BEGIN
    CREATE TABLE ads.CampaignChannel (
        CampaignChannelId int IDENTITY (1, 1) NOT NULL,
        CampaignId int NOT NULL,
        ChannelId int NOT NULL,
        InfluencerId int NULL,
        BudgetShare decimal(5, 4) NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_CampaignChannel PRIMARY KEY CLUSTERED (CampaignChannelId),
        CONSTRAINT UQ_Ads_CampaignChannel_CampaignId_ChannelId_InfluencerId
        UNIQUE (CampaignId, ChannelId, InfluencerId),
        CONSTRAINT UQ_Ads_CampaignChannel_CampaignChannelId_CampaignId UNIQUE (CampaignChannelId, CampaignId),
        CONSTRAINT FK_Ads_CampaignChannel_Campaign FOREIGN KEY (CampaignId) REFERENCES ads.Campaign (CampaignId),
        CONSTRAINT FK_Ads_CampaignChannel_Channel FOREIGN KEY (ChannelId) REFERENCES ads.Channel (ChannelId),
        CONSTRAINT FK_Ads_CampaignChannel_Influencer
        FOREIGN KEY (InfluencerId, ChannelId) REFERENCES ads.Influencer (InfluencerId, ChannelId),
        CONSTRAINT CK_Ads_CampaignChannel_BudgetShare CHECK (BudgetShare IS NULL OR BudgetShare BETWEEN 0 AND 1)
    );
    CREATE INDEX IX_Ads_CampaignChannel_ChannelId ON ads.CampaignChannel (ChannelId) INCLUDE (InfluencerId);
    CREATE INDEX IX_Ads_CampaignChannel_InfluencerId
    ON ads.CampaignChannel (InfluencerId) WHERE InfluencerId IS NOT NULL;
END;
GO

IF OBJECT_ID(N'ads.CampaignMarket', N'U') IS NULL
BEGIN
    CREATE TABLE ads.CampaignMarket (
        CampaignMarketId int IDENTITY (1, 1) NOT NULL,
        CampaignId int NOT NULL,
        MarketId int NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_CampaignMarket PRIMARY KEY CLUSTERED (CampaignMarketId),
        CONSTRAINT UQ_Ads_CampaignMarket_CampaignId_MarketId UNIQUE (CampaignId, MarketId),
        CONSTRAINT UQ_Ads_CampaignMarket_CampaignMarketId_CampaignId UNIQUE (CampaignMarketId, CampaignId),
        CONSTRAINT FK_Ads_CampaignMarket_Campaign FOREIGN KEY (CampaignId) REFERENCES ads.Campaign (CampaignId),
        CONSTRAINT FK_Ads_CampaignMarket_Market FOREIGN KEY (MarketId) REFERENCES ads.Market (MarketId)
    );
    CREATE INDEX IX_Ads_CampaignMarket_MarketId ON ads.CampaignMarket (MarketId);
END;
GO

IF OBJECT_ID(N'ads.Ad', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Ad (
        AdId int IDENTITY (1, 1) NOT NULL,
        CampaignId int NOT NULL,
        AdName nvarchar(150) NOT NULL,
        Headline nvarchar(200) NOT NULL,
        BodyText nvarchar(1000) NOT NULL,
        CallToAction nvarchar(40) NOT NULL,
        CreativeFormat varchar(20) NOT NULL,
        LanguageCode char(2) NOT NULL,
        LandingUrl varchar(400) NOT NULL,
        -- Where the creative was authored; copies imported from ad platforms keep their raw text.
        SourceSystem varchar(20) NOT NULL CONSTRAINT DF_Ads_Ad_SourceSystem DEFAULT ('PORTAL'),
        CreatedAt datetime2(0) NOT NULL CONSTRAINT DF_Ads_Ad_CreatedAt DEFAULT (SYSUTCDATETIME()),
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_Ad PRIMARY KEY CLUSTERED (AdId),
        CONSTRAINT UQ_Ads_Ad_CampaignId_AdName UNIQUE (CampaignId, AdName),
        CONSTRAINT UQ_Ads_Ad_AdId_CampaignId UNIQUE (AdId, CampaignId),
        CONSTRAINT FK_Ads_Ad_Campaign FOREIGN KEY (CampaignId) REFERENCES ads.Campaign (CampaignId),
        CONSTRAINT CK_Ads_Ad_CreativeFormat CHECK (
            CreativeFormat IN ('IMAGE', 'VIDEO', 'CAROUSEL', 'STORY', 'TEXT', 'EMAIL', 'SMS')
        ),
        CONSTRAINT CK_Ads_Ad_LanguageCode CHECK (LanguageCode IN ('es', 'en', 'pt')),
        CONSTRAINT CK_Ads_Ad_SourceSystem CHECK (
            SourceSystem IN ('PORTAL', 'GENERATOR', 'META_ADS', 'GOOGLE_ADS', 'TIKTOK_BUSINESS', 'MAILCHIMP')
        ),
        CONSTRAINT CK_Ads_Ad_LandingUrl CHECK (LandingUrl LIKE 'https://%')
    );
    CREATE INDEX IX_Ads_Ad_RowVer ON ads.Ad (RowVer);
END;
GO

-- The campaign <-> channel <-> market <-> ad link. Composite keys keep all four in the same campaign.
IF OBJECT_ID(N'ads.AdPlacement', N'U') IS NULL
BEGIN
    CREATE TABLE ads.AdPlacement (
        AdPlacementId int IDENTITY (1, 1) NOT NULL,
        CampaignId int NOT NULL,
        AdId int NOT NULL,
        CampaignChannelId int NOT NULL,
        CampaignMarketId int NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_AdPlacement PRIMARY KEY CLUSTERED (AdPlacementId),
        CONSTRAINT UQ_Ads_AdPlacement_AdId_CampaignChannelId_CampaignMarketId
        UNIQUE (AdId, CampaignChannelId, CampaignMarketId),
        CONSTRAINT UQ_Ads_AdPlacement_AdPlacementId_CampaignId UNIQUE (AdPlacementId, CampaignId),
        CONSTRAINT FK_Ads_AdPlacement_Ad FOREIGN KEY (AdId, CampaignId) REFERENCES ads.Ad (AdId, CampaignId),
        CONSTRAINT FK_Ads_AdPlacement_CampaignChannel
        FOREIGN KEY (CampaignChannelId, CampaignId) REFERENCES ads.CampaignChannel (CampaignChannelId, CampaignId),
        CONSTRAINT FK_Ads_AdPlacement_CampaignMarket
        FOREIGN KEY (CampaignMarketId, CampaignId) REFERENCES ads.CampaignMarket (CampaignMarketId, CampaignId)
    );
    CREATE INDEX IX_Ads_AdPlacement_CampaignId ON ads.AdPlacement (CampaignId) INCLUDE (AdId, CampaignChannelId);
    CREATE INDEX IX_Ads_AdPlacement_CampaignChannelId ON ads.AdPlacement (CampaignChannelId);
    CREATE INDEX IX_Ads_AdPlacement_CampaignMarketId ON ads.AdPlacement (CampaignMarketId);
END;
GO

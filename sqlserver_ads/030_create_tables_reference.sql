/*
Purpose:      Reference tables of the ad platform: client companies (the brands), their products, sales
              channels (social networks, e-mail, SMS, LinkedIn, search, influencer networks), influencers,
              markets (country x segment), campaign statuses and external-platform integrations.
Target:       PromptAds on SQL Server 2022.
Requires:     020_create_schemas_and_log.sql.
Re-runnable:  yes (IF NOT EXISTS guards).
Leaves:       ads.Company, ads.Product, ads.Channel, ads.Influencer, ads.Market, ads.CampaignStatus,
              ads.Integration, ads.IntegrationAccount, ads.GeneratorVocabulary (empty; 120 fills them).
Requirements: ADS-1, ADS-3 (channels, markets), SAL-3 (RowVer columns read by the ETL).
Verify:       SELECT name FROM sys.tables WHERE schema_id = SCHEMA_ID(N'ads') ORDER BY name;
*/
USE PromptAds;
GO

-- Client companies are the brands that buy campaigns (contract: 200 companies CO-0001..CO-0200).
IF OBJECT_ID(N'ads.Company', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Company (
        CompanyId int NOT NULL,
        CompanyCode varchar(7) NOT NULL,
        CompanyName nvarchar(100) NOT NULL,
        IndustryCode varchar(20) NOT NULL,
        IndustryName nvarchar(40) NOT NULL,
        HeadquartersCountryCode char(2) NOT NULL,
        IsActive bit NOT NULL CONSTRAINT DF_Ads_Company_IsActive DEFAULT (1),
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_Company PRIMARY KEY CLUSTERED (CompanyId),
        CONSTRAINT UQ_Ads_Company_CompanyCode UNIQUE (CompanyCode),
        CONSTRAINT CK_Ads_Company_CompanyCode CHECK (CompanyCode LIKE 'CO-[0-9][0-9][0-9][0-9]')
    );
END;
GO

IF OBJECT_ID(N'ads.Product', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Product (
        ProductId int IDENTITY (1, 1) NOT NULL,
        CompanyId int NOT NULL,
        ProductCode varchar(12) NOT NULL,
        ProductName nvarchar(120) NOT NULL,
        UnitPrice decimal(19, 2) NOT NULL,
        CurrencyCode char(3) NOT NULL CONSTRAINT DF_Ads_Product_CurrencyCode DEFAULT ('USD'),
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_Product PRIMARY KEY CLUSTERED (ProductId),
        CONSTRAINT UQ_Ads_Product_ProductCode UNIQUE (ProductCode),
        CONSTRAINT FK_Ads_Product_Company FOREIGN KEY (CompanyId) REFERENCES ads.Company (CompanyId),
        CONSTRAINT CK_Ads_Product_UnitPrice CHECK (UnitPrice > 0)
    );
    CREATE INDEX IX_Ads_Product_CompanyId ON ads.Product (CompanyId);
END;
GO

IF OBJECT_ID(N'ads.Channel', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Channel (
        ChannelId int IDENTITY (1, 1) NOT NULL,
        ChannelCode varchar(20) NOT NULL,
        ChannelName nvarchar(60) NOT NULL,
        ChannelType varchar(20) NOT NULL,
        PlatformName nvarchar(60) NOT NULL,
        CostPerThousand decimal(9, 2) NOT NULL,
        EngagementRate decimal(6, 4) NOT NULL,
        ConversionRate decimal(6, 4) NOT NULL,
        SecondsPerView smallint NOT NULL,
        IsInfluencerChannel bit NOT NULL CONSTRAINT DF_Ads_Channel_IsInfluencerChannel DEFAULT (0),
        CONSTRAINT PK_Ads_Channel PRIMARY KEY CLUSTERED (ChannelId),
        CONSTRAINT UQ_Ads_Channel_ChannelCode UNIQUE (ChannelCode),
        CONSTRAINT CK_Ads_Channel_ChannelType CHECK (
            ChannelType IN ('SOCIAL', 'EMAIL', 'SMS', 'PROFESSIONAL', 'SEARCH', 'VIDEO', 'INFLUENCER')
        ),
        CONSTRAINT CK_Ads_Channel_Rates CHECK (
            CostPerThousand > 0 AND EngagementRate > 0 AND EngagementRate < 1
            AND ConversionRate > 0 AND ConversionRate < 1 AND SecondsPerView > 0
        ),
        CONSTRAINT CK_Ads_Channel_IsInfluencerChannel CHECK (
            (IsInfluencerChannel = 1 AND ChannelType = 'INFLUENCER')
            OR (IsInfluencerChannel = 0 AND ChannelType <> 'INFLUENCER')
        )
    );
END;
GO

IF OBJECT_ID(N'ads.Influencer', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Influencer (
        InfluencerId int IDENTITY (1, 1) NOT NULL,
        ChannelId int NOT NULL,
        Handle varchar(60) NOT NULL,
        DisplayName nvarchar(100) NOT NULL,
        Niche nvarchar(60) NOT NULL,
        CountryCode char(2) NOT NULL,
        Followers int NOT NULL,
        FeePerPost decimal(19, 2) NOT NULL,
        CONSTRAINT PK_Ads_Influencer PRIMARY KEY CLUSTERED (InfluencerId),
        CONSTRAINT UQ_Ads_Influencer_Handle UNIQUE (Handle),
        -- Target of the composite key that keeps a campaign's influencer on the influencer's own channel.
        CONSTRAINT UQ_Ads_Influencer_InfluencerId_ChannelId UNIQUE (InfluencerId, ChannelId),
        CONSTRAINT FK_Ads_Influencer_Channel FOREIGN KEY (ChannelId) REFERENCES ads.Channel (ChannelId),
        CONSTRAINT CK_Ads_Influencer_Followers CHECK (Followers > 0),
        CONSTRAINT CK_Ads_Influencer_FeePerPost CHECK (FeePerPost >= 0)
    );
    CREATE INDEX IX_Ads_Influencer_ChannelId ON ads.Influencer (ChannelId);
END;
GO

IF OBJECT_ID(N'ads.Market', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Market (
        MarketId int IDENTITY (1, 1) NOT NULL,
        MarketCode varchar(20) NOT NULL,
        CountryCode char(2) NOT NULL,
        CountryName nvarchar(60) NOT NULL,
        RegionName nvarchar(60) NOT NULL,
        SegmentCode varchar(20) NOT NULL,
        SegmentName nvarchar(80) NOT NULL,
        LanguageCode char(2) NOT NULL,
        CONSTRAINT PK_Ads_Market PRIMARY KEY CLUSTERED (MarketId),
        CONSTRAINT UQ_Ads_Market_MarketCode UNIQUE (MarketCode),
        CONSTRAINT UQ_Ads_Market_CountryCode_SegmentCode UNIQUE (CountryCode, SegmentCode),
        CONSTRAINT CK_Ads_Market_LanguageCode CHECK (LanguageCode IN ('es', 'en', 'pt'))
    );
END;
GO

IF OBJECT_ID(N'ads.CampaignStatus', N'U') IS NULL
BEGIN
    CREATE TABLE ads.CampaignStatus (
        StatusCode varchar(20) NOT NULL,
        StatusName nvarchar(40) NOT NULL,
        IsTerminal bit NOT NULL,
        CONSTRAINT PK_Ads_CampaignStatus PRIMARY KEY CLUSTERED (StatusCode)
    );
END;
GO

-- External ad platforms. Only a reference to where the token lives is stored, never the secret itself.
IF OBJECT_ID(N'ads.Integration', N'U') IS NULL
BEGIN
    CREATE TABLE ads.Integration (
        IntegrationId int IDENTITY (1, 1) NOT NULL,
        PlatformCode varchar(30) NOT NULL,
        PlatformName nvarchar(60) NOT NULL,
        ApiBaseUrl varchar(300) NOT NULL,
        TokenUrl varchar(300) NULL,
        AuthMethod varchar(30) NOT NULL,
        Scopes varchar(300) NULL,
        IsEnabled bit NOT NULL CONSTRAINT DF_Ads_Integration_IsEnabled DEFAULT (1),
        CONSTRAINT PK_Ads_Integration PRIMARY KEY CLUSTERED (IntegrationId),
        CONSTRAINT UQ_Ads_Integration_PlatformCode UNIQUE (PlatformCode),
        CONSTRAINT CK_Ads_Integration_AuthMethod CHECK (
            AuthMethod IN ('OAUTH2_AUTHORIZATION_CODE', 'OAUTH2_CLIENT_CREDENTIALS', 'API_KEY')
        ),
        CONSTRAINT CK_Ads_Integration_ApiBaseUrl CHECK (ApiBaseUrl LIKE 'https://%')
    );
END;
GO

IF OBJECT_ID(N'ads.IntegrationAccount', N'U') IS NULL
BEGIN
    CREATE TABLE ads.IntegrationAccount (
        IntegrationAccountId int IDENTITY (1, 1) NOT NULL,
        IntegrationId int NOT NULL,
        CompanyId int NOT NULL,
        ExternalAccountId varchar(60) NOT NULL,
        TokenReference varchar(200) NOT NULL,
        IsActive bit NOT NULL CONSTRAINT DF_Ads_IntegrationAccount_IsActive DEFAULT (1),
        CONSTRAINT PK_Ads_IntegrationAccount PRIMARY KEY CLUSTERED (IntegrationAccountId),
        CONSTRAINT UQ_Ads_IntegrationAccount_IntegrationId_CompanyId UNIQUE (IntegrationId, CompanyId),
        CONSTRAINT FK_Ads_IntegrationAccount_Integration
        FOREIGN KEY (IntegrationId) REFERENCES ads.Integration (IntegrationId),
        CONSTRAINT FK_Ads_IntegrationAccount_Company FOREIGN KEY (CompanyId) REFERENCES ads.Company (CompanyId),
        -- A reference into the secret store (Kubernetes secret or vault path), never a token value.
        CONSTRAINT CK_Ads_IntegrationAccount_TokenReference CHECK (
            TokenReference LIKE 'k8s-secret://%' OR TokenReference LIKE 'vault://%'
        )
    );
    CREATE INDEX IX_Ads_IntegrationAccount_CompanyId ON ads.IntegrationAccount (CompanyId);
END;
GO

-- Word lists the generator combines (hooks, benefits, offers, themes, audiences, sentiment excerpts,
-- names). Kept as data so the vocabulary can be extended without touching the generator.
IF OBJECT_ID(N'ads.GeneratorVocabulary', N'U') IS NULL
BEGIN
    CREATE TABLE ads.GeneratorVocabulary (
        VocabularyGroup varchar(30) NOT NULL,
        LanguageCode char(2) NOT NULL,
        ItemKey varchar(30) NOT NULL,
        Ordinal int NOT NULL,
        Term nvarchar(200) NOT NULL,
        CONSTRAINT PK_Ads_GeneratorVocabulary PRIMARY KEY CLUSTERED (VocabularyGroup, LanguageCode, ItemKey, Ordinal),
        CONSTRAINT CK_Ads_GeneratorVocabulary_Ordinal CHECK (Ordinal >= 1)
    );
END;
GO

/*
Purpose:      Table types (TVPs) that ads.ADSSP_CreateCampaign receives READONLY. Each list carries a
              client-side key (ChannelKey, MarketKey, AdKey) chosen by the caller; the placement list uses
              those keys to tie each ad to a channel and a market before any database id exists.
              The types have no primary keys on purpose: duplicate keys must reach the procedure so it can
              answer with its friendly error 50106 instead of failing while the client fills the TVP.
Target:       PromptAds on SQL Server 2022.
Requires:     020_create_schemas_and_log.sql.
Re-runnable:  yes (created only when missing; a table type cannot be altered, drop the procedure first to
              change one).
Leaves:       types ads.CampaignChannelList, ads.CampaignMarketList, ads.CampaignAdList,
              ads.CampaignAdPlacementList.
Requirements: ADS-1.
Verify:       SELECT name FROM sys.table_types WHERE schema_id = SCHEMA_ID(N'ads');
*/
USE PromptAds;
GO

IF TYPE_ID(N'ads.CampaignChannelList') IS NULL
    CREATE TYPE ads.CampaignChannelList AS TABLE (
        ChannelKey varchar(30) NOT NULL,
        ChannelCode varchar(20) NOT NULL,
        InfluencerHandle varchar(60) NULL,
        BudgetShare decimal(5, 4) NULL
    );
GO

IF TYPE_ID(N'ads.CampaignMarketList') IS NULL
    CREATE TYPE ads.CampaignMarketList AS TABLE (
        MarketKey varchar(30) NOT NULL,
        MarketCode varchar(20) NOT NULL
    );
GO

IF TYPE_ID(N'ads.CampaignAdList') IS NULL
    CREATE TYPE ads.CampaignAdList AS TABLE (
        AdKey varchar(30) NOT NULL,
        AdName nvarchar(150) NOT NULL,
        Headline nvarchar(200) NOT NULL,
        BodyText nvarchar(1000) NOT NULL,
        CallToAction nvarchar(40) NOT NULL,
        CreativeFormat varchar(20) NOT NULL,
        LanguageCode char(2) NOT NULL,
        LandingUrl varchar(400) NOT NULL
    );
GO

IF TYPE_ID(N'ads.CampaignAdPlacementList') IS NULL
    CREATE TYPE ads.CampaignAdPlacementList AS TABLE (
        AdKey varchar(30) NOT NULL,
        ChannelKey varchar(30) NOT NULL,
        MarketKey varchar(30) NOT NULL
    );
GO

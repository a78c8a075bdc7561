/*
Purpose:      Schema crm of PromptCrm: reference catalogs (channels, markets, cities, funnel stages,
              interaction types, distance bands, name vocabularies), campaigns imported from PromptAds,
              clients with encrypted personal data, client-campaign association, leads, interactions,
              behaviour events, sales, the log table and the seed bookkeeping table.
Target:       PromptCrm on SQL Server 2022 (compatibility level 160).
Requires:     010_create_database.sql.
Re-runnable:  yes (every object is created only when missing).
Leaves:       schema crm and its tables, all empty; named PK/FK/UQ/CK/DF constraints and the indexes the
              generators, the reconciliation and the analytics queries use.
Requirements: CRM-1, CRM-2, CRM-3, CRM-5 (varbinary columns), CRM-7, CRM-10, NFR-SEC5 (consent, retention).
Verify:       SELECT name FROM sys.tables WHERE schema_id = SCHEMA_ID(N'crm') ORDER BY name;
*/
USE PromptCrm;
GO

IF SCHEMA_ID(N'crm') IS NULL
    EXEC sys.sp_executesql N'CREATE SCHEMA crm AUTHORIZATION dbo;';
GO

-- ---------------------------------------------------------------- reference catalogs
IF OBJECT_ID(N'crm.Channel', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Channel (
        ChannelId tinyint NOT NULL,
        ChannelCode varchar(20) NOT NULL,
        ChannelName nvarchar(60) NOT NULL,
        ChannelKind varchar(20) NOT NULL,
        CONSTRAINT PK_Crm_Channel PRIMARY KEY CLUSTERED (ChannelId),
        CONSTRAINT UQ_Crm_Channel_ChannelCode UNIQUE (ChannelCode),
        CONSTRAINT CK_Crm_Channel_ChannelKind CHECK (
            ChannelKind IN ('SOCIAL', 'VIDEO', 'PROFESSIONAL', 'EMAIL', 'SMS', 'SEARCH', 'INFLUENCER')
        )
    );
END;
GO

-- A market is a country; Location is the point of its commercial capital, used for client distance bands.
IF OBJECT_ID(N'crm.Market', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Market (
        MarketId tinyint NOT NULL,
        MarketCode char(2) NOT NULL,
        MarketName nvarchar(60) NOT NULL,
        CapitalCity nvarchar(60) NOT NULL,
        PhonePrefix varchar(5) NOT NULL,
        Location geography NOT NULL,
        CONSTRAINT PK_Crm_Market PRIMARY KEY CLUSTERED (MarketId),
        CONSTRAINT UQ_Crm_Market_MarketCode UNIQUE (MarketCode)
    );
END;
GO

-- Cities where clients live; Weight is the relative share of clients generated there.
IF OBJECT_ID(N'crm.City', N'U') IS NULL
BEGIN
    CREATE TABLE crm.City (
        CityId smallint NOT NULL,
        MarketId tinyint NOT NULL,
        CityName nvarchar(80) NOT NULL,
        Province nvarchar(60) NOT NULL,
        Latitude decimal(9, 6) NOT NULL,
        Longitude decimal(9, 6) NOT NULL,
        Weight smallint NOT NULL,
        CONSTRAINT PK_Crm_City PRIMARY KEY CLUSTERED (CityId),
        CONSTRAINT FK_Crm_City_Market FOREIGN KEY (MarketId) REFERENCES crm.Market (MarketId),
        CONSTRAINT UQ_Crm_City_MarketId_CityName UNIQUE (MarketId, CityName),
        CONSTRAINT CK_Crm_City_Weight CHECK (Weight > 0)
    );
END;
GO

IF OBJECT_ID(N'crm.FunnelStage', N'U') IS NULL
BEGIN
    CREATE TABLE crm.FunnelStage (
        FunnelStageId tinyint NOT NULL,
        StageCode varchar(20) NOT NULL,
        StageName nvarchar(40) NOT NULL,
        StageOrder tinyint NOT NULL,
        CONSTRAINT PK_Crm_FunnelStage PRIMARY KEY CLUSTERED (FunnelStageId),
        CONSTRAINT UQ_Crm_FunnelStage_StageCode UNIQUE (StageCode)
    );
END;
GO

IF OBJECT_ID(N'crm.InteractionType', N'U') IS NULL
BEGIN
    CREATE TABLE crm.InteractionType (
        InteractionTypeId tinyint NOT NULL,
        TypeCode varchar(20) NOT NULL,
        TypeName nvarchar(60) NOT NULL,
        IsAutomated bit NOT NULL,
        CONSTRAINT PK_Crm_InteractionType PRIMARY KEY CLUSTERED (InteractionTypeId),
        CONSTRAINT UQ_Crm_InteractionType_TypeCode UNIQUE (TypeCode)
    );
END;
GO

IF OBJECT_ID(N'crm.DistanceBand', N'U') IS NULL
BEGIN
    CREATE TABLE crm.DistanceBand (
        DistanceBandId tinyint NOT NULL,
        BandName nvarchar(30) NOT NULL,
        MinKm decimal(9, 1) NOT NULL,
        MaxKm decimal(9, 1) NOT NULL,
        CONSTRAINT PK_Crm_DistanceBand PRIMARY KEY CLUSTERED (DistanceBandId),
        CONSTRAINT CK_Crm_DistanceBand_Range CHECK (MaxKm > MinKm)
    );
END;
GO

-- Word lists the client generator draws from (FEMALE, MALE, SURNAME, LANDMARK, COLOR, DOMAIN).
IF OBJECT_ID(N'crm.NameVocabulary', N'U') IS NULL
BEGIN
    CREATE TABLE crm.NameVocabulary (
        VocabularyKind varchar(20) NOT NULL,
        Ordinal smallint NOT NULL,
        Word nvarchar(60) NOT NULL,
        CONSTRAINT PK_Crm_NameVocabulary PRIMARY KEY CLUSTERED (VocabularyKind, Ordinal),
        CONSTRAINT CK_Crm_NameVocabulary_Kind CHECK (
            VocabularyKind IN ('FEMALE', 'MALE', 'SURNAME', 'LANDMARK', 'COLOR', 'DOMAIN')
        )
    );
END;
GO

-- ---------------------------------------------------------------- campaigns (owned by PromptAds)
-- CampaignId/CampaignCode are PromptAds' identity; Reach and Cost are the figures read through the linked
-- server at import time (the CRM's copy, reconciled by crm.CRMSP_ReconcileWithAds).
IF OBJECT_ID(N'crm.Campaign', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Campaign (
        CampaignId int NOT NULL,
        CampaignCode varchar(12) NOT NULL,
        CompanyCode varchar(7) NOT NULL,
        StartDate date NOT NULL,
        EndDate date NOT NULL,
        StatusCode varchar(20) NOT NULL,
        Reach bigint NOT NULL,
        Cost decimal(19, 2) NOT NULL,
        ImportedAsOf date NOT NULL,
        CONSTRAINT PK_Crm_Campaign PRIMARY KEY CLUSTERED (CampaignId),
        CONSTRAINT UQ_Crm_Campaign_CampaignCode UNIQUE (CampaignCode),
        CONSTRAINT CK_Crm_Campaign_CampaignCode CHECK (CampaignCode LIKE 'CMP-[0-9][0-9][0-9][0-9][0-9][0-9]'),
        CONSTRAINT CK_Crm_Campaign_CompanyCode CHECK (CompanyCode LIKE 'CO-[0-9][0-9][0-9][0-9]'),
        CONSTRAINT CK_Crm_Campaign_Dates CHECK (EndDate >= StartDate),
        CONSTRAINT CK_Crm_Campaign_Reach CHECK (Reach >= 0),
        CONSTRAINT CK_Crm_Campaign_Cost CHECK (Cost >= 0)
    );
END;
GO

IF OBJECT_ID(N'crm.CampaignChannel', N'U') IS NULL
BEGIN
    CREATE TABLE crm.CampaignChannel (
        CampaignId int NOT NULL,
        ChannelId tinyint NOT NULL,
        ChannelOrdinal tinyint NOT NULL,
        CONSTRAINT PK_Crm_CampaignChannel PRIMARY KEY CLUSTERED (CampaignId, ChannelId),
        CONSTRAINT UQ_Crm_CampaignChannel_CampaignId_ChannelOrdinal UNIQUE (CampaignId, ChannelOrdinal),
        CONSTRAINT FK_Crm_CampaignChannel_Campaign FOREIGN KEY (CampaignId) REFERENCES crm.Campaign (CampaignId),
        CONSTRAINT FK_Crm_CampaignChannel_Channel FOREIGN KEY (ChannelId) REFERENCES crm.Channel (ChannelId)
    );
END;
GO

IF OBJECT_ID(N'crm.CampaignMarket', N'U') IS NULL
BEGIN
    CREATE TABLE crm.CampaignMarket (
        CampaignId int NOT NULL,
        MarketId tinyint NOT NULL,
        MarketOrdinal tinyint NOT NULL,
        CONSTRAINT PK_Crm_CampaignMarket PRIMARY KEY CLUSTERED (CampaignId, MarketId),
        CONSTRAINT UQ_Crm_CampaignMarket_CampaignId_MarketOrdinal UNIQUE (CampaignId, MarketOrdinal),
        CONSTRAINT FK_Crm_CampaignMarket_Campaign FOREIGN KEY (CampaignId) REFERENCES crm.Campaign (CampaignId),
        CONSTRAINT FK_Crm_CampaignMarket_Market FOREIGN KEY (MarketId) REFERENCES crm.Market (MarketId)
    );
END;
GO

-- ---------------------------------------------------------------- clients
/*
Personal data is stored only encrypted (AES_256 cell encryption, CRM-5): cédula, e-mail, phone and address
notes are varbinary. CedulaHash / EmailHash are SHA2-256 blind indexes of the normalised values so that
uniqueness can be enforced and a client can be found by e-mail without decrypting every row.
*/
IF OBJECT_ID(N'crm.Client', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Client (
        ClientId int NOT NULL,
        ClientCode varchar(12) NOT NULL,
        FirstName nvarchar(40) NOT NULL,
        LastName1 nvarchar(40) NOT NULL,
        LastName2 nvarchar(40) NOT NULL,
        Gender char(1) NOT NULL,
        BirthDate date NOT NULL,
        CityId smallint NOT NULL,
        Location geography NOT NULL,
        CedulaEnc varbinary(256) NOT NULL,
        CedulaHash binary(32) NOT NULL,
        EmailEnc varbinary(512) NOT NULL,
        EmailHash binary(32) NOT NULL,
        PhoneEnc varbinary(256) NOT NULL,
        AddressNotesEnc varbinary(2048) NOT NULL,
        ConsentMarketing bit NOT NULL,
        ConsentDataProcessing bit NOT NULL,
        ConsentGivenOn date NOT NULL,
        RetentionUntil date NOT NULL,
        ErasureRequestedOn date NULL,
        IsAnonymized bit NOT NULL CONSTRAINT DF_Crm_Client_IsAnonymized DEFAULT (0),
        LoyaltyPoints int NOT NULL CONSTRAINT DF_Crm_Client_LoyaltyPoints DEFAULT (0),
        FollowUpCount int NOT NULL CONSTRAINT DF_Crm_Client_FollowUpCount DEFAULT (0),
        CreatedOn date NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Crm_Client PRIMARY KEY CLUSTERED (ClientId),
        CONSTRAINT UQ_Crm_Client_ClientCode UNIQUE (ClientCode),
        CONSTRAINT UQ_Crm_Client_CedulaHash UNIQUE (CedulaHash),
        CONSTRAINT UQ_Crm_Client_EmailHash UNIQUE (EmailHash),
        CONSTRAINT FK_Crm_Client_City FOREIGN KEY (CityId) REFERENCES crm.City (CityId),
        CONSTRAINT CK_Crm_Client_Gender CHECK (Gender IN ('F', 'M')),
        CONSTRAINT CK_Crm_Client_Retention CHECK (RetentionUntil > ConsentGivenOn),
        CONSTRAINT CK_Crm_Client_LoyaltyPoints CHECK (LoyaltyPoints >= 0)
    );
END;
GO

IF OBJECT_ID(N'crm.ClientCampaign', N'U') IS NULL
BEGIN
    CREATE TABLE crm.ClientCampaign (
        CampaignId int NOT NULL,
        ClientId int NOT NULL,
        AssociatedOn date NOT NULL,
        CONSTRAINT PK_Crm_ClientCampaign PRIMARY KEY CLUSTERED (CampaignId, ClientId),
        CONSTRAINT FK_Crm_ClientCampaign_Campaign FOREIGN KEY (CampaignId) REFERENCES crm.Campaign (CampaignId),
        CONSTRAINT FK_Crm_ClientCampaign_Client FOREIGN KEY (ClientId) REFERENCES crm.Client (ClientId)
    );
END;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Crm_ClientCampaign_ClientId' AND object_id = OBJECT_ID(N'crm.ClientCampaign')
)
    CREATE INDEX IX_Crm_ClientCampaign_ClientId ON crm.ClientCampaign (ClientId) INCLUDE (AssociatedOn);
GO

-- ---------------------------------------------------------------- leads and what happens to them
-- One lead per client-campaign association: the source (campaign, channel, market, ad) and its state.
IF OBJECT_ID(N'crm.Lead', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Lead (
        LeadId int NOT NULL,
        CampaignId int NOT NULL,
        ClientId int NOT NULL,
        ChannelId tinyint NOT NULL,
        MarketId tinyint NOT NULL,
        AdCode varchar(20) NULL,
        CapturedOn date NOT NULL,
        FunnelStageId tinyint NOT NULL,
        IntentScore decimal(5, 2) NOT NULL,
        SentimentScore decimal(4, 3) NOT NULL,
        SentimentLabel varchar(10) NOT NULL,
        DistanceKm decimal(9, 1) NOT NULL,
        DistanceBandId tinyint NOT NULL,
        IsConverted bit NOT NULL CONSTRAINT DF_Crm_Lead_IsConverted DEFAULT (0),
        FollowUpCount int NOT NULL CONSTRAINT DF_Crm_Lead_FollowUpCount DEFAULT (0),
        CONSTRAINT PK_Crm_Lead PRIMARY KEY CLUSTERED (LeadId),
        CONSTRAINT UQ_Crm_Lead_CampaignId_ClientId UNIQUE (CampaignId, ClientId),
        CONSTRAINT FK_Crm_Lead_ClientCampaign FOREIGN KEY (CampaignId, ClientId)
        REFERENCES crm.ClientCampaign (CampaignId, ClientId),
        CONSTRAINT FK_Crm_Lead_Channel FOREIGN KEY (ChannelId) REFERENCES crm.Channel (ChannelId),
        CONSTRAINT FK_Crm_Lead_Market FOREIGN KEY (MarketId) REFERENCES crm.Market (MarketId),
        CONSTRAINT FK_Crm_Lead_FunnelStage FOREIGN KEY (FunnelStageId) REFERENCES crm.FunnelStage (FunnelStageId),
        CONSTRAINT FK_Crm_Lead_DistanceBand FOREIGN KEY (DistanceBandId)
        REFERENCES crm.DistanceBand (DistanceBandId),
        CONSTRAINT CK_Crm_Lead_IntentScore CHECK (IntentScore BETWEEN 0 AND 100),
        CONSTRAINT CK_Crm_Lead_SentimentScore CHECK (SentimentScore BETWEEN -1 AND 1),
        CONSTRAINT CK_Crm_Lead_SentimentLabel CHECK (SentimentLabel IN ('NEGATIVE', 'NEUTRAL', 'POSITIVE'))
    );
END;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes WHERE name = N'IX_Crm_Lead_ClientId' AND object_id = OBJECT_ID(N'crm.Lead')
)
    CREATE INDEX IX_Crm_Lead_ClientId ON crm.Lead (ClientId);
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Crm_Lead_ChannelId_CapturedOn' AND object_id = OBJECT_ID(N'crm.Lead')
)
    CREATE INDEX IX_Crm_Lead_ChannelId_CapturedOn
    ON crm.Lead (ChannelId, CapturedOn) INCLUDE (MarketId, DistanceBandId, IsConverted, CampaignId);
GO

IF OBJECT_ID(N'crm.Interaction', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Interaction (
        LeadId int NOT NULL,
        InteractionSeq tinyint NOT NULL,
        InteractionTypeId tinyint NOT NULL,
        OccurredAt datetime2(0) NOT NULL,
        Direction char(3) NOT NULL,
        SentimentScore decimal(4, 3) NOT NULL,
        Summary nvarchar(200) NOT NULL,
        CONSTRAINT PK_Crm_Interaction PRIMARY KEY CLUSTERED (LeadId, InteractionSeq),
        CONSTRAINT FK_Crm_Interaction_Lead FOREIGN KEY (LeadId) REFERENCES crm.Lead (LeadId),
        CONSTRAINT FK_Crm_Interaction_InteractionType FOREIGN KEY (InteractionTypeId)
        REFERENCES crm.InteractionType (InteractionTypeId),
        CONSTRAINT CK_Crm_Interaction_Direction CHECK (Direction IN ('IN', 'OUT')),
        CONSTRAINT CK_Crm_Interaction_SentimentScore CHECK (SentimentScore BETWEEN -1 AND 1)
    );
END;
GO

IF OBJECT_ID(N'crm.BehaviorEvent', N'U') IS NULL
BEGIN
    CREATE TABLE crm.BehaviorEvent (
        LeadId int NOT NULL,
        EventSeq tinyint NOT NULL,
        EventType varchar(20) NOT NULL,
        OccurredAt datetime2(0) NOT NULL,
        PagePath varchar(120) NOT NULL,
        DurationSeconds int NOT NULL,
        CONSTRAINT PK_Crm_BehaviorEvent PRIMARY KEY CLUSTERED (LeadId, EventSeq),
        CONSTRAINT FK_Crm_BehaviorEvent_Lead FOREIGN KEY (LeadId) REFERENCES crm.Lead (LeadId),
        CONSTRAINT CK_Crm_BehaviorEvent_EventType CHECK (
            EventType IN ('VISIT', 'CLICK', 'PAGE_TIME', 'FORM_SUBMIT', 'ADD_TO_CART')
        ),
        CONSTRAINT CK_Crm_BehaviorEvent_DurationSeconds CHECK (DurationSeconds >= 0)
    );
END;
GO

-- ---------------------------------------------------------------- sales (derived from PromptAds' figures)
IF OBJECT_ID(N'crm.Sale', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Sale (
        SaleId int NOT NULL,
        CampaignId int NOT NULL,
        ClientId int NOT NULL,
        LeadId int NOT NULL,
        ChannelId tinyint NOT NULL,
        MarketId tinyint NOT NULL,
        SaleDate date NOT NULL,
        Amount decimal(19, 2) NOT NULL,
        CurrencyCode char(3) NOT NULL CONSTRAINT DF_Crm_Sale_CurrencyCode DEFAULT ('USD'),
        FollowUpCount int NOT NULL CONSTRAINT DF_Crm_Sale_FollowUpCount DEFAULT (0),
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Crm_Sale PRIMARY KEY CLUSTERED (SaleId),
        CONSTRAINT FK_Crm_Sale_Campaign FOREIGN KEY (CampaignId) REFERENCES crm.Campaign (CampaignId),
        CONSTRAINT FK_Crm_Sale_Client FOREIGN KEY (ClientId) REFERENCES crm.Client (ClientId),
        CONSTRAINT FK_Crm_Sale_Lead FOREIGN KEY (LeadId) REFERENCES crm.Lead (LeadId),
        CONSTRAINT FK_Crm_Sale_Channel FOREIGN KEY (ChannelId) REFERENCES crm.Channel (ChannelId),
        CONSTRAINT FK_Crm_Sale_Market FOREIGN KEY (MarketId) REFERENCES crm.Market (MarketId),
        CONSTRAINT CK_Crm_Sale_Amount CHECK (Amount >= 0)
    );
END;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes WHERE name = N'IX_Crm_Sale_CampaignId' AND object_id = OBJECT_ID(N'crm.Sale')
)
    CREATE INDEX IX_Crm_Sale_CampaignId ON crm.Sale (CampaignId) INCLUDE (Amount);
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes WHERE name = N'IX_Crm_Sale_LeadId' AND object_id = OBJECT_ID(N'crm.Sale')
)
    CREATE INDEX IX_Crm_Sale_LeadId ON crm.Sale (LeadId) INCLUDE (Amount, SaleDate);
GO

-- ---------------------------------------------------------------- log and seed bookkeeping
IF OBJECT_ID(N'crm.Log', N'U') IS NULL
BEGIN
    CREATE TABLE crm.Log (
        LogId bigint IDENTITY (1, 1) NOT NULL,
        LoggedAt datetime2(3) NOT NULL CONSTRAINT DF_Crm_Log_LoggedAt DEFAULT (SYSUTCDATETIME()),
        Severity varchar(10) NOT NULL,
        Source nvarchar(256) NOT NULL,
        Message nvarchar(4000) NOT NULL,
        Context nvarchar(max) NULL,
        CorrelationId uniqueidentifier NULL,
        ErrorNumber int NULL,
        SessionId smallint NOT NULL CONSTRAINT DF_Crm_Log_SessionId DEFAULT (@@SPID),
        LoginName sysname NOT NULL CONSTRAINT DF_Crm_Log_LoginName DEFAULT (ORIGINAL_LOGIN()),
        HostName nvarchar(128) NULL CONSTRAINT DF_Crm_Log_HostName DEFAULT (HOST_NAME()),
        CONSTRAINT PK_Crm_Log PRIMARY KEY CLUSTERED (LogId),
        CONSTRAINT CK_Crm_Log_Severity CHECK (Severity IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
        CONSTRAINT CK_Crm_Log_Context CHECK (Context IS NULL OR ISJSON(Context) = 1)
    );
END;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes WHERE name = N'IX_Crm_Log_CorrelationId' AND object_id = OBJECT_ID(N'crm.Log')
)
    CREATE INDEX IX_Crm_Log_CorrelationId ON crm.Log (CorrelationId) WHERE CorrelationId IS NOT NULL;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes WHERE name = N'IX_Crm_Log_Source_LoggedAt' AND object_id = OBJECT_ID(N'crm.Log')
)
    CREATE INDEX IX_Crm_Log_Source_LoggedAt ON crm.Log (Source, LoggedAt) INCLUDE (Severity, ErrorNumber);
GO

-- One row per generator step: the parameters it ran with (idempotency) and how long it took (CRM-1).
IF OBJECT_ID(N'crm.SeedRun', N'U') IS NULL
BEGIN
    CREATE TABLE crm.SeedRun (
        SeedStep varchar(40) NOT NULL,
        Scale varchar(10) NOT NULL,
        Seed int NOT NULL,
        AsOf date NOT NULL,
        RowsGenerated bigint NOT NULL,
        DurationMs int NOT NULL,
        CONSTRAINT PK_Crm_SeedRun PRIMARY KEY CLUSTERED (SeedStep)
    );
END;
GO

-- Where the certificate and key backups of 050 were written (read by the CRM-6 test and the demo).
IF OBJECT_ID(N'crm.KeyBackup', N'U') IS NULL
BEGIN
    CREATE TABLE crm.KeyBackup (
        KeyName sysname NOT NULL,
        DatabaseName sysname NOT NULL,
        Thumbprint varbinary(64) NOT NULL,
        CertificateFile nvarchar(400) NOT NULL,
        PrivateKeyFile nvarchar(400) NOT NULL,
        CONSTRAINT PK_Crm_KeyBackup PRIMARY KEY CLUSTERED (KeyName)
    );
END;
GO

-- Log entries carried in a table variable survive a ROLLBACK (CRM-10); flushed by crm.CRMSP_WriteLogBatch.
IF TYPE_ID(N'crm.LogEntryList') IS NULL
BEGIN
    CREATE TYPE crm.LogEntryList AS TABLE (
        EntryNo int IDENTITY (1, 1) NOT NULL PRIMARY KEY,
        Severity varchar(10) NOT NULL,
        Source nvarchar(256) NOT NULL,
        Message nvarchar(4000) NOT NULL,
        Context nvarchar(max) NULL,
        CorrelationId uniqueidentifier NULL,
        ErrorNumber int NULL
    );
END;
GO

/*
Purpose:      ads.ADSSP_CreateCampaign: creates one campaign with its channels, markets, ads and placements
              from four TVPs in one short transaction, following the course's transactional template.
Target:       PromptAds on SQL Server 2022.
Requires:     020 (log table, messages 50100-50112), 040 (tables), 060 (history trigger), 070 (TVP types).
Re-runnable:  yes (CREATE OR ALTER).
Leaves:       procedure ads.ADSSP_CreateCampaign.
Requirements: ADS-1.
Verify:       900_demo_create_campaign.sql (one call with many children, then one bad call) and
              tests/sqlserver_ads/test_create_campaign.py.
*/
USE PromptAds;
GO

/*
================================================================================================
Procedure:   ads.ADSSP_CreateCampaign
Author:      PromptSales data team (PromptAds)
Date:        2026-01-31
Description: Creates a campaign (status SCHEDULED, origin PORTAL) with its channels, markets, ads and
             placements. Ads are tied to channels and markets through client-side keys (ChannelKey,
             MarketKey, AdKey) that MERGE ... OUTPUT maps to the new database ids.
Parameters:  @CampaignCode   CMP-000000 code assigned by the PromptSales portal (must be new).
             @CompanyCode    CO-0000 client company (the brand); @ProductCode optional, of that company.
             @Objective      AWARENESS | CONSIDERATION | CONVERSION | RETENTION.
             @Budget         >= 0, in @CurrencyCode of the campaign (USD).
             @StartDate, @EndDate  @EndDate >= @StartDate.
             @Channels       ads.CampaignChannelList: ChannelKey, ChannelCode, InfluencerHandle (required
                             for influencer channels, forbidden otherwise), BudgetShare (sum <= 1).
             @Markets        ads.CampaignMarketList: MarketKey, MarketCode.
             @Ads            ads.CampaignAdList: AdKey, AdName (unique in the campaign) and the creative.
             @Placements     ads.CampaignAdPlacementList: AdKey, ChannelKey, MarketKey; every ad needs one.
             @CampaignId     OUTPUT: id of the new campaign.
Errors:      friendly messages registered in sys.messages (020_create_schemas_and_log.sql):
             50101 company, 50102 dates, 50103 budget, 50104 channel/influencer, 50105 market,
             50106 duplicates, 50107 no ads, 50108 no channels/markets, 50109 placement keys,
             50110 campaign code, 50111 ad without placement, 50112 other invalid data,
             50100 unexpected error (the real one is in ads.ActivityLog).
Transaction: opens its own transaction (READ COMMITTED) only when @@TRANCOUNT = 0. Inside a caller's
             transaction it never commits or rolls it back: it marks a savepoint and, if the error left the
             transaction committable (XACT_STATE() = 1), undoes only its own work back to that savepoint
             and writes the log row inside the caller's transaction (the caller decides its fate).
             Validation errors happen before any write and never doom the caller's transaction.
             If an unexpected error dooms it (XACT_STATE() = -1, e.g. under XACT_ABORT), nothing can be
             written: the procedure raises 50100 and only the caller can roll back.
Returns:     0 on success; the friendly error number after raising it.
================================================================================================
*/
CREATE OR ALTER PROCEDURE ads.ADSSP_CreateCampaign
    @CampaignCode varchar(12),
    @CompanyCode varchar(7),
    @ProductCode varchar(12) = NULL,
    @CampaignName nvarchar(150),
    @Objective varchar(20),
    @TargetAudience nvarchar(400),
    @Budget decimal(19, 2),
    @StartDate date,
    @EndDate date,
    @Channels ads.CampaignChannelList READONLY,
    @Markets ads.CampaignMarketList READONLY,
    @Ads ads.CampaignAdList READONLY,
    @Placements ads.CampaignAdPlacementList READONLY,
    @CampaignId int = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    -- Error variables of the template.
    DECLARE
        @ErrorNumber int,
        @ErrorSeverity int,
        @ErrorState int,
        @ErrorLine int,
        @ErrorProcedure nvarchar(128),
        @ErrorMessage nvarchar(4000),
        @FriendlyNumber int,
        @Detail nvarchar(400),
        @ContextJson nvarchar(max),
        @LogId bigint;
    -- Local flags: did THIS procedure open the transaction / mark a savepoint in the caller's one?
    DECLARE @StartedTransaction bit = 0, @SavedInCallerTransaction bit = 0;
    DECLARE @SourceName sysname = CONCAT(OBJECT_SCHEMA_NAME(@@PROCID), N'.', OBJECT_NAME(@@PROCID));
    DECLARE @CompanyId int, @ProductId int, @NewCampaignId int, @MappedRows int;

    DECLARE @ChannelMap TABLE (
        ChannelKey varchar(30) NOT NULL PRIMARY KEY,
        ChannelId int NOT NULL,
        InfluencerId int NULL,
        BudgetShare decimal(5, 4) NULL
    );
    DECLARE @MarketMap TABLE (MarketKey varchar(30) NOT NULL PRIMARY KEY, MarketId int NOT NULL);
    DECLARE @CampaignChannelIds TABLE (ChannelKey varchar(30) NOT NULL PRIMARY KEY, CampaignChannelId int NOT NULL);
    DECLARE @CampaignMarketIds TABLE (MarketKey varchar(30) NOT NULL PRIMARY KEY, CampaignMarketId int NOT NULL);
    DECLARE @AdIds TABLE (AdKey varchar(30) NOT NULL PRIMARY KEY, AdId int NOT NULL);

    SET @ContextJson = (
        SELECT
            @CampaignCode AS campaignCode,
            @CompanyCode AS companyCode,
            @ProductCode AS productCode,
            @Budget AS budget,
            @StartDate AS startDate,
            @EndDate AS endDate,
            (SELECT COUNT(*) FROM @Channels) AS channels,
            (SELECT COUNT(*) FROM @Markets) AS markets,
            (SELECT COUNT(*) FROM @Ads) AS ads,
            (SELECT COUNT(*) FROM @Placements) AS placements
        FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
    );

    BEGIN TRY
        ---------------------------------------------------------------- reads and validations (no locks held)
        IF @CampaignCode IS NULL
            OR @CampaignCode NOT LIKE 'CMP-[0-9][0-9][0-9][0-9][0-9][0-9]'
            OR EXISTS (SELECT 1 FROM ads.Campaign WHERE CampaignCode = @CampaignCode)
        BEGIN
            SET @Detail = CONCAT(N'CampaignCode=', ISNULL(@CampaignCode, N'NULL'));
            RAISERROR (50110, 16, 1, @Detail);
        END;

        SELECT @CompanyId = CompanyId FROM ads.Company WHERE CompanyCode = @CompanyCode AND IsActive = 1;
        IF @CompanyId IS NULL
        BEGIN
            SET @Detail = CONCAT(N'CompanyCode=', ISNULL(@CompanyCode, N'NULL'));
            RAISERROR (50101, 16, 1, @Detail);
        END;

        IF @ProductCode IS NOT NULL
        BEGIN
            SELECT @ProductId = ProductId FROM ads.Product WHERE ProductCode = @ProductCode AND CompanyId = @CompanyId;
            IF @ProductId IS NULL
            BEGIN
                SET @Detail = CONCAT(N'ProductCode=', @ProductCode, N' no pertenece a ', @CompanyCode);
                RAISERROR (50112, 16, 1, @Detail);
            END;
        END;

        IF @StartDate IS NULL OR @EndDate IS NULL
        BEGIN
            SET @Detail = N'StartDate y EndDate son obligatorias';
            RAISERROR (50112, 16, 1, @Detail);
        END;

        IF @EndDate < @StartDate
        BEGIN
            SET @Detail = CONCAT(
                N'StartDate=', CONVERT(char(10), @StartDate, 23), N' EndDate=', CONVERT(char(10), @EndDate, 23)
            );
            RAISERROR (50102, 16, 1, @Detail);
        END;

        IF @Budget IS NULL OR @Budget < 0
        BEGIN
            SET @Detail = CONCAT(N'Budget=', ISNULL(CONVERT(nvarchar(40), @Budget), N'NULL'));
            RAISERROR (50103, 16, 1, @Detail);
        END;

        IF @Objective IS NULL OR @Objective NOT IN ('AWARENESS', 'CONSIDERATION', 'CONVERSION', 'RETENTION')
            OR NULLIF(LTRIM(RTRIM(@CampaignName)), N'') IS NULL
            OR NULLIF(LTRIM(RTRIM(@TargetAudience)), N'') IS NULL
        BEGIN
            SET @Detail = CONCAT(N'Objective=', ISNULL(@Objective, 'NULL'), N'; nombre y audiencia son obligatorios');
            RAISERROR (50112, 16, 1, @Detail);
        END;

        IF NOT EXISTS (SELECT 1 FROM @Channels) OR NOT EXISTS (SELECT 1 FROM @Markets)
        BEGIN
            SET @Detail = CONCAT(
                N'canales=', (SELECT COUNT(*) FROM @Channels), N' mercados=', (SELECT COUNT(*) FROM @Markets)
            );
            RAISERROR (50108, 16, 1, @Detail);
        END;

        IF NOT EXISTS (SELECT 1 FROM @Ads)
        BEGIN
            SET @Detail = N'anuncios=0';
            RAISERROR (50107, 16, 1, @Detail);
        END;

        -- Duplicates: client keys, ad names (trimmed, collation-insensitive), channel/influencer pairs,
        -- market codes and placements.
        SELECT TOP (1) @Detail = d.Detail
        FROM (
            SELECT CONCAT(N'ChannelKey=', ChannelKey) AS Detail FROM @Channels GROUP BY ChannelKey HAVING COUNT(*) > 1
            UNION ALL
            SELECT CONCAT(N'MarketKey=', MarketKey) FROM @Markets GROUP BY MarketKey HAVING COUNT(*) > 1
            UNION ALL
            SELECT CONCAT(N'AdKey=', AdKey) FROM @Ads GROUP BY AdKey HAVING COUNT(*) > 1
            UNION ALL
            SELECT CONCAT(N'AdName=', LTRIM(RTRIM(AdName))) FROM @Ads GROUP BY LTRIM(RTRIM(AdName)) HAVING COUNT(*) > 1
            UNION ALL
            SELECT CONCAT(N'ChannelCode=', ChannelCode, N' ', InfluencerHandle)
            FROM @Channels GROUP BY ChannelCode, InfluencerHandle HAVING COUNT(*) > 1
            UNION ALL
            SELECT CONCAT(N'MarketCode=', MarketCode) FROM @Markets GROUP BY MarketCode HAVING COUNT(*) > 1
            UNION ALL
            SELECT CONCAT(N'Placement=', AdKey, N'/', ChannelKey, N'/', MarketKey)
            FROM @Placements GROUP BY AdKey, ChannelKey, MarketKey HAVING COUNT(*) > 1
        ) AS d
        ORDER BY d.Detail;
        IF @@ROWCOUNT > 0
            RAISERROR (50106, 16, 1, @Detail);

        INSERT INTO @ChannelMap (ChannelKey, ChannelId, InfluencerId, BudgetShare)
        SELECT c.ChannelKey, ch.ChannelId, i.InfluencerId, c.BudgetShare
        FROM @Channels AS c
        INNER JOIN ads.Channel AS ch ON c.ChannelCode = ch.ChannelCode
        LEFT JOIN ads.Influencer AS i ON c.InfluencerHandle = i.Handle AND ch.ChannelId = i.ChannelId
        WHERE
            (ch.IsInfluencerChannel = 1 AND i.InfluencerId IS NOT NULL)
            OR (ch.IsInfluencerChannel = 0 AND c.InfluencerHandle IS NULL);
        SET @MappedRows = @@ROWCOUNT;
        IF @MappedRows <> (SELECT COUNT(*) FROM @Channels)
        BEGIN
            SELECT TOP (1)
                @Detail = CONCAT(
                    N'ChannelCode=', c.ChannelCode, N' InfluencerHandle=', ISNULL(c.InfluencerHandle, 'NULL')
                )
            FROM @Channels AS c
            WHERE NOT EXISTS (SELECT 1 FROM @ChannelMap AS m WHERE m.ChannelKey = c.ChannelKey)
            ORDER BY c.ChannelKey;
            RAISERROR (50104, 16, 1, @Detail);
        END;

        IF (SELECT SUM(BudgetShare) FROM @ChannelMap) > 1 OR EXISTS (SELECT 1 FROM @ChannelMap WHERE BudgetShare < 0)
        BEGIN
            SET @Detail = N'la suma de BudgetShare de los canales supera 1';
            RAISERROR (50112, 16, 1, @Detail);
        END;

        INSERT INTO @MarketMap (MarketKey, MarketId)
        SELECT m.MarketKey, mk.MarketId
        FROM @Markets AS m
        INNER JOIN ads.Market AS mk ON m.MarketCode = mk.MarketCode;
        SET @MappedRows = @@ROWCOUNT;
        IF @MappedRows <> (SELECT COUNT(*) FROM @Markets)
        BEGIN
            SELECT TOP (1) @Detail = CONCAT(N'MarketCode=', m.MarketCode)
            FROM @Markets AS m
            WHERE NOT EXISTS (SELECT 1 FROM @MarketMap AS mm WHERE mm.MarketKey = m.MarketKey)
            ORDER BY m.MarketKey;
            RAISERROR (50105, 16, 1, @Detail);
        END;

        SELECT TOP (1) @Detail = CONCAT(N'AdKey=', p.AdKey, N' ChannelKey=', p.ChannelKey, N' MarketKey=', p.MarketKey)
        FROM @Placements AS p
        WHERE
            NOT EXISTS (SELECT 1 FROM @Ads AS a WHERE a.AdKey = p.AdKey)
            OR NOT EXISTS (SELECT 1 FROM @Channels AS c WHERE c.ChannelKey = p.ChannelKey)
            OR NOT EXISTS (SELECT 1 FROM @Markets AS m WHERE m.MarketKey = p.MarketKey)
        ORDER BY p.AdKey, p.ChannelKey, p.MarketKey;
        IF @@ROWCOUNT > 0
            RAISERROR (50109, 16, 1, @Detail);

        SELECT TOP (1) @Detail = CONCAT(N'AdKey=', a.AdKey)
        FROM @Ads AS a
        WHERE NOT EXISTS (SELECT 1 FROM @Placements AS p WHERE p.AdKey = a.AdKey)
        ORDER BY a.AdKey;
        IF @@ROWCOUNT > 0
            RAISERROR (50111, 16, 1, @Detail);

        SELECT TOP (1)
            @Detail = CONCAT(
                N'AdKey=', a.AdKey, N' CreativeFormat=', a.CreativeFormat, N' LanguageCode=', a.LanguageCode
            )
        FROM @Ads AS a
        WHERE
            a.CreativeFormat NOT IN ('IMAGE', 'VIDEO', 'CAROUSEL', 'STORY', 'TEXT', 'EMAIL', 'SMS')
            OR a.LanguageCode NOT IN ('es', 'en', 'pt')
            OR a.LandingUrl NOT LIKE 'https://%'
            OR NULLIF(LTRIM(RTRIM(a.AdName)), N'') IS NULL
            OR NULLIF(LTRIM(RTRIM(a.Headline)), N'') IS NULL
        ORDER BY a.AdKey;
        IF @@ROWCOUNT > 0
            RAISERROR (50112, 16, 1, @Detail);

        ---------------------------------------------------------------- transactional part, as short as possible
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @StartedTransaction = 1;
        END
        ELSE
        BEGIN
            SAVE TRANSACTION ADSSP_CreateCampaign;
            SET @SavedInCallerTransaction = 1;
        END;

        INSERT INTO ads.Campaign (
            CampaignCode, CompanyId, ProductId, CampaignName, Objective, TargetAudience, Budget,
            StartDate, EndDate, StatusCode, Origin
        )
        VALUES (
            @CampaignCode, @CompanyId, @ProductId, LTRIM(RTRIM(@CampaignName)), @Objective,
            LTRIM(RTRIM(@TargetAudience)), @Budget, @StartDate, @EndDate, 'SCHEDULED', 'PORTAL'
        );
        SET @NewCampaignId = SCOPE_IDENTITY();

        -- MERGE (never matching) is used instead of INSERT because its OUTPUT clause can return source
        -- columns: the client key next to the identity value just generated.
        MERGE INTO ads.CampaignChannel AS target
        USING @ChannelMap AS source
            ON 1 = 0
        WHEN NOT MATCHED BY TARGET THEN
            INSERT (CampaignId, ChannelId, InfluencerId, BudgetShare)
            VALUES (@NewCampaignId, source.ChannelId, source.InfluencerId, source.BudgetShare)
        OUTPUT source.ChannelKey, inserted.CampaignChannelId
        INTO @CampaignChannelIds (ChannelKey, CampaignChannelId);

        MERGE INTO ads.CampaignMarket AS target
        USING @MarketMap AS source
            ON 1 = 0
        WHEN NOT MATCHED BY TARGET THEN
            INSERT (CampaignId, MarketId)
            VALUES (@NewCampaignId, source.MarketId)
        OUTPUT source.MarketKey, inserted.CampaignMarketId
        INTO @CampaignMarketIds (MarketKey, CampaignMarketId);

        MERGE INTO ads.Ad AS target
        USING @Ads AS source
            ON 1 = 0
        WHEN NOT MATCHED BY TARGET THEN
            INSERT (
                CampaignId, AdName, Headline, BodyText, CallToAction, CreativeFormat, LanguageCode, LandingUrl,
                SourceSystem
            )
            VALUES (
                @NewCampaignId, LTRIM(RTRIM(source.AdName)), source.Headline, source.BodyText, source.CallToAction,
                source.CreativeFormat, source.LanguageCode, source.LandingUrl, 'PORTAL'
            )
        OUTPUT source.AdKey, inserted.AdId
        INTO @AdIds (AdKey, AdId);

        INSERT INTO ads.AdPlacement (CampaignId, AdId, CampaignChannelId, CampaignMarketId)
        SELECT @NewCampaignId, a.AdId, c.CampaignChannelId, m.CampaignMarketId
        FROM @Placements AS p
        INNER JOIN @AdIds AS a ON p.AdKey = a.AdKey
        INNER JOIN @CampaignChannelIds AS c ON p.ChannelKey = c.ChannelKey
        INNER JOIN @CampaignMarketIds AS m ON p.MarketKey = m.MarketKey;

        INSERT INTO ads.ActivityLog (LogLevel, SourceName, EventName, MessageText, ContextJson)
        VALUES (
            'INFO', @SourceName, 'CAMPAIGN_CREATED',
            CONCAT(N'Campaign ', @CampaignCode, N' created with id ', @NewCampaignId), @ContextJson
        );

        IF @StartedTransaction = 1
            COMMIT TRANSACTION;

        SET @CampaignId = @NewCampaignId;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(),
            @ErrorSeverity = ERROR_SEVERITY(),
            @ErrorState = ERROR_STATE(),
            @ErrorLine = ERROR_LINE(),
            @ErrorProcedure = ERROR_PROCEDURE(),
            @ErrorMessage = ERROR_MESSAGE();

        -- Roll back only what this procedure started: its own transaction, or its savepoint when the
        -- caller's transaction is still committable. A doomed caller transaction is left to the caller.
        IF @StartedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        ELSE IF @SavedInCallerTransaction = 1 AND XACT_STATE() = 1
            ROLLBACK TRANSACTION ADSSP_CreateCampaign;

        SET @CampaignId = NULL;
        SET @FriendlyNumber = CASE WHEN @ErrorNumber BETWEEN 50101 AND 50112 THEN @ErrorNumber ELSE 50100 END;

        IF XACT_STATE() <> -1
        BEGIN
            INSERT INTO ads.ActivityLog (
                LogLevel, SourceName, EventName, ErrorNumber, ErrorSeverity, ErrorState, ErrorLine,
                ErrorProcedure, FriendlyErrorNumber, MessageText, ContextJson
            )
            VALUES (
                'ERROR', @SourceName, 'CREATE_CAMPAIGN_FAILED', @ErrorNumber, @ErrorSeverity, @ErrorState,
                @ErrorLine, @ErrorProcedure, @FriendlyNumber, @ErrorMessage, @ContextJson
            );
            SET @LogId = SCOPE_IDENTITY();
        END;

        IF @FriendlyNumber = 50100
            SET @Detail = CASE
                WHEN @LogId IS NULL THEN N'transacción del llamador condenada: deshágala y reintente'
                ELSE CONCAT(N'LogId=', @LogId)
            END;

        RAISERROR (@FriendlyNumber, 16, 1, @Detail);
        RETURN @FriendlyNumber;
    END CATCH;

    RETURN 0;
END;
GO

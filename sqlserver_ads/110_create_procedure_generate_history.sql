/*
Purpose:      The history generator of PromptAds (ADS-2, ADS-3): ads.ufn_SeededNumbers (deterministic
              pseudo-random numbers from SHA2-256 of seed + stream + keys) and ads.ADSSP_GenerateHistory,
              which writes, set-based and reproducibly, the campaigns 1..@CampaignCount with their channels,
              markets, ads, placements, daily results, sentiment events (with planted ADS-5 cases), status
              history, AI recommendations and integration sync log.
              Rules (see docs/promptads.md, "Generación"):
              - exactly ROUND(30 %) of the campaigns are ACTIVE on @AsOfDate (started on or before it, end
                after it, results up to it); the rest are FINISHED (end before @AsOfDate, results to the end);
              - start dates from 2024-07-01 to 2026-01-31 (never after @AsOfDate), allocated to months by
                weights: December, January and May (Mother's Day in Latin America) weigh 16, other months 3;
                active campaigns start in the last three months (weights 1, 4, 5);
              - small scale: 1-3 channels, 1-3 markets, 1 placement per ad, 7-45 days;
                full scale: 2-6 channels, 2-6 markets, 2 placements per ad, 14-120 days;
                ads per campaign = max(channels, markets) + 0..1;
              - daily cost = budget x 0.92 / (planned days x placements) x pacing 0.85-1.05, so the cost of
                a campaign never exceeds its budget; views from the channel CPM; reach <= views;
                interactions from the channel engagement rate; reactions >= likes; sales from the
                channel conversion rate (x 30 / price above 30 USD, stochastic rounding); revenue = sales x
                product unit price;
              - planted cases (ads.GeneratedScenario): max(3, count / 50) ads on an influencer channel,
                at most one per brand (so at most 200), whose reactions fall to 35-54 % from mid-campaign
                while 4-7 negative posts a day appear for 10 days.
Target:       PromptAds on SQL Server 2022.
Requires:     050 (tables), 060 (trigger honours the bulk flag), 020 (messages).
Re-runnable:  yes (CREATE OR ALTER). The procedure itself skips when the last run had the same parameters,
              otherwise it deletes the generated rows (Origin = 'GENERATOR') and writes them again.
Leaves:       function ads.ufn_SeededNumbers; procedure ads.ADSSP_GenerateHistory.
Requirements: ADS-2, ADS-3, ADS-5 (planted cases), CRM-3 (figures).
Verify:       130_seed_campaign_history.sql runs it; SELECT * FROM ads.GenerationRun;
*/
USE PromptAds;
GO

-- Eight independent 32-bit numbers (0 .. 4,294,967,295) per (seed, stream, keys): same input, same output.
CREATE OR ALTER FUNCTION ads.ufn_SeededNumbers (
    @Seed int,
    @Stream varchar(30),
    @Key1 int,
    @Key2 int,
    @Key3 int
)
RETURNS TABLE
AS
RETURN
SELECT
    CONVERT(bigint, SUBSTRING(h.H, 1, 4)) AS R1,
    CONVERT(bigint, SUBSTRING(h.H, 5, 4)) AS R2,
    CONVERT(bigint, SUBSTRING(h.H, 9, 4)) AS R3,
    CONVERT(bigint, SUBSTRING(h.H, 13, 4)) AS R4,
    CONVERT(bigint, SUBSTRING(h.H, 17, 4)) AS R5,
    CONVERT(bigint, SUBSTRING(h.H, 21, 4)) AS R6,
    CONVERT(bigint, SUBSTRING(h.H, 25, 4)) AS R7,
    CONVERT(bigint, SUBSTRING(h.H, 29, 4)) AS R8
FROM (
    SELECT HASHBYTES('SHA2_256', CONCAT(@Seed, ':', @Stream, ':', @Key1, ':', @Key2, ':', @Key3)) AS H
) AS h;
GO

/*
================================================================================================
Procedure:   ads.ADSSP_GenerateHistory
Author:      PromptSales data team (PromptAds)
Date:        2026-01-31
Description: Generates the campaign history described in the script header. Set-based: every table is
             filled by one INSERT ... SELECT over a numbers table; no loops, no wall clock, no NEWID().
Parameters:  @CampaignCount  campaigns CMP-000001 .. (default 1,000; 10 .. 100,000).
             @Seed           seed of every pseudo-random number (default 20250701).
             @AsOfDate       "today" of the data (default 2026-01-31; from 2025-01-31).
             @Scale          'small' | 'full' (volume of channels, markets, placements and days).
             @Force          1 = regenerate even if the last run had the same parameters.
Errors:      50112 invalid parameter; 50100 unexpected error (real error in ads.ActivityLog).
Returns:     0.
================================================================================================
*/
CREATE OR ALTER PROCEDURE ads.ADSSP_GenerateHistory
    @CampaignCount int = 1000,
    @Seed int = 20250701,
    @AsOfDate date = '2026-01-31',
    @Scale varchar(10) = 'full',
    @Force bit = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE
        @ErrorNumber int,
        @ErrorSeverity int,
        @ErrorState int,
        @ErrorLine int,
        @ErrorProcedure nvarchar(128),
        @ErrorMessage nvarchar(4000),
        @FriendlyNumber int,
        @Detail nvarchar(400),
        @LogId bigint;
    DECLARE @StartedTransaction bit = 0;
    DECLARE @SourceName sysname = CONCAT(OBJECT_SCHEMA_NAME(@@PROCID), N'.', OBJECT_NAME(@@PROCID));
    DECLARE @WindowStart date = '2024-07-01', @WindowEnd date;
    DECLARE @ActiveCount int, @FinishedCount int, @FinishedWeightTotal int, @ActiveWeightTotal int;
    DECLARE @MinDays int, @MaxDays int, @MinLinks int, @MaxLinks int, @PlacementsPerAd int;
    DECLARE @ScenarioCount int, @RunId int, @RowCountsJson nvarchar(max);
    DECLARE @ContextJson nvarchar(max) = (
        SELECT @CampaignCount AS campaignCount, @Seed AS seed, @AsOfDate AS asOf, @Scale AS scale
        FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
    );

    BEGIN TRY
        ---------------------------------------------------------------- parameters
        IF @CampaignCount IS NULL OR @CampaignCount NOT BETWEEN 10 AND 100000
            OR @Seed IS NULL OR @AsOfDate IS NULL OR @AsOfDate < '2025-01-31'
            OR @Scale IS NULL OR @Scale NOT IN ('small', 'full')
        BEGIN
            SET @Detail = CONCAT(N'GenerateHistory ', @ContextJson);
            RAISERROR (50112, 16, 1, @Detail);
        END;

        IF ISNULL(@Force, 0) = 0
            AND EXISTS (
                SELECT 1
                FROM ads.GenerationRun AS g
                WHERE
                    g.GenerationRunId = (SELECT MAX(g2.GenerationRunId) FROM ads.GenerationRun AS g2)
                    AND g.Seed = @Seed AND g.AsOfDate = @AsOfDate AND g.CampaignCount = @CampaignCount
                    AND g.Scale = @Scale AND g.FinishedAt IS NOT NULL
            )
            AND (SELECT COUNT(*) FROM ads.Campaign WHERE Origin = 'GENERATOR') = @CampaignCount
        BEGIN
            PRINT CONCAT('ads.ADSSP_GenerateHistory: already generated for ', @ContextJson, '; nothing to do.');
            RETURN 0;
        END;

        SET @WindowEnd = CASE WHEN @AsOfDate < '2026-01-31' THEN @AsOfDate ELSE '2026-01-31' END;
        SET @ActiveCount = CAST(ROUND(@CampaignCount * 0.3, 0) AS int);
        SET @FinishedCount = @CampaignCount - @ActiveCount;
        SET @ScenarioCount = CASE WHEN @CampaignCount / 50 > 3 THEN @CampaignCount / 50 ELSE 3 END;
        IF @Scale = 'small'
            SELECT @MinDays = 7, @MaxDays = 45, @MinLinks = 1, @MaxLinks = 3, @PlacementsPerAd = 1;
        ELSE
            SELECT @MinDays = 14, @MaxDays = 120, @MinLinks = 2, @MaxLinks = 6, @PlacementsPerAd = 2;

        ---------------------------------------------------------------- staging (no locks on ads.*)
        CREATE TABLE #Num (N int NOT NULL PRIMARY KEY);
        WITH e1 AS (
            SELECT v.n FROM (VALUES (0), (0), (0), (0), (0), (0), (0), (0), (0), (0)) AS v (n)
        ),
        e6 AS (
            SELECT 1 AS n
            FROM e1 AS a CROSS JOIN e1 AS b CROSS JOIN e1 AS c CROSS JOIN e1 AS d CROSS JOIN e1 AS e CROSS JOIN e1 AS f
        )
        INSERT INTO #Num (N)
        SELECT TOP (@CampaignCount + 1000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) - 1
        FROM e6;

        SELECT
            v.VocabularyGroup,
            v.LanguageCode,
            v.ItemKey,
            v.Ordinal,
            v.Term,
            COUNT(*) OVER (PARTITION BY v.VocabularyGroup, v.LanguageCode, v.ItemKey) AS ItemCount
        INTO #Vocab
        FROM ads.GeneratorVocabulary AS v;
        CREATE UNIQUE CLUSTERED INDEX IX_Vocab ON #Vocab (VocabularyGroup, LanguageCode, ItemKey, Ordinal);

        CREATE TABLE #Month (
            MonthIndex int NOT NULL PRIMARY KEY,
            MonthStart date NOT NULL,
            DaysAvailable int NOT NULL,
            FinishedFrom int NOT NULL,
            FinishedTo int NOT NULL,
            ActiveFrom int NOT NULL,
            ActiveTo int NOT NULL
        );
        WITH months AS (
            SELECT n.N AS MonthIndex, DATEADD(MONTH, n.N, @WindowStart) AS MonthStart
            FROM #Num AS n
            WHERE n.N <= DATEDIFF(MONTH, @WindowStart, @WindowEnd)
        ),
        weighted AS (
            SELECT
                m.MonthIndex,
                m.MonthStart,
                CASE WHEN MONTH(m.MonthStart) IN (12, 1, 5) THEN 16 ELSE 3 END AS FinishedWeight,
                CASE DATEDIFF(MONTH, m.MonthStart, @WindowEnd) WHEN 0 THEN 5 WHEN 1 THEN 4 WHEN 2 THEN 1 ELSE 0 END
                AS ActiveWeight
            FROM months AS m
        )
        INSERT INTO #Month (MonthIndex, MonthStart, DaysAvailable, FinishedFrom, FinishedTo, ActiveFrom, ActiveTo)
        SELECT
            w.MonthIndex,
            w.MonthStart,
            CASE
                WHEN EOMONTH(w.MonthStart) > @WindowEnd THEN DAY(@WindowEnd)
                ELSE DAY(EOMONTH(w.MonthStart))
            END,
            SUM(w.FinishedWeight) OVER (ORDER BY w.MonthIndex ROWS UNBOUNDED PRECEDING) - w.FinishedWeight,
            SUM(w.FinishedWeight) OVER (ORDER BY w.MonthIndex ROWS UNBOUNDED PRECEDING),
            SUM(w.ActiveWeight) OVER (ORDER BY w.MonthIndex ROWS UNBOUNDED PRECEDING) - w.ActiveWeight,
            SUM(w.ActiveWeight) OVER (ORDER BY w.MonthIndex ROWS UNBOUNDED PRECEDING)
        FROM weighted AS w;
        SELECT @FinishedWeightTotal = MAX(FinishedTo), @ActiveWeightTotal = MAX(ActiveTo) FROM #Month;

        -- Campaigns: which are active, in which month they start (exact proportional allocation of the
        -- ranked campaigns over the cumulative month weights), dates, budget and sizes.
        CREATE TABLE #Campaign (
            Ordinal int NOT NULL PRIMARY KEY,
            CampaignCode varchar(12) NOT NULL,
            CompanyId int NOT NULL,
            IsActive bit NOT NULL,
            StartDate date NOT NULL,
            EndDate date NOT NULL,
            LastResultDate date NOT NULL,
            Budget decimal(19, 2) NOT NULL,
            Objective varchar(20) NOT NULL,
            ChannelCount int NOT NULL,
            MarketCount int NOT NULL,
            AdCount int NOT NULL,
            ProductPick int NOT NULL,
            AudiencePick bigint NOT NULL,
            CreatedLeadDays int NOT NULL,
            CampaignId int NULL,
            ProductId int NULL,
            UnitPrice decimal(19, 2) NULL
        );
        WITH base AS (
            SELECT n.N AS Ordinal, r.R1, r.R2, r.R3, r.R4, r.R5, r.R6, r.R7, r.R8
            FROM #Num AS n
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'campaign', n.N, 0, 0) AS r
            WHERE n.N BETWEEN 1 AND @CampaignCount
        ),
        split AS (
            SELECT
                b.*,
                CASE WHEN ROW_NUMBER() OVER (ORDER BY b.R1, b.Ordinal) <= @ActiveCount THEN 1 ELSE 0 END AS IsActive
            FROM base AS b
        ),
        positioned AS (
            SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.IsActive ORDER BY s.R2, s.Ordinal) AS GroupRank
            FROM split AS s
        )
        INSERT INTO #Campaign (
            Ordinal, CampaignCode, CompanyId, IsActive, StartDate, EndDate, LastResultDate, Budget, Objective,
            ChannelCount, MarketCount, AdCount, ProductPick, AudiencePick, CreatedLeadDays
        )
        SELECT
            p.Ordinal,
            CONCAT('CMP-', RIGHT(CONCAT('000000', p.Ordinal), 6)),
            ((p.Ordinal - 1) % 200) + 1,
            p.IsActive,
            sd.StartDate,
            ed.EndDate,
            CASE WHEN p.IsActive = 1 THEN @AsOfDate ELSE ed.EndDate END,
            CAST((50 + p.R6 % 950) * 100 AS decimal(19, 2)),
            CHOOSE(1 + p.R7 % 4, 'AWARENESS', 'CONSIDERATION', 'CONVERSION', 'RETENTION'),
            k.ChannelCount,
            k.MarketCount,
            CASE WHEN k.ChannelCount > k.MarketCount THEN k.ChannelCount ELSE k.MarketCount END + q.R3 % 2,
            1 + q.R4 % 3,
            q.R5,
            7 + q.R6 % 21
        FROM positioned AS p
        INNER JOIN #Month AS m
            ON (
                p.IsActive = 0
                AND (p.GroupRank - 0.5) * @FinishedWeightTotal / @FinishedCount >= m.FinishedFrom
                AND (p.GroupRank - 0.5) * @FinishedWeightTotal / @FinishedCount < m.FinishedTo
            )
            OR (
                p.IsActive = 1
                AND (p.GroupRank - 0.5) * @ActiveWeightTotal / @ActiveCount >= m.ActiveFrom
                AND (p.GroupRank - 0.5) * @ActiveWeightTotal / @ActiveCount < m.ActiveTo
            )
        CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'campaign-size', p.Ordinal, 0, 0) AS q
        CROSS APPLY (
            SELECT
                @MinLinks + CAST(q.R1 % (@MaxLinks - @MinLinks + 1) AS int) AS ChannelCount,
                @MinLinks + CAST(q.R2 % (@MaxLinks - @MinLinks + 1) AS int) AS MarketCount,
                DATEADD(DAY, CAST(p.R3 % m.DaysAvailable AS int), m.MonthStart) AS RawStart
        ) AS k
        CROSS APPLY (
            -- A finished campaign needs room to end before @AsOfDate: late starts move back a few days
            -- (they stay in the same month because the window ends on a month end).
            SELECT CASE
                WHEN p.IsActive = 1 THEN k.RawStart
                WHEN k.RawStart > DATEADD(DAY, -@MinDays, @AsOfDate)
                    THEN DATEADD(DAY, -(@MinDays + CAST(p.R4 % 14 AS int)), @AsOfDate)
                ELSE k.RawStart
            END AS StartDate
        ) AS sd
        CROSS APPLY (
            SELECT CASE
                WHEN p.IsActive = 1 THEN DATEADD(DAY, 1 + CAST(p.R5 % 60 AS int), @AsOfDate)
                WHEN
                    DATEADD(DAY, @MinDays + CAST(p.R5 % (@MaxDays - @MinDays + 1) AS int) - 1, sd.StartDate)
                    < @AsOfDate
                    THEN DATEADD(DAY, @MinDays + CAST(p.R5 % (@MaxDays - @MinDays + 1) AS int) - 1, sd.StartDate)
                ELSE DATEADD(DAY, -1, @AsOfDate)
            END AS EndDate
        ) AS ed;

        UPDATE c
        SET c.ProductId = pr.ProductId, c.UnitPrice = pr.UnitPrice
        FROM #Campaign AS c
        INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
        INNER JOIN ads.Product AS pr
            ON pr.ProductCode = CONCAT('PR-', RIGHT(co.CompanyCode, 4), '-', c.ProductPick);

        ---------------------------------------------------------------- the transactional part
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @StartedTransaction = 1;
        END;

        -- The history below is written with business dates; the trigger steps aside meanwhile.
        EXEC sys.sp_set_session_context @key = N'promptsales.ads_bulk_history', @value = 1;

        DELETE s FROM ads.GeneratedScenario AS s
        INNER JOIN ads.Campaign AS c ON s.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE r FROM ads.AiRecommendation AS r
        INNER JOIN ads.Campaign AS c ON r.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE k FROM ads.CampaignPerformanceRanking AS k
        INNER JOIN ads.Campaign AS c ON k.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE e FROM ads.SentimentEvent AS e
        INNER JOIN ads.Campaign AS c ON e.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE d FROM ads.DailyResult AS d
        INNER JOIN ads.Campaign AS c ON d.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE p FROM ads.AdPlacement AS p
        INNER JOIN ads.Campaign AS c ON p.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE a FROM ads.Ad AS a
        INNER JOIN ads.Campaign AS c ON a.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE cc FROM ads.CampaignChannel AS cc
        INNER JOIN ads.Campaign AS c ON cc.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE cm FROM ads.CampaignMarket AS cm
        INNER JOIN ads.Campaign AS c ON cm.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE h FROM ads.CampaignStatusHistory AS h
        INNER JOIN ads.Campaign AS c ON h.CampaignId = c.CampaignId WHERE c.Origin = 'GENERATOR';
        DELETE FROM ads.Campaign WHERE Origin = 'GENERATOR';
        DELETE FROM ads.IntegrationSyncLog;

        INSERT INTO ads.GenerationRun (Seed, AsOfDate, CampaignCount, Scale, StartedAt)
        VALUES (@Seed, @AsOfDate, @CampaignCount, @Scale, SYSUTCDATETIME());
        SET @RunId = SCOPE_IDENTITY();

        ---------------------------------------------------------------- campaigns and their history
        INSERT INTO ads.Campaign (
            CampaignCode, CompanyId, ProductId, CampaignName, Objective, TargetAudience, Budget, CurrencyCode,
            StartDate, EndDate, StatusCode, Origin, CreatedAt, UpdatedAt
        )
        SELECT
            c.CampaignCode,
            c.CompanyId,
            c.ProductId,
            CONCAT(th.Term, N' ', YEAR(c.StartDate), N' · ', pr.ProductName),
            c.Objective,
            CONCAT(au.Term, N' interesados en ', it.Term),
            c.Budget,
            'USD',
            c.StartDate,
            c.EndDate,
            CASE WHEN c.IsActive = 1 THEN 'ACTIVE' ELSE 'FINISHED' END,
            'GENERATOR',
            DATEADD(DAY, -c.CreatedLeadDays, CAST(c.StartDate AS datetime2(0))),
            CASE
                WHEN c.IsActive = 1 THEN CAST(c.StartDate AS datetime2(0))
                ELSE CAST(DATEADD(DAY, 1, c.EndDate) AS datetime2(0))
            END
        FROM #Campaign AS c
        INNER JOIN ads.Product AS pr ON c.ProductId = pr.ProductId
        INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
        INNER JOIN #Vocab AS th
            ON th.VocabularyGroup = 'THEME' AND th.LanguageCode = 'es'
            AND th.ItemKey = RIGHT(CONCAT('0', MONTH(c.StartDate)), 2) AND th.Ordinal = 1
        INNER JOIN #Vocab AS au
            ON au.VocabularyGroup = 'AUDIENCE' AND au.LanguageCode = 'es' AND au.ItemKey = ''
            AND au.Ordinal = 1 + c.AudiencePick % au.ItemCount
        INNER JOIN #Vocab AS it
            ON it.VocabularyGroup = 'INTEREST' AND it.LanguageCode = 'es' AND it.ItemKey = co.IndustryCode
            AND it.Ordinal = 1
        ORDER BY c.Ordinal;

        UPDATE c
        SET c.CampaignId = a.CampaignId
        FROM #Campaign AS c
        INNER JOIN ads.Campaign AS a ON c.CampaignCode = a.CampaignCode;

        INSERT INTO ads.CampaignStatusHistory (
            CampaignId, ChangeKind, OldStatusCode, NewStatusCode, OldBudget, NewBudget, OldEndDate, NewEndDate,
            ChangedAt, ChangedBy
        )
        SELECT c.CampaignId, s.ChangeKind, s.OldStatusCode, s.NewStatusCode, s.OldBudget, c.Budget,
            s.OldEndDate, c.EndDate, s.ChangedAt, N'promptads-scheduler'
        FROM #Campaign AS c
        CROSS APPLY (
            VALUES
            ('CREATED', NULL, 'SCHEDULED', NULL, NULL,
                DATEADD(DAY, -c.CreatedLeadDays, CAST(c.StartDate AS datetime2(0)))),
            ('STATUS', 'SCHEDULED', 'ACTIVE', c.Budget, c.EndDate, CAST(c.StartDate AS datetime2(0))),
            ('STATUS', 'ACTIVE', 'FINISHED', c.Budget, c.EndDate, CAST(DATEADD(DAY, 1, c.EndDate) AS datetime2(0)))
        ) AS s (ChangeKind, OldStatusCode, NewStatusCode, OldBudget, OldEndDate, ChangedAt)
        WHERE s.NewStatusCode <> 'FINISHED' OR c.IsActive = 0;

        ---------------------------------------------------------------- channels (with influencers) and markets
        CREATE TABLE #CampaignChannel (
            Ordinal int NOT NULL,
            ChannelPick int NOT NULL,
            CampaignId int NOT NULL,
            ChannelId int NOT NULL,
            ChannelCode varchar(20) NOT NULL,
            ChannelType varchar(20) NOT NULL,
            InfluencerId int NULL,
            CampaignChannelId int NULL,
            PRIMARY KEY (Ordinal, ChannelPick)
        );
        WITH ranked AS (
            SELECT
                c.Ordinal,
                c.CampaignId,
                c.ChannelCount,
                ch.ChannelId,
                ch.ChannelCode,
                ch.ChannelType,
                ch.IsInfluencerChannel,
                ROW_NUMBER() OVER (PARTITION BY c.Ordinal ORDER BY r.R1, ch.ChannelId) AS ChannelPick
            FROM #Campaign AS c
            CROSS JOIN ads.Channel AS ch
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'campaign-channel', c.Ordinal, ch.ChannelId, 0) AS r
        )
        INSERT INTO #CampaignChannel (
            Ordinal, ChannelPick, CampaignId, ChannelId, ChannelCode, ChannelType, InfluencerId
        )
        SELECT rk.Ordinal, rk.ChannelPick, rk.CampaignId, rk.ChannelId, rk.ChannelCode, rk.ChannelType, inf.InfluencerId
        FROM ranked AS rk
        OUTER APPLY (
            SELECT TOP (1) i.InfluencerId
            FROM ads.Influencer AS i
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'campaign-influencer', rk.Ordinal, i.InfluencerId, 0) AS ri
            WHERE rk.IsInfluencerChannel = 1 AND i.ChannelId = rk.ChannelId
            ORDER BY ri.R1, i.InfluencerId
        ) AS inf
        WHERE rk.ChannelPick <= rk.ChannelCount;

        INSERT INTO ads.CampaignChannel (CampaignId, ChannelId, InfluencerId, BudgetShare)
        SELECT cc.CampaignId, cc.ChannelId, cc.InfluencerId, CAST(ROUND(1.0 / c.ChannelCount, 4, 1) AS decimal(5, 4))
        FROM #CampaignChannel AS cc
        INNER JOIN #Campaign AS c ON cc.Ordinal = c.Ordinal
        ORDER BY cc.Ordinal, cc.ChannelPick;

        UPDATE cc
        SET cc.CampaignChannelId = t.CampaignChannelId
        FROM #CampaignChannel AS cc
        INNER JOIN ads.CampaignChannel AS t ON cc.CampaignId = t.CampaignId AND cc.ChannelId = t.ChannelId;

        CREATE TABLE #CampaignMarket (
            Ordinal int NOT NULL,
            MarketPick int NOT NULL,
            CampaignId int NOT NULL,
            MarketId int NOT NULL,
            LanguageCode char(2) NOT NULL,
            CampaignMarketId int NULL,
            PRIMARY KEY (Ordinal, MarketPick)
        );
        WITH ranked AS (
            SELECT
                c.Ordinal,
                c.CampaignId,
                c.MarketCount,
                mk.MarketId,
                mk.LanguageCode,
                ROW_NUMBER() OVER (PARTITION BY c.Ordinal ORDER BY r.R1, mk.MarketId) AS MarketPick
            FROM #Campaign AS c
            CROSS JOIN ads.Market AS mk
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'campaign-market', c.Ordinal, mk.MarketId, 0) AS r
        )
        INSERT INTO #CampaignMarket (Ordinal, MarketPick, CampaignId, MarketId, LanguageCode)
        SELECT rk.Ordinal, rk.MarketPick, rk.CampaignId, rk.MarketId, rk.LanguageCode
        FROM ranked AS rk
        WHERE rk.MarketPick <= rk.MarketCount;

        INSERT INTO ads.CampaignMarket (CampaignId, MarketId)
        SELECT cm.CampaignId, cm.MarketId
        FROM #CampaignMarket AS cm
        ORDER BY cm.Ordinal, cm.MarketPick;

        UPDATE cm
        SET cm.CampaignMarketId = t.CampaignMarketId
        FROM #CampaignMarket AS cm
        INNER JOIN ads.CampaignMarket AS t ON cm.CampaignId = t.CampaignId AND cm.MarketId = t.MarketId;

        ---------------------------------------------------------------- ads (copy from the vocabularies)
        CREATE TABLE #Ad (
            Ordinal int NOT NULL,
            AdOrdinal int NOT NULL,
            CampaignId int NOT NULL,
            FirstChannelPick int NOT NULL,
            FirstMarketPick int NOT NULL,
            LanguageCode char(2) NOT NULL,
            AdId int NULL,
            PRIMARY KEY (Ordinal, AdOrdinal)
        );
        INSERT INTO #Ad (Ordinal, AdOrdinal, CampaignId, FirstChannelPick, FirstMarketPick, LanguageCode)
        SELECT c.Ordinal, n.N, c.CampaignId, ((n.N - 1) % c.ChannelCount) + 1, ((n.N - 1) % c.MarketCount) + 1,
            cm.LanguageCode
        FROM #Campaign AS c
        INNER JOIN #Num AS n ON n.N BETWEEN 1 AND c.AdCount
        INNER JOIN #CampaignMarket AS cm ON c.Ordinal = cm.Ordinal AND cm.MarketPick = ((n.N - 1) % c.MarketCount) + 1;

        -- MERGE ... OUTPUT (the same technique as ADS-1) maps each staged ad to its new AdId.
        CREATE TABLE #AdMap (
            Ordinal int NOT NULL,
            AdOrdinal int NOT NULL,
            AdId int NOT NULL,
            PRIMARY KEY (Ordinal, AdOrdinal)
        );
        WITH staged_ads AS (
            SELECT
                a.Ordinal,
                a.AdOrdinal,
                a.CampaignId,
                CONCAT(fl.FormatLabel, N' ', th.Term, N' – variante ', NCHAR(64 + a.AdOrdinal)) AS AdName,
                -- Creatives imported from an ad platform keep the raw text, leading blanks included (ADS-4 LTRIM).
                CONCAT(CASE WHEN r.R5 % 20 = 0 THEN N'  ' ELSE N'' END, hk.Term, N' ', pr.ProductName) AS Headline,
                CONCAT(
                    bf.Term, N' ', REPLACE(ofr.Term, N'{pct}', CONVERT(nvarchar(3), 10 + 5 * (r.R6 % 7))), N'.'
                ) AS BodyText,
                cta.Term AS CallToAction,
                fl.CreativeFormat,
                a.LanguageCode,
                CONCAT(
                    'https://www.', TRANSLATE(LOWER(co.CompanyName), N'áéíóúñ ', N'aeioun-'), '.com/',
                    a.LanguageCode, '/', LOWER(c.CampaignCode), '?ad=', CHAR(96 + a.AdOrdinal)
                ) AS LandingUrl,
                CASE
                    WHEN r.R5 % 20 <> 0 THEN 'PORTAL'
                    WHEN cc.ChannelType = 'EMAIL' THEN 'MAILCHIMP'
                    WHEN cc.ChannelType = 'SEARCH' THEN 'GOOGLE_ADS'
                    WHEN cc.ChannelCode IN ('TIKTOK', 'INFLUENCER_TT') THEN 'TIKTOK_BUSINESS'
                    ELSE 'META_ADS'
                END AS SourceSystem,
                DATEADD(DAY, -c.CreatedLeadDays + 2, CAST(c.StartDate AS datetime2(0))) AS CreatedAt
            FROM #Ad AS a
            INNER JOIN #Campaign AS c ON a.Ordinal = c.Ordinal
            INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
            INNER JOIN ads.Product AS pr ON c.ProductId = pr.ProductId
            INNER JOIN #CampaignChannel AS cc ON a.Ordinal = cc.Ordinal AND a.FirstChannelPick = cc.ChannelPick
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'ad', a.Ordinal, a.AdOrdinal, 0) AS r
            CROSS APPLY (
                SELECT
                    CASE
                        WHEN cc.ChannelType = 'EMAIL' THEN 'EMAIL'
                        WHEN cc.ChannelType = 'SMS' THEN 'SMS'
                        WHEN cc.ChannelType = 'SEARCH' THEN 'TEXT'
                        WHEN cc.ChannelType IN ('VIDEO', 'INFLUENCER') THEN 'VIDEO'
                        ELSE CHOOSE(1 + r.R7 % 3, 'IMAGE', 'CAROUSEL', 'STORY')
                    END AS CreativeFormat
            ) AS f
            CROSS APPLY (
                SELECT f.CreativeFormat, CASE f.CreativeFormat
                    WHEN 'EMAIL' THEN N'Correo'
                    WHEN 'SMS' THEN N'SMS'
                    WHEN 'TEXT' THEN N'Texto de búsqueda'
                    WHEN 'VIDEO' THEN N'Video'
                    WHEN 'CAROUSEL' THEN N'Carrusel'
                    WHEN 'STORY' THEN N'Historia'
                    ELSE N'Imagen'
                END AS FormatLabel
            ) AS fl
            INNER JOIN #Vocab AS th
                ON th.VocabularyGroup = 'THEME' AND th.LanguageCode = 'es'
                AND th.ItemKey = RIGHT(CONCAT('0', MONTH(c.StartDate)), 2) AND th.Ordinal = 1
            INNER JOIN #Vocab AS hk
                ON hk.VocabularyGroup = 'HOOK' AND hk.LanguageCode = a.LanguageCode AND hk.ItemKey = ''
                AND hk.Ordinal = 1 + r.R1 % hk.ItemCount
            INNER JOIN #Vocab AS bf
                ON bf.VocabularyGroup = 'BENEFIT' AND bf.LanguageCode = a.LanguageCode AND bf.ItemKey = co.IndustryCode
                AND bf.Ordinal = 1 + r.R2 % bf.ItemCount
            INNER JOIN #Vocab AS ofr
                ON ofr.VocabularyGroup = 'OFFER' AND ofr.LanguageCode = a.LanguageCode AND ofr.ItemKey = ''
                AND ofr.Ordinal = 1 + r.R3 % ofr.ItemCount
            INNER JOIN #Vocab AS cta
                ON cta.VocabularyGroup = 'CTA' AND cta.LanguageCode = a.LanguageCode AND cta.ItemKey = ''
                AND cta.Ordinal = 1 + r.R4 % cta.ItemCount
        )
        MERGE INTO ads.Ad AS target
        USING staged_ads AS source
            ON 1 = 0
        WHEN NOT MATCHED BY TARGET THEN
            INSERT (
                CampaignId, AdName, Headline, BodyText, CallToAction, CreativeFormat, LanguageCode, LandingUrl,
                SourceSystem, CreatedAt
            )
            VALUES (
                source.CampaignId, source.AdName, source.Headline, source.BodyText, source.CallToAction,
                source.CreativeFormat, source.LanguageCode, source.LandingUrl, source.SourceSystem, source.CreatedAt
            )
        OUTPUT source.Ordinal, source.AdOrdinal, inserted.AdId INTO #AdMap (Ordinal, AdOrdinal, AdId);

        UPDATE a
        SET a.AdId = m.AdId
        FROM #Ad AS a
        INNER JOIN #AdMap AS m ON a.Ordinal = m.Ordinal AND a.AdOrdinal = m.AdOrdinal;

        ---------------------------------------------------------------- placements (ad x channel x market)
        CREATE TABLE #Placement (
            Ordinal int NOT NULL,
            AdOrdinal int NOT NULL,
            PlacementOrdinal int NOT NULL,
            CampaignId int NOT NULL,
            AdId int NOT NULL,
            CampaignChannelId int NOT NULL,
            CampaignMarketId int NOT NULL,
            ChannelId int NOT NULL,
            AdPlacementId int NULL,
            PRIMARY KEY (Ordinal, AdOrdinal, PlacementOrdinal)
        );
        INSERT INTO #Placement (
            Ordinal, AdOrdinal, PlacementOrdinal, CampaignId, AdId, CampaignChannelId, CampaignMarketId, ChannelId
        )
        SELECT
            a.Ordinal, a.AdOrdinal, j.N, a.CampaignId, a.AdId, cc.CampaignChannelId, cm.CampaignMarketId, cc.ChannelId
        FROM #Ad AS a
        INNER JOIN #Campaign AS c ON a.Ordinal = c.Ordinal
        INNER JOIN #Num AS j ON j.N BETWEEN 1 AND @PlacementsPerAd
        INNER JOIN #CampaignChannel AS cc
            ON a.Ordinal = cc.Ordinal AND cc.ChannelPick = ((a.AdOrdinal - 1 + j.N - 1) % c.ChannelCount) + 1
        INNER JOIN #CampaignMarket AS cm
            ON a.Ordinal = cm.Ordinal AND cm.MarketPick = ((a.AdOrdinal - 1 + 2 * (j.N - 1)) % c.MarketCount) + 1
        -- With one channel the second placement would repeat the first one.
        WHERE j.N = 1 OR c.ChannelCount > 1;

        INSERT INTO ads.AdPlacement (CampaignId, AdId, CampaignChannelId, CampaignMarketId)
        SELECT p.CampaignId, p.AdId, p.CampaignChannelId, p.CampaignMarketId
        FROM #Placement AS p
        ORDER BY p.Ordinal, p.AdOrdinal, p.PlacementOrdinal;

        UPDATE p
        SET p.AdPlacementId = t.AdPlacementId
        FROM #Placement AS p
        INNER JOIN ads.AdPlacement AS t
            ON
                p.AdId = t.AdId
                AND p.CampaignChannelId = t.CampaignChannelId
                AND p.CampaignMarketId = t.CampaignMarketId;

        ---------------------------------------------------------------- planted ADS-5 scenarios
        CREATE TABLE #Scenario (
            Ordinal int NOT NULL PRIMARY KEY,
            AdOrdinal int NOT NULL,
            AdId int NOT NULL,
            CampaignId int NOT NULL,
            CampaignChannelId int NOT NULL,
            StartsOn date NOT NULL,
            EndsOn date NOT NULL,
            ReactionFactor decimal(4, 2) NOT NULL,
            NegativityKind varchar(30) NOT NULL
        );
        -- At most one planted case per brand (the campaign with the lowest 'scenario' number): the
        -- function reads a whole brand, so a second crisis of the same brand would show up in the other
        -- one's window or in the two weeks before it, which 930 presents as a quiet period (issue 14).
        -- tests/sqlserver_ads/generator_model.py mirrors this choice.
        WITH eligible AS (
            SELECT
                p.Ordinal,
                p.AdOrdinal,
                p.AdId,
                p.CampaignId,
                p.CampaignChannelId,
                c.CompanyId,
                c.StartDate,
                DATEDIFF(DAY, c.StartDate, c.LastResultDate) + 1 AS ResultDays,
                ROW_NUMBER() OVER (PARTITION BY p.Ordinal ORDER BY p.AdOrdinal, p.PlacementOrdinal) AS AdRank
            FROM #Placement AS p
            INNER JOIN #Campaign AS c ON p.Ordinal = c.Ordinal
            INNER JOIN #CampaignChannel AS cc ON p.Ordinal = cc.Ordinal AND p.CampaignChannelId = cc.CampaignChannelId
            WHERE cc.InfluencerId IS NOT NULL AND DATEDIFF(DAY, c.StartDate, c.LastResultDate) + 1 >= 28
        ),
        by_brand AS (
            SELECT
                e.*,
                r.R1,
                r.R2,
                r.R3,
                ROW_NUMBER() OVER (PARTITION BY e.CompanyId ORDER BY r.R1, e.Ordinal) AS BrandRank
            FROM eligible AS e
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'scenario', e.Ordinal, 0, 0) AS r
            WHERE e.AdRank = 1
        ),
        chosen AS (
            SELECT TOP (@ScenarioCount) b.*
            FROM by_brand AS b
            WHERE b.BrandRank = 1
            ORDER BY b.R1, b.Ordinal
        )
        INSERT INTO #Scenario (
            Ordinal, AdOrdinal, AdId, CampaignId, CampaignChannelId, StartsOn, EndsOn, ReactionFactor, NegativityKind
        )
        SELECT
            ch.Ordinal,
            ch.AdOrdinal,
            ch.AdId,
            ch.CampaignId,
            ch.CampaignChannelId,
            DATEADD(DAY, ch.ResultDays / 2, ch.StartDate),
            DATEADD(DAY, ch.ResultDays / 2 + 9, ch.StartDate),
            CAST(0.35 + (ch.R2 % 20) / 100.0 AS decimal(4, 2)),
            CHOOSE(
                1 + ch.R3 % 7, 'OFFENSIVE_CONTENT', 'MISLEADING_CLAIM', 'PRICE_COMPLAINT', 'PRODUCT_QUALITY',
                'CUSTOMER_SERVICE', 'AD_FATIGUE', 'BOYCOTT_CALL'
            )
        FROM chosen AS ch;

        INSERT INTO ads.GeneratedScenario (
            ScenarioKind, CampaignId, AdId, CampaignChannelId, StartsOn, EndsOn, ReactionFactor, NegativityKind
        )
        SELECT 'NEGATIVE_SENTIMENT_DROP', s.CampaignId, s.AdId, s.CampaignChannelId, s.StartsOn, s.EndsOn,
            s.ReactionFactor, s.NegativityKind
        FROM #Scenario AS s
        ORDER BY s.Ordinal;

        ---------------------------------------------------------------- daily results
        WITH placement_plan AS (
            SELECT
                p.Ordinal,
                p.AdOrdinal,
                p.PlacementOrdinal,
                p.AdPlacementId,
                p.CampaignId,
                p.AdId,
                c.StartDate,
                c.LastResultDate,
                c.UnitPrice,
                ch.CostPerThousand,
                ch.EngagementRate,
                ch.ConversionRate,
                ch.SecondsPerView,
                CASE WHEN ch.ChannelType IN ('EMAIL', 'SMS', 'SEARCH') THEN 0 ELSE 1 END AS HasReactions,
                -- Dearer products convert less: above 30 USD the conversion rate scales with 30 / price.
                CASE WHEN c.UnitPrice > 30 THEN 30.0 / c.UnitPrice ELSE 1.0 END AS PriceFactor,
                c.Budget * 0.92
                / ((DATEDIFF(DAY, c.StartDate, c.EndDate) + 1) * COUNT(*) OVER (PARTITION BY p.Ordinal)) AS DailyBudget
            FROM #Placement AS p
            INNER JOIN #Campaign AS c ON p.Ordinal = c.Ordinal
            INNER JOIN ads.Channel AS ch ON p.ChannelId = ch.ChannelId
        )
        INSERT INTO ads.DailyResult (
            AdPlacementId, ResultDate, CampaignId, Views, AudienceReached, Likes, Reactions, Interactions,
            ExposureHours, Sales, Revenue, Cost
        )
        SELECT
            pp.AdPlacementId,
            d.ResultDate,
            pp.CampaignId,
            v.Views,
            CAST(FLOOR(v.Views * (0.55 + (r.R3 % 31) / 100.0)) AS bigint),
            CAST(FLOOR(rc.Reactions * (0.60 + (r.R6 % 31) / 100.0)) AS int),
            rc.Reactions,
            i.Interactions,
            CAST(ROUND(v.Views * pp.SecondsPerView / 3600.0, 2) AS decimal(12, 2)),
            s.Sales,
            CAST(s.Sales * pp.UnitPrice AS decimal(19, 2)),
            k.Cost
        FROM placement_plan AS pp
        INNER JOIN #Num AS n ON n.N <= DATEDIFF(DAY, pp.StartDate, pp.LastResultDate)
        CROSS APPLY (SELECT DATEADD(DAY, n.N, pp.StartDate) AS ResultDate) AS d
        CROSS APPLY
            ads.ufn_SeededNumbers(@Seed, 'result', pp.Ordinal, pp.AdOrdinal * 10 + pp.PlacementOrdinal, n.N) AS r
        LEFT JOIN #Scenario AS sc ON pp.AdId = sc.AdId AND d.ResultDate >= sc.StartsOn
        CROSS APPLY (
            SELECT CAST(ROUND(pp.DailyBudget * (0.85 + (r.R1 % 21) / 100.0), 2) AS decimal(19, 2)) AS Cost
        ) AS k
        CROSS APPLY (
            -- 1900-01-01 was a Monday, so offsets 5 and 6 are Saturday and Sunday whatever DATEFIRST says.
            SELECT CAST(FLOOR(
                k.Cost * 1000 / pp.CostPerThousand
                * CASE WHEN DATEDIFF(DAY, '19000101', d.ResultDate) % 7 >= 5 THEN 1.12 ELSE 1.0 END
                * (0.90 + (r.R2 % 21) / 100.0)
            ) AS bigint) AS Views
        ) AS v
        CROSS APPLY (
            SELECT CAST(FLOOR(v.Views * pp.EngagementRate * (0.70 + (r.R4 % 61) / 100.0)) AS int) AS Interactions
        ) AS i
        CROSS APPLY (
            SELECT CAST(FLOOR(
                i.Interactions * pp.HasReactions * (0.45 + (r.R5 % 26) / 100.0) * ISNULL(sc.ReactionFactor, 1.0)
            ) AS int) AS Reactions
        ) AS rc
        CROSS APPLY (
            -- Stochastic rounding (+ a uniform 0..0.999) keeps small expected daily sales unbiased instead of
            -- flooring them to 0; sales still never exceed interactions.
            SELECT CAST(FLOOR(
                i.Interactions * pp.ConversionRate * pp.PriceFactor * (0.60 + (r.R7 % 81) / 100.0)
                + (r.R8 % 1000) / 1000.0
            ) AS int) AS Sales
        ) AS s;

        ---------------------------------------------------------------- sentiment events
        -- Background: 3-5 posts per ad and week, at most one negative (so never 40 % negative over a
        -- week), on the ad's first channel.
        WITH ad_weeks AS (
            SELECT
                a.Ordinal,
                a.AdOrdinal,
                a.AdId,
                a.CampaignId,
                a.LanguageCode,
                cc.CampaignChannelId,
                cc.ChannelCode,
                c.StartDate,
                c.LastResultDate,
                co.CompanyName,
                w.N AS WeekIndex
            FROM #Ad AS a
            INNER JOIN #Campaign AS c ON a.Ordinal = c.Ordinal
            INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
            INNER JOIN #CampaignChannel AS cc ON a.Ordinal = cc.Ordinal AND a.FirstChannelPick = cc.ChannelPick
            INNER JOIN #Num AS w ON w.N <= DATEDIFF(DAY, c.StartDate, c.LastResultDate) / 7
        ),
        posts AS (
            SELECT
                aw.*,
                e.N AS PostIndex,
                r.R1, r.R2, r.R3, r.R4, r.R5, r.R6,
                DATEADD(DAY, aw.WeekIndex * 7 + CAST(r.R1 % 7 AS int), aw.StartDate) AS PostDate,
                CASE
                    WHEN e.N = 1 AND r.R2 % 10 = 0 THEN 'NEGATIVE'
                    WHEN r.R2 % 5 < 3 THEN 'POSITIVE'
                    ELSE 'NEUTRAL'
                END AS Polarity
            FROM ad_weeks AS aw
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'sentiment-week', aw.Ordinal, aw.AdOrdinal, aw.WeekIndex) AS wk
            INNER JOIN #Num AS e ON e.N BETWEEN 1 AND 3 + wk.R1 % 3
            CROSS APPLY ads.ufn_SeededNumbers(
                @Seed, 'sentiment', aw.Ordinal, aw.AdOrdinal * 1000 + aw.WeekIndex, e.N
            ) AS r
        ),
        planted AS (
            SELECT
                a.Ordinal,
                a.AdOrdinal,
                a.AdId,
                a.CampaignId,
                a.LanguageCode,
                s.CampaignChannelId,
                cc.ChannelCode,
                co.CompanyName,
                e.N AS PostIndex,
                r.R1, r.R2, r.R3, r.R4, r.R5, r.R6,
                DATEADD(DAY, d.N, s.StartsOn) AS PostDate,
                CASE WHEN r.R2 % 5 = 0 THEN 'OTHER' ELSE s.NegativityKind END AS KindChoice
            FROM #Scenario AS s
            INNER JOIN #Ad AS a ON s.Ordinal = a.Ordinal AND s.AdOrdinal = a.AdOrdinal
            INNER JOIN #Campaign AS c ON s.Ordinal = c.Ordinal
            INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
            INNER JOIN #CampaignChannel AS cc ON s.Ordinal = cc.Ordinal AND s.CampaignChannelId = cc.CampaignChannelId
            INNER JOIN #Num AS d ON d.N BETWEEN 0 AND DATEDIFF(DAY, s.StartsOn, s.EndsOn)
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'crisis-day', s.Ordinal, d.N, 0) AS dy
            INNER JOIN #Num AS e ON e.N BETWEEN 1 AND 4 + dy.R1 % 4
            CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'crisis-post', s.Ordinal, d.N, e.N) AS r
        ),
        all_posts AS (
            SELECT
                p.CampaignId, p.AdId, p.CampaignChannelId, p.ChannelCode, p.LanguageCode, p.CompanyName,
                p.PostDate, p.Polarity,
                CASE WHEN p.Polarity = 'NEGATIVE' THEN CHOOSE(
                    1 + p.R3 % 7, 'OFFENSIVE_CONTENT', 'MISLEADING_CLAIM', 'PRICE_COMPLAINT', 'PRODUCT_QUALITY',
                    'CUSTOMER_SERVICE', 'AD_FATIGUE', 'BOYCOTT_CALL'
                ) END AS NegativityKind,
                p.R3, p.R4, p.R5, p.R6
            FROM posts AS p
            WHERE p.PostDate <= p.LastResultDate
            UNION ALL
            SELECT
                pl.CampaignId, pl.AdId, pl.CampaignChannelId, pl.ChannelCode, pl.LanguageCode, pl.CompanyName,
                pl.PostDate, 'NEGATIVE',
                CASE WHEN pl.KindChoice = 'OTHER' THEN CHOOSE(
                    1 + pl.R3 % 7, 'OFFENSIVE_CONTENT', 'MISLEADING_CLAIM', 'PRICE_COMPLAINT', 'PRODUCT_QUALITY',
                    'CUSTOMER_SERVICE', 'AD_FATIGUE', 'BOYCOTT_CALL'
                ) ELSE pl.KindChoice END,
                pl.R3, pl.R4, pl.R5, pl.R6
            FROM planted AS pl
        )
        INSERT INTO ads.SentimentEvent (
            CampaignId, AdId, CampaignChannelId, EventAt, SourceNetwork, Polarity, SentimentScore, NegativityKind,
            AuthorHandle, Excerpt
        )
        SELECT
            ap.CampaignId,
            ap.AdId,
            ap.CampaignChannelId,
            DATEADD(MINUTE, CAST(ap.R4 % 1440 AS int), CAST(ap.PostDate AS datetime2(0))),
            CASE
                WHEN ap.ChannelCode = 'FACEBOOK' THEN 'FACEBOOK'
                WHEN ap.ChannelCode IN ('INSTAGRAM', 'INFLUENCER_IG') THEN 'INSTAGRAM'
                WHEN ap.ChannelCode IN ('TIKTOK', 'INFLUENCER_TT') THEN 'TIKTOK'
                WHEN ap.ChannelCode IN ('YOUTUBE', 'INFLUENCER_YT') THEN 'YOUTUBE'
                WHEN ap.ChannelCode = 'LINKEDIN' THEN 'LINKEDIN'
                WHEN ap.ChannelCode = 'X' THEN 'X'
                ELSE CHOOSE(1 + ap.R5 % 3, 'X', 'REDDIT', 'FACEBOOK')
            END,
            ap.Polarity,
            CAST(CASE ap.Polarity
                WHEN 'POSITIVE' THEN 0.30 + (ap.R6 % 70) / 100.0
                WHEN 'NEUTRAL' THEN ((ap.R6 % 41) - 20) / 100.0
                ELSE -(0.30 + (ap.R6 % 70) / 100.0)
            END AS decimal(4, 3)),
            ap.NegativityKind,
            CAST(CONCAT(
                '@', TRANSLATE(LOWER(fn.Term), N'áéíóúñ', N'aeioun'), '_',
                TRANSLATE(LOWER(sn.Term), N'áéíóúñ', N'aeioun'), ap.R5 % 100
            ) AS varchar(60)),
            REPLACE(ex.Term, N'{brand}', ap.CompanyName)
        FROM all_posts AS ap
        INNER JOIN #Vocab AS fn
            ON fn.VocabularyGroup = 'FIRST_NAME' AND fn.LanguageCode = 'es' AND fn.ItemKey = ''
            AND fn.Ordinal = 1 + ap.R3 % fn.ItemCount
        INNER JOIN #Vocab AS sn
            ON sn.VocabularyGroup = 'SURNAME' AND sn.LanguageCode = 'es' AND sn.ItemKey = ''
            AND sn.Ordinal = 1 + ap.R4 % sn.ItemCount
        INNER JOIN #Vocab AS ex
            ON ex.VocabularyGroup = 'SENTIMENT' AND ex.LanguageCode = ap.LanguageCode
            AND ex.ItemKey = CASE WHEN ap.Polarity = 'NEGATIVE' THEN ap.NegativityKind ELSE ap.Polarity END
            AND ex.Ordinal = 1 + ap.R6 % ex.ItemCount;

        ---------------------------------------------------------------- AI recommendations
        WITH channel_roas AS (
            SELECT
                dr.CampaignId,
                p.CampaignChannelId,
                SUM(dr.Revenue) / NULLIF(SUM(dr.Cost), 0) AS Roas
            FROM ads.DailyResult AS dr
            INNER JOIN ads.AdPlacement AS p ON dr.AdPlacementId = p.AdPlacementId
            INNER JOIN #Campaign AS c ON dr.CampaignId = c.CampaignId
            GROUP BY dr.CampaignId, p.CampaignChannelId
        ),
        ranked AS (
            SELECT
                cr.*,
                ROW_NUMBER() OVER (PARTITION BY cr.CampaignId ORDER BY cr.Roas DESC, cr.CampaignChannelId) AS BestRank,
                ROW_NUMBER() OVER (PARTITION BY cr.CampaignId ORDER BY cr.Roas ASC, cr.CampaignChannelId) AS WorstRank
            FROM channel_roas AS cr
            WHERE cr.Roas IS NOT NULL
        )
        INSERT INTO ads.AiRecommendation (
            CampaignId, AdId, CampaignChannelId, RecommendationType, Rationale, ExpectedLiftPct, Confidence,
            ModelName, GeneratedAt, RecommendationStatus
        )
        SELECT
            b.CampaignId,
            NULL,
            w.CampaignChannelId,
            'SHIFT_BUDGET',
            CONCAT(
                N'Mover 15 % del presupuesto de ', chw.ChannelName, N' (ROAS ', CAST(w.Roas AS decimal(9, 2)),
                N') a ', chb.ChannelName, N' (ROAS ', CAST(b.Roas AS decimal(9, 2)), N').'
            ),
            CAST(3 + r.R1 % 12 AS decimal(6, 2)),
            CAST(0.55 + (r.R2 % 40) / 100.0 AS decimal(4, 3)),
            'promptads-optimizer-v3',
            DATEADD(HOUR, 6, CAST(c.LastResultDate AS datetime2(0))),
            CASE WHEN c.IsActive = 1 THEN 'PROPOSED' ELSE CHOOSE(1 + r.R3 % 3, 'APPLIED', 'ACCEPTED', 'REJECTED') END
        FROM ranked AS b
        INNER JOIN ranked AS w ON b.CampaignId = w.CampaignId AND w.WorstRank = 1
        INNER JOIN ads.CampaignChannel AS ccb ON b.CampaignChannelId = ccb.CampaignChannelId
        INNER JOIN ads.Channel AS chb ON ccb.ChannelId = chb.ChannelId
        INNER JOIN ads.CampaignChannel AS ccw ON w.CampaignChannelId = ccw.CampaignChannelId
        INNER JOIN ads.Channel AS chw ON ccw.ChannelId = chw.ChannelId
        INNER JOIN #Campaign AS c ON b.CampaignId = c.CampaignId
        CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'recommendation', c.Ordinal, 1, 0) AS r
        WHERE b.BestRank = 1 AND b.CampaignChannelId <> w.CampaignChannelId AND b.Roas > w.Roas;

        INSERT INTO ads.AiRecommendation (
            CampaignId, AdId, CampaignChannelId, RecommendationType, Rationale, ExpectedLiftPct, Confidence,
            ModelName, GeneratedAt, RecommendationStatus
        )
        SELECT
            s.CampaignId,
            s.AdId,
            s.CampaignChannelId,
            'PAUSE_AD',
            CONCAT(
                N'Pausar el anuncio: ', COUNT(e.SentimentEventId), N' publicaciones negativas (',
                s.NegativityKind, N') y caída de reacciones desde ', CONVERT(char(10), s.StartsOn, 23), N'.'
            ),
            CAST(8 + s.Ordinal % 7 AS decimal(6, 2)),
            0.900,
            'promptads-sentiment-v2',
            DATEADD(DAY, 3, CAST(s.StartsOn AS datetime2(0))),
            'APPLIED'
        FROM #Scenario AS s
        INNER JOIN ads.SentimentEvent AS e ON s.AdId = e.AdId AND e.Polarity = 'NEGATIVE'
        GROUP BY s.CampaignId, s.AdId, s.CampaignChannelId, s.NegativityKind, s.StartsOn, s.Ordinal;

        ---------------------------------------------------------------- integration sync log (last 14 days)
        INSERT INTO ads.IntegrationSyncLog (
            IntegrationAccountId, StartedAt, FinishedAt, Direction, EntityName, RecordsRead, RecordsWritten,
            SyncStatus, ErrorMessage
        )
        SELECT
            ia.IntegrationAccountId,
            t.StartedAt,
            DATEADD(SECOND, 20 + CAST(r.R2 % 300 AS int), t.StartedAt),
            'PULL',
            CHOOSE(1 + d.N % 3, 'ad_insights', 'campaigns', 'audiences'),
            st.RecordsRead,
            CASE st.SyncStatus WHEN 'OK' THEN st.RecordsRead WHEN 'PARTIAL' THEN st.RecordsRead * 4 / 5 ELSE 0 END,
            st.SyncStatus,
            CASE st.SyncStatus
                WHEN 'PARTIAL'
                    THEN N'HTTP 429: límite de peticiones alcanzado; el resto se reintenta en la próxima ventana'
                WHEN 'FAILED' THEN N'HTTP 401: token vencido; se solicitó uno nuevo al endpoint OAuth 2.0'
            END
        FROM ads.IntegrationAccount AS ia
        INNER JOIN #Num AS d ON d.N BETWEEN 0 AND 13
        CROSS APPLY ads.ufn_SeededNumbers(@Seed, 'sync', ia.IntegrationAccountId, d.N, 0) AS r
        CROSS APPLY (
            SELECT DATEADD(MINUTE, 120 + CAST(r.R1 % 60 AS int), CAST(DATEADD(DAY, -d.N, @AsOfDate) AS datetime2(0)))
            AS StartedAt
        ) AS t
        CROSS APPLY (
            SELECT
                CAST(50 + r.R3 % 2000 AS int) AS RecordsRead,
                CASE WHEN r.R4 % 41 = 0 THEN 'FAILED' WHEN r.R4 % 23 = 0 THEN 'PARTIAL' ELSE 'OK' END AS SyncStatus
        ) AS st
        WHERE ia.IsActive = 1;

        ---------------------------------------------------------------- bookkeeping
        SET @RowCountsJson = (
            SELECT
                (SELECT COUNT(*) FROM ads.Campaign WHERE Origin = 'GENERATOR') AS campaigns,
                (SELECT COUNT(*) FROM ads.CampaignChannel) AS campaignChannels,
                (SELECT COUNT(*) FROM ads.CampaignMarket) AS campaignMarkets,
                (SELECT COUNT(*) FROM ads.Ad) AS ads,
                (SELECT COUNT(*) FROM ads.AdPlacement) AS placements,
                (SELECT COUNT_BIG(*) FROM ads.DailyResult) AS dailyResults,
                (SELECT COUNT_BIG(*) FROM ads.SentimentEvent) AS sentimentEvents,
                (SELECT COUNT(*) FROM ads.CampaignStatusHistory) AS statusHistory,
                (SELECT COUNT(*) FROM ads.AiRecommendation) AS recommendations,
                (SELECT COUNT(*) FROM ads.IntegrationSyncLog) AS syncLog,
                (SELECT COUNT(*) FROM ads.GeneratedScenario) AS scenarios
            FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
        );
        UPDATE ads.GenerationRun
        SET FinishedAt = SYSUTCDATETIME(), RowCountsJson = @RowCountsJson
        WHERE GenerationRunId = @RunId;

        INSERT INTO ads.ActivityLog (LogLevel, SourceName, EventName, MessageText, ContextJson)
        VALUES ('INFO', @SourceName, 'HISTORY_GENERATED', CONCAT(N'Generated: ', @RowCountsJson), @ContextJson);

        EXEC sys.sp_set_session_context @key = N'promptsales.ads_bulk_history', @value = NULL;

        IF @StartedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(),
            @ErrorSeverity = ERROR_SEVERITY(),
            @ErrorState = ERROR_STATE(),
            @ErrorLine = ERROR_LINE(),
            @ErrorProcedure = ERROR_PROCEDURE(),
            @ErrorMessage = ERROR_MESSAGE();

        IF @StartedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;

        EXEC sys.sp_set_session_context @key = N'promptsales.ads_bulk_history', @value = NULL;

        SET @FriendlyNumber = CASE WHEN @ErrorNumber BETWEEN 50101 AND 50112 THEN @ErrorNumber ELSE 50100 END;
        IF XACT_STATE() <> -1
        BEGIN
            INSERT INTO ads.ActivityLog (
                LogLevel, SourceName, EventName, ErrorNumber, ErrorSeverity, ErrorState, ErrorLine,
                ErrorProcedure, FriendlyErrorNumber, MessageText, ContextJson
            )
            VALUES (
                'ERROR', @SourceName, 'GENERATE_HISTORY_FAILED', @ErrorNumber, @ErrorSeverity, @ErrorState,
                @ErrorLine, @ErrorProcedure, @FriendlyNumber, @ErrorMessage, @ContextJson
            );
            SET @LogId = SCOPE_IDENTITY();
        END;
        IF @FriendlyNumber = 50100
            SET @Detail = CONCAT(
                N'LogId=', ISNULL(CONVERT(nvarchar(20), @LogId), N'-'), N': ', LEFT(@ErrorMessage, 300)
            );

        RAISERROR (@FriendlyNumber, 16, 1, @Detail);
        RETURN @FriendlyNumber;
    END CATCH;

    RETURN 0;
END;
GO

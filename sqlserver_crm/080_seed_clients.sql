/*
Purpose:      Generate the clients of PromptCrm set-based and reproducibly (CRM-1): Costa Rican / Latin
              American names, valid-format Costa Rican cédulas (P-0TTT-AAAA, unique), unique e-mails,
              phones with the market's prefix, Costa Rican style address notes, a geography location near
              the client's city, consent and retention fields (NFR-SEC5). Cédula, e-mail, phone and address
              notes are stored only AES_256-encrypted with ENCRYPTBYKEY(KEY_GUID('PromptCrmPiiKey'), ...).
Target:       PromptCrm on SQL Server 2022.
Requires:     030 (crm.fn_Rand), 050 (PromptCrmPiiKey), 060 (vocabularies, cities, markets).
Re-runnable:  yes. Skips when crm.SeedRun already records the same scale/seed/as-of and the row count
              matches; otherwise deletes clients and everything generated from them, and regenerates.
Leaves:       crm.Client = 500,000 rows at scale full, 50,000 at scale small (each campaign still gets
              400-1,000 clients in 090: clients belong to several campaigns); crm.SeedRun row 'clients'
              with the generation time in DurationMs.
Requirements: CRM-1, CRM-5, NFR-SEC5.
Verify:       SELECT COUNT(*) FROM crm.Client;  SELECT * FROM crm.SeedRun;
*/
USE PromptCrm;
GO

SET NOCOUNT ON;
SET ARITHABORT ON;  -- required (with the ANSI options) to modify tables under indexed views
DECLARE @Scale varchar(10) = COALESCE(CAST(SESSION_CONTEXT(N'promptsales.scale') AS varchar(10)), 'full');
DECLARE @AsOf date = COALESCE(
    TRY_CAST(CAST(SESSION_CONTEXT(N'promptsales.as_of') AS nvarchar(10)) AS date), CAST('2026-01-31' AS date)
);
DECLARE @Seed int = COALESCE(TRY_CAST(CAST(SESSION_CONTEXT(N'promptsales.seed') AS nvarchar(20)) AS int), 20250701);
DECLARE @ClientCount int = CASE WHEN @Scale = 'small' THEN 50000 ELSE 500000 END;
DECLARE @Started datetime2(7) = SYSDATETIME();  -- measures duration only; never stored as data
DECLARE @KeyGuid uniqueidentifier;
DECLARE @FemaleCount int, @MaleCount int, @SurnameCount int, @LandmarkCount int, @ColorCount int, @DomainCount int;
DECLARE @TotalWeight int;
DECLARE @Rows bigint;

IF EXISTS (
    SELECT 1 FROM crm.SeedRun
    WHERE SeedStep = 'clients' AND Scale = @Scale AND Seed = @Seed AND AsOf = @AsOf AND RowsGenerated = @ClientCount
)
AND (SELECT COUNT_BIG(*) FROM crm.Client) = @ClientCount
BEGIN
    PRINT N'crm.Client already generated for these parameters; skipped.';
    RETURN;
END;

-- Children first; DELETE (not TRUNCATE) because indexed views and foreign keys reference these tables.
DELETE FROM crm.Sale;
DELETE FROM crm.BehaviorEvent;
DELETE FROM crm.Interaction;
DELETE FROM crm.Lead;
DELETE FROM crm.ClientCampaign;
DELETE FROM crm.Client;
DELETE FROM crm.SeedRun WHERE SeedStep IN ('clients', 'associations', 'sales');

SELECT @FemaleCount = COUNT(*) FROM crm.NameVocabulary WHERE VocabularyKind = 'FEMALE';
SELECT @MaleCount = COUNT(*) FROM crm.NameVocabulary WHERE VocabularyKind = 'MALE';
SELECT @SurnameCount = COUNT(*) FROM crm.NameVocabulary WHERE VocabularyKind = 'SURNAME';
SELECT @LandmarkCount = COUNT(*) FROM crm.NameVocabulary WHERE VocabularyKind = 'LANDMARK';
SELECT @ColorCount = COUNT(*) FROM crm.NameVocabulary WHERE VocabularyKind = 'COLOR';
SELECT @DomainCount = COUNT(*) FROM crm.NameVocabulary WHERE VocabularyKind = 'DOMAIN';
SELECT @TotalWeight = SUM(Weight) FROM crm.City;

DROP TABLE IF EXISTS #CityPick;
SELECT
    c.CityId,
    c.CityName,
    c.Province,
    c.Latitude,
    c.Longitude,
    m.PhonePrefix,
    SUM(c.Weight) OVER (ORDER BY c.CityId ROWS UNBOUNDED PRECEDING) - c.Weight AS WeightFrom,
    SUM(c.Weight) OVER (ORDER BY c.CityId ROWS UNBOUNDED PRECEDING) AS WeightTo
INTO #CityPick
FROM crm.City AS c
INNER JOIN crm.Market AS m ON c.MarketId = m.MarketId;

EXEC crm.CRMSP_OpenPiiKey;
SET @KeyGuid = KEY_GUID(N'PromptCrmPiiKey');

WITH Numbers AS (
    SELECT g.value AS ClientId
    FROM GENERATE_SERIES(1, @ClientCount) AS g
),

Draws AS (
    SELECT
        n.ClientId,
        crm.fn_Rand(@Seed, n.ClientId, 101) AS RGender,
        crm.fn_Rand(@Seed, n.ClientId, 102) AS RFirst,
        crm.fn_Rand(@Seed, n.ClientId, 103) AS RLast1,
        crm.fn_Rand(@Seed, n.ClientId, 104) AS RLast2,
        crm.fn_Rand(@Seed, n.ClientId, 105) AS RCity,
        crm.fn_Rand(@Seed, n.ClientId, 106) AS RGeo,
        crm.fn_Rand(@Seed, n.ClientId, 107) AS RBirth,
        crm.fn_Rand(@Seed, n.ClientId, 108) AS RContact,
        crm.fn_Rand(@Seed, n.ClientId, 109) AS RAddress,
        crm.fn_Rand(@Seed, n.ClientId, 110) AS RConsent,
        -- A bijection of the client id on 7 digits: unique cédulas without a uniqueness retry loop.
        (CAST(n.ClientId AS bigint) * 7919 + @Seed % 1000000) % 10000000 AS CedulaDigits
    FROM Numbers AS n
),

People AS (
    SELECT
        d.*,
        CASE WHEN d.RGender % 2 = 0 THEN 'F' ELSE 'M' END AS Gender,
        d.RLast1 % @SurnameCount + 1 AS Last1Ordinal,
        -- The second surname differs from the first one.
        (d.RLast1 % @SurnameCount + 1 + d.RLast2 % (@SurnameCount - 1)) % @SurnameCount + 1 AS Last2Ordinal
    FROM Draws AS d
)

INSERT INTO crm.Client (
    ClientId, ClientCode, FirstName, LastName1, LastName2, Gender, BirthDate, CityId, Location,
    CedulaEnc, CedulaHash, EmailEnc, EmailHash, PhoneEnc, AddressNotesEnc,
    ConsentMarketing, ConsentDataProcessing, ConsentGivenOn, RetentionUntil, ErasureRequestedOn, CreatedOn
)
SELECT
    p.ClientId,
    'CL-' + RIGHT('0000000' + CAST(p.ClientId AS varchar(7)), 7),
    fn.Word,
    l1.Word,
    l2.Word,
    p.Gender,
    DATEADD(DAY, -(18 * 365 + p.RBirth % (62 * 365)), @AsOf),
    cp.CityId,
    geography::Point(
        CAST(cp.Latitude AS float) + (p.RGeo % 2001 - 1000) / 20000.0,
        CAST(cp.Longitude AS float) + (p.RGeo / 2001 % 2001 - 1000) / 20000.0,
        4326
    ),
    ENCRYPTBYKEY(@KeyGuid, t.Cedula),
    HASHBYTES('SHA2_256', t.Cedula),
    ENCRYPTBYKEY(@KeyGuid, t.Email),
    HASHBYTES('SHA2_256', t.Email),
    ENCRYPTBYKEY(@KeyGuid, t.Phone),
    ENCRYPTBYKEY(@KeyGuid, t.AddressNotes),
    CASE WHEN p.RConsent % 100 < 72 THEN 1 ELSE 0 END,
    1,
    DATEADD(DAY, -(p.RConsent / 100 % 1200), @AsOf),
    DATEADD(YEAR, 5, DATEADD(DAY, -(p.RConsent / 100 % 1200), @AsOf)),
    CASE WHEN p.RConsent % 211 = 0 THEN DATEADD(DAY, -(p.RConsent % 60), @AsOf) END,
    DATEADD(DAY, -(p.RConsent / 100 % 1200), @AsOf)
FROM People AS p
INNER JOIN crm.NameVocabulary AS fn
    ON
        fn.VocabularyKind = CASE p.Gender WHEN 'F' THEN 'FEMALE' ELSE 'MALE' END
        AND fn.Ordinal = p.RFirst % CASE p.Gender WHEN 'F' THEN @FemaleCount ELSE @MaleCount END + 1
INNER JOIN crm.NameVocabulary AS l1 ON l1.VocabularyKind = 'SURNAME' AND l1.Ordinal = p.Last1Ordinal
INNER JOIN crm.NameVocabulary AS l2 ON l2.VocabularyKind = 'SURNAME' AND l2.Ordinal = p.Last2Ordinal
INNER JOIN crm.NameVocabulary AS lm
    ON lm.VocabularyKind = 'LANDMARK' AND lm.Ordinal = p.RAddress % @LandmarkCount + 1
INNER JOIN crm.NameVocabulary AS co
    ON co.VocabularyKind = 'COLOR' AND co.Ordinal = p.RAddress / 97 % @ColorCount + 1
INNER JOIN crm.NameVocabulary AS dm
    ON dm.VocabularyKind = 'DOMAIN' AND dm.Ordinal = p.RContact % @DomainCount + 1
INNER JOIN #CityPick AS cp
    ON p.RCity % @TotalWeight >= cp.WeightFrom AND p.RCity % @TotalWeight < cp.WeightTo
CROSS APPLY (
    SELECT
        CAST(
            CAST(1 + p.RGender / 2 % 7 AS nvarchar(1)) + N'-'
            + RIGHT(N'0000' + CAST(p.CedulaDigits / 10000 AS nvarchar(4)), 4) + N'-'
            + RIGHT(N'0000' + CAST(p.CedulaDigits % 10000 AS nvarchar(4)), 4)
            AS nvarchar(20)
        ) AS Cedula,
        CAST(
            TRANSLATE(LOWER(fn.Word), N'áéíóúüñ', N'aeiouun') + N'.'
            + TRANSLATE(LOWER(l1.Word), N'áéíóúüñ', N'aeiouun')
            + CAST(p.ClientId AS nvarchar(10)) + N'@' + dm.Word
            AS nvarchar(120)
        ) AS Email,
        CAST(
            cp.PhonePrefix + N' ' + CAST(6 + p.RContact / 8 % 3 AS nvarchar(1))
            + RIGHT(N'000' + CAST(p.RContact / 24 % 1000 AS nvarchar(3)), 3) + N'-'
            + RIGHT(N'0000' + CAST(p.RContact / 24000 % 10000 AS nvarchar(4)), 4)
            AS nvarchar(30)
        ) AS Phone,
        CAST(
            N'De ' + lm.Word + N' ' + CAST((1 + p.RAddress / 7 % 5) * 100 AS nvarchar(4)) + N' m al '
            + CHOOSE(1 + p.RAddress / 11 % 4, N'norte', N'sur', N'este', N'oeste')
            + N', casa ' + co.Word + N' de ' + CAST(1 + p.RAddress / 13 % 2 AS nvarchar(1)) + N' planta; '
            + cp.CityName + N', ' + cp.Province
            AS nvarchar(300)
        ) AS AddressNotes
) AS t;
SET @Rows = @@ROWCOUNT;

EXEC crm.CRMSP_ClosePiiKey;

INSERT INTO crm.SeedRun (SeedStep, Scale, Seed, AsOf, RowsGenerated, DurationMs)
VALUES ('clients', @Scale, @Seed, @AsOf, @Rows, DATEDIFF(MILLISECOND, @Started, SYSDATETIME()));

SELECT SeedStep, RowsGenerated, DurationMs FROM crm.SeedRun WHERE SeedStep = 'clients';
GO

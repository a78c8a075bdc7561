/*
Purpose:      Derive the CRM sales from PromptAds' per-campaign figures read through the linked server
              (CRM-3): campaign n gets exactly SalesCount sales whose amounts add up to SalesAmount to the
              cent. The amount is split in whole cents proportionally to deterministic weights; the last sale
              of the campaign takes the remainder, so no cent is created or lost by rounding. Each sale goes
              to a lead of that campaign (leads may buy more than once); converted leads move to PURCHASE.
              Direction of the derivation: PromptAds owns results (per the contract), the CRM follows them.
Target:       PromptCrm on SQL Server 2022, reading PROMPTADS.PromptAds.ads.vw_CampaignSalesReach.
Requires:     040, 070, 090.
Re-runnable:  yes: skips when every campaign already reconciles (count and amount) with PromptAds;
              otherwise deletes the sales and regenerates them deterministically.
Leaves:       crm.Sale = SUM(SalesCount) of the Ads view; crm.Lead.IsConverted = 1 for leads with a sale;
              crm.SeedRun row 'sales'.
Requirements: CRM-3, CRM-4.
Verify:       EXEC crm.CRMSP_ReconcileWithAds;  -- (script 120) returns no rows when everything matches
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
DECLARE @Started datetime2(7) = SYSDATETIME();  -- measures duration only
DECLARE @MaxSales int;
DECLARE @Rows bigint;

DROP TABLE IF EXISTS #AdsFigures;
SELECT
    c.CampaignId,
    v.CampaignCode,
    v.SalesCount,
    v.SalesAmount,
    c.StartDate,
    LEAST(c.EndDate, @AsOf) AS LastDay
INTO #AdsFigures
FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach AS v
INNER JOIN crm.Campaign AS c ON v.CampaignCode = c.CampaignCode COLLATE DATABASE_DEFAULT;

IF NOT EXISTS (
    SELECT 1
    FROM #AdsFigures AS f
    LEFT JOIN (
        SELECT s.CampaignId, COUNT(*) AS SalesCount, SUM(s.Amount) AS SalesAmount
        FROM crm.Sale AS s
        GROUP BY s.CampaignId
    ) AS x ON f.CampaignId = x.CampaignId
    WHERE COALESCE(x.SalesCount, 0) <> f.SalesCount OR COALESCE(x.SalesAmount, 0) <> f.SalesAmount
)
AND EXISTS (SELECT 1 FROM crm.SeedRun WHERE SeedStep = 'sales' AND Seed = @Seed AND AsOf = @AsOf)
BEGIN
    PRINT N'crm.Sale already reconciles with PromptAds; skipped.';
    RETURN;
END;

DELETE FROM crm.Sale;
-- Back to the stage and score 090 drew (same formulas), so a regeneration ends exactly like a first run.
UPDATE l
SET
    l.IsConverted = 0,
    l.FunnelStageId = CASE
        WHEN crm.fn_Rand(@Seed, CAST(l.CampaignId AS bigint) * 10000000 + l.ClientId, 213) % 100 < 45 THEN 1
        WHEN crm.fn_Rand(@Seed, CAST(l.CampaignId AS bigint) * 10000000 + l.ClientId, 213) % 100 < 78 THEN 2
        ELSE 3
    END,
    l.IntentScore = CAST(
        crm.fn_Rand(@Seed, CAST(l.CampaignId AS bigint) * 10000000 + l.ClientId, 214) % 6001 / 100.0 AS decimal(5, 2)
    )
FROM crm.Lead AS l
WHERE l.IsConverted = 1;
DELETE FROM crm.SeedRun WHERE SeedStep = 'sales';

SELECT @MaxSales = COALESCE(MAX(SalesCount), 0) FROM #AdsFigures;

-- Leads of each campaign in a deterministic shuffled order; sale k goes to lead ((k-1) % LeadCount) + 1.
DROP TABLE IF EXISTS #LeadOrder;
SELECT
    l.LeadId,
    l.CampaignId,
    l.ClientId,
    l.ChannelId,
    l.MarketId,
    l.CapturedOn,
    ROW_NUMBER() OVER (PARTITION BY l.CampaignId ORDER BY crm.fn_Rand(@Seed, l.LeadId, 301), l.LeadId) AS LeadOrdinal,
    COUNT(*) OVER (PARTITION BY l.CampaignId) AS LeadCount
INTO #LeadOrder
FROM crm.Lead AS l;

CREATE UNIQUE CLUSTERED INDEX IX_LeadOrder ON #LeadOrder (CampaignId, LeadOrdinal);

WITH Slots AS (
    SELECT
        f.CampaignId,
        f.SalesCount,
        f.StartDate,
        f.LastDay,
        CAST(f.SalesAmount * 100 AS bigint) AS TotalCents,
        g.value AS SaleNo,
        -- Skewed weights (1..300): a few large tickets, many small ones.
        CAST(1 + crm.fn_Rand(@Seed, CAST(f.CampaignId AS bigint) * 1000000 + g.value, 302) % 100 AS bigint)
        * (1 + crm.fn_Rand(@Seed, CAST(f.CampaignId AS bigint) * 1000000 + g.value, 303) % 3) AS Weight
    FROM #AdsFigures AS f
    -- BETWEEN, not <=: with @MaxSales = 0 GENERATE_SERIES(1, 0) counts down and would yield a value 0.
    INNER JOIN GENERATE_SERIES(1, @MaxSales) AS g ON g.value BETWEEN 1 AND f.SalesCount
),

Shares AS (
    SELECT
        s.*,
        s.TotalCents * s.Weight / SUM(s.Weight) OVER (PARTITION BY s.CampaignId) AS BaseCents
    FROM Slots AS s
),

Cents AS (
    SELECT
        sh.*,
        sh.BaseCents + CASE
            WHEN sh.SaleNo = sh.SalesCount
                THEN sh.TotalCents - SUM(sh.BaseCents) OVER (PARTITION BY sh.CampaignId)
            ELSE 0
        END AS AmountCents
    FROM Shares AS sh
)

INSERT INTO crm.Sale (SaleId, CampaignId, ClientId, LeadId, ChannelId, MarketId, SaleDate, Amount)
SELECT
    CAST(ROW_NUMBER() OVER (ORDER BY c.CampaignId, c.SaleNo) AS int),
    c.CampaignId,
    lo.ClientId,
    lo.LeadId,
    lo.ChannelId,
    lo.MarketId,
    DATEADD(
        DAY,
        CASE
            WHEN c.LastDay > lo.CapturedOn
                THEN crm.fn_Rand(@Seed, CAST(c.CampaignId AS bigint) * 1000000 + c.SaleNo, 304)
                % (DATEDIFF(DAY, lo.CapturedOn, c.LastDay) + 1)
            ELSE 0
        END,
        lo.CapturedOn
    ),
    CAST(CAST(c.AmountCents AS decimal(21, 0)) / 100 AS decimal(19, 2))
FROM Cents AS c
INNER JOIN #LeadOrder AS lo
    ON c.CampaignId = lo.CampaignId AND lo.LeadOrdinal = (c.SaleNo - 1) % lo.LeadCount + 1;
SET @Rows = @@ROWCOUNT;

UPDATE l
SET
    l.IsConverted = 1,
    l.FunnelStageId = 4,
    l.IntentScore = CAST(60 + crm.fn_Rand(@Seed, l.LeadId, 305) % 4001 / 100.0 AS decimal(5, 2))
FROM crm.Lead AS l
WHERE EXISTS (SELECT 1 FROM crm.Sale AS s WHERE s.LeadId = l.LeadId);

INSERT INTO crm.SeedRun (SeedStep, Scale, Seed, AsOf, RowsGenerated, DurationMs)
VALUES ('sales', @Scale, @Seed, @AsOf, @Rows, DATEDIFF(MILLISECOND, @Started, SYSDATETIME()));

SELECT
    (SELECT COUNT_BIG(*) FROM crm.Sale) AS CrmSales,
    (SELECT SUM(CAST(SalesCount AS bigint)) FROM #AdsFigures) AS AdsSales,
    (SELECT SUM(Amount) FROM crm.Sale) AS CrmAmount,
    (SELECT SUM(SalesAmount) FROM #AdsFigures) AS AdsAmount;
GO

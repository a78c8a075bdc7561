/*
Purpose:      Associate clients with campaigns (CRM-2: every campaign gets 400-1,000 clients; a client may
              belong to several campaigns) and generate, for each association, the lead with its source
              (campaign, channel, market, ad), funnel stage, purchase-intent score, sentiment and its
              geographic distance to the market; then the interactions (e-mail, calls, chat, WhatsApp,
              chatbot, voicebot, automatic replies, SMS) and behaviour events (visits, clicks, time on page).
Target:       PromptCrm on SQL Server 2022.
Requires:     070_seed_campaigns.sql, 080_seed_clients.sql.
Re-runnable:  yes (skips when crm.SeedRun records the same parameters and row count; otherwise deletes the
              associations and everything below them and regenerates deterministically).
Leaves:       crm.ClientCampaign = crm.Lead = sum over campaigns of 400 + fn_Rand % 601 (about 700,000 for
              1,000 campaigns at both scales); crm.Interaction and crm.BehaviorEvent about 1.5 per lead.
Requirements: CRM-2, CRM-7 (channel, market, distance band, month of capture).
Verify:       SELECT MIN(n), MAX(n) FROM (SELECT COUNT(*) AS n FROM crm.ClientCampaign GROUP BY CampaignId) AS x;
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
DECLARE @ClientCount int = (SELECT COUNT(*) FROM crm.Client);
DECLARE @Started datetime2(7) = SYSDATETIME();  -- measures duration only
DECLARE @Rows bigint;
DECLARE @Text nvarchar(2048);

IF @ClientCount < 1000
BEGIN
    SET @Text = N'crm.Client has ' + CAST(@ClientCount AS nvarchar(12))
        + N' rows; at least 1,000 are needed to give every campaign 400-1,000 distinct clients. Run 080 first.';
    THROW 60005, @Text, 1;
END;

IF EXISTS (
    SELECT 1 FROM crm.SeedRun AS r
    WHERE
        r.SeedStep = 'associations' AND r.Scale = @Scale AND r.Seed = @Seed AND r.AsOf = @AsOf
        AND r.RowsGenerated = (SELECT COUNT_BIG(*) FROM crm.Lead)
)
AND NOT EXISTS (
    SELECT 1 FROM crm.Campaign AS c
    WHERE NOT EXISTS (SELECT 1 FROM crm.ClientCampaign AS cc WHERE cc.CampaignId = c.CampaignId)
)
BEGIN
    PRINT N'Associations and leads already generated for these parameters; skipped.';
    RETURN;
END;

DELETE FROM crm.Sale;
DELETE FROM crm.BehaviorEvent;
DELETE FROM crm.Interaction;
DELETE FROM crm.Lead;
DELETE FROM crm.ClientCampaign;
DELETE FROM crm.SeedRun WHERE SeedStep IN ('associations', 'sales');

-- Campaign c takes the next Size clients of the client ring after campaign c-1's block: distinct clients
-- within a campaign (Size <= client count), overlapping campaigns across the ring.
DROP TABLE IF EXISTS #CampaignPlan;
SELECT
    p.CampaignId,
    p.CampaignCode,
    p.StartDate,
    p.Size,
    SUM(CAST(p.Size AS bigint)) OVER (ORDER BY p.CampaignId ROWS UNBOUNDED PRECEDING) - p.Size AS RingStart,
    CASE WHEN p.LastDay > p.StartDate THEN DATEDIFF(DAY, p.StartDate, p.LastDay) ELSE 0 END AS ActiveDays,
    (SELECT COUNT(*) FROM crm.CampaignChannel AS cc WHERE cc.CampaignId = p.CampaignId) AS ChannelCount,
    (SELECT COUNT(*) FROM crm.CampaignMarket AS cm WHERE cm.CampaignId = p.CampaignId) AS MarketCount
INTO #CampaignPlan
FROM (
    SELECT
        c.CampaignId,
        c.CampaignCode,
        c.StartDate,
        LEAST(c.EndDate, @AsOf) AS LastDay,
        400 + crm.fn_Rand(@Seed, c.CampaignId, 201) % 601 AS Size
    FROM crm.Campaign AS c
) AS p;

INSERT INTO crm.ClientCampaign (CampaignId, ClientId, AssociatedOn)
SELECT
    p.CampaignId,
    CAST((p.RingStart + g.value) % @ClientCount + 1 AS int),
    DATEADD(DAY, crm.fn_Rand(@Seed, CAST(p.CampaignId AS bigint) * 1000 + g.value, 202) % (p.ActiveDays + 1), p.StartDate)
FROM #CampaignPlan AS p
INNER JOIN GENERATE_SERIES(0, 999) AS g ON g.value < p.Size;

-- One lead per association, numbered in (campaign, client) order; distance computed once with geography.
WITH Source AS (
    SELECT
        cc.CampaignId,
        cc.ClientId,
        cc.AssociatedOn,
        p.CampaignCode,
        p.ChannelCount,
        p.MarketCount,
        CAST(ROW_NUMBER() OVER (ORDER BY cc.CampaignId, cc.ClientId) AS int) AS LeadId,
        CAST(cc.CampaignId AS bigint) * 10000000 + cc.ClientId AS LeadKey
    FROM crm.ClientCampaign AS cc
    INNER JOIN #CampaignPlan AS p ON cc.CampaignId = p.CampaignId
),

Drawn AS (
    SELECT
        s.*,
        crm.fn_Rand(@Seed, s.LeadKey, 211) AS RChannel,
        crm.fn_Rand(@Seed, s.LeadKey, 212) AS RMarket,
        crm.fn_Rand(@Seed, s.LeadKey, 213) AS RStage,
        crm.fn_Rand(@Seed, s.LeadKey, 214) AS RScore,
        crm.fn_Rand(@Seed, s.LeadKey, 215) AS RSentiment
    FROM Source AS s
)

INSERT INTO crm.Lead (
    LeadId, CampaignId, ClientId, ChannelId, MarketId, AdCode, CapturedOn, FunnelStageId, IntentScore,
    SentimentScore, SentimentLabel, DistanceKm, DistanceBandId
)
SELECT
    d.LeadId,
    d.CampaignId,
    d.ClientId,
    ch.ChannelId,
    cm.MarketId,
    CASE WHEN d.RChannel % 10 < 8 THEN d.CampaignCode + '-AD' + RIGHT('0' + CAST(1 + d.RChannel / 10 % 6 AS varchar(2)), 2) END,
    d.AssociatedOn,
    CASE WHEN d.RStage % 100 < 45 THEN 1 WHEN d.RStage % 100 < 78 THEN 2 ELSE 3 END,
    CAST(d.RScore % 6001 / 100.0 AS decimal(5, 2)),
    CAST((d.RSentiment % 2001 - 1000) / 1000.0 AS decimal(4, 3)),
    CASE
        WHEN d.RSentiment % 2001 - 1000 < -250 THEN 'NEGATIVE'
        WHEN d.RSentiment % 2001 - 1000 > 250 THEN 'POSITIVE'
        ELSE 'NEUTRAL'
    END,
    CAST(x.DistanceKm AS decimal(9, 1)),
    CASE
        WHEN x.DistanceKm < 25 THEN 1
        WHEN x.DistanceKm < 100 THEN 2
        WHEN x.DistanceKm < 500 THEN 3
        WHEN x.DistanceKm < 2000 THEN 4
        ELSE 5
    END
FROM Drawn AS d
INNER JOIN crm.CampaignChannel AS ch
    ON d.CampaignId = ch.CampaignId AND ch.ChannelOrdinal = d.RChannel % d.ChannelCount + 1
INNER JOIN crm.CampaignMarket AS cm
    ON d.CampaignId = cm.CampaignId AND cm.MarketOrdinal = d.RMarket % d.MarketCount + 1
INNER JOIN crm.Market AS m ON cm.MarketId = m.MarketId
INNER JOIN crm.Client AS c ON d.ClientId = c.ClientId
CROSS APPLY (SELECT c.Location.STDistance(m.Location) / 1000.0 AS DistanceKm) AS x;
SET @Rows = @@ROWCOUNT;

-- 0-3 interactions per lead within ten days of capture; automated types are outbound.
INSERT INTO crm.Interaction (LeadId, InteractionSeq, InteractionTypeId, OccurredAt, Direction, SentimentScore, Summary)
SELECT
    l.LeadId,
    CAST(k.n AS tinyint),
    it.InteractionTypeId,
    DATEADD(MINUTE, r.R2 % 1440, DATEADD(DAY, k.n * 2 + r.R2 % 3, CAST(l.CapturedOn AS datetime2(0)))),
    CASE WHEN it.IsAutomated = 1 OR r.R2 % 2 = 0 THEN 'OUT' ELSE 'IN' END,
    CAST(
        CASE
            WHEN l.SentimentScore + (r.R2 % 401 - 200) / 1000.0 > 1 THEN 1
            WHEN l.SentimentScore + (r.R2 % 401 - 200) / 1000.0 < -1 THEN -1
            ELSE l.SentimentScore + (r.R2 % 401 - 200) / 1000.0
        END AS decimal(4, 3)
    ),
    CHOOSE(
        1 + r.R2 / 7 % 8,
        N'Consulta sobre precio y disponibilidad',
        N'Pidió información de envío y tiempos de entrega',
        N'Preguntó por formas de pago y cuotas',
        N'Solicitó una demostración del producto',
        N'Reclamo por demora en la respuesta',
        N'Confirmó interés y pidió cotización',
        N'Respuesta automática con catálogo y enlace de compra',
        N'Seguimiento tras visita a la página de ofertas'
    )
FROM crm.Lead AS l
CROSS APPLY (
    SELECT
        crm.fn_Rand(@Seed, l.LeadId, 221) AS R1,
        crm.fn_Rand(@Seed, l.LeadId, 222) AS R2
) AS r
INNER JOIN (VALUES (1), (2), (3)) AS k (n) ON k.n <= r.R1 % 4
INNER JOIN crm.InteractionType AS it ON it.InteractionTypeId = 1 + (r.R1 / 4 + k.n * 3) % 8;

INSERT INTO crm.BehaviorEvent (LeadId, EventSeq, EventType, OccurredAt, PagePath, DurationSeconds)
SELECT
    l.LeadId,
    CAST(k.n AS tinyint),
    e.EventType,
    DATEADD(SECOND, r.R2 % 86400, DATEADD(DAY, k.n - 1, CAST(l.CapturedOn AS datetime2(0)))),
    CHOOSE(
        1 + r.R2 / 5 % 6,
        '/ofertas', '/productos', '/productos/detalle', '/carrito', '/contacto', '/blog/guia-de-compra'
    ) + '?utm_campaign=' + LOWER(c.CampaignCode),
    CASE WHEN e.EventType = 'PAGE_TIME' THEN 5 + r.R2 / 31 % 600 ELSE r.R2 / 31 % 30 END
FROM crm.Lead AS l
INNER JOIN crm.Campaign AS c ON l.CampaignId = c.CampaignId
CROSS APPLY (
    SELECT
        crm.fn_Rand(@Seed, l.LeadId, 231) AS R1,
        crm.fn_Rand(@Seed, l.LeadId, 232) AS R2
) AS r
INNER JOIN (VALUES (1), (2), (3)) AS k (n) ON k.n <= r.R1 % 4
CROSS APPLY (
    SELECT CHOOSE(1 + (r.R1 / 4 + k.n) % 5, 'VISIT', 'CLICK', 'PAGE_TIME', 'FORM_SUBMIT', 'ADD_TO_CART') AS EventType
) AS e;

INSERT INTO crm.SeedRun (SeedStep, Scale, Seed, AsOf, RowsGenerated, DurationMs)
VALUES ('associations', @Scale, @Seed, @AsOf, @Rows, DATEDIFF(MILLISECOND, @Started, SYSDATETIME()));

SELECT
    COUNT(*) AS Campaigns,
    MIN(x.Clients) AS MinClientsPerCampaign,
    MAX(x.Clients) AS MaxClientsPerCampaign
FROM (SELECT COUNT(*) AS Clients FROM crm.ClientCampaign GROUP BY CampaignId) AS x;
GO

/*
Purpose:      ADS-5. ads.ufn_NegativeSentimentInfluencerDrop(@CompanyCode, @FromDate, @ToDate): the ads of
              one brand (client company) that caused negative sentiment on social networks in the date
              range AND whose reactions dropped against the comparison period, per channel and influencer.
              Definitions (documented in docs/promptads.md):
              - analysis window  = [@FromDate, @ToDate];
              - comparison period = the window of the same length right before it:
                [@FromDate - n days, @FromDate - 1 day], n = days in the analysis window;
              - negative sentiment = at least 5 NEGATIVE events for the ad in the window and negative events
                are at least 40 % of its events there;
              - reactions are compared as the average per day with results (so a period only partly covered
                by the campaign is not penalised), per campaign channel (one row per influencer on influencer
                channels);
              - reported when the drop is at least 20 %.
              The kind of negative sentiment reported is the most frequent one of the ad in the window.
Target:       PromptAds on SQL Server 2022.
Requires:     050_create_tables_results.sql.
Re-runnable:  yes (CREATE OR ALTER).
Leaves:       inline table-valued function ads.ufn_NegativeSentimentInfluencerDrop.
Requirements: ADS-5.
Verify:       SELECT g.StartsOn, f.* FROM ads.GeneratedScenario AS g
              INNER JOIN ads.Campaign AS c ON g.CampaignId = c.CampaignId
              INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
              CROSS APPLY ads.ufn_NegativeSentimentInfluencerDrop(co.CompanyCode, g.StartsOn, g.EndsOn) AS f;
*/
USE PromptAds;
GO

CREATE OR ALTER FUNCTION ads.ufn_NegativeSentimentInfluencerDrop (
    @CompanyCode varchar(7),
    @FromDate date,
    @ToDate date
)
RETURNS TABLE
AS
RETURN
WITH window_bounds AS (
    SELECT
        DATEADD(DAY, -(DATEDIFF(DAY, @FromDate, @ToDate) + 1), @FromDate) AS PreviousFrom,
        DATEADD(DAY, -1, @FromDate) AS PreviousTo
    WHERE @FromDate <= @ToDate
),
brand_ads AS (
    SELECT a.AdId, a.AdName, c.CampaignId, c.CampaignCode, co.CompanyCode
    FROM ads.Company AS co
    INNER JOIN ads.Campaign AS c ON co.CompanyId = c.CompanyId
    INNER JOIN ads.Ad AS a ON c.CampaignId = a.CampaignId
    WHERE co.CompanyCode = @CompanyCode
),
ad_sentiment AS (
    SELECT
        se.AdId,
        COUNT(*) AS SentimentEvents,
        SUM(CASE WHEN se.Polarity = 'NEGATIVE' THEN 1 ELSE 0 END) AS NegativeEvents
    FROM ads.SentimentEvent AS se
    INNER JOIN brand_ads AS ba ON se.AdId = ba.AdId
    WHERE se.EventAt >= @FromDate AND se.EventAt < DATEADD(DAY, 1, @ToDate)
    GROUP BY se.AdId
    HAVING
        SUM(CASE WHEN se.Polarity = 'NEGATIVE' THEN 1 ELSE 0 END) >= 5
        AND SUM(CASE WHEN se.Polarity = 'NEGATIVE' THEN 1 ELSE 0 END) * 100 >= COUNT(*) * 40
),
negativity_kinds AS (
    SELECT
        se.AdId,
        se.NegativityKind,
        ROW_NUMBER() OVER (PARTITION BY se.AdId ORDER BY COUNT(*) DESC, se.NegativityKind) AS KindRank
    FROM ads.SentimentEvent AS se
    INNER JOIN ad_sentiment AS s ON se.AdId = s.AdId
    WHERE se.Polarity = 'NEGATIVE' AND se.EventAt >= @FromDate AND se.EventAt < DATEADD(DAY, 1, @ToDate)
    GROUP BY se.AdId, se.NegativityKind
),
channel_reactions AS (
    SELECT
        p.AdId,
        p.CampaignChannelId,
        SUM(CASE WHEN dr.ResultDate >= @FromDate THEN dr.Reactions END) AS CurrentReactions,
        COUNT(DISTINCT CASE WHEN dr.ResultDate >= @FromDate THEN dr.ResultDate END) AS CurrentDays,
        SUM(CASE WHEN dr.ResultDate < @FromDate THEN dr.Reactions END) AS PreviousReactions,
        COUNT(DISTINCT CASE WHEN dr.ResultDate < @FromDate THEN dr.ResultDate END) AS PreviousDays
    FROM ad_sentiment AS s
    INNER JOIN ads.AdPlacement AS p ON s.AdId = p.AdId
    INNER JOIN ads.DailyResult AS dr ON p.AdPlacementId = dr.AdPlacementId
    CROSS JOIN window_bounds AS w
    WHERE dr.ResultDate >= w.PreviousFrom AND dr.ResultDate <= @ToDate
    GROUP BY p.AdId, p.CampaignChannelId
),
averaged AS (
    SELECT
        cr.AdId,
        cr.CampaignChannelId,
        CAST(cr.PreviousReactions AS decimal(19, 4)) / cr.PreviousDays AS PreviousAvg,
        CAST(ISNULL(cr.CurrentReactions, 0) AS decimal(19, 4)) / NULLIF(cr.CurrentDays, 0) AS CurrentAvg
    FROM channel_reactions AS cr
    WHERE cr.PreviousDays > 0 AND cr.CurrentDays > 0 AND cr.PreviousReactions > 0
)
SELECT
    ba.CompanyCode,
    ba.CampaignCode,
    ba.AdId,
    ba.AdName,
    ch.ChannelCode,
    ch.ChannelName,
    ch.ChannelType,
    inf.Handle AS InfluencerHandle,
    ch.IsInfluencerChannel,
    nk.NegativityKind AS DominantNegativityKind,
    s.NegativeEvents,
    s.SentimentEvents,
    CAST(100.0 * s.NegativeEvents / s.SentimentEvents AS decimal(5, 2)) AS NegativeSharePct,
    w.PreviousFrom,
    w.PreviousTo,
    CAST(a.PreviousAvg AS decimal(19, 2)) AS PreviousAvgDailyReactions,
    CAST(a.CurrentAvg AS decimal(19, 2)) AS CurrentAvgDailyReactions,
    CAST(100.0 * (a.PreviousAvg - a.CurrentAvg) / a.PreviousAvg AS decimal(6, 2)) AS ReactionDropPct
FROM averaged AS a
INNER JOIN ad_sentiment AS s ON a.AdId = s.AdId
INNER JOIN brand_ads AS ba ON a.AdId = ba.AdId
INNER JOIN negativity_kinds AS nk ON a.AdId = nk.AdId AND nk.KindRank = 1
INNER JOIN ads.CampaignChannel AS cc ON a.CampaignChannelId = cc.CampaignChannelId
INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
LEFT JOIN ads.Influencer AS inf ON cc.InfluencerId = inf.InfluencerId
CROSS JOIN window_bounds AS w
WHERE (a.PreviousAvg - a.CurrentAvg) * 100 >= a.PreviousAvg * 20;
GO

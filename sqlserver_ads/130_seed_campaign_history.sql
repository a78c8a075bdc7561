/*
Purpose:      Run the history generator with the run's parameters, read from the session context the harness
              sets (EXEC sys.sp_set_session_context ...) and falling back to the documented defaults in SSMS:
              promptsales.scale (full), promptsales.seed (20250701), promptsales.as_of (2026-01-31).
              The campaign count is 1,000 at both scales (contract); promptsales.ads_campaign_count may
              override it for benchmarks.
Target:       PromptAds on SQL Server 2022.
Requires:     110_create_procedure_generate_history.sql, 120_seed_reference_data.sql.
Re-runnable:  yes (the generator skips when the last run had the same parameters).
Leaves:       1,000 campaigns (300 ACTIVE, 700 FINISHED) and their children; row counts in
              ads.GenerationRun.RowCountsJson (small: about 2.9k ads, 81k daily results, 48k sentiment
              events; full: about 5.3k ads, 0.53M daily results, 153k events; see docs/promptads.md).
Requirements: ADS-2, ADS-3, ADS-5.
Verify:       SELECT StatusCode, COUNT(*) FROM ads.Campaign WHERE Origin = 'GENERATOR' GROUP BY StatusCode;
              SELECT TOP (1) RowCountsJson FROM ads.GenerationRun ORDER BY GenerationRunId DESC;
*/
USE PromptAds;
GO

DECLARE
    @Scale varchar(10) = ISNULL(CONVERT(varchar(10), SESSION_CONTEXT(N'promptsales.scale')), 'full'),
    @Seed int = ISNULL(TRY_CONVERT(int, CONVERT(nvarchar(20), SESSION_CONTEXT(N'promptsales.seed'))), 20250701),
    @AsOf date = ISNULL(
        TRY_CONVERT(date, CONVERT(nvarchar(20), SESSION_CONTEXT(N'promptsales.as_of')), 23), '2026-01-31'
    ),
    @CampaignCount int = ISNULL(
        TRY_CONVERT(int, CONVERT(nvarchar(20), SESSION_CONTEXT(N'promptsales.ads_campaign_count'))), 1000
    );

EXEC ads.ADSSP_GenerateHistory
    @CampaignCount = @CampaignCount,
    @Seed = @Seed,
    @AsOfDate = @AsOf,
    @Scale = @Scale;
GO

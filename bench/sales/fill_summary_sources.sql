-- =============================================================================
-- fill_summary_sources.sql  (benchmark helper, not a numbered script)
-- Purpose : fill etl.ads_result_landing with :rows landed PromptAds result rows and
--           build the matching summaries set-based (generate_series), so that
--           etl.apply_delta can be timed against a large table. SAL-3 benchmark.
-- Target  : a scratch database where postgres_sales/ was applied (never promptsales).
-- Usage   : psql -X -v ON_ERROR_STOP=1 -v rows=1000000 -d promptsales_bench -f bench/sales/fill_summary_sources.sql
-- =============================================================================
BEGIN;
SET LOCAL promptsales.etl_apply = 'on';
SET LOCAL maintenance_work_mem = '1GB';
SET LOCAL work_mem = '256MB';
TRUNCATE etl.ads_result_landing, summary.campaign_daily, summary.campaign_status_history;
DELETE FROM summary.campaign;

-- Drop the key while loading, rebuild it once afterwards (the usual bulk-load pattern).
ALTER TABLE etl.ads_result_landing DROP CONSTRAINT IF EXISTS ads_result_landing_pkey;

INSERT INTO etl.ads_result_landing
    (source_key, campaign_code, metric_date, channel_code, market_code, reach, impressions, reactions,
     interactions, leads, conversions, sales_amount, cost, content_pieces, is_deleted, source_version,
     run_id, row_checksum, landed_at)
SELECT i::text,
       'CMP-' || lpad((1 + i % 1000)::text, 6, '0'),
       DATE '2024-07-01' + ((i / 1000) % 580)::integer,
       (ARRAY['facebook', 'instagram', 'tiktok', 'linkedin', 'google_ads', 'email', 'sms', 'influencer', 'web'])[1 + (i / 7) % 9],
       (ARRAY['US', 'MX', 'CR', 'CO', 'ES', 'GT', 'PA', 'CL', 'PE', 'AR'])[1 + (i / 13) % 10],
       100 + i % 5000, 300 + i % 15000, i % 700, i % 300, 0, 0, 0, ((i % 20000) / 100.0)::numeric(19, 2), 0,
       false, i, '00000000-0000-4000-8000-000000000000'::uuid, md5(i::text), TIMESTAMPTZ '2026-01-31 00:00:00+00'
FROM generate_series(1, :rows) AS i;

ALTER TABLE etl.ads_result_landing ADD CONSTRAINT ads_result_landing_pkey PRIMARY KEY (source_key);

INSERT INTO summary.campaign (campaign_code, company_code, sales_goal_amount)
SELECT c.campaign_code, cc.company_code, c.sales_goal_amount
FROM portal.campaign c JOIN portal.client_company cc ON cc.company_id = c.company_id
WHERE c.executed_by_ads;

INSERT INTO summary.campaign_daily
    (campaign_code, metric_date, channel_code, market_code, reach, impressions, reactions, interactions,
     leads, conversions, sales_amount, cost, content_pieces, source_rows)
SELECT campaign_code, metric_date, channel_code, market_code, sum(reach), sum(impressions), sum(reactions),
       sum(interactions), 0, 0, 0, sum(cost), 0, count(*)
FROM etl.ads_result_landing
GROUP BY campaign_code, metric_date, channel_code, market_code;

UPDATE summary.campaign s
SET reach = d.reach, impressions = d.impressions, reactions = d.reactions, interactions = d.interactions,
    cost = d.cost
FROM (SELECT campaign_code, sum(reach) AS reach, sum(impressions) AS impressions, sum(reactions) AS reactions,
             sum(interactions) AS interactions, sum(cost) AS cost
      FROM summary.campaign_daily GROUP BY campaign_code) AS d
WHERE s.campaign_code = d.campaign_code;

UPDATE etl.watermark SET last_version = :rows WHERE source = 'ads';
COMMIT;
VACUUM ANALYZE etl.ads_result_landing;
VACUUM ANALYZE summary.campaign_daily;
VACUUM ANALYZE summary.campaign;

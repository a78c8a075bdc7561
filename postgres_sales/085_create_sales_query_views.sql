-- =============================================================================
-- 085_create_sales_query_views.sql
-- Purpose : the read surface of the SAL-5 query layer (mcp_servers/sales_queries.py):
--           the daily summary and the campaign summary joined with the names the
--           portal holds (company, campaign, channel, market), a catalogue of those
--           names for resolving filters, and summary.search_key(text), the one
--           case- and accent-insensitive comparison key (Python mirrors it in
--           mcp_servers/nlq.py). The least-privilege role promptsales_mcp_reader
--           reads these views and nothing else of the portal (no personal data).
-- Target  : database promptsales, PostgreSQL 18 (UTF8: normalize() needs it).
-- Requires: 080_grant_roles.sql (roles), 030_create_summary.sql, 020_create_portal.sql.
-- Re-runnable: yes (CREATE OR REPLACE; GRANT is idempotent).
-- Leaves behind: function summary.search_key, views summary.v_sales_daily,
--           summary.v_sales_campaign, summary.v_sales_catalogue; SELECT/EXECUTE on
--           them for promptsales_mcp_reader and promptsales_reader.
-- Requirements: SAL-5, NFR-SEC5.
-- Verify  : SELECT kind, count(*) FROM summary.v_sales_catalogue GROUP BY kind;
--           SELECT summary.search_key('  Volcán   COSMÉTICA ');   -- 'volcan cosmetica'
-- Notes   : views run with their owner's privileges, so the reader sees the names
--           through them without SELECT on portal tables; removed_at_source
--           campaigns are left out exactly as in summary.v_campaign_effectiveness.
-- =============================================================================
BEGIN;

-- Lower case, accents removed (NFKD then combining marks dropped), blanks collapsed.
CREATE OR REPLACE FUNCTION summary.search_key(p_text text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
RETURNS NULL ON NULL INPUT
AS $$
    SELECT btrim(regexp_replace(lower(regexp_replace(normalize(p_text, NFKD), '[\u0300-\u036f]', '', 'g')),
                                '\s+', ' ', 'g'));
$$;

-- One row per campaign x day x channel x market (daily-additive metrics). Only the join
-- to summary.campaign is needed for every row (removed campaigns, company code); the
-- names are LEFT JOINs on unique keys, which the planner drops when a query does not
-- read them (the query layer aggregates first and looks names up afterwards).
CREATE OR REPLACE VIEW summary.v_sales_daily AS
SELECT d.campaign_code,
       c.name AS campaign_name,
       s.company_code,
       cc.name AS company_name,
       d.metric_date,
       d.channel_code,
       coalesce(ch.name, d.channel_code) AS channel_name,
       d.market_code::text AS market_code,
       coalesce(co.name, d.market_code) AS market_name,
       d.reach, d.impressions, d.reactions, d.interactions, d.leads, d.conversions,
       d.sales_amount, d.cost
FROM summary.campaign_daily AS d
INNER JOIN summary.campaign AS s ON s.campaign_code = d.campaign_code
LEFT JOIN portal.campaign AS c ON c.campaign_code = d.campaign_code
LEFT JOIN portal.client_company AS cc ON cc.company_code = s.company_code
LEFT JOIN portal.channel AS ch ON ch.channel_code = d.channel_code
LEFT JOIN portal.country AS co ON co.country_code = d.market_code
WHERE NOT s.removed_at_source;

-- One row per campaign: the campaign-level metrics (sales goal, success %) and the
-- date a campaign is attributed to a period by (its start, or the portal's plan).
CREATE OR REPLACE VIEW summary.v_sales_campaign AS
SELECT s.campaign_code,
       c.name AS campaign_name,
       cc.company_code,
       cc.name AS company_name,
       coalesce(s.start_date, c.planned_start) AS start_date,
       s.sales_amount,
       s.sales_goal_amount,
       s.cost
FROM summary.campaign AS s
INNER JOIN portal.campaign AS c ON c.campaign_code = s.campaign_code
INNER JOIN portal.client_company AS cc ON cc.company_id = c.company_id
WHERE NOT s.removed_at_source;

-- Codes and names a filter may use (companies, channels, markets, campaigns).
CREATE OR REPLACE VIEW summary.v_sales_catalogue AS
SELECT 'company'::text AS kind, cc.company_code::text AS code, cc.name::text AS name,
       summary.search_key(cc.name) AS search_key
FROM portal.client_company AS cc
UNION ALL
SELECT 'channel', ch.channel_code::text, ch.name::text, summary.search_key(ch.name)
FROM portal.channel AS ch
UNION ALL
SELECT 'market', co.country_code::text, co.name::text, summary.search_key(co.name)
FROM portal.country AS co
UNION ALL
SELECT 'campaign', c.campaign_code::text, c.name::text, summary.search_key(c.name)
FROM portal.campaign AS c;

REVOKE ALL ON summary.v_sales_daily, summary.v_sales_campaign, summary.v_sales_catalogue FROM PUBLIC;
GRANT SELECT ON summary.v_sales_daily, summary.v_sales_campaign, summary.v_sales_catalogue
    TO promptsales_mcp_reader, promptsales_reader;
GRANT EXECUTE ON FUNCTION summary.search_key(text) TO promptsales_mcp_reader, promptsales_reader;

COMMIT;

-- =============================================================================
-- 120_seed_mcp_servers.sql
-- Purpose : the MCP servers of issue 11 as they really are: their rows in
--           portal.mcp_server (codes, tool names, endpoints on port 8000) and the
--           two login roles they connect with (NFR-SEC5, least privilege):
--             promptsales_mcp_sales  the central sales server: member of
--                                    promptsales_mcp_reader (SELECT on summary,
--                                    EXECUTE portal.log_mcp_call), nothing else;
--             promptsales_mcp_logger the content/ads/crm servers' call log: only
--                                    EXECUTE portal.log_mcp_call.
--           Both get a server-side statement_timeout. They are created without a
--           password: the deployment (or the harness) sets one with
--           ALTER ROLE … PASSWORD, so no secret is stored in this file.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 080_grant_roles.sql (promptsales_mcp_reader), 100_seed_portal.sql
--           (it truncates portal.mcp_server, so this script runs after it).
-- Re-runnable: yes (roles created when missing; rows upserted by code).
-- Leaves behind: 4 rows in portal.mcp_server; roles promptsales_mcp_sales and
--           promptsales_mcp_logger (LOGIN, no password until the deployment sets one).
-- Requirements: SAL-5, CON-4, CON-5, NFR-SEC5.
-- Verify  : SELECT mcp_server_code, tools FROM portal.mcp_server ORDER BY 1;
--           SELECT rolname, rolconfig FROM pg_roles WHERE rolname LIKE 'promptsales_mcp_%';
-- =============================================================================
BEGIN;

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'promptsales_mcp_sales') THEN
        CREATE ROLE promptsales_mcp_sales LOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'promptsales_mcp_logger') THEN
        CREATE ROLE promptsales_mcp_logger LOGIN;
    END IF;
END
$roles$;

ALTER ROLE promptsales_mcp_sales CONNECTION LIMIT 50;
GRANT promptsales_mcp_reader TO promptsales_mcp_sales;
ALTER ROLE promptsales_mcp_sales SET statement_timeout = '5s';
ALTER ROLE promptsales_mcp_sales SET idle_in_transaction_session_timeout = '10s';
COMMENT ON ROLE promptsales_mcp_sales IS 'Central MCP server login: promptsales_mcp_reader only (SAL-5).';

ALTER ROLE promptsales_mcp_logger CONNECTION LIMIT 30;
ALTER ROLE promptsales_mcp_logger SET statement_timeout = '2s';
GRANT USAGE ON SCHEMA portal TO promptsales_mcp_logger;
GRANT EXECUTE ON FUNCTION portal.log_mcp_call(text, text, integer, text, text, integer, integer)
    TO promptsales_mcp_logger;
COMMENT ON ROLE promptsales_mcp_logger IS 'Content/ads/crm MCP servers: EXECUTE portal.log_mcp_call only.';

-- Both logins may connect to this database only through their grants (no PUBLIC CREATE in schemas here).
DO $connect$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO promptsales_mcp_sales, promptsales_mcp_logger',
                   current_database());
END
$connect$;

INSERT INTO portal.mcp_server (mcp_server_code, sub_company_code, transport, endpoint, tools, read_only) VALUES
    ('promptcontent-mcp', 'CONTENT', 'streamable_http', 'http://mcp-content.promptsales.svc:8000/mcp',
     ARRAY['getContent', 'requestCampaignContent'], false),
    ('promptads-mcp', 'ADS', 'streamable_http', 'http://mcp-ads.promptsales.svc:8000/mcp',
     ARRAY['listCampaigns', 'getCampaignResults', 'getCampaignSalesReach', 'listChannels',
           'negativeSentimentDrop'], true),
    ('promptcrm-mcp', 'CRM', 'streamable_http', 'http://mcp-crm.promptsales.svc:8000/mcp',
     ARRAY['getLeadFunnel', 'listLeads', 'getSalesByCampaign', 'getAdsCampaignFigures', 'reconcileWithAds'], true),
    ('promptsales-mcp', 'SALES', 'streamable_http', 'http://mcp-sales.promptsales.svc:8000/mcp',
     ARRAY['getCampaignSummary', 'getMetric', 'rankCampaigns', 'comparePeriods', 'channelPerformance',
           'marketPerformance', 'ask', 'searchContent', 'adsCampaignResults', 'crmLeadFunnel'], true)
ON CONFLICT (mcp_server_code) DO UPDATE
    SET sub_company_code = EXCLUDED.sub_company_code, transport = EXCLUDED.transport,
        endpoint = EXCLUDED.endpoint, tools = EXCLUDED.tools, read_only = EXCLUDED.read_only;

COMMIT;

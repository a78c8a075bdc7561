-- =============================================================================
-- 120_create_mcp_logins.sql
-- Purpose : the two login roles the MCP servers of issue 11 connect with
--           (NFR-SEC5, least privilege; their portal.mcp_server rows, with the
--           real tool names, are seeded by 100_seed_portal.sql):
--             promptsales_mcp_sales  the central sales server: member of
--                                    promptsales_mcp_reader (SELECT on summary,
--                                    EXECUTE portal.log_mcp_call), nothing else;
--             promptsales_mcp_logger the content/ads/crm servers' call log: only
--                                    EXECUTE portal.log_mcp_call.
--           Both get a server-side statement_timeout. They are created without a
--           password: the deployment (or the harness) sets one with
--           ALTER ROLE … PASSWORD, so no secret is stored in this file.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 080_grant_roles.sql (promptsales_mcp_reader), 020_create_portal.sql
--           (portal.log_mcp_call).
-- Re-runnable: yes (roles created when missing; ALTER/GRANT are idempotent).
-- Leaves behind: roles promptsales_mcp_sales and promptsales_mcp_logger (LOGIN,
--           no password until the deployment sets one).
-- Requirements: SAL-5, CON-4, CON-5, NFR-SEC5.
-- Verify  : SELECT rolname, rolconfig FROM pg_roles WHERE rolname LIKE 'promptsales_mcp_%';
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

COMMIT;

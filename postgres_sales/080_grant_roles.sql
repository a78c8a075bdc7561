-- =============================================================================
-- 080_grant_roles.sql
-- Purpose : least privilege (NFR-SEC5). What each group role may do:
--           reader      SELECT portal (except contacts' personal data) and summary.
--           writer      reader + contacts + INSERT/UPDATE/DELETE on portal, consent
--                       records, the proposal review function; never summaries.
--           etl         EXECUTE etl.apply_delta / etl.record_failed_run, read its
--                       watermark, contract and run log; no direct table writes.
--           mcp_reader  SELECT on the summary schema (SAL-5 MCP server) and
--                       EXECUTE portal.log_mcp_call; nothing else.
--           admin       everything, including privacy.erase_person and
--                       audit.drop_expired_partitions.
--           sales_agent SELECT on the portal client data, filtered by RLS (070).
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 070_create_security.sql.
-- Re-runnable: yes (REVOKE ALL then GRANT; GRANT is idempotent).
-- Leaves behind: privileges only.
-- Requirements: NFR-SEC5, SAL-6 (GRANT / REVOKE).
-- Verify  : SELECT grantee, table_schema, privilege_type, count(*)
--           FROM information_schema.role_table_grants WHERE grantee LIKE 'promptsales%' GROUP BY 1, 2, 3;
-- =============================================================================
BEGIN;

-- Start from nothing so a re-run also removes privileges deleted from this file.
REVOKE ALL ON ALL TABLES IN SCHEMA portal, summary, etl, audit, privacy
    FROM promptsales_reader, promptsales_writer, promptsales_etl, promptsales_mcp_reader,
         promptsales_sales_agent, PUBLIC;
REVOKE ALL ON SCHEMA portal, summary, etl, audit, privacy, seed, demo
    FROM promptsales_reader, promptsales_writer, promptsales_etl, promptsales_mcp_reader,
         promptsales_sales_agent, PUBLIC;
-- Functions are executable by PUBLIC by default; definer functions must not be.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA etl, audit, privacy, portal, seed FROM PUBLIC;

-- reader
GRANT USAGE ON SCHEMA portal, summary TO promptsales_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA portal, summary TO promptsales_reader;
REVOKE SELECT ON portal.contact FROM promptsales_reader;

-- writer
GRANT promptsales_reader TO promptsales_writer;
GRANT USAGE ON SCHEMA privacy TO promptsales_writer;
GRANT SELECT ON portal.contact TO promptsales_writer;
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA portal TO promptsales_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA portal TO promptsales_writer;
GRANT SELECT, INSERT ON privacy.consent TO promptsales_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA privacy TO promptsales_writer;
GRANT SELECT ON privacy.v_marketing_audience TO promptsales_writer;
GRANT EXECUTE ON FUNCTION portal.review_proposal(integer, integer, text, text, jsonb, timestamptz),
                          privacy.has_consent(integer, text, timestamptz),
                          privacy.assert_consent(integer, text, timestamptz)
    TO promptsales_writer;
GRANT EXECUTE ON FUNCTION portal.assigned_company_ids(name) TO promptsales_writer;

-- etl
GRANT USAGE ON SCHEMA etl TO promptsales_etl;
GRANT SELECT ON etl.watermark, etl.run_log, etl.delta_contract TO promptsales_etl;
GRANT EXECUTE ON FUNCTION etl.apply_delta(jsonb), etl.record_failed_run(text, uuid, text, text)
    TO promptsales_etl;

-- mcp_reader (and its call log, only through the definer function)
GRANT USAGE ON SCHEMA summary, portal TO promptsales_mcp_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA summary TO promptsales_mcp_reader;
GRANT EXECUTE ON FUNCTION portal.log_mcp_call(text, text, integer, text, text, integer, integer)
    TO promptsales_mcp_reader;

-- sales_agent (rows filtered by the agent_assigned policies)
GRANT USAGE ON SCHEMA portal TO promptsales_sales_agent;
GRANT SELECT ON portal.client_company, portal.contact, portal.campaign, portal.product,
                portal.sales_goal, portal.industry, portal.country, portal.channel
    TO promptsales_sales_agent;
GRANT EXECUTE ON FUNCTION portal.assigned_company_ids(name) TO promptsales_sales_agent;

-- admin
GRANT USAGE, CREATE ON SCHEMA portal, summary, etl, audit, privacy, demo TO promptsales_admin;
GRANT ALL ON ALL TABLES IN SCHEMA portal, summary, etl, audit, privacy TO promptsales_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA portal, summary, etl, audit, privacy TO promptsales_admin;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA portal, etl, audit, privacy TO promptsales_admin;

-- Tables created later in these schemas by the owner follow the same rules.
ALTER DEFAULT PRIVILEGES IN SCHEMA portal GRANT SELECT ON TABLES TO promptsales_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA portal GRANT INSERT, UPDATE, DELETE ON TABLES TO promptsales_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA summary GRANT SELECT ON TABLES TO promptsales_reader, promptsales_mcp_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA portal, summary, etl, audit, privacy GRANT ALL ON TABLES TO promptsales_admin;
ALTER DEFAULT PRIVILEGES IN SCHEMA etl, audit, privacy REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

COMMIT;

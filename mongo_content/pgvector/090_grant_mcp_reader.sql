-- Purpose: least-privilege login of the PromptContent MCP server (CON-4, NFR-SEC5): promptcontent_mcp_reader
--          may read the vector index (SELECT on the content schema's tables and views, EXECUTE on its search
--          functions) and nothing else; statement_timeout is enforced by the server for this role.
--          Created without a password: the deployment (or the harness) sets one with ALTER ROLE … PASSWORD.
-- Target: PostgreSQL 16+ (tested on 18) with pgvector; database promptcontent.
-- Requires: 010-030 (schema content and its objects); runs last so later index objects are covered.
-- Re-runnable: yes (role created when missing; GRANT is idempotent).
-- Leaves behind: role promptcontent_mcp_reader (LOGIN, no password), its grants and default privileges.
-- Requirements: CON-4, NFR-SEC5.
-- Verify: SELECT has_table_privilege('promptcontent_mcp_reader', 'content.image_embedding', 'INSERT');  -- false

BEGIN;

DO $role$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'promptcontent_mcp_reader') THEN
        CREATE ROLE promptcontent_mcp_reader LOGIN CONNECTION LIMIT 50;
    END IF;
END
$role$;

ALTER ROLE promptcontent_mcp_reader SET statement_timeout = '5s';
COMMENT ON ROLE promptcontent_mcp_reader IS 'PromptContent MCP server: read the vector index only (CON-4).';

REVOKE ALL ON ALL TABLES IN SCHEMA content FROM promptcontent_mcp_reader;
GRANT USAGE ON SCHEMA content TO promptcontent_mcp_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA content TO promptcontent_mcp_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA content TO promptcontent_mcp_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA content GRANT SELECT ON TABLES TO promptcontent_mcp_reader;

COMMIT;

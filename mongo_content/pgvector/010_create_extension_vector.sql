-- Purpose: enable pgvector (embeddings + HNSW) and pg_trgm (keyword baseline) and create the schema
--          "content" that holds the vector index of the PromptContent image descriptions.
-- Target: PostgreSQL 16+ (tested on 18) with pgvector >= 0.5 (HNSW); database promptcontent.
-- Requires: the database promptcontent (created by the harness, not here).
-- Re-runnable: yes (IF NOT EXISTS everywhere).
-- Leaves behind: extensions vector and pg_trgm, schema content (empty).
-- Requirements: CON-2.
-- Verify: SELECT extname, extversion FROM pg_extension WHERE extname IN ('vector', 'pg_trgm');

BEGIN;

CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA IF NOT EXISTS content;
COMMENT ON SCHEMA content IS
'Vector index of PromptContent image descriptions (the documents themselves live in MongoDB).';

COMMIT;

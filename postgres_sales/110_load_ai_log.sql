-- =============================================================================
-- 110_load_ai_log.sql
-- Purpose : load the AI-usage log bitacora_ia.md (repository root) into
--           audit.ai_usage_log (LOG-1). psql reads the file through a backtick
--           command; the table then mirrors the Markdown table row by row.
-- Target  : database promptsales, PostgreSQL 18; run with psql from the repository
--           root (the harness does), or set PROMPTSALES_AI_LOG to the file's path.
-- Requires: 050_create_audit.sql (audit.load_ai_log).
-- Re-runnable: yes (rows are upserted by entry number; unchanged rows untouched).
-- Leaves behind: one audit.ai_usage_log row per row of the bitácora table (0 when
--           the file is absent: a notice says so).
-- Requirements: LOG-1.
-- Verify  : SELECT entry_no, logged_at, author, left(prompt, 60) FROM audit.ai_usage_log ORDER BY entry_no;
-- =============================================================================
\set ai_log_markdown `cat "${PROMPTSALES_AI_LOG:-bitacora_ia.md}" 2>/dev/null || true`
BEGIN;

SELECT audit.load_ai_log(:'ai_log_markdown') AS ai_log_rows_loaded;

COMMIT;

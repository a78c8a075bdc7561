-- =============================================================================
-- 940_demo_monitoring.sql
-- Purpose : monitoreo de consultas (SAL-6): las sentencias más costosas según
--           pg_stat_statements, la actividad de las sesiones (pg_stat_activity),
--           quién bloquea a quién (pg_locks + pg_blocking_pids) y el plan real de
--           una consulta con EXPLAIN (ANALYZE, BUFFERS).
-- Target  : database promptsales, PostgreSQL 18 with shared_preload_libraries =
--           pg_stat_statements (the harness and the Kubernetes manifests set it).
-- Requires: 010_create_schemas.sql (extension), 100_seed_portal.sql.
-- Re-runnable: yes.
-- Leaves behind: views demo.v_top_statements, demo.v_activity, demo.v_lock_waits;
--           function demo.explain_analyze(text) (admin only).
-- Requirements: SAL-6.
-- Verify  : SELECT * FROM demo.v_top_statements LIMIT 5;
--           SELECT demo.explain_analyze('SELECT count(*) FROM portal.campaign');
-- =============================================================================
BEGIN;

-- Las sentencias de esta base, de más a menos tiempo total (normalizadas: los literales
-- aparecen como $1, $2...). Tiempo medio, filas y aciertos de caché.
CREATE OR REPLACE VIEW demo.v_top_statements AS
SELECT s.queryid,
       left(regexp_replace(s.query, '\s+', ' ', 'g'), 200) AS query,
       s.calls,
       round(s.total_exec_time::numeric, 2) AS total_ms,
       round(s.mean_exec_time::numeric, 3) AS mean_ms,
       s.rows,
       s.shared_blks_hit,
       s.shared_blks_read,
       CASE WHEN s.shared_blks_hit + s.shared_blks_read > 0
            THEN round(100.0 * s.shared_blks_hit / (s.shared_blks_hit + s.shared_blks_read), 1) END AS cache_hit_pct
FROM public.pg_stat_statements s
JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = current_database()
ORDER BY s.total_exec_time DESC;

-- Sesiones que no están ociosas: qué ejecutan, desde cuándo y qué esperan.
CREATE OR REPLACE VIEW demo.v_activity AS
SELECT a.pid, a.usename, a.application_name, a.state, a.wait_event_type, a.wait_event,
       now() - a.xact_start AS transaction_age, now() - a.query_start AS query_age,
       left(a.query, 200) AS query
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.state <> 'idle' AND a.pid <> pg_backend_pid();

-- Esperas por bloqueo: la sesión que espera, el bloqueo pedido y quién lo tiene.
CREATE OR REPLACE VIEW demo.v_lock_waits AS
SELECT w.pid AS waiting_pid,
       l.locktype, l.mode AS wanted_mode, l.relation::regclass AS relation,
       b.pid AS blocking_pid,
       left(wa.query, 120) AS waiting_query,
       left(ba.query, 120) AS blocking_query,
       now() - wa.query_start AS waiting_for
FROM pg_locks l
JOIN pg_stat_activity wa ON wa.pid = l.pid
CROSS JOIN LATERAL unnest(pg_blocking_pids(l.pid)) AS b (pid)
JOIN pg_stat_activity ba ON ba.pid = b.pid
CROSS JOIN LATERAL (SELECT l.pid) AS w (pid)
WHERE NOT l.granted;

-- Plan real (ANALYZE) con lecturas de búfer (BUFFERS) en JSON. EXPLAIN ANALYZE
-- ejecuta la sentencia: se corre dentro de un subbloque que siempre se deshace,
-- de modo que ni siquiera un INSERT deja rastro. Solo para administradores.
CREATE OR REPLACE FUNCTION demo.explain_analyze(p_sql text)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
DECLARE
    v_plan jsonb;
BEGIN
    BEGIN
        EXECUTE 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ' || p_sql INTO v_plan;
        RAISE EXCEPTION USING ERRCODE = 'PS099';   -- deshacer lo que la sentencia haya hecho
    EXCEPTION WHEN SQLSTATE 'PS099' THEN
        NULL;
    END;
    RETURN v_plan;
END
$$;
REVOKE EXECUTE ON FUNCTION demo.explain_analyze(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION demo.explain_analyze(text) TO promptsales_admin;

-- Ejemplos para la clase:
SELECT query, calls, mean_ms, cache_hit_pct FROM demo.v_top_statements LIMIT 5;
SELECT pid, state, wait_event_type, wait_event, query FROM demo.v_activity;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT c.campaign_code, s.sales_amount
FROM portal.campaign c
LEFT JOIN summary.campaign s ON s.campaign_code = c.campaign_code
WHERE c.company_id = 7;

COMMIT;

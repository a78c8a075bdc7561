-- =============================================================================
-- 900_demo_triggers.sql
-- Purpose : demostración en clase de los triggers (SAL-6): (1) bitácora de
--           auditoría por fila en portal.campaign (audit.log_change), (2) trigger de
--           mantenimiento del resumen: cada cambio de estado en summary.campaign
--           agrega una fila a summary.campaign_status_history, y (3) el trigger
--           guardián que rechaza escrituras directas a los resúmenes (PS010).
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 100_seed_portal.sql (the triggers themselves live in 030 and 050).
-- Re-runnable: yes; the view is committed, the demonstration runs in a second
--           transaction that ends with ROLLBACK, so it leaves no data behind.
-- Leaves behind: view demo.v_recent_audit.
-- Requirements: SAL-6, NFR-SEC4.
-- Verify  : psql -X -d promptsales -f postgres_sales/900_demo_triggers.sql (one session)
-- =============================================================================
BEGIN;

-- Vista de apoyo: los últimos eventos de auditoría, legibles.
CREATE OR REPLACE VIEW demo.v_recent_audit AS
SELECT e.event_id, e.occurred_at, e.table_name, e.operation, e.row_key, e.db_user,
       (SELECT jsonb_object_agg(n.key, jsonb_build_array(e.old_row -> n.key, n.value))
        FROM jsonb_each(e.new_row) AS n
        WHERE e.old_row IS NOT NULL AND e.old_row -> n.key IS DISTINCT FROM n.value) AS changed_columns
FROM audit.event e
ORDER BY e.event_id DESC
LIMIT 20;

COMMIT;

-- La demostración corre en su propia transacción y termina con ROLLBACK: así se
-- puede repetir en clase tantas veces como se quiera sin dejar rastro.
BEGIN;

-- (1) Trigger de auditoría: un UPDATE normal deja su imagen antes/después.
--     El trigger es AFTER ... FOR EACH ROW y se ejecuta como SECURITY DEFINER,
--     así el usuario que edita no necesita (ni tiene) permiso sobre audit.event.
UPDATE portal.campaign SET planned_budget = planned_budget + 500 WHERE campaign_code = 'CMP-000001';
SELECT table_name, operation, row_key, changed_columns FROM demo.v_recent_audit LIMIT 1;

-- (2) Trigger de mantenimiento del resumen: el ETL informa dos estados de la
--     campaña y el historial se escribe solo (nadie inserta en el historial a mano).
SELECT etl.apply_delta(jsonb_build_object(
    'source', 'ads', 'run_id', 'a0a0a0a0-0000-4000-8000-000000000900',
    'rows', jsonb_build_array(
        jsonb_build_object('entity', 'campaign', 'op', 'upsert', 'version', 900000001,
                           'campaign_code', 'CMP-000001', 'company_code', 'CO-0001', 'status_code', 'active',
                           'status_changed_at', '2025-01-05T09:00:00Z', 'start_date', '2025-01-05',
                           'end_date', '2025-02-20', 'budget_amount', 12000)))) ->> 'status' AS first_delta;
SELECT etl.apply_delta(jsonb_build_object(
    'source', 'ads', 'run_id', 'a0a0a0a0-0000-4000-8000-000000000901',
    'rows', jsonb_build_array(
        jsonb_build_object('entity', 'campaign', 'op', 'upsert', 'version', 900000002,
                           'campaign_code', 'CMP-000001', 'company_code', 'CO-0001', 'status_code', 'finished',
                           'status_changed_at', '2025-02-20T23:59:00Z', 'start_date', '2025-01-05',
                           'end_date', '2025-02-20', 'budget_amount', 12000)))) ->> 'status' AS second_delta;
SELECT campaign_code, changed_at, previous_status, status_code
FROM summary.campaign_status_history WHERE campaign_code = 'CMP-000001' ORDER BY changed_at;

-- (3) Trigger guardián: escribir el resumen fuera del ETL falla con PS010.
DO $demo$
BEGIN
    UPDATE summary.campaign SET reach = 0 WHERE campaign_code = 'CMP-000001';
    RAISE NOTICE 'no debería llegar aquí';
EXCEPTION WHEN SQLSTATE 'PS010' THEN
    RAISE NOTICE 'rechazado como se esperaba: %', SQLERRM;
END
$demo$;

ROLLBACK;

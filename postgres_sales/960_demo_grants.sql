-- =============================================================================
-- 960_demo_grants.sql
-- Purpose : GRANT / REVOKE para lectura y escritura (SAL-6), con un rol de clase
--           promptsales_demo_analyst: recibe lectura sobre la vista de efectividad,
--           escritura sobre demo.goal_attainment, y luego se le revoca UPDATE y
--           DELETE para dejarle solo INSERT. has_table_privilege muestra el efecto.
--           Los roles de la aplicación y sus permisos reales están en 080.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 910_demo_cursors.sql (demo.goal_attainment), 080_grant_roles.sql.
-- Re-runnable: yes (role created only when absent; GRANT/REVOKE are idempotent).
-- Leaves behind: role promptsales_demo_analyst (NOLOGIN) with SELECT on
--           summary.v_campaign_effectiveness and SELECT, INSERT on demo.goal_attainment.
-- Requirements: SAL-6, NFR-SEC5.
-- Verify  : SET ROLE promptsales_demo_analyst; SELECT count(*) FROM summary.v_campaign_effectiveness; RESET ROLE;
-- =============================================================================
BEGIN;

DO $role$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'promptsales_demo_analyst') THEN
        CREATE ROLE promptsales_demo_analyst NOLOGIN;
    END IF;
END
$role$;

-- Lectura: USAGE sobre el esquema (poder "ver" sus objetos) + SELECT sobre la vista.
GRANT USAGE ON SCHEMA summary, demo TO promptsales_demo_analyst;
GRANT SELECT ON summary.v_campaign_effectiveness TO promptsales_demo_analyst;

-- Escritura: se conceden INSERT, UPDATE y DELETE...
GRANT SELECT, INSERT, UPDATE, DELETE ON demo.goal_attainment TO promptsales_demo_analyst;
-- ...y luego se revocan UPDATE y DELETE: el analista puede registrar, no corregir ni borrar.
REVOKE UPDATE, DELETE ON demo.goal_attainment FROM promptsales_demo_analyst;
-- Nada sobre las tablas base del resumen: la vista es la única puerta.
REVOKE ALL ON summary.campaign, summary.campaign_daily FROM promptsales_demo_analyst;

-- El efecto, consultado en el catálogo:
SELECT t.object_name, p.privilege,
       has_table_privilege('promptsales_demo_analyst', t.object_name, p.privilege) AS granted
FROM (VALUES ('summary.v_campaign_effectiveness'), ('summary.campaign'), ('demo.goal_attainment')) AS t (object_name)
CROSS JOIN (VALUES ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')) AS p (privilege)
ORDER BY 1, 2;

COMMIT;

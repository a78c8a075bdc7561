-- =============================================================================
-- 920_demo_deadlocks.sql
-- Purpose : demostración de interbloqueos (SAL-6) sobre portal.budget: dos
--           sesiones mueven presupuesto entre dos trimestres bloqueando las filas en
--           orden opuesto; PostgreSQL detecta el ciclo (deadlock_timeout) y aborta a
--           una con SQLSTATE 40P01. Se incluyen la corrección por orden de bloqueo y
--           un envoltorio de reintento.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 100_seed_portal.sql.
-- Re-runnable: yes (CREATE OR REPLACE only; the script itself changes no data).
-- Leaves behind: functions demo.transfer_budget_unordered, demo.transfer_budget_ordered,
--           demo.transfer_budget_with_retry.
-- Requirements: SAL-6.
-- Verify  : tests/postgres_sales/test_deadlocks.py orchestrates the two sessions.
--
-- Cómo reproducirlo a mano (dos ventanas de psql sobre promptsales):
--   Sesión A: BEGIN; UPDATE portal.budget SET amount = amount - 100 WHERE budget_id = 1;
--   Sesión B: BEGIN; UPDATE portal.budget SET amount = amount - 100 WHERE budget_id = 2;
--   Sesión A: UPDATE portal.budget SET amount = amount + 100 WHERE budget_id = 2;   -- espera a B
--   Sesión B: UPDATE portal.budget SET amount = amount + 100 WHERE budget_id = 1;   -- ciclo
--   Tras deadlock_timeout (1 s) una de las dos recibe:
--     ERROR:  deadlock detected   (SQLSTATE 40P01)
--   y la otra continúa. Terminar ambas con ROLLBACK.
--   Mientras A espera, desde una tercera sesión:  SELECT * FROM demo.v_lock_waits;  (940)
-- La corrección: todas las transacciones bloquean las filas en el mismo orden
-- (menor budget_id primero). Así una espera a la otra, pero nunca se forma un ciclo.
-- =============================================================================
BEGIN;

-- Versión ingenua: bloquea primero el origen y luego el destino.
CREATE OR REPLACE FUNCTION demo.transfer_budget_unordered(p_from integer, p_to integer, p_amount numeric)
RETURNS void
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
BEGIN
    UPDATE portal.budget SET amount = amount - p_amount WHERE budget_id = p_from;
    UPDATE portal.budget SET amount = amount + p_amount WHERE budget_id = p_to;
END
$$;

-- Corrección: bloquear ambas filas en un orden global (budget_id ascendente)
-- antes de modificarlas. Dos transferencias opuestas ya no pueden formar un ciclo.
CREATE OR REPLACE FUNCTION demo.transfer_budget_ordered(p_from integer, p_to integer, p_amount numeric)
RETURNS void
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
BEGIN
    PERFORM 1 FROM portal.budget
    WHERE budget_id IN (p_from, p_to)
    ORDER BY budget_id
    FOR UPDATE;
    UPDATE portal.budget SET amount = amount - p_amount WHERE budget_id = p_from;
    UPDATE portal.budget SET amount = amount + p_amount WHERE budget_id = p_to;
END
$$;

-- Envoltorio de reintento: cada intento corre en un subbloque (un SAVEPOINT
-- implícito); si PostgreSQL lo elige como víctima (40P01) se deshace solo ese
-- intento, se liberan sus bloqueos y se vuelve a intentar. Devuelve el número de
-- intentos usados; agotados los intentos, relanza el error original.
CREATE OR REPLACE FUNCTION demo.transfer_budget_with_retry(
    p_from integer, p_to integer, p_amount numeric, p_max_attempts integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
DECLARE
    v_attempt integer := 0;
BEGIN
    LOOP
        v_attempt := v_attempt + 1;
        BEGIN
            PERFORM demo.transfer_budget_unordered(p_from, p_to, p_amount);
            RETURN v_attempt;
        EXCEPTION WHEN deadlock_detected THEN
            IF v_attempt >= p_max_attempts THEN
                RAISE;
            END IF;
            RAISE NOTICE 'intento % abortado por interbloqueo; reintentando', v_attempt;
        END;
    END LOOP;
END
$$;

COMMIT;

-- =============================================================================
-- 920_demo_deadlocks.sql
-- Purpose : demostración de interbloqueos (SAL-6) sobre portal.budget: dos
--           sesiones mueven presupuesto entre dos trimestres bloqueando las filas en
--           orden opuesto; PostgreSQL detecta el ciclo (deadlock_timeout) y aborta a
--           una con SQLSTATE 40P01. Se incluyen la corrección por orden de bloqueo y
--           un envoltorio de reintento con política documentada (hasta N intentos,
--           luego 40P01 con mensaje propio).
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
--   Tras deadlock_timeout (1 s) B recibe:
--     ERROR:  deadlock detected   (SQLSTATE 40P01)
--   y A continúa. Terminar ambas con ROLLBACK.
--   ¿Cuál es la víctima? La que ejecuta la comprobación de interbloqueo: cada sesión
--   en espera la ejecuta una sola vez, deadlock_timeout después de empezar a esperar,
--   y aborta a sí misma si encuentra el ciclo. Aquí A empezó a esperar antes de que
--   existiera el ciclo (no encuentra nada) y B lo cerró: B lo encuentra. Con
--   SET deadlock_timeout distinto por sesión se decide quién comprueba primero.
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

-- Envoltorio de reintento. Política documentada (docs/promptsales.md, «Interbloqueos (920)»):
--   * hasta p_max_attempts intentos (por defecto 3; se admiten de 1 a 10; fuera de ese rango o NULL:
--     SQLSTATE 22023 antes de tocar nada);
--   * cada intento corre en un subbloque (un SAVEPOINT implícito): si PostgreSQL lo elige como víctima
--     (40P01) se deshace solo ese intento y se liberan los bloqueos que tomó; lo que la transacción hizo
--     antes de llamar al envoltorio se conserva;
--   * antes de reintentar espera 50 ms, 100 ms, 200 ms… (el doble cada vez, tope 1 s), y cada intento
--     perdido se avisa con un NOTICE. La espera deja que la transacción que ganó tome la fila que el
--     intento perdido liberó: reintentando de inmediato, con la máquina ocupada, el reintento volvía a
--     tomar esa fila antes que la ganadora y se formaba el mismo ciclo (medido con ./promptsales stress:
--     18 de 40 ejecuciones perdieron los cinco intentos o necesitaron los cinco);
--   * agotados los intentos lanza 40P01 con un mensaje propio («… abandonada tras N intentos …») y el
--     error del último intento en DETAIL; como cualquier error, aborta la transacción del llamador (y
--     libera sus bloqueos) salvo que este lo capture en su propio subbloque.
-- Devuelve el número de intentos usados.
CREATE OR REPLACE FUNCTION demo.transfer_budget_with_retry(
    p_from integer, p_to integer, p_amount numeric, p_max_attempts integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
DECLARE
    v_attempt integer := 0;
    v_last_error text;
    v_backoff_ms integer;
BEGIN
    IF p_max_attempts IS NULL OR p_max_attempts NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION 'demo.transfer_budget_with_retry: p_max_attempts debe estar entre 1 y 10 (recibido %)',
            coalesce(p_max_attempts::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    LOOP
        v_attempt := v_attempt + 1;
        BEGIN
            PERFORM demo.transfer_budget_unordered(p_from, p_to, p_amount);
            RETURN v_attempt;
        EXCEPTION WHEN deadlock_detected THEN
            GET STACKED DIAGNOSTICS v_last_error = MESSAGE_TEXT;
            IF v_attempt >= p_max_attempts THEN
                RAISE EXCEPTION 'demo.transfer_budget_with_retry: transferencia % -> % abandonada tras % intentos, '
                    'todos abortados por interbloqueo', p_from, p_to, v_attempt
                    USING ERRCODE = 'deadlock_detected',
                          DETAIL = 'último error: ' || v_last_error,
                          HINT = 'Deshaga la transacción y reinténtela más tarde, o bloquee las filas en orden '
                                 '(demo.transfer_budget_ordered).';
            END IF;
            v_backoff_ms := least(50 * power(2, v_attempt - 1), 1000)::integer;
            RAISE NOTICE 'intento % de % abortado por interbloqueo; reintento en % ms',
                v_attempt, p_max_attempts, v_backoff_ms;
        END;
        PERFORM pg_sleep(v_backoff_ms / 1000.0);
    END LOOP;
END
$$;

COMMIT;

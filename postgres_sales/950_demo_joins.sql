-- =============================================================================
-- 950_demo_joins.sql
-- Purpose : COALESCE, CASE, LEFT / RIGHT / CROSS JOIN sobre el esquema real
--           (SAL-6), como vistas que la clase puede consultar.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 100_seed_portal.sql (results appear once the ETL has fed summaries).
-- Re-runnable: yes (CREATE OR REPLACE VIEW).
-- Leaves behind: views demo.v_company_campaign_coverage, demo.v_campaign_results,
--           demo.v_channel_market_grid.
-- Requirements: SAL-6.
-- Verify  : SELECT * FROM demo.v_company_campaign_coverage ORDER BY company_code LIMIT 10;
-- =============================================================================
BEGIN;

-- LEFT JOIN: todas las empresas, tengan o no campañas con resultados.
-- COALESCE convierte la ausencia de resultados (NULL) en 0; CASE clasifica.
CREATE OR REPLACE VIEW demo.v_company_campaign_coverage AS
SELECT cc.company_code,
       cc.name AS company_name,
       count(DISTINCT c.campaign_id) AS campaigns,
       count(DISTINCT s.campaign_code) AS campaigns_with_results,
       coalesce(sum(s.sales_amount), 0) AS sales_amount,
       coalesce(sum(s.cost), 0) AS cost,
       CASE WHEN count(s.campaign_code) = 0 THEN 'sin resultados aún'
            WHEN coalesce(sum(s.cost), 0) = 0 THEN 'sin inversión registrada'
            WHEN sum(s.sales_amount) >= 2 * sum(s.cost) THEN 'rentable (ROI ≥ 100%)'
            WHEN sum(s.sales_amount) >= sum(s.cost) THEN 'recupera la inversión'
            ELSE 'pierde dinero' END AS performance_band
FROM portal.client_company cc
LEFT JOIN portal.campaign c ON c.company_id = cc.company_id
LEFT JOIN summary.campaign s ON s.campaign_code = c.campaign_code
GROUP BY cc.company_code, cc.name;

-- RIGHT JOIN: el resumen a la izquierda y el portal a la derecha, para conservar
-- todas las campañas diseñadas aunque el ETL todavía no haya traído nada.
CREATE OR REPLACE VIEW demo.v_campaign_results AS
SELECT c.campaign_code,
       c.lifecycle_status AS portal_status,
       coalesce(s.status_code, 'sin datos de PromptAds') AS execution_status,
       coalesce(s.reach, 0) AS reach,
       coalesce(s.sales_amount, 0) AS sales_amount,
       coalesce(s.success_pct, 0) AS success_pct,
       CASE WHEN s.campaign_code IS NULL THEN 'pendiente'
            WHEN s.success_pct >= 100 THEN 'meta cumplida'
            WHEN s.success_pct >= 50 THEN 'en camino'
            ELSE 'por debajo de la meta' END AS goal_status
FROM summary.campaign s
RIGHT JOIN portal.campaign c ON c.campaign_code = s.campaign_code;

-- CROSS JOIN: la cuadrícula completa canal × mercado (9 × 14 = 126 celdas), y un
-- LEFT JOIN a los resultados diarios para que las combinaciones sin datos salgan en 0.
CREATE OR REPLACE VIEW demo.v_channel_market_grid AS
SELECT ch.channel_code, co.country_code AS market_code,
       coalesce(r.impressions, 0) AS impressions,
       coalesce(r.sales_amount, 0) AS sales_amount,
       CASE WHEN r.impressions IS NULL THEN 'sin actividad' ELSE 'con actividad' END AS activity
FROM portal.channel ch
CROSS JOIN portal.country co
LEFT JOIN (SELECT channel_code, market_code, sum(impressions) AS impressions, sum(sales_amount) AS sales_amount
           FROM summary.campaign_daily GROUP BY channel_code, market_code) AS r
       ON r.channel_code = ch.channel_code AND r.market_code = co.country_code;

-- Ejemplos para la clase:
SELECT performance_band, count(*) FROM demo.v_company_campaign_coverage GROUP BY 1 ORDER BY 2 DESC;
SELECT goal_status, count(*) FROM demo.v_campaign_results GROUP BY 1 ORDER BY 2 DESC;
SELECT activity, count(*) FROM demo.v_channel_market_grid GROUP BY 1;

COMMIT;

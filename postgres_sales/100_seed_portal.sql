-- =============================================================================
-- 100_seed_portal.sql
-- Purpose : algorithmic, reproducible portal data (SAL-1). Every value comes from
--           seed.rnd(seed, salt, n) (md5-based, no random()), dates are relative
--           to promptsales.as_of, never to the wall clock.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 080_grant_roles.sql.
-- Re-runnable: yes. Skips when seed.run already records the same (scale, as_of,
--           seed); otherwise truncates the portal (cascading to summaries and
--           consent), empties the ETL landing tables and run log, resets the
--           watermarks to 0 and regenerates deterministically.
-- Parameters (GUCs, e.g. PGOPTIONS='-c promptsales.scale=small'):
--           promptsales.scale small | full (default full), promptsales.as_of
--           (default 2026-01-31), promptsales.seed (default 20250701).
-- Leaves behind (small / full):
--           client companies 200 / 200 (CO-0001..CO-0200, shared identity formula),
--           products 770 / 770, sales goals and budgets 1,200 / 1,200 each,
--           contacts 600 / 2,000, users 60 / 400 (40 / 320 sales agents),
--           campaigns 1,100 / 6,400 (CMP-000001..; 1..1,000 executed by PromptAds;
--           full adds 5,400 portal campaigns: 105 / 5,264 active, NFR-S3),
--           one strategy per campaign, 3 AI proposals per campaign, 4 calendar
--           tasks per campaign, 12 subscription plans, 14 integrations,
--           4 MCP servers, MCP calls 2,000 / 50,000, consent 2 per contact.
-- Requirements: SAL-1, NFR-S3, NFR-SEC5 (consent records), OPS-5.
-- Verify  : SELECT * FROM seed.run;  SELECT count(*) FROM portal.campaign WHERE lifecycle_status = 'active';
-- =============================================================================
BEGIN;

-- ---------------------------------------------------------------- generator helpers
CREATE OR REPLACE FUNCTION seed.rnd(p_seed integer, p_salt text, p_n bigint)
RETURNS numeric
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
AS $$
    -- Uniform in [0, 1): first 32 bits of md5(seed:salt:n).
    SELECT ('x' || substr(md5(p_seed::text || ':' || p_salt || ':' || p_n::text), 1, 8))::bit(32)::bigint
           / 4294967296.0;
$$;

CREATE OR REPLACE FUNCTION seed.rint(p_seed integer, p_salt text, p_n bigint, p_lo integer, p_hi integer)
RETURNS integer
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
AS $$
    SELECT p_lo + floor(seed.rnd(p_seed, p_salt, p_n) * (p_hi - p_lo + 1))::integer;
$$;

CREATE OR REPLACE FUNCTION seed.pick(p_seed integer, p_salt text, p_n bigint, p_options text[])
RETURNS text
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
AS $$
    SELECT p_options[1 + floor(seed.rnd(p_seed, p_salt, p_n) * cardinality(p_options))::integer];
$$;

-- Cross-database identity (repository contract): CO-nnnn and its name.
CREATE OR REPLACE FUNCTION seed.company_code(p_n integer)
RETURNS varchar
LANGUAGE sql
IMMUTABLE
AS $$ SELECT 'CO-' || lpad(p_n::text, 4, '0'); $$;

CREATE OR REPLACE FUNCTION seed.company_name(p_n integer)
RETURNS varchar
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT (ARRAY['Aurora', 'Brisa', 'Cumbre', 'Delta', 'Estrella', 'Faro', 'Granito', 'Horizonte', 'Índigo',
                  'Jade', 'Lumbre', 'Marea', 'Nácar', 'Olivo', 'Pino', 'Quetzal', 'Roble', 'Sendero',
                  'Trópico', 'Volcán'])[((p_n - 1) % 20) + 1]
           || ' ' ||
           (ARRAY['Alimentos', 'Tecnología', 'Moda', 'Salud', 'Hogar', 'Viajes', 'Finanzas', 'Educación',
                  'Deportes', 'Cosmética'])[((p_n - 1) / 20) + 1];
$$;

CREATE OR REPLACE FUNCTION seed.campaign_code(p_n integer)
RETURNS varchar
LANGUAGE sql
IMMUTABLE
AS $$ SELECT 'CMP-' || lpad(p_n::text, 6, '0'); $$;

-- Campaign n belongs to company ((n - 1) % 200) + 1 (repository contract).
CREATE OR REPLACE FUNCTION seed.campaign_company(p_n integer)
RETURNS integer
LANGUAGE sql
IMMUTABLE
AS $$ SELECT ((p_n - 1) % 200) + 1; $$;

CREATE OR REPLACE FUNCTION seed.ascii_slug(p_text text)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT regexp_replace(translate(lower(p_text), 'áéíóúüñç', 'aeiouunc'), '[^a-z0-9]+', '', 'g');
$$;

CREATE TABLE IF NOT EXISTS seed.run (
    scale        varchar(5) NOT NULL,
    as_of        date NOT NULL,
    seed         integer NOT NULL,
    row_counts   jsonb NOT NULL
);

-- ---------------------------------------------------------------- the generator
CREATE OR REPLACE FUNCTION seed.generate_portal(p_scale text, p_as_of date, p_seed integer)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY INVOKER
SET client_min_messages = warning
AS $$
DECLARE
    v_full        boolean := p_scale = 'full';
    v_contacts    integer := CASE WHEN p_scale = 'full' THEN 10 ELSE 3 END;   -- per company
    v_agents      integer := CASE WHEN p_scale = 'full' THEN 320 ELSE 40 END;
    v_marketers   integer := CASE WHEN p_scale = 'full' THEN 50 ELSE 10 END;
    v_approvers   integer := CASE WHEN p_scale = 'full' THEN 20 ELSE 6 END;
    v_admins      integer := CASE WHEN p_scale = 'full' THEN 10 ELSE 4 END;
    v_executed    integer := 1000;                                             -- PromptAds CampaignCount
    v_extra       integer := CASE WHEN p_scale = 'full' THEN 5400 ELSE 100 END;
    v_mcp_calls   integer := CASE WHEN p_scale = 'full' THEN 50000 ELSE 2000 END;
    v_users       integer;
    v_window_days integer := DATE '2026-01-31' - DATE '2024-07-01';
    v_counts      jsonb;
    s             integer := p_seed;
BEGIN
    IF p_scale NOT IN ('small', 'full') THEN
        RAISE EXCEPTION 'promptsales.scale must be small or full, not %', p_scale USING ERRCODE = '22023';
    END IF;
    -- Bulk generation is not user activity: keep it out of the audit trail.
    PERFORM set_config('promptsales.audit_suppress', 'on', true);
    PERFORM set_config('promptsales.etl_apply', 'on', true);   -- the cascade reaches the summaries

    TRUNCATE portal.industry, portal.country, portal.channel, portal.sub_company, portal.role,
             portal.permission, portal.subscription_plan, portal.mcp_server,
             etl.ads_campaign_landing, etl.ads_result_landing, etl.crm_lead_landing,
             etl.content_publication_landing, etl.run_log
             RESTART IDENTITY CASCADE;
    UPDATE etl.watermark SET last_version = 0, last_run_id = NULL, updated_at = NULL;
    DELETE FROM seed.run;

    -- reference data -----------------------------------------------------------
    INSERT INTO portal.industry (industry_id, name_es, name_en)
    SELECT n, es, en FROM unnest(
        ARRAY['Alimentos', 'Tecnología', 'Moda', 'Salud', 'Hogar', 'Viajes', 'Finanzas', 'Educación',
              'Deportes', 'Cosmética'],
        ARRAY['food', 'technology', 'fashion', 'health', 'home', 'travel', 'finance', 'education',
              'sports', 'cosmetics']) WITH ORDINALITY AS t (es, en, n);

    INSERT INTO portal.country (country_code, name, region, privacy_regime) VALUES
        ('US', 'Estados Unidos', 'Norteamérica', 'CCPA'), ('CA', 'Canadá', 'Norteamérica', 'local'),
        ('MX', 'México', 'Norteamérica', 'local'), ('GT', 'Guatemala', 'Centroamérica', 'local'),
        ('CR', 'Costa Rica', 'Centroamérica', 'local'), ('PA', 'Panamá', 'Centroamérica', 'local'),
        ('CO', 'Colombia', 'Sudamérica', 'local'), ('PE', 'Perú', 'Sudamérica', 'local'),
        ('CL', 'Chile', 'Sudamérica', 'local'), ('AR', 'Argentina', 'Sudamérica', 'local'),
        ('BR', 'Brasil', 'Sudamérica', 'local'), ('ES', 'España', 'Europa', 'GDPR'),
        ('DE', 'Alemania', 'Europa', 'GDPR'), ('FR', 'Francia', 'Europa', 'GDPR');

    INSERT INTO portal.channel (channel_code, name, channel_kind) VALUES
        ('facebook', 'Facebook', 'social'), ('instagram', 'Instagram', 'social'),
        ('tiktok', 'TikTok', 'social'), ('linkedin', 'LinkedIn', 'social'),
        ('google_ads', 'Google Ads', 'search'), ('email', 'Correo electrónico', 'email'),
        ('sms', 'SMS', 'sms'), ('influencer', 'Influencers', 'influencer'), ('web', 'Sitio web', 'web');

    INSERT INTO portal.sub_company (sub_company_code, name, funnel_stage) VALUES
        ('CONTENT', 'PromptContent', 'awareness'), ('ADS', 'PromptAds', 'interest'),
        ('CRM', 'PromptCrm', 'purchase'), ('SALES', 'PromptSales', 'all');

    -- client companies: identity formula shared by all four databases ---------
    INSERT INTO portal.client_company
        (company_id, company_code, name, industry_id, size_band, employee_count, country_code, city, created_at)
    SELECT n, seed.company_code(n), seed.company_name(n), ((n - 1) / 20) + 1, b.band,
           b.lo + floor(seed.rnd(s, 'employees', n) * (b.hi - b.lo))::integer,
           c.code, c.city,
           (DATE '2024-01-15' + seed.rint(s, 'company_created', n, 0, 160))::timestamp AT TIME ZONE 'UTC'
    FROM generate_series(1, 200) AS n
    CROSS JOIN LATERAL (SELECT seed.pick(s, 'size', n,
                               ARRAY['micro', 'small', 'small', 'medium', 'medium', 'medium', 'large', 'enterprise']) AS band) AS z
    CROSS JOIN LATERAL (SELECT CASE z.band WHEN 'micro' THEN 2 WHEN 'small' THEN 10 WHEN 'medium' THEN 50
                                          WHEN 'large' THEN 250 ELSE 1000 END AS lo,
                               CASE z.band WHEN 'micro' THEN 10 WHEN 'small' THEN 50 WHEN 'medium' THEN 250
                                          WHEN 'large' THEN 1000 ELSE 8000 END AS hi, z.band) AS b
    CROSS JOIN LATERAL (SELECT split_part(loc, ':', 1) AS code, split_part(loc, ':', 2) AS city
                        FROM (SELECT seed.pick(s, 'location', n, ARRAY[
                            'US:New York', 'US:Miami', 'US:Los Ángeles', 'US:Houston', 'CA:Toronto',
                            'MX:Ciudad de México', 'MX:Monterrey', 'MX:Guadalajara', 'GT:Ciudad de Guatemala',
                            'CR:San José', 'CR:Heredia', 'CR:Cartago', 'PA:Ciudad de Panamá', 'CO:Bogotá',
                            'CO:Medellín', 'PE:Lima', 'CL:Santiago', 'AR:Buenos Aires', 'BR:São Paulo',
                            'ES:Madrid', 'ES:Barcelona', 'DE:Berlín', 'FR:París']) AS loc) AS l) AS c;

    -- products and services: 4 per company from the industry's catalogue ------
    INSERT INTO portal.product (company_id, name, offering_kind, unit_price, currency)
    SELECT cc.company_id, p.item, CASE WHEN p.item ~* '^(servicio|plan|curso|asesoría|suscripción|seguro|membresía|consulta|paquete|tour|mantenimiento)' THEN 'service' ELSE 'product' END,
           round((5 + seed.rnd(s, 'price', cc.company_id * 10 + p.k) * 495)::numeric, 2), 'USD'
    FROM portal.client_company cc
    CROSS JOIN LATERAL (
        SELECT k, item FROM unnest((ARRAY[
            ARRAY['Café de altura tostado', 'Granola artesanal', 'Salsa picante de la casa', 'Suscripción de cajas gourmet', 'Chocolate amargo 70%', 'Jugo prensado en frío'],
            ARRAY['Router de malla Wi-Fi 6', 'Servicio de soporte en la nube', 'Audífonos inalámbricos', 'Plan de ciberseguridad pyme', 'Cargador solar portátil', 'Reloj inteligente'],
            ARRAY['Chaqueta impermeable', 'Tenis urbanos', 'Bolso de cuero vegano', 'Servicio de asesoría de imagen', 'Vestido de lino', 'Gafas de sol polarizadas'],
            ARRAY['Consulta de telemedicina', 'Multivitamínico diario', 'Plan de chequeo anual', 'Tensiómetro digital', 'Seguro dental familiar', 'Kit de primeros auxilios'],
            ARRAY['Sofá modular', 'Lámpara de pie LED', 'Servicio de mantenimiento de jardines', 'Juego de sábanas de algodón', 'Purificador de aire', 'Colchón ortopédico'],
            ARRAY['Paquete playa todo incluido', 'Tour cultural guiado', 'Seguro de viaje internacional', 'Maleta de cabina', 'Membresía de viajero frecuente', 'Crucero por el Caribe'],
            ARRAY['Cuenta de ahorro digital', 'Tarjeta de crédito sin anualidad', 'Asesoría de inversiones', 'Seguro de vida a término', 'Préstamo para pymes', 'Plan de retiro voluntario'],
            ARRAY['Curso de inglés en línea', 'Diplomado en analítica de datos', 'Plan de tutorías escolares', 'Tableta educativa', 'Campamento de robótica', 'Curso de programación web'],
            ARRAY['Bicicleta de ruta', 'Membresía de gimnasio', 'Zapatillas para correr', 'Plan de entrenamiento personal', 'Raqueta de pádel', 'Reloj deportivo GPS'],
            ARRAY['Sérum de vitamina C', 'Protector solar FPS 50', 'Servicio de limpieza facial', 'Perfume floral', 'Crema hidratante nocturna', 'Kit de maquillaje mineral']
        ])[cc.industry_id:cc.industry_id]) WITH ORDINALITY AS x (item, k)
        WHERE seed.rnd(s, 'catalogue', cc.company_id * 10 + k) < 0.62 OR k <= 2
        ORDER BY k LIMIT 4
    ) AS p
    ORDER BY cc.company_id, p.k;

    -- sales goals and budgets: six quarters, 2024-Q3 .. 2025-Q4 -----------------
    INSERT INTO portal.sales_goal (company_id, period_start, period_end, target_amount, target_units)
    SELECT cc.company_id, q::date, (q + interval '3 months' - interval '1 day')::date,
           round((20000 + seed.rnd(s, 'goal', cc.company_id * 100 + i) * 180000 * (1 + (cc.employee_count > 250)::int))::numeric, -2),
           100 + seed.rint(s, 'goal_units', cc.company_id * 100 + i, 0, 4000)
    FROM portal.client_company cc
    CROSS JOIN LATERAL generate_series(DATE '2024-07-01', DATE '2025-10-01', interval '3 months') WITH ORDINALITY AS g (q, i)
    ORDER BY cc.company_id, q;

    INSERT INTO portal.budget (company_id, fiscal_year, fiscal_quarter, amount)
    SELECT g.company_id, extract(year FROM g.period_start)::smallint, extract(quarter FROM g.period_start)::smallint,
           round(g.target_amount * (0.08 + seed.rnd(s, 'budget', g.sales_goal_id) * 0.17), -2)
    FROM portal.sales_goal g
    ORDER BY g.sales_goal_id;

    -- contacts -----------------------------------------------------------------
    INSERT INTO portal.contact (company_id, first_name, last_name, email, phone, job_title, country_code, is_primary)
    SELECT cc.company_id, f.first_name, l.last_name,
           seed.ascii_slug(f.first_name) || '.' || seed.ascii_slug(l.last_name) || k || '@'
               || seed.ascii_slug(cc.name) || '.example',
           '+' || (CASE cc.country_code WHEN 'US' THEN '1' WHEN 'CA' THEN '1' WHEN 'MX' THEN '52' WHEN 'GT' THEN '502'
                   WHEN 'CR' THEN '506' WHEN 'PA' THEN '507' WHEN 'CO' THEN '57' WHEN 'PE' THEN '51'
                   WHEN 'CL' THEN '56' WHEN 'AR' THEN '54' WHEN 'BR' THEN '55' WHEN 'ES' THEN '34'
                   WHEN 'DE' THEN '49' ELSE '33' END)
               || ' ' || lpad(seed.rint(s, 'phone', cc.company_id * 100 + k, 20000000, 89999999)::text, 8, '0'),
           seed.pick(s, 'job', cc.company_id * 100 + k, ARRAY['Gerente de mercadeo', 'Directora comercial',
               'Jefe de compras', 'Coordinadora de marca', 'Gerente general', 'Analista de ventas',
               'Director financiero', 'Especialista en comercio electrónico']),
           cc.country_code, k = 1
    FROM portal.client_company cc
    CROSS JOIN generate_series(1, v_contacts) AS k
    CROSS JOIN LATERAL (SELECT seed.pick(s, 'first', cc.company_id * 100 + k, ARRAY['María', 'José', 'Lucía',
        'Carlos', 'Ana', 'Daniel', 'Valeria', 'Andrés', 'Sofía', 'Miguel', 'Camila', 'Javier', 'Gabriela',
        'Diego', 'Fernanda', 'Ricardo', 'Paula', 'Esteban', 'Natalia', 'Tomás', 'Emily', 'James', 'Laura',
        'Hannah', 'Lukas', 'Claire', 'Mateo', 'Isabel', 'Rodrigo', 'Adriana']) AS first_name) AS f
    CROSS JOIN LATERAL (SELECT seed.pick(s, 'last', cc.company_id * 100 + k, ARRAY['Rodríguez', 'Vargas',
        'Jiménez', 'Mora', 'Hernández', 'Rojas', 'Castro', 'Solís', 'Araya', 'Chaves', 'García', 'Martínez',
        'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Morales', 'Smith',
        'Johnson', 'Müller', 'Dubois', 'Silva', 'Quesada', 'Alfaro', 'Cordero', 'Zamora', 'Brenes']) AS last_name) AS l
    ORDER BY cc.company_id, k;

    -- users, portal roles and permissions -------------------------------------
    INSERT INTO portal.role (role_code, description) VALUES
        ('marketer', 'Designs strategies and campaigns, requests AI proposals'),
        ('sales_agent', 'Serves assigned client companies and their contacts'),
        ('approver', 'Approves or rejects AI proposals before execution'),
        ('administrator', 'Manages users, subscriptions, integrations and MCP servers'),
        ('analyst', 'Reads campaign results and reports');
    INSERT INTO portal.permission (permission_code, description) VALUES
        ('campaign.design', 'Create and edit campaign designs and strategies'),
        ('proposal.request', 'Ask the AI for campaign, content, timing or media proposals'),
        ('proposal.approve', 'Approve, reject or request changes on AI proposals'),
        ('calendar.manage', 'Create tasks, reminders and deliverable reviews'),
        ('client.read_assigned', 'Read the assigned client companies and contacts'),
        ('client.manage', 'Create and edit client companies, products, goals and budgets'),
        ('results.read', 'Read campaign results and summaries'),
        ('integration.manage', 'Configure integrations and token references'),
        ('mcp.manage', 'Register MCP servers and inspect their call log'),
        ('subscription.manage', 'Manage plans and subscriptions'),
        ('user.manage', 'Create users and grant portal roles'),
        ('privacy.erase', 'Run right-to-erasure requests');
    INSERT INTO portal.role_permission (role_code, permission_code)
    SELECT r, p FROM (VALUES
        ('marketer', 'campaign.design'), ('marketer', 'proposal.request'), ('marketer', 'calendar.manage'),
        ('marketer', 'results.read'), ('sales_agent', 'client.read_assigned'), ('sales_agent', 'results.read'),
        ('sales_agent', 'calendar.manage'), ('approver', 'proposal.approve'), ('approver', 'results.read'),
        ('analyst', 'results.read')) AS v (r, p)
    UNION ALL
    SELECT 'administrator', permission_code FROM portal.permission;

    v_users := v_agents + v_marketers + v_approvers + v_admins;
    INSERT INTO portal.app_user (email, full_name, user_kind, sub_company_code, created_at)
    SELECT seed.ascii_slug(f) || '.' || seed.ascii_slug(l) || '.' || n || '@promptsales.example',
           f || ' ' || l, k.kind,
           CASE WHEN k.kind = 'sales_agent' THEN 'CRM' WHEN k.kind = 'marketer' THEN seed.pick(s, 'subco', n, ARRAY['CONTENT', 'ADS'])
                ELSE 'SALES' END,
           (DATE '2024-03-01' + seed.rint(s, 'user_created', n, 0, 120))::timestamp AT TIME ZONE 'UTC'
    FROM generate_series(1, v_users) AS n
    CROSS JOIN LATERAL (SELECT CASE WHEN n <= v_agents THEN 'sales_agent'
                                    WHEN n <= v_agents + v_marketers THEN 'marketer'
                                    WHEN n <= v_agents + v_marketers + v_approvers THEN 'approver'
                                    ELSE 'administrator' END AS kind) AS k
    CROSS JOIN LATERAL (SELECT seed.pick(s, 'ufirst', n, ARRAY['Alejandra', 'Bruno', 'Carolina', 'David',
        'Elena', 'Felipe', 'Gloria', 'Héctor', 'Irene', 'Jorge', 'Karla', 'Luis', 'Mónica', 'Nicolás',
        'Olga', 'Pablo', 'Raquel', 'Sergio', 'Teresa', 'Víctor']) AS f,
        seed.pick(s, 'ulast', n, ARRAY['Acuña', 'Barquero', 'Calderón', 'Delgado', 'Esquivel', 'Fallas',
        'Guzmán', 'Herrera', 'Ibarra', 'Jara', 'Leiva', 'Madrigal', 'Navarro', 'Obando', 'Porras',
        'Quirós', 'Ruiz', 'Salazar', 'Umaña', 'Villalobos']) AS l) AS names
    ORDER BY n;

    INSERT INTO portal.user_role (user_id, role_code, granted_at)
    SELECT user_id, CASE user_kind WHEN 'administrator' THEN 'administrator' ELSE user_kind END, created_at
    FROM portal.app_user
    UNION ALL
    SELECT user_id, 'analyst', created_at + interval '30 days' FROM portal.app_user WHERE user_kind = 'marketer'
    ORDER BY 1, 2;

    -- each company is served by two agents (round robin keeps the load even)
    INSERT INTO portal.agent_assignment (user_id, company_id, assigned_on)
    SELECT a.user_id, cc.company_id, (cc.created_at + interval '10 days')::date
    FROM portal.client_company cc
    CROSS JOIN generate_series(0, 1) AS j
    JOIN LATERAL (SELECT user_id FROM portal.app_user WHERE user_kind = 'sales_agent'
                  ORDER BY user_id OFFSET ((cc.company_id - 1) * 2 + j) % v_agents LIMIT 1) AS a ON true
    ORDER BY cc.company_id, j
    ON CONFLICT DO NOTHING;

    -- subscription plans: three tiers per sub-company and for the whole ecosystem
    INSERT INTO portal.subscription_plan (plan_code, plan_scope, sub_company_code, tier, monthly_price,
                                          max_active_campaigns, max_seats)
    SELECT lower(coalesce(sc, 'ecosystem')) || '_' || t.tier,
           CASE WHEN sc IS NULL THEN 'ecosystem' ELSE 'sub_company' END, sc, t.tier,
           t.price * CASE WHEN sc IS NULL THEN 2.5 ELSE 1 END, t.campaigns, t.seats
    FROM unnest(ARRAY['CONTENT', 'ADS', 'CRM', NULL]) AS sc
    CROSS JOIN (VALUES ('starter', 149.00, 5, 3), ('growth', 499.00, 25, 15),
                       ('enterprise', 1890.00, 200, 100)) AS t (tier, price, campaigns, seats);

    INSERT INTO portal.subscription (company_id, plan_code, starts_on, ends_on, status)
    SELECT cc.company_id,
           CASE WHEN seed.rnd(s, 'plan_scope', cc.company_id) < 0.35 THEN 'ecosystem'
                ELSE seed.pick(s, 'plan_sub', cc.company_id, ARRAY['content', 'ads', 'crm']) END
           || '_' || CASE cc.size_band WHEN 'enterprise' THEN 'enterprise' WHEN 'large' THEN 'enterprise'
                                       WHEN 'medium' THEN 'growth' ELSE 'starter' END,
           cc.created_at::date, NULL, 'active'
    FROM portal.client_company cc
    ORDER BY cc.company_id;

    -- campaigns: 1..1000 executed by PromptAds, then portal-only designs -------
    INSERT INTO portal.campaign (campaign_id, campaign_code, company_id, name, objective, lifecycle_status,
                                 planned_start, planned_end, planned_budget, sales_goal_amount, created_by,
                                 created_at, executed_by_ads)
    SELECT n, seed.campaign_code(n), seed.campaign_company(n),
           seed.company_name(seed.campaign_company(n)) || ' · ' || th.theme || ' ' ||
               to_char(d.start_on, 'YYYY-MM'),
           o.objective,
           CASE WHEN n <= v_executed THEN CASE WHEN d.end_on >= p_as_of THEN 'active' ELSE 'closed' END
                WHEN v_full THEN CASE WHEN n % 25 = 0 THEN 'approved' ELSE 'active' END
                ELSE (ARRAY['draft', 'in_review', 'approved', 'active'])[1 + n % 4] END,
           d.start_on, d.end_on, b.budget, round(b.budget * (2 + seed.rnd(s, 'goal_factor', n) * 4), -2),
           mk.user_id, (d.start_on - seed.rint(s, 'lead_time', n, 10, 45))::timestamp AT TIME ZONE 'UTC',
           n <= v_executed
    FROM generate_series(1, v_executed + v_extra) AS n
    CROSS JOIN LATERAL (SELECT seed.pick(s, 'objective', n, ARRAY['awareness', 'interest', 'consideration',
                               'purchase', 'purchase']) AS objective) AS o
    CROSS JOIN LATERAL (SELECT seed.pick(s, 'theme', n, ARRAY['Lanzamiento', 'Temporada navideña',
                               'Regreso a clases', 'Venta de verano', 'Fidelización', 'Día de la madre',
                               'Black Friday', 'Aniversario', 'Nueva colección', 'Prueba gratuita']) AS theme) AS th
    CROSS JOIN LATERAL (
        SELECT st AS start_on, least(st + seed.rint(s, 'duration', n, 14, 90), DATE '2026-01-31'
                                     + CASE WHEN n > v_executed THEN 120 ELSE 0 END) AS end_on
        FROM (SELECT CASE WHEN n <= v_executed
                          THEN DATE '2024-07-01' + floor(seed.rnd(s, 'start', n) * (v_window_days - 14))::integer
                          ELSE p_as_of - seed.rint(s, 'start', n, 0, 60) + CASE WHEN n % 4 < 2 AND NOT v_full THEN 30 ELSE 0 END
                     END AS st) AS x) AS d
    CROSS JOIN LATERAL (SELECT round((2000 + seed.rnd(s, 'budget', n) * 48000)::numeric, -2) AS budget) AS b
    CROSS JOIN LATERAL (SELECT user_id FROM portal.app_user WHERE user_kind = 'marketer'
                        ORDER BY user_id OFFSET n % v_marketers LIMIT 1) AS mk
    ORDER BY n;

    -- strategies: message, intent, audiences, products, countries, channels ----
    INSERT INTO portal.strategy (campaign_id, key_message, purchase_intent, designed_by, designed_at)
    SELECT c.campaign_id,
           seed.pick(s, 'msg_open', c.campaign_id, ARRAY['Descubre', 'Vive', 'Aprovecha', 'Elige', 'Renueva'])
               || ' ' || lower(left(p.name, 1)) || substr(p.name, 2) || ' de ' || cc.name || ': '
               || seed.pick(s, 'msg_benefit', c.campaign_id, ARRAY['calidad que se nota desde el primer día',
                  'ahorra tiempo y dinero este mes', 'hecho para tu ritmo de vida',
                  'con envío gratis a todo el país', 'la opción preferida de miles de clientes',
                  'acompañamiento experto en cada paso']),
           c.objective, c.created_by, c.created_at
    FROM portal.campaign c
    JOIN portal.client_company cc ON cc.company_id = c.company_id
    JOIN LATERAL (SELECT name FROM portal.product pr WHERE pr.company_id = c.company_id
                  ORDER BY pr.product_id OFFSET c.campaign_id % 2 LIMIT 1) AS p ON true
    ORDER BY c.campaign_id;

    INSERT INTO portal.strategy_audience (strategy_id, audience_name, age_min, age_max, interests)
    SELECT st.strategy_id, a.name, a.age_min, a.age_max, a.interests
    FROM portal.strategy st
    CROSS JOIN LATERAL (
        SELECT * FROM (VALUES
            (1, 'Jóvenes digitales', 18, 29, ARRAY['redes sociales', 'música', 'tecnología']),
            (2, 'Familias urbanas', 30, 45, ARRAY['hogar', 'educación', 'ahorro']),
            (3, 'Profesionales ocupados', 28, 50, ARRAY['productividad', 'viajes', 'finanzas']),
            (4, 'Adultos activos', 45, 65, ARRAY['salud', 'deporte', 'bienestar']),
            (5, 'Compradores de temporada', 25, 60, ARRAY['ofertas', 'regalos', 'moda'])) AS v (k, name, age_min, age_max, interests)
        WHERE v.k IN (1 + st.strategy_id % 5, 1 + (st.strategy_id + 2) % 5)) AS a
    ORDER BY st.strategy_id, a.name;

    INSERT INTO portal.strategy_product (strategy_id, product_id)
    SELECT st.strategy_id, pr.product_id
    FROM portal.strategy st
    JOIN portal.campaign c ON c.campaign_id = st.campaign_id
    JOIN portal.product pr ON pr.company_id = c.company_id
    WHERE seed.rnd(s, 'strategy_product', st.strategy_id * 1000 + pr.product_id % 1000) < 0.5
       OR pr.product_id = (SELECT min(product_id) FROM portal.product WHERE company_id = c.company_id)
    ORDER BY 1, 2;

    INSERT INTO portal.strategy_country (strategy_id, country_code)
    SELECT DISTINCT st.strategy_id, x.code
    FROM portal.strategy st
    JOIN portal.campaign c ON c.campaign_id = st.campaign_id
    JOIN portal.client_company cc ON cc.company_id = c.company_id
    CROSS JOIN LATERAL (SELECT cc.country_code AS code
                        UNION ALL
                        SELECT seed.pick(s, 'market', st.strategy_id * 10 + g,
                               ARRAY['US', 'MX', 'CR', 'CO', 'ES', 'GT', 'PA', 'CL', 'PE', 'AR'])
                        FROM generate_series(1, seed.rint(s, 'markets', st.strategy_id, 0, 2)) AS g) AS x
    ORDER BY 1, 2;

    INSERT INTO portal.strategy_channel (strategy_id, channel_code)
    SELECT DISTINCT st.strategy_id,
           seed.pick(s, 'channel', st.strategy_id * 10 + g, ARRAY['facebook', 'instagram', 'tiktok', 'linkedin',
                     'google_ads', 'email', 'sms', 'influencer', 'web'])
    FROM portal.strategy st
    CROSS JOIN LATERAL generate_series(1, seed.rint(s, 'channels', st.strategy_id, 2, 4)) AS g
    ORDER BY 1, 2;

    -- AI proposals and their human review -------------------------------------
    INSERT INTO portal.ai_proposal (campaign_id, proposal_kind, model_name, summary, payload, status, proposed_at)
    SELECT c.campaign_id, k.kind,
           seed.pick(s, 'model', c.campaign_id * 10 + k.i, ARRAY['gpt-4o', 'claude-sonnet', 'gemini-1.5-pro']),
           CASE k.kind
               WHEN 'campaign' THEN 'Campaña de ' || c.objective || ' con presupuesto sugerido de USD ' || to_char(c.planned_budget, 'FM999G999')
               WHEN 'content' THEN 'Serie de ' || seed.rint(s, 'pieces', c.campaign_id, 3, 12) || ' piezas visuales y copys para ' || c.name
               WHEN 'timing' THEN 'Publicar de martes a jueves entre 18:00 y 21:00 hora local del mercado'
               ELSE 'Distribuir la inversión: ' || seed.rint(s, 'mix', c.campaign_id, 40, 70) || '% social, resto búsqueda y correo'
           END,
           jsonb_build_object('campaign_code', c.campaign_code, 'kind', k.kind,
                              'confidence', round(seed.rnd(s, 'confidence', c.campaign_id * 10 + k.i)::numeric, 2)),
           CASE WHEN c.lifecycle_status IN ('draft') THEN 'pending'
                WHEN c.lifecycle_status = 'in_review' AND k.i > 2 THEN 'pending'
                WHEN seed.rnd(s, 'decision', c.campaign_id * 10 + k.i) < 0.12 THEN 'rejected'
                WHEN seed.rnd(s, 'decision', c.campaign_id * 10 + k.i) < 0.20 THEN 'changes_requested'
                ELSE 'approved' END,
           c.created_at + (k.i || ' hours')::interval
    FROM portal.campaign c
    CROSS JOIN (VALUES (1, 'campaign'), (2, 'content'), (3, seed.pick(p_seed, 'third', 1, ARRAY['timing', 'media']))) AS k (i, kind)
    ORDER BY c.campaign_id, k.i;

    INSERT INTO portal.proposal_review (proposal_id, reviewer_id, decision, decided_at, reason, changes)
    SELECT p.proposal_id, ap.user_id, p.status, p.proposed_at + interval '1 day',
           CASE p.status WHEN 'approved' THEN 'Alineada con el objetivo y el presupuesto del cliente'
                         WHEN 'rejected' THEN 'El tono no corresponde a la marca; se descarta'
                         ELSE 'Ajustar el presupuesto y el horario antes de aprobar' END,
           CASE p.status WHEN 'changes_requested'
                THEN jsonb_build_object('planned_budget', jsonb_build_object('from', c.planned_budget,
                                        'to', round(c.planned_budget * 0.9, 2)))
                ELSE '{}'::jsonb END
    FROM portal.ai_proposal p
    JOIN portal.campaign c ON c.campaign_id = p.campaign_id
    JOIN LATERAL (SELECT user_id FROM portal.app_user WHERE user_kind = 'approver'
                  ORDER BY user_id OFFSET p.proposal_id % v_approvers LIMIT 1) AS ap ON true
    WHERE p.status <> 'pending'
    ORDER BY p.proposal_id;

    -- campaign calendar ----------------------------------------------------------
    INSERT INTO portal.calendar_task (campaign_id, task_kind, title, due_at, assigned_to, automation, status)
    SELECT c.campaign_id, t.kind, t.title || ' — ' || c.campaign_code,
           (c.planned_start + t.offset_days)::timestamp AT TIME ZONE 'UTC' + interval '14 hours',
           CASE WHEN t.kind = 'automated' THEN NULL ELSE c.created_by END, t.automation,
           CASE WHEN c.planned_start + t.offset_days < p_as_of THEN 'done'
                WHEN c.planned_start + t.offset_days < p_as_of + 7 THEN 'in_progress' ELSE 'pending' END
    FROM portal.campaign c
    CROSS JOIN (VALUES ('manual', 'Aprobar brief creativo', -7, NULL),
                       ('deliverable_review', 'Revisar piezas finales', -2, NULL),
                       ('automated', 'Publicar primera ola de anuncios', 0, 'ads.publish_wave'),
                       ('automated', 'Enviar reporte semanal de resultados', 7, 'report.weekly_results'))
         AS t (kind, title, offset_days, automation)
    ORDER BY c.campaign_id, t.offset_days;

    INSERT INTO portal.reminder (task_id, remind_at, via, sent_at)
    SELECT t.task_id, t.due_at - interval '1 day', seed.pick(s, 'via', t.task_id, ARRAY['email', 'push', 'slack']),
           CASE WHEN t.due_at - interval '1 day' < p_as_of THEN t.due_at - interval '1 day' END
    FROM portal.calendar_task t
    WHERE t.task_kind <> 'automated'
    ORDER BY t.task_id;

    INSERT INTO portal.deliverable_review (task_id, reviewer_id, verdict, reviewed_at, notes)
    SELECT t.task_id, t.assigned_to,
           CASE WHEN seed.rnd(s, 'verdict', t.task_id) < 0.8 THEN 'accepted' ELSE 'rework' END,
           t.due_at,
           CASE WHEN seed.rnd(s, 'verdict', t.task_id) < 0.8 THEN 'Piezas aprobadas sin cambios'
                ELSE 'Corregir el llamado a la acción y el logotipo' END
    FROM portal.calendar_task t
    WHERE t.task_kind = 'deliverable_review' AND t.status = 'done'
    ORDER BY t.task_id;

    INSERT INTO portal.alert (campaign_id, alert_kind, severity, message, raised_at, acknowledged_by, acknowledged_at)
    SELECT c.campaign_id, a.kind, a.severity, a.message,
           (c.planned_start + seed.rint(s, 'alert_day', c.campaign_id, 3, 12))::timestamp AT TIME ZONE 'UTC',
           CASE WHEN c.lifecycle_status = 'closed' THEN c.created_by END,
           CASE WHEN c.lifecycle_status = 'closed'
                THEN (c.planned_start + seed.rint(s, 'alert_day', c.campaign_id, 3, 12))::timestamp AT TIME ZONE 'UTC' + interval '3 hours' END
    FROM portal.campaign c
    CROSS JOIN LATERAL (SELECT * FROM (VALUES
        (0, 'budget_pacing', 'warning', 'El gasto diario supera en 20% el ritmo planificado'),
        (1, 'low_ctr', 'info', 'La tasa de clics está por debajo del promedio del sector'),
        (2, 'negative_sentiment', 'critical', 'Aumento de comentarios negativos en redes sociales'))
        AS v (k, kind, severity, message)
        WHERE v.k = c.campaign_id % 3) AS a
    WHERE c.lifecycle_status IN ('active', 'closed') AND seed.rnd(s, 'alert', c.campaign_id) < 0.35
    ORDER BY c.campaign_id;

    -- integrations, sync runs and errors ---------------------------------------
    INSERT INTO portal.integration (sub_company_code, provider, base_url, auth_method, token_ref, scopes)
    SELECT sc, provider, url, auth, 'k8s-secret://promptsales/integration-' || lower(replace(provider, ' ', '-')),
           scopes
    FROM (VALUES
        ('CONTENT', 'Canva', 'https://api.canva.com/rest/v1', 'oauth2_authorization_code', ARRAY['design:content:read']),
        ('CONTENT', 'Adobe Express', 'https://express-api.adobe.io', 'oauth2_client_credentials', ARRAY['creative_sdk']),
        ('CONTENT', 'OpenAI', 'https://api.openai.com/v1', 'api_key', ARRAY[]::text[]),
        ('CONTENT', 'Meta Business Suite', 'https://graph.facebook.com/v21.0', 'oauth2_authorization_code', ARRAY['pages_manage_posts']),
        ('ADS', 'Google Ads', 'https://googleads.googleapis.com/v18', 'oauth2_authorization_code', ARRAY['adwords']),
        ('ADS', 'Meta Ads', 'https://graph.facebook.com/v21.0/act', 'oauth2_authorization_code', ARRAY['ads_management']),
        ('ADS', 'TikTok for Business', 'https://business-api.tiktok.com/open_api/v1.3', 'oauth2_authorization_code', ARRAY['ads.read']),
        ('ADS', 'Mailchimp', 'https://us21.api.mailchimp.com/3.0', 'api_key', ARRAY[]::text[]),
        ('CRM', 'HubSpot', 'https://api.hubapi.com', 'oauth2_authorization_code', ARRAY['crm.objects.contacts.read']),
        ('CRM', 'Salesforce', 'https://login.salesforce.com/services/oauth2', 'oauth2_client_credentials', ARRAY['api']),
        ('CRM', 'Zendesk', 'https://promptsales.zendesk.com/api/v2', 'oauth2_client_credentials', ARRAY['read']),
        ('CRM', 'WhatsApp Business API', 'https://graph.facebook.com/v21.0/whatsapp', 'oauth2_client_credentials', ARRAY['whatsapp_business_messaging']),
        ('SALES', 'PromptAds MCP', 'https://mcp-ads.promptsales.svc/mcp', 'mcp', ARRAY['tools']),
        ('SALES', 'PromptCrm MCP', 'https://mcp-crm.promptsales.svc/mcp', 'mcp', ARRAY['tools']))
        AS v (sc, provider, url, auth, scopes);

    INSERT INTO portal.sync_run (integration_id, started_at, finished_at, status, records_read, records_written)
    SELECT i.integration_id, ts, ts + (seed.rint(s, 'sync_secs', i.integration_id * 1000 + d, 5, 600) || ' seconds')::interval,
           CASE WHEN seed.rnd(s, 'sync_fail', i.integration_id * 1000 + d) < 0.06 THEN 'failed' ELSE 'succeeded' END,
           seed.rint(s, 'sync_read', i.integration_id * 1000 + d, 50, 5000),
           seed.rint(s, 'sync_written', i.integration_id * 1000 + d, 10, 4000)
    FROM portal.integration i
    CROSS JOIN generate_series(1, CASE WHEN v_full THEN 180 ELSE 30 END) AS d
    CROSS JOIN LATERAL (SELECT (p_as_of - d)::timestamp AT TIME ZONE 'UTC' + interval '2 hours' AS ts) AS t
    ORDER BY i.integration_id, d;

    INSERT INTO portal.sync_error (sync_run_id, occurred_at, http_status, error_code, message)
    SELECT r.sync_run_id, r.finished_at, e.http, e.code, e.message
    FROM portal.sync_run r
    CROSS JOIN LATERAL (SELECT * FROM (VALUES
        (0, 401::smallint, 'token_expired', 'El token de acceso expiró; se solicitó uno nuevo'),
        (1, 429::smallint, 'rate_limited', 'Límite de solicitudes alcanzado; reintento con espera exponencial'),
        (2, 503::smallint, 'upstream_unavailable', 'El proveedor no respondió a tiempo')) AS v (k, http, code, message)
        WHERE v.k = r.sync_run_id % 3) AS e
    WHERE r.status = 'failed'
    ORDER BY r.sync_run_id;

    -- MCP registry and call log ---------------------------------------------------
    -- The servers of mcp_servers/ with their real tool names (docs/mcp.md); containers listen on port 8000.
    INSERT INTO portal.mcp_server (mcp_server_code, sub_company_code, transport, endpoint, tools, read_only) VALUES
        ('promptcontent-mcp', 'CONTENT', 'streamable_http', 'http://mcp-content.promptsales.svc:8000/mcp',
         ARRAY['getContent', 'requestCampaignContent'], false),
        ('promptads-mcp', 'ADS', 'streamable_http', 'http://mcp-ads.promptsales.svc:8000/mcp',
         ARRAY['listCampaigns', 'getCampaignResults', 'getCampaignSalesReach', 'listChannels',
               'negativeSentimentDrop'], true),
        ('promptcrm-mcp', 'CRM', 'streamable_http', 'http://mcp-crm.promptsales.svc:8000/mcp',
         ARRAY['getLeadFunnel', 'listLeads', 'getSalesByCampaign', 'getAdsCampaignFigures', 'reconcileWithAds'],
         true),
        ('promptsales-mcp', 'SALES', 'streamable_http', 'http://mcp-sales.promptsales.svc:8000/mcp',
         ARRAY['getCampaignSummary', 'getMetric', 'rankCampaigns', 'comparePeriods', 'channelPerformance',
               'marketPerformance', 'ask', 'searchContent', 'adsCampaignResults', 'crmLeadFunnel'], true);

    INSERT INTO portal.mcp_call (mcp_server_code, tool_name, called_by, called_at, duration_ms, outcome,
                                 arguments_sha256, result_rows)
    SELECT m.mcp_server_code, m.tools[1 + (n % cardinality(m.tools))],
           1 + (n * 7) % v_users,
           p_as_of::timestamp AT TIME ZONE 'UTC' - ((seed.rnd(s, 'call_at', n) * 30 * 86400)::integer || ' seconds')::interval,
           CASE WHEN seed.rnd(s, 'cached', n) < 0.4 THEN seed.rint(s, 'ms', n, 3, 60)
                ELSE seed.rint(s, 'ms', n, 120, 2400) END,
           CASE WHEN seed.rnd(s, 'cached', n) < 0.4 THEN 'cached'
                WHEN seed.rnd(s, 'error', n) < 0.03 THEN 'error' ELSE 'ok' END,
           encode(sha256(convert_to(m.mcp_server_code || ':' || n, 'UTF8')), 'hex'),
           seed.rint(s, 'rows', n, 0, 200)
    FROM generate_series(1, v_mcp_calls) AS n
    JOIN LATERAL (SELECT * FROM portal.mcp_server ORDER BY mcp_server_code OFFSET n % 4 LIMIT 1) AS m ON true
    ORDER BY n;

    -- consent: marketing e-mail and profiling per contact -------------------------
    INSERT INTO privacy.consent (contact_id, purpose, regime, granted, recorded_at, withdrawn_at, evidence)
    SELECT k.contact_id, pu.purpose, co.privacy_regime,
           seed.rnd(s, 'consent_' || pu.purpose, k.contact_id) < 0.8,
           (DATE '2024-06-01' + seed.rint(s, 'consent_at', k.contact_id, 0, 300))::timestamp AT TIME ZONE 'UTC',
           CASE WHEN seed.rnd(s, 'withdraw_' || pu.purpose, k.contact_id) < 0.07
                THEN (DATE '2025-06-01' + seed.rint(s, 'withdraw_at', k.contact_id, 0, 200))::timestamp AT TIME ZONE 'UTC' END,
           'web form ' || seed.pick(s, 'form', k.contact_id, ARRAY['newsletter', 'checkout', 'event'])
               || ' from 203.0.113.' || seed.rint(s, 'ip', k.contact_id, 1, 254)
    FROM portal.contact k
    JOIN portal.country co ON co.country_code = k.country_code
    CROSS JOIN (VALUES ('marketing_email'), (CASE WHEN true THEN 'profiling' END)) AS pu (purpose)
    ORDER BY k.contact_id, pu.purpose;

    SELECT jsonb_object_agg(t, n) INTO v_counts FROM (
        SELECT 'client_company' AS t, count(*) AS n FROM portal.client_company
        UNION ALL SELECT 'product', count(*) FROM portal.product
        UNION ALL SELECT 'contact', count(*) FROM portal.contact
        UNION ALL SELECT 'app_user', count(*) FROM portal.app_user
        UNION ALL SELECT 'campaign', count(*) FROM portal.campaign
        UNION ALL SELECT 'active_campaign', count(*) FROM portal.campaign WHERE lifecycle_status = 'active'
        UNION ALL SELECT 'ai_proposal', count(*) FROM portal.ai_proposal
        UNION ALL SELECT 'calendar_task', count(*) FROM portal.calendar_task
        UNION ALL SELECT 'mcp_call', count(*) FROM portal.mcp_call
        UNION ALL SELECT 'consent', count(*) FROM privacy.consent) AS c;

    -- Identity columns continue after the generated rows.
    INSERT INTO seed.run (scale, as_of, seed, row_counts) VALUES (p_scale, p_as_of, p_seed, v_counts);
    PERFORM set_config('promptsales.audit_suppress', 'off', true);
    PERFORM set_config('promptsales.etl_apply', 'off', true);
    RETURN v_counts;
END
$$;

SELECT seed.generate_portal(p.scale, p.as_of, p.seed) AS generated
FROM (SELECT coalesce(nullif(current_setting('promptsales.scale', true), ''), 'full') AS scale,
             coalesce(nullif(current_setting('promptsales.as_of', true), ''), '2026-01-31')::date AS as_of,
             coalesce(nullif(current_setting('promptsales.seed', true), ''), '20250701')::integer AS seed) AS p
WHERE NOT EXISTS (SELECT 1 FROM seed.run r
                  WHERE r.scale = p.scale AND r.as_of = p.as_of AND r.seed = p.seed);

COMMIT;

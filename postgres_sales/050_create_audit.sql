-- =============================================================================
-- 050_create_audit.sql
-- Purpose : centralised audit trail (NFR-SEC4): audit.event partitioned by month,
--           row-level audit triggers on the portal tables that matter (SAL-6
--           triggers), retention that drops whole monthly partitions older than 90
--           days relative to an explicit as-of date; and the AI-usage log (LOG-1)
--           with audit.load_ai_log(markdown) that mirrors bitacora_ia.md.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 020_create_portal.sql.
-- Re-runnable: yes (triggers dropped and recreated; partitions IF NOT EXISTS).
-- Leaves behind: audit.event (+ default partition and one partition per month from
--           as_of - 3 months to as_of + 1 month), audit.ai_usage_log (empty),
--           functions audit.ensure_partition, audit.log_change,
--           audit.drop_expired_partitions, audit.load_ai_log; 9 audit triggers.
-- Requirements: NFR-SEC4, SAL-6, LOG-1.
-- Verify  : UPDATE portal.campaign SET name = name WHERE campaign_id = 1;
--           SELECT * FROM audit.event ORDER BY event_id DESC LIMIT 1;
--           SELECT * FROM audit.drop_expired_partitions(DATE '2026-01-31');
-- Errors  : PS030 a bitácora line does not have the six columns or a valid date.
-- =============================================================================
BEGIN;

CREATE TABLE IF NOT EXISTS audit.event (
    event_id     bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at  timestamptz NOT NULL,
    table_name   text NOT NULL,
    operation    char(1) NOT NULL CHECK (operation IN ('I', 'U', 'D')),
    row_key      text NOT NULL,
    db_user      name NOT NULL,
    txid         bigint NOT NULL,
    old_row      jsonb,
    new_row      jsonb,
    PRIMARY KEY (event_id, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- Catches rows for months without their own partition, so auditing never fails.
CREATE TABLE IF NOT EXISTS audit.event_default PARTITION OF audit.event DEFAULT;
CREATE INDEX IF NOT EXISTS event_table_key_idx ON audit.event (table_name, row_key);

-- Monthly partition audit.event_yYYYYmMM for the month that contains p_day.
CREATE OR REPLACE FUNCTION audit.ensure_partition(p_day date)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_from date := date_trunc('month', p_day)::date;
    v_name text := format('event_y%sm%s', to_char(v_from, 'YYYY'), to_char(v_from, 'MM'));
BEGIN
    IF to_regclass(format('audit.%I', v_name)) IS NULL THEN
        -- Two sessions must not race to create the same partition.
        PERFORM pg_advisory_xact_lock(hashtext('audit.ensure_partition'));
        IF to_regclass(format('audit.%I', v_name)) IS NULL THEN
            EXECUTE format('CREATE TABLE audit.%I PARTITION OF audit.event FOR VALUES FROM (%L) TO (%L)',
                           v_name, v_from, (v_from + interval '1 month')::date);
        END IF;
    END IF;
    RETURN 'audit.' || v_name;
END
$$;

SELECT audit.ensure_partition((d)::date)
FROM generate_series(
        date_trunc('month', coalesce(nullif(current_setting('promptsales.as_of', true), ''), '2026-01-31')::date)
            - interval '3 months',
        date_trunc('month', coalesce(nullif(current_setting('promptsales.as_of', true), ''), '2026-01-31')::date)
            + interval '1 month',
        interval '1 month') AS g (d);

-- Generic row trigger: who changed what, when, before and after.
-- SECURITY DEFINER so that a writer can audit without being able to read or
-- forge audit.event; bulk seeding sets promptsales.audit_suppress = on locally.
CREATE OR REPLACE FUNCTION audit.log_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_old jsonb;
    v_new jsonb;
    v_key text;
BEGIN
    IF coalesce(current_setting('promptsales.audit_suppress', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW); END IF;
    IF TG_OP = 'UPDATE' AND v_old = v_new THEN
        RETURN NULL;                       -- nothing really changed
    END IF;
    v_key := coalesce(v_new, v_old) ->> TG_ARGV[0];
    PERFORM audit.ensure_partition(now()::date);
    INSERT INTO audit.event (occurred_at, table_name, operation, row_key, db_user, txid, old_row, new_row)
    VALUES (now(), TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, left(TG_OP, 1), v_key, session_user,
            txid_current(), v_old, v_new);
    RETURN NULL;
END
$$;

DO $triggers$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('portal', 'client_company', 'company_id'),
            ('portal', 'contact', 'contact_id'),
            ('portal', 'app_user', 'user_id'),
            ('portal', 'agent_assignment', 'company_id'),
            ('portal', 'campaign', 'campaign_code'),
            ('portal', 'ai_proposal', 'proposal_id'),
            ('portal', 'proposal_review', 'review_id'),
            ('portal', 'subscription', 'subscription_id'),
            ('portal', 'integration', 'integration_id')) AS v (schema_name, table_name, key_column)
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS audit_change ON %I.%I', t.schema_name, t.table_name);
        EXECUTE format('CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON %I.%I '
                       'FOR EACH ROW EXECUTE FUNCTION audit.log_change(%L)',
                       t.schema_name, t.table_name, t.key_column);
    END LOOP;
END
$triggers$;

-- Retention (NFR-SEC4): drop every monthly partition that ends on or before
-- as_of - retention; rows of the default partition older than the cutoff are
-- deleted too. The as-of date is explicit so the policy is testable and
-- reproducible; the nightly job passes current_date.
CREATE OR REPLACE FUNCTION audit.drop_expired_partitions(p_as_of date, p_retention_days integer DEFAULT 90)
RETURNS SETOF text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_cutoff date := p_as_of - p_retention_days;
    p record;
BEGIN
    FOR p IN
        SELECT c.relname,
               (to_date(regexp_replace(c.relname, '^event_y([0-9]{4})m([0-9]{2})$', '\1\2') || '01', 'YYYYMMDD')
                + interval '1 month')::date AS upper_bound
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit.event'::regclass
          AND c.relname ~ '^event_y[0-9]{4}m[0-9]{2}$'
        ORDER BY c.relname
    LOOP
        IF p.upper_bound <= v_cutoff THEN
            EXECUTE format('DROP TABLE audit.%I', p.relname);
            RETURN NEXT 'audit.' || p.relname;
        END IF;
    END LOOP;
    DELETE FROM audit.event_default WHERE occurred_at < v_cutoff;
END
$$;

-- ---------------------------------------------------------------- LOG-1: AI-usage log
CREATE TABLE IF NOT EXISTS audit.ai_usage_log (
    entry_no          integer PRIMARY KEY,
    logged_at         timestamptz NOT NULL,
    author            text NOT NULL CHECK (author <> ''),
    prompt            text NOT NULL CHECK (prompt <> ''),
    result            text NOT NULL CHECK (result <> ''),
    validation_method text NOT NULL CHECK (validation_method <> ''),
    optimisations     text NOT NULL CHECK (optimisations <> ''),
    row_checksum      char(32) NOT NULL,
    loaded_at         timestamptz NOT NULL DEFAULT now()
);

-- Parses the Markdown table of bitacora_ia.md (columns: Fecha y hora (UTC) | Autor
-- | Prompt | Resultado | Método de validación | Optimizaciones y anti-hardcoding)
-- and makes audit.ai_usage_log mirror it (row n of the table = entry_no n).
-- "\|" inside a cell is a literal pipe. Returns the number of rows loaded.
CREATE OR REPLACE FUNCTION audit.load_ai_log(p_markdown text)
RETURNS integer
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
DECLARE
    v_line   text;
    v_cells  text[];
    v_no     integer := 0;
    v_in_table boolean := false;
    v_at     timestamptz;
BEGIN
    IF coalesce(btrim(p_markdown), '') = '' THEN
        RAISE NOTICE 'empty AI log: nothing loaded';
        RETURN 0;
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS ai_log_in (LIKE audit.ai_usage_log INCLUDING DEFAULTS) ON COMMIT DROP;
    TRUNCATE ai_log_in;
    FOR v_line IN SELECT l FROM regexp_split_to_table(replace(p_markdown, E'\r', ''), E'\n') AS l LOOP
        v_line := btrim(v_line);
        IF left(v_line, 1) <> '|' THEN
            v_in_table := false;
            CONTINUE;
        END IF;
        -- Drop the outer pipes, protect escaped ones, split on the rest.
        v_cells := string_to_array(
            replace(regexp_replace(substr(v_line, 2), '([^\\])\|$', '\1'), '\|', E'\x1f'), '|');
        IF NOT v_in_table THEN
            -- The first row of a table is its header; only the log's table is loaded.
            v_in_table := true;
            IF lower(btrim(v_cells[1])) NOT LIKE 'fecha%' THEN
                v_in_table := NULL;        -- some other table: skip its rows
            END IF;
            CONTINUE;
        END IF;
        IF v_in_table IS NULL OR v_line ~ '^\|[\s:|-]+\|?$' THEN
            CONTINUE;                      -- other table, or the |---|---| separator
        END IF;
        v_no := v_no + 1;
        IF array_length(v_cells, 1) <> 6 THEN
            RAISE EXCEPTION 'AI log row % has % columns, expected 6: %', v_no, array_length(v_cells, 1), left(v_line, 120)
                USING ERRCODE = 'PS030';
        END IF;
        SELECT array_agg(btrim(replace(c, E'\x1f', '|')) ORDER BY o) INTO v_cells
        FROM unnest(v_cells) WITH ORDINALITY AS u (c, o);
        BEGIN
            v_at := (regexp_replace(v_cells[1], '\s*(UTC|Z)$', '') || '+00')::timestamptz;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'AI log row % has an invalid date "%"', v_no, v_cells[1] USING ERRCODE = 'PS030';
        END;
        IF EXISTS (SELECT 1 FROM unnest(v_cells) AS c WHERE c = '') THEN
            RAISE EXCEPTION 'AI log row % has an empty field: %', v_no, left(v_line, 120) USING ERRCODE = 'PS030';
        END IF;
        INSERT INTO ai_log_in (entry_no, logged_at, author, prompt, result, validation_method, optimisations, row_checksum)
        VALUES (v_no, v_at, v_cells[2], v_cells[3], v_cells[4], v_cells[5], v_cells[6],
                md5(array_to_string(v_cells, E'\x1f')));
    END LOOP;

    DELETE FROM audit.ai_usage_log l WHERE NOT EXISTS (SELECT 1 FROM ai_log_in i WHERE i.entry_no = l.entry_no);
    INSERT INTO audit.ai_usage_log AS l
        (entry_no, logged_at, author, prompt, result, validation_method, optimisations, row_checksum)
    SELECT entry_no, logged_at, author, prompt, result, validation_method, optimisations, row_checksum
    FROM ai_log_in
    ON CONFLICT (entry_no) DO UPDATE SET
        logged_at = EXCLUDED.logged_at, author = EXCLUDED.author, prompt = EXCLUDED.prompt,
        result = EXCLUDED.result, validation_method = EXCLUDED.validation_method,
        optimisations = EXCLUDED.optimisations, row_checksum = EXCLUDED.row_checksum, loaded_at = now()
    WHERE l.row_checksum <> EXCLUDED.row_checksum;
    RETURN v_no;
END
$$;

COMMIT;

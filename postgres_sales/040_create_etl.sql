-- =============================================================================
-- 040_create_etl.sql
-- Purpose : the PostgreSQL side of the ETL (SAL-3). Landing tables per source
--           (PromptAds, PromptCrm, PromptContent) with run id and row checksum,
--           one watermark per source, a run log, the delta contract, and
--           etl.apply_delta(batch jsonb): validates a JSON batch of changed source
--           rows, lands it idempotently, updates only the affected summary rows
--           (incrementally: subtract what a row used to contribute, add what it
--           contributes now) and advances the watermark, all in the caller's
--           transaction. The n8n workflow (SAL-4) calls it every 11 minutes.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 030_create_summary.sql.
-- Re-runnable: yes (CREATE IF NOT EXISTS / OR REPLACE; contract rows upserted).
-- Leaves behind: etl.delta_contract (4 rows), etl.watermark (3 rows, version 0),
--           etl.ads_campaign_landing, etl.ads_result_landing, etl.crm_lead_landing,
--           etl.content_publication_landing, etl.run_log (empty), functions
--           etl.apply_delta, etl.record_failed_run, view etl.v_summary_drift.
-- Requirements: SAL-3, SAL-2.
-- Verify  : SELECT etl.apply_delta('{"source":"ads","run_id":"…","rows":[]}');
--           SELECT * FROM etl.v_summary_drift;   -- always empty
-- Errors  : PS001 malformed envelope (source/run_id/rows/watermark),
--           PS002 a row breaks the delta contract (unknown entity, op, version,
--                 missing key or required field, bad value, negative measure),
--           PS003 a row names a campaign code the portal does not know,
--           PS004 unknown source.
--           Any error aborts the whole batch: landing, summaries and watermark
--           stay as they were (the caller then logs it with etl.record_failed_run).
-- =============================================================================
BEGIN;

-- ---------------------------------------------------------------- the contract, as data
-- One row per (source, entity): the JSON row shape the source query must produce.
-- Every row also carries "entity", "op" ('upsert' | 'delete') and "version"
-- (bigint: SQL Server CHANGE_TRACKING version or CAST(rowversion AS bigint), or for
-- MongoDB the change stream clusterTime as (seconds << 32) + increment, which needs
-- 19 digits). A delete needs only the key.
CREATE TABLE IF NOT EXISTS etl.delta_contract (
    source          varchar(10) NOT NULL CHECK (source IN ('ads', 'crm', 'content')),
    entity          varchar(20) NOT NULL,
    key_field       varchar(30) NOT NULL,
    required_fields text[] NOT NULL,
    source_query    varchar(200) NOT NULL,
    PRIMARY KEY (source, entity)
);

INSERT INTO etl.delta_contract (source, entity, key_field, required_fields, source_query) VALUES
    ('ads', 'campaign', 'campaign_code',
     ARRAY['campaign_code', 'company_code', 'status_code', 'status_changed_at', 'start_date', 'end_date', 'budget_amount'],
     'PromptAds campaigns changed since the watermark (CHANGETABLE on the campaign table)'),
    ('ads', 'result', 'result_id',
     ARRAY['result_id', 'campaign_code', 'result_date', 'channel_code', 'market_code',
           'reach', 'impressions', 'reactions', 'interactions', 'cost'],
     'PromptAds daily ad results changed since the watermark, one row per result row'),
    ('crm', 'lead', 'lead_id',
     ARRAY['lead_id', 'campaign_code', 'lead_date', 'channel_code', 'market_code', 'is_converted', 'sales_amount'],
     'PromptCrm leads (with the amount of their closed sale, 0 when none) changed since the watermark'),
    ('content', 'publication', 'publication_id',
     ARRAY['publication_id', 'campaign_code', 'published_date', 'channel_code', 'market_code', 'views', 'reactions'],
     'PromptContent campaign publications changed since the watermark (change stream / updatedAt)')
ON CONFLICT (source, entity) DO UPDATE
    SET key_field = EXCLUDED.key_field, required_fields = EXCLUDED.required_fields,
        source_query = EXCLUDED.source_query;

-- ---------------------------------------------------------------- watermarks and run log
CREATE TABLE IF NOT EXISTS etl.watermark (
    source        varchar(10) PRIMARY KEY CHECK (source IN ('ads', 'crm', 'content')),
    last_version  bigint NOT NULL DEFAULT 0 CHECK (last_version >= 0),
    last_run_id   uuid,
    updated_at    timestamptz
);
INSERT INTO etl.watermark (source) VALUES ('ads'), ('crm'), ('content')
ON CONFLICT (source) DO NOTHING;

CREATE TABLE IF NOT EXISTS etl.run_log (
    run_log_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source           varchar(10) NOT NULL,
    run_id           uuid NOT NULL,
    status           varchar(10) NOT NULL CHECK (status IN ('applied', 'failed')),
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz NOT NULL,
    rows_received    integer NOT NULL DEFAULT 0,
    rows_changed     integer NOT NULL DEFAULT 0,
    rows_unchanged       integer NOT NULL DEFAULT 0,
    daily_rows_touched integer NOT NULL DEFAULT 0,
    campaigns_touched integer NOT NULL DEFAULT 0,
    watermark_before bigint,
    watermark_after  bigint,
    error_sqlstate   char(5),
    error_message    text
);
-- A run id is applied at most once per source: the replay guard.
CREATE UNIQUE INDEX IF NOT EXISTS run_log_applied_uq ON etl.run_log (source, run_id) WHERE status = 'applied';

-- ---------------------------------------------------------------- landing tables
CREATE TABLE IF NOT EXISTS etl.ads_campaign_landing (
    campaign_code     varchar(12) PRIMARY KEY,
    company_code      varchar(7),
    status_code       varchar(20),
    status_changed_at timestamptz,
    start_date        date,
    end_date          date,
    budget_amount     numeric(19, 2),
    is_deleted        boolean NOT NULL,
    source_version    bigint NOT NULL,
    run_id            uuid NOT NULL,
    row_checksum      char(32) NOT NULL,
    landed_at         timestamptz NOT NULL DEFAULT now()
);

-- Fact rows of the three sources are landed in the summary's vocabulary so one
-- code path computes their contribution; deletes stay as tombstones (is_deleted)
-- so an older upsert that arrives late is recognised as stale by its version.
CREATE TABLE IF NOT EXISTS etl.fact_landing_template (
    source_key     varchar(40) PRIMARY KEY,
    campaign_code  varchar(12),
    metric_date    date,
    channel_code   varchar(20),
    market_code    char(2),
    reach          bigint,
    impressions    bigint,
    reactions      bigint,
    interactions   bigint,
    leads          bigint,
    conversions    bigint,
    sales_amount   numeric(19, 2),
    cost           numeric(19, 2),
    content_pieces bigint,
    is_deleted     boolean NOT NULL,
    source_version bigint NOT NULL,
    run_id         uuid NOT NULL,
    row_checksum   char(32) NOT NULL,
    landed_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE etl.fact_landing_template IS 'Shape shared by the fact landing tables; never holds rows.';

CREATE TABLE IF NOT EXISTS etl.ads_result_landing (LIKE etl.fact_landing_template INCLUDING ALL);
CREATE TABLE IF NOT EXISTS etl.crm_lead_landing (LIKE etl.fact_landing_template INCLUDING ALL);
CREATE TABLE IF NOT EXISTS etl.content_publication_landing (LIKE etl.fact_landing_template INCLUDING ALL);
COMMENT ON TABLE etl.ads_result_landing IS 'PromptAds result rows (source_key = result_id).';
COMMENT ON TABLE etl.crm_lead_landing IS 'PromptCrm lead rows (source_key = lead_id).';
COMMENT ON TABLE etl.content_publication_landing IS 'PromptContent publications (source_key = publication_id).';

-- ---------------------------------------------------------------- failure logging
-- apply_delta rolls back everything on error, including its own log row, so the
-- caller (n8n's error branch) records the failure in a separate transaction.
CREATE OR REPLACE FUNCTION etl.record_failed_run(
    p_source text, p_run_id uuid, p_sqlstate text, p_message text)
RETURNS bigint
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO etl.run_log (source, run_id, status, started_at, finished_at, error_sqlstate, error_message)
    VALUES (p_source, p_run_id, 'failed', now(), clock_timestamp(), left(p_sqlstate, 5), left(p_message, 2000))
    RETURNING run_log_id;
$$;

-- ---------------------------------------------------------------- the delta-apply function
CREATE OR REPLACE FUNCTION etl.apply_delta(p_batch jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_started    timestamptz := clock_timestamp();
    v_source     text := p_batch ->> 'source';
    v_rows       jsonb := p_batch -> 'rows';
    v_run_id     uuid;
    v_wm_before  bigint;
    v_wm_batch   bigint;
    v_max_version bigint;
    v_received   integer;
    v_changed    integer := 0;
    v_unchanged      integer := 0;
    v_n          integer;
    v_daily      integer := 0;
    v_campaigns  integer := 0;
    v_bad_ord    bigint;
    v_bad_row    text;
    v_fact       record;
    v_hashjoin   text;
    v_mergejoin  text;
BEGIN
    -- 1. envelope -------------------------------------------------------------
    IF v_source IS NULL OR v_source NOT IN ('ads', 'crm', 'content') THEN
        RAISE EXCEPTION 'unknown ETL source %', coalesce(quote_literal(v_source), 'NULL')
            USING ERRCODE = 'PS004', HINT = 'source must be ads, crm or content';
    END IF;
    BEGIN
        v_run_id := (p_batch ->> 'run_id')::uuid;
        v_wm_batch := (p_batch ->> 'watermark')::bigint;
    EXCEPTION WHEN data_exception THEN
        RAISE EXCEPTION 'batch envelope has an invalid run_id or watermark'
            USING ERRCODE = 'PS001';
    END;
    IF v_run_id IS NULL OR jsonb_typeof(v_rows) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'batch envelope needs "run_id" (uuid) and "rows" (array)'
            USING ERRCODE = 'PS001';
    END IF;
    v_received := jsonb_array_length(v_rows);

    -- Flag read by summary.guard_etl_only; local to this transaction.
    PERFORM set_config('promptsales.etl_apply', 'on', true);

    -- Serialise runs of one source: the watermark row is the lock.
    SELECT w.last_version INTO v_wm_before FROM etl.watermark w WHERE w.source = v_source FOR UPDATE;

    IF EXISTS (SELECT 1 FROM etl.run_log r
               WHERE r.source = v_source AND r.run_id = v_run_id AND r.status = 'applied') THEN
        PERFORM set_config('promptsales.etl_apply', 'off', true);
        RETURN jsonb_build_object('status', 'replayed', 'source', v_source, 'run_id', v_run_id,
                                  'rows_received', v_received, 'rows_changed', 0,
                                  'watermark_before', v_wm_before, 'watermark_after', v_wm_before);
    END IF;

    -- 2. row shape against etl.delta_contract --------------------------------
    SELECT e.ord, left(e.elem::text, 300) INTO v_bad_ord, v_bad_row
    FROM jsonb_array_elements(v_rows) WITH ORDINALITY AS e (elem, ord)
    LEFT JOIN etl.delta_contract c
           ON c.source = v_source AND c.entity = (CASE WHEN jsonb_typeof(e.elem) = 'object' THEN e.elem ->> 'entity' END)
    WHERE c.entity IS NULL
       OR coalesce(e.elem ->> 'op', '') NOT IN ('upsert', 'delete')
       OR coalesce(e.elem ->> 'version', '') !~ '^[0-9]{1,19}$'
       OR e.elem ->> c.key_field IS NULL
       OR (e.elem ->> 'op' = 'upsert'
           AND EXISTS (SELECT 1 FROM unnest(c.required_fields) AS f (name) WHERE e.elem ->> f.name IS NULL))
    ORDER BY e.ord
    LIMIT 1;
    IF v_bad_ord IS NOT NULL THEN
        RAISE EXCEPTION 'row % of the % batch breaks the delta contract: %', v_bad_ord, v_source, v_bad_row
            USING ERRCODE = 'PS002',
                  HINT = 'See etl.delta_contract for the entity, key and required fields.';
    END IF;

    -- 3. parse into the normalised shape (latest version per key wins) --------
    CREATE TEMP TABLE IF NOT EXISTS etl_in (
        entity text, op text, version bigint, source_key text, row_checksum char(32),
        campaign_code text, company_code text, metric_date date, channel_code text, market_code text,
        reach bigint, impressions bigint, reactions bigint, interactions bigint, leads bigint,
        conversions bigint, sales_amount numeric(19, 2), cost numeric(19, 2), content_pieces bigint,
        status_code text, status_changed_at timestamptz, start_date date, end_date date,
        budget_amount numeric(19, 2)
    ) ON COMMIT DROP;
    TRUNCATE etl_in;
    BEGIN
        INSERT INTO etl_in
        SELECT DISTINCT ON (r.entity, k.source_key)
               r.entity, r.op, r.version, k.source_key, md5((e.elem - 'version')::text),
               r.campaign_code, r.company_code,
               coalesce(r.result_date, r.lead_date, r.published_date), r.channel_code, r.market_code,
               r.reach, coalesce(r.impressions, r.views), r.reactions, r.interactions,
               CASE WHEN r.entity = 'lead' THEN 1 END,
               CASE WHEN r.entity = 'lead' THEN CASE WHEN r.is_converted THEN 1 ELSE 0 END END,
               r.sales_amount, r.cost,
               CASE WHEN r.entity = 'publication' THEN 1 END,
               r.status_code, r.status_changed_at, r.start_date, r.end_date, r.budget_amount
        FROM jsonb_array_elements(v_rows) AS e (elem)
        CROSS JOIN LATERAL jsonb_to_record(e.elem) AS r (
            entity text, op text, version bigint, result_id bigint, lead_id bigint, publication_id text,
            campaign_code text, company_code text, result_date date, lead_date date, published_date date,
            channel_code text, market_code text, reach bigint, impressions bigint, views bigint,
            reactions bigint, interactions bigint, is_converted boolean, sales_amount numeric,
            cost numeric, status_code text, status_changed_at timestamptz, start_date date,
            end_date date, budget_amount numeric)
        CROSS JOIN LATERAL (SELECT CASE r.entity WHEN 'campaign' THEN r.campaign_code
                                                 WHEN 'result' THEN r.result_id::text
                                                 WHEN 'lead' THEN r.lead_id::text
                                                 ELSE r.publication_id END AS source_key) AS k
        ORDER BY r.entity, k.source_key, r.version DESC;
    EXCEPTION WHEN data_exception THEN
        RAISE EXCEPTION 'the % batch has a value of the wrong type: %', v_source, SQLERRM
            USING ERRCODE = 'PS002';
    END;

    ANALYZE etl_in;   -- temp tables have no statistics until told; the joins below need them

    SELECT max((e.elem ->> 'version')::bigint) INTO v_max_version
    FROM jsonb_array_elements(v_rows) AS e (elem);

    SELECT count(*) INTO v_n FROM etl_in
    WHERE op = 'upsert'
      AND (least(reach, impressions, reactions, interactions, sales_amount, cost) < 0
           OR length(source_key) > 40 OR length(channel_code) > 20 OR length(market_code) <> 2);
    IF v_n > 0 THEN
        RAISE EXCEPTION '% row(s) of the % batch carry a negative measure or an oversized key', v_n, v_source
            USING ERRCODE = 'PS002';
    END IF;

    SELECT string_agg(DISTINCT i.campaign_code, ', ') INTO v_bad_row
    FROM etl_in i
    WHERE i.op = 'upsert'
      AND NOT EXISTS (SELECT 1 FROM portal.campaign c WHERE c.campaign_code = i.campaign_code);
    IF v_bad_row IS NOT NULL THEN
        RAISE EXCEPTION 'the % batch names campaigns the portal does not know: %', v_source, left(v_bad_row, 200)
            USING ERRCODE = 'PS003', HINT = 'Campaign codes are born in portal.campaign (CMP-nnnnnn).';
    END IF;

    v_wm_batch := coalesce(v_wm_batch, v_max_version, v_wm_before);
    IF v_wm_batch < coalesce(v_max_version, 0) THEN
        RAISE EXCEPTION 'batch watermark % is lower than its highest row version %', v_wm_batch, v_max_version
            USING ERRCODE = 'PS001';
    END IF;

    -- 4. campaign rows (PromptAds owns dates, status, budget) -----------------
    IF v_source = 'ads' THEN
        CREATE TEMP TABLE IF NOT EXISTS etl_campaign_eff ON COMMIT DROP AS
            SELECT *, true AS changed FROM etl_in WITH NO DATA;
        TRUNCATE etl_campaign_eff;
        INSERT INTO etl_campaign_eff
        SELECT i.*, (l.campaign_code IS NULL OR l.row_checksum <> i.row_checksum)
        FROM etl_in i
        LEFT JOIN etl.ads_campaign_landing l ON l.campaign_code = i.source_key
        WHERE i.entity = 'campaign' AND (l.campaign_code IS NULL OR i.version > l.source_version);

        SELECT count(*) FILTER (WHERE changed) INTO v_n FROM etl_campaign_eff;
        v_changed := v_changed + v_n;

        INSERT INTO etl.ads_campaign_landing AS l
            (campaign_code, company_code, status_code, status_changed_at, start_date, end_date,
             budget_amount, is_deleted, source_version, run_id, row_checksum, landed_at)
        SELECT source_key, company_code, status_code, status_changed_at, start_date, end_date,
               budget_amount, op = 'delete', version, v_run_id, row_checksum, now()
        FROM etl_campaign_eff
        ORDER BY source_key
        ON CONFLICT (campaign_code) DO UPDATE SET
            company_code = CASE WHEN EXCLUDED.is_deleted THEN l.company_code ELSE EXCLUDED.company_code END,
            status_code = CASE WHEN EXCLUDED.is_deleted THEN l.status_code ELSE EXCLUDED.status_code END,
            status_changed_at = CASE WHEN EXCLUDED.is_deleted THEN l.status_changed_at ELSE EXCLUDED.status_changed_at END,
            start_date = CASE WHEN EXCLUDED.is_deleted THEN l.start_date ELSE EXCLUDED.start_date END,
            end_date = CASE WHEN EXCLUDED.is_deleted THEN l.end_date ELSE EXCLUDED.end_date END,
            budget_amount = CASE WHEN EXCLUDED.is_deleted THEN l.budget_amount ELSE EXCLUDED.budget_amount END,
            is_deleted = EXCLUDED.is_deleted, source_version = EXCLUDED.source_version,
            run_id = EXCLUDED.run_id, row_checksum = EXCLUDED.row_checksum, landed_at = EXCLUDED.landed_at;

        INSERT INTO summary.campaign AS s
            (campaign_code, company_code, status_code, status_changed_at, start_date, end_date,
             budget_amount, sales_goal_amount, removed_at_source, last_run_id, updated_at)
        SELECT e.source_key, cc.company_code, e.status_code, e.status_changed_at, e.start_date, e.end_date,
               e.budget_amount, c.sales_goal_amount, false, v_run_id, now()
        FROM etl_campaign_eff e
        JOIN portal.campaign c ON c.campaign_code = e.source_key
        JOIN portal.client_company cc ON cc.company_id = c.company_id
        WHERE e.changed AND e.op = 'upsert'
        ORDER BY e.source_key
        ON CONFLICT (campaign_code) DO UPDATE SET
            status_code = EXCLUDED.status_code, status_changed_at = EXCLUDED.status_changed_at,
            start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
            budget_amount = EXCLUDED.budget_amount, sales_goal_amount = EXCLUDED.sales_goal_amount,
            removed_at_source = false, last_run_id = EXCLUDED.last_run_id, updated_at = EXCLUDED.updated_at;

        -- A campaign deleted at the source keeps its history; it is flagged, not erased.
        UPDATE summary.campaign s
        SET removed_at_source = true, status_code = 'removed_at_source', status_changed_at = now(),
            last_run_id = v_run_id, updated_at = now()
        FROM etl_campaign_eff e
        WHERE e.changed AND e.op = 'delete' AND s.campaign_code = e.source_key;
    END IF;

    -- 5. fact rows: signed contributions of every changed landing row ---------
    CREATE TEMP TABLE IF NOT EXISTS etl_contrib (
        campaign_code text, metric_date date, channel_code text, market_code text,
        reach bigint, impressions bigint, reactions bigint, interactions bigint, leads bigint,
        conversions bigint, sales_amount numeric(19, 2), cost numeric(19, 2), content_pieces bigint,
        source_rows bigint
    ) ON COMMIT DROP;
    TRUNCATE etl_contrib;

    FOR v_fact IN
        SELECT * FROM (VALUES ('ads', 'result', 'ads_result_landing'),
                              ('crm', 'lead', 'crm_lead_landing'),
                              ('content', 'publication', 'content_publication_landing')) AS f (source, entity, tbl)
        WHERE f.source = v_source
    LOOP
        DROP TABLE IF EXISTS etl_fact_eff;
        -- One primary-key probe per delta row, whatever the landing table's size: with a
        -- hash join the planner read the whole landing table (0.5 s per million rows,
        -- EXPLAIN ANALYZE in bench/sales). Only for this statement; restored below.
        v_hashjoin := current_setting('enable_hashjoin');
        v_mergejoin := current_setting('enable_mergejoin');
        PERFORM set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true);
        EXECUTE format($q$
            CREATE TEMP TABLE etl_fact_eff ON COMMIT DROP AS
            SELECT i.*, l.source_key IS NOT NULL AS had_row,
                   coalesce(l.is_deleted, true) AS old_deleted,
                   (l.source_key IS NULL OR l.row_checksum <> i.row_checksum) AS changed,
                   l.campaign_code AS o_campaign_code, l.metric_date AS o_metric_date,
                   l.channel_code AS o_channel_code, l.market_code AS o_market_code,
                   l.reach AS o_reach, l.impressions AS o_impressions, l.reactions AS o_reactions,
                   l.interactions AS o_interactions, l.leads AS o_leads, l.conversions AS o_conversions,
                   l.sales_amount AS o_sales_amount, l.cost AS o_cost, l.content_pieces AS o_content_pieces
            FROM etl_in i
            LEFT JOIN etl.%I l ON l.source_key = i.source_key
            WHERE i.entity = %L AND (l.source_key IS NULL OR i.version > l.source_version)$q$,
            v_fact.tbl, v_fact.entity);
        PERFORM set_config('enable_hashjoin', v_hashjoin, true), set_config('enable_mergejoin', v_mergejoin, true);

        ANALYZE etl_fact_eff;
        SELECT count(*) FILTER (WHERE changed) INTO v_n FROM etl_fact_eff;
        v_changed := v_changed + v_n;

        EXECUTE format($q$
            INSERT INTO etl.%I AS l
                (source_key, campaign_code, metric_date, channel_code, market_code, reach, impressions,
                 reactions, interactions, leads, conversions, sales_amount, cost, content_pieces,
                 is_deleted, source_version, run_id, row_checksum, landed_at)
            SELECT source_key,
                   CASE WHEN op = 'delete' THEN o_campaign_code ELSE campaign_code END,
                   CASE WHEN op = 'delete' THEN o_metric_date ELSE metric_date END,
                   CASE WHEN op = 'delete' THEN o_channel_code ELSE channel_code END,
                   CASE WHEN op = 'delete' THEN o_market_code ELSE market_code END,
                   CASE WHEN op = 'delete' THEN o_reach ELSE reach END,
                   CASE WHEN op = 'delete' THEN o_impressions ELSE impressions END,
                   CASE WHEN op = 'delete' THEN o_reactions ELSE reactions END,
                   CASE WHEN op = 'delete' THEN o_interactions ELSE interactions END,
                   CASE WHEN op = 'delete' THEN o_leads ELSE leads END,
                   CASE WHEN op = 'delete' THEN o_conversions ELSE conversions END,
                   CASE WHEN op = 'delete' THEN o_sales_amount ELSE sales_amount END,
                   CASE WHEN op = 'delete' THEN o_cost ELSE cost END,
                   CASE WHEN op = 'delete' THEN o_content_pieces ELSE content_pieces END,
                   op = 'delete', version, $1, row_checksum, now()
            FROM etl_fact_eff
            ORDER BY source_key
            ON CONFLICT (source_key) DO UPDATE SET
                campaign_code = EXCLUDED.campaign_code, metric_date = EXCLUDED.metric_date,
                channel_code = EXCLUDED.channel_code, market_code = EXCLUDED.market_code,
                reach = EXCLUDED.reach, impressions = EXCLUDED.impressions, reactions = EXCLUDED.reactions,
                interactions = EXCLUDED.interactions, leads = EXCLUDED.leads,
                conversions = EXCLUDED.conversions, sales_amount = EXCLUDED.sales_amount,
                cost = EXCLUDED.cost, content_pieces = EXCLUDED.content_pieces,
                is_deleted = EXCLUDED.is_deleted, source_version = EXCLUDED.source_version,
                run_id = EXCLUDED.run_id, row_checksum = EXCLUDED.row_checksum,
                landed_at = EXCLUDED.landed_at$q$, v_fact.tbl)
        USING v_run_id;

        -- What the row used to contribute leaves; what it contributes now arrives.
        INSERT INTO etl_contrib
        SELECT o_campaign_code, o_metric_date, o_channel_code, o_market_code,
               -coalesce(o_reach, 0), -coalesce(o_impressions, 0), -coalesce(o_reactions, 0),
               -coalesce(o_interactions, 0), -coalesce(o_leads, 0), -coalesce(o_conversions, 0),
               -coalesce(o_sales_amount, 0), -coalesce(o_cost, 0), -coalesce(o_content_pieces, 0), -1
        FROM etl_fact_eff
        WHERE changed AND had_row AND NOT old_deleted
        UNION ALL
        SELECT campaign_code, metric_date, channel_code, market_code,
               coalesce(reach, 0), coalesce(impressions, 0), coalesce(reactions, 0),
               coalesce(interactions, 0), coalesce(leads, 0), coalesce(conversions, 0),
               coalesce(sales_amount, 0), coalesce(cost, 0), coalesce(content_pieces, 0), 1
        FROM etl_fact_eff
        WHERE changed AND op = 'upsert';
    END LOOP;

    SELECT count(*) INTO v_unchanged FROM etl_in;
    v_unchanged := v_unchanged - v_changed;

    -- 6. affected summary rows only ------------------------------------------
    CREATE TEMP TABLE IF NOT EXISTS etl_daily_delta ON COMMIT DROP AS
    SELECT * FROM etl_contrib WITH NO DATA;
    TRUNCATE etl_daily_delta;
    INSERT INTO etl_daily_delta
    SELECT campaign_code, metric_date, channel_code, market_code,
           sum(reach), sum(impressions), sum(reactions), sum(interactions), sum(leads),
           sum(conversions), sum(sales_amount), sum(cost), sum(content_pieces), sum(source_rows)
    FROM etl_contrib
    GROUP BY campaign_code, metric_date, channel_code, market_code
    -- A cell whose contributions cancel out (e.g. only a non-measure field changed) is left alone.
    HAVING (sum(source_rows), sum(reach), sum(impressions), sum(reactions), sum(interactions), sum(leads),
            sum(conversions), sum(sales_amount), sum(cost), sum(content_pieces))
           <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    INSERT INTO summary.campaign (campaign_code, company_code, sales_goal_amount, last_run_id, updated_at)
    SELECT DISTINCT d.campaign_code, cc.company_code, c.sales_goal_amount, v_run_id, now()
    FROM etl_daily_delta d
    JOIN portal.campaign c ON c.campaign_code = d.campaign_code
    JOIN portal.client_company cc ON cc.company_id = c.company_id
    ORDER BY d.campaign_code
    ON CONFLICT (campaign_code) DO NOTHING;

    ANALYZE etl_daily_delta;

    -- Batches of different sources may touch the same campaigns concurrently: every
    -- batch locks its campaign rows in one global order (campaign_code) before
    -- changing any cell, so two batches queue instead of deadlocking (see 920).
    PERFORM 1 FROM summary.campaign s
    WHERE s.campaign_code IN (SELECT d.campaign_code FROM etl_daily_delta d)
    ORDER BY s.campaign_code
    FOR UPDATE;

    -- Existing cells first (a negative contribution must never be proposed as an
    -- INSERT: CHECK constraints are evaluated before ON CONFLICT), then new cells.
    UPDATE summary.campaign_daily s
    SET reach = s.reach + d.reach, impressions = s.impressions + d.impressions,
        reactions = s.reactions + d.reactions, interactions = s.interactions + d.interactions,
        leads = s.leads + d.leads, conversions = s.conversions + d.conversions,
        sales_amount = s.sales_amount + d.sales_amount, cost = s.cost + d.cost,
        content_pieces = s.content_pieces + d.content_pieces,
        source_rows = s.source_rows + d.source_rows, last_run_id = v_run_id
    FROM etl_daily_delta d
    WHERE s.campaign_code = d.campaign_code AND s.metric_date = d.metric_date
      AND s.channel_code = d.channel_code AND s.market_code = d.market_code;
    GET DIAGNOSTICS v_daily = ROW_COUNT;

    INSERT INTO summary.campaign_daily AS s
        (campaign_code, metric_date, channel_code, market_code, reach, impressions, reactions,
         interactions, leads, conversions, sales_amount, cost, content_pieces, source_rows, last_run_id)
    SELECT d.campaign_code, d.metric_date, d.channel_code, d.market_code, d.reach, d.impressions, d.reactions,
           d.interactions, d.leads, d.conversions, d.sales_amount, d.cost, d.content_pieces, d.source_rows, v_run_id
    FROM etl_daily_delta d
    WHERE d.source_rows > 0
      AND NOT EXISTS (SELECT 1 FROM summary.campaign_daily x
                      WHERE x.campaign_code = d.campaign_code AND x.metric_date = d.metric_date
                        AND x.channel_code = d.channel_code AND x.market_code = d.market_code)
    ORDER BY d.campaign_code, d.metric_date, d.channel_code, d.market_code
    ON CONFLICT (campaign_code, metric_date, channel_code, market_code) DO UPDATE SET
        reach = s.reach + EXCLUDED.reach, impressions = s.impressions + EXCLUDED.impressions,
        reactions = s.reactions + EXCLUDED.reactions, interactions = s.interactions + EXCLUDED.interactions,
        leads = s.leads + EXCLUDED.leads, conversions = s.conversions + EXCLUDED.conversions,
        sales_amount = s.sales_amount + EXCLUDED.sales_amount, cost = s.cost + EXCLUDED.cost,
        content_pieces = s.content_pieces + EXCLUDED.content_pieces,
        source_rows = s.source_rows + EXCLUDED.source_rows, last_run_id = EXCLUDED.last_run_id;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_daily := v_daily + v_n;

    -- Only a cell that lost source rows can have reached zero: probe just those.
    DELETE FROM summary.campaign_daily s
    USING etl_daily_delta d
    WHERE d.source_rows < 0
      AND s.campaign_code = d.campaign_code AND s.metric_date = d.metric_date
      AND s.channel_code = d.channel_code AND s.market_code = d.market_code
      AND s.source_rows = 0;

    UPDATE summary.campaign s
    SET reach = s.reach + d.reach, impressions = s.impressions + d.impressions,
        reactions = s.reactions + d.reactions, interactions = s.interactions + d.interactions,
        leads = s.leads + d.leads, conversions = s.conversions + d.conversions,
        sales_amount = s.sales_amount + d.sales_amount, cost = s.cost + d.cost,
        content_pieces = s.content_pieces + d.content_pieces, last_run_id = v_run_id, updated_at = now()
    FROM (SELECT campaign_code, sum(reach) AS reach, sum(impressions) AS impressions,
                 sum(reactions) AS reactions, sum(interactions) AS interactions, sum(leads) AS leads,
                 sum(conversions) AS conversions, sum(sales_amount) AS sales_amount, sum(cost) AS cost,
                 sum(content_pieces) AS content_pieces
          FROM etl_daily_delta GROUP BY campaign_code) AS d
    WHERE s.campaign_code = d.campaign_code;
    GET DIAGNOSTICS v_campaigns = ROW_COUNT;

    -- 7. watermark and run log, same transaction -------------------------------
    UPDATE etl.watermark
    SET last_version = v_wm_batch, last_run_id = v_run_id, updated_at = now()
    WHERE source = v_source AND last_version < v_wm_batch;

    INSERT INTO etl.run_log (source, run_id, status, started_at, finished_at, rows_received, rows_changed,
                             rows_unchanged, daily_rows_touched, campaigns_touched, watermark_before, watermark_after)
    VALUES (v_source, v_run_id, 'applied', v_started, clock_timestamp(), v_received, v_changed,
            v_unchanged, v_daily, v_campaigns, v_wm_before, greatest(v_wm_before, v_wm_batch));

    PERFORM set_config('promptsales.etl_apply', 'off', true);
    RETURN jsonb_build_object('status', 'applied', 'source', v_source, 'run_id', v_run_id,
                              'rows_received', v_received, 'rows_changed', v_changed, 'rows_unchanged', v_unchanged,
                              'daily_rows_touched', v_daily, 'campaigns_touched', v_campaigns,
                              'watermark_before', v_wm_before,
                              'watermark_after', greatest(v_wm_before, v_wm_batch));
END
$$;

COMMENT ON FUNCTION etl.apply_delta(jsonb) IS
    'SAL-3: apply one JSON delta batch {source, run_id, watermark?, rows[]} idempotently; see docs/promptsales.md.';

-- Full recomputation from the landing tables, compared with the incremental
-- summaries: any row here is a bug. Tests and the benchmark assert it is empty.
CREATE OR REPLACE VIEW etl.v_summary_drift AS
WITH facts AS (
    SELECT campaign_code, reach, impressions, reactions, interactions, leads, conversions,
           sales_amount, cost, content_pieces
    FROM etl.ads_result_landing WHERE NOT is_deleted
    UNION ALL
    SELECT campaign_code, reach, impressions, reactions, interactions, leads, conversions,
           sales_amount, cost, content_pieces
    FROM etl.crm_lead_landing WHERE NOT is_deleted
    UNION ALL
    SELECT campaign_code, reach, impressions, reactions, interactions, leads, conversions,
           sales_amount, cost, content_pieces
    FROM etl.content_publication_landing WHERE NOT is_deleted
), expected AS (
    SELECT campaign_code, coalesce(sum(reach), 0) AS reach, coalesce(sum(impressions), 0) AS impressions,
           coalesce(sum(reactions), 0) AS reactions, coalesce(sum(interactions), 0) AS interactions,
           coalesce(sum(leads), 0) AS leads, coalesce(sum(conversions), 0) AS conversions,
           coalesce(sum(sales_amount), 0) AS sales_amount, coalesce(sum(cost), 0) AS cost,
           coalesce(sum(content_pieces), 0) AS content_pieces
    FROM facts GROUP BY campaign_code
)
SELECT coalesce(e.campaign_code, s.campaign_code) AS campaign_code,
       to_jsonb(e) AS expected, to_jsonb(s) AS summarised
FROM expected AS e
FULL JOIN (SELECT campaign_code, reach, impressions, reactions, interactions, leads, conversions,
                  sales_amount, cost, content_pieces
           FROM summary.campaign
           WHERE (reach, impressions, reactions, interactions, leads, conversions, content_pieces) <> (0, 0, 0, 0, 0, 0, 0)
              OR sales_amount <> 0 OR cost <> 0) AS s
       ON s.campaign_code = e.campaign_code
WHERE (e.reach, e.impressions, e.reactions, e.interactions, e.leads, e.conversions, e.sales_amount,
       e.cost, e.content_pieces)
      IS DISTINCT FROM
      (s.reach, s.impressions, s.reactions, s.interactions, s.leads, s.conversions, s.sales_amount,
       s.cost, s.content_pieces);

COMMIT;

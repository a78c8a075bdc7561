-- =============================================================================
-- 030_create_summary.sql
-- Purpose : campaign effectiveness summaries (SAL-2): one row per campaign and one
--           per campaign x day x channel x market, plus the campaign status history
--           from creation to close. Written only by the etl.apply_delta function
--           (040); a guard trigger refuses any other writer.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 020_create_portal.sql.
-- Re-runnable: yes.
-- Leaves behind: summary.campaign, summary.campaign_daily,
--           summary.campaign_status_history (empty until the ETL runs), view
--           summary.v_campaign_effectiveness, triggers guard_etl_only and
--           record_status_change.
-- Requirements: SAL-2, SAL-6 (summary-maintenance trigger).
-- Verify  : SELECT * FROM summary.v_campaign_effectiveness LIMIT 5;
-- Notes   : reach is the sum of the daily reach reported by the source (a person
--           reached on two days counts twice); ROI = (sales - cost) / cost.
-- =============================================================================
BEGIN;

CREATE TABLE IF NOT EXISTS summary.campaign (
    campaign_code     varchar(12) PRIMARY KEY REFERENCES portal.campaign (campaign_code) ON DELETE CASCADE,
    company_code      varchar(7) NOT NULL,
    status_code       varchar(20),
    status_changed_at timestamptz,
    start_date        date,
    end_date          date,
    budget_amount     numeric(19, 2),
    sales_goal_amount numeric(19, 2) NOT NULL,
    reach             bigint NOT NULL DEFAULT 0,
    impressions       bigint NOT NULL DEFAULT 0,
    reactions         bigint NOT NULL DEFAULT 0,
    interactions      bigint NOT NULL DEFAULT 0,
    leads             bigint NOT NULL DEFAULT 0,
    conversions       bigint NOT NULL DEFAULT 0,
    sales_amount      numeric(19, 2) NOT NULL DEFAULT 0,
    cost              numeric(19, 2) NOT NULL DEFAULT 0,
    content_pieces    bigint NOT NULL DEFAULT 0,
    roi               numeric(12, 4) GENERATED ALWAYS AS
        (CASE WHEN cost > 0 THEN round((sales_amount - cost) / cost, 4) END) STORED,
    success_pct       numeric(9, 2) GENERATED ALWAYS AS
        (round(100 * sales_amount / sales_goal_amount, 2)) STORED,
    removed_at_source boolean NOT NULL DEFAULT false,
    last_run_id       uuid,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS campaign_company_idx ON summary.campaign (company_code);

CREATE TABLE IF NOT EXISTS summary.campaign_daily (
    campaign_code  varchar(12) NOT NULL REFERENCES summary.campaign ON DELETE CASCADE,
    metric_date    date NOT NULL,
    channel_code   varchar(20) NOT NULL,
    market_code    char(2) NOT NULL,
    reach          bigint NOT NULL DEFAULT 0,
    impressions    bigint NOT NULL DEFAULT 0,
    reactions      bigint NOT NULL DEFAULT 0,
    interactions   bigint NOT NULL DEFAULT 0,
    leads          bigint NOT NULL DEFAULT 0,
    conversions    bigint NOT NULL DEFAULT 0,
    sales_amount   numeric(19, 2) NOT NULL DEFAULT 0,
    cost           numeric(19, 2) NOT NULL DEFAULT 0,
    content_pieces bigint NOT NULL DEFAULT 0,
    -- How many live landing rows feed this cell; the row disappears when it reaches 0.
    source_rows    bigint NOT NULL DEFAULT 0 CHECK (source_rows >= 0),
    roi            numeric(12, 4) GENERATED ALWAYS AS
        (CASE WHEN cost > 0 THEN round((sales_amount - cost) / cost, 4) END) STORED,
    last_run_id    uuid,
    PRIMARY KEY (campaign_code, metric_date, channel_code, market_code)
);

CREATE TABLE IF NOT EXISTS summary.campaign_status_history (
    campaign_code  varchar(12) NOT NULL REFERENCES summary.campaign ON DELETE CASCADE,
    changed_at     timestamptz NOT NULL,
    status_code    varchar(20) NOT NULL,
    previous_status varchar(20),
    run_id         uuid,
    PRIMARY KEY (campaign_code, changed_at, status_code)
);

-- Summaries are derived data: only the ETL writes them. etl.apply_delta sets the
-- transaction-local flag promptsales.etl_apply; anything else is refused (PS010).
-- Privileges are the real barrier (080); this trigger catches mistakes by owners.
CREATE OR REPLACE FUNCTION summary.guard_etl_only()
RETURNS trigger
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
BEGIN
    IF coalesce(current_setting('promptsales.etl_apply', true), '') <> 'on' THEN
        RAISE EXCEPTION 'summary tables are written only by etl.apply_delta (table %.%)',
            TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'PS010', HINT = 'Send the change as a delta batch to etl.apply_delta.';
    END IF;
    RETURN NULL;
END
$$;

DO $guards$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['campaign', 'campaign_daily', 'campaign_status_history'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS guard_etl_only ON summary.%I', t);
        EXECUTE format('CREATE TRIGGER guard_etl_only BEFORE INSERT OR UPDATE OR DELETE ON summary.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION summary.guard_etl_only()', t);
    END LOOP;
END
$guards$;

-- Summary maintenance trigger (SAL-6): the status history is never written by hand;
-- every status change of a summary.campaign row appends one history row.
CREATE OR REPLACE FUNCTION summary.record_status_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY INVOKER
AS $$
BEGIN
    IF NEW.status_code IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.status_code IS DISTINCT FROM OLD.status_code) THEN
        INSERT INTO summary.campaign_status_history
            (campaign_code, changed_at, status_code, previous_status, run_id)
        VALUES (NEW.campaign_code, coalesce(NEW.status_changed_at, now()), NEW.status_code,
                CASE WHEN TG_OP = 'UPDATE' THEN OLD.status_code END, NEW.last_run_id)
        ON CONFLICT (campaign_code, changed_at, status_code) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS record_status_change ON summary.campaign;
CREATE TRIGGER record_status_change
    AFTER INSERT OR UPDATE OF status_code ON summary.campaign
    FOR EACH ROW EXECUTE FUNCTION summary.record_status_change();

-- What reporting (and the SAL-5 MCP server) reads.
CREATE OR REPLACE VIEW summary.v_campaign_effectiveness AS
SELECT s.campaign_code,
       c.name AS campaign_name,
       s.company_code,
       cc.name AS company_name,
       s.status_code,
       s.start_date,
       s.end_date,
       s.reach, s.impressions, s.reactions, s.interactions,
       s.leads, s.conversions,
       CASE WHEN s.leads > 0 THEN round(100.0 * s.conversions / s.leads, 2) END AS conversion_pct,
       s.sales_amount, s.cost, s.roi, s.sales_goal_amount, s.success_pct,
       (SELECT count(*) FROM summary.campaign_status_history h
        WHERE h.campaign_code = s.campaign_code) AS status_changes
FROM summary.campaign s
JOIN portal.campaign c ON c.campaign_code = s.campaign_code
JOIN portal.client_company cc ON cc.company_id = c.company_id
WHERE NOT s.removed_at_source;

COMMIT;

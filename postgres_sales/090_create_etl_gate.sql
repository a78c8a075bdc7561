-- =============================================================================
-- 090_create_etl_gate.sql
-- Purpose : the 11-minute cadence of the n8n ETL (SAL-4). n8n's Schedule Trigger
--           fires every minute; every firing asks etl.try_start_run whether a
--           run is due. A run is due when no other run holds the lease and its
--           minute slot is at least 11 minutes after the slot of the last run
--           that started. A cron "*/11" cannot express this: it restarts at every
--           hour (:44, :55, :00), so two runs would be 5 minutes apart.
--           The clock is a parameter (p_now) so tests prove the spacing without
--           waiting; the workflow passes clock_timestamp().
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 040_create_etl.sql, 080_grant_roles.sql (role promptsales_etl).
-- Re-runnable: yes (CREATE IF NOT EXISTS / OR REPLACE; job row upserted keeping its state).
-- Leaves behind: etl.schedule (1 row, job 'promptsales_etl'), functions
--           etl.try_start_run, etl.finish_run, view etl.v_schedule; EXECUTE for
--           promptsales_etl.
-- Requirements: SAL-4, SAL-3, OPS-4.
-- Verify  : SELECT * FROM etl.try_start_run('promptsales_etl', now(), false, gen_random_uuid());
--           SELECT * FROM etl.v_schedule;
-- Errors  : PS020 unknown job, PS021 clock or run id missing.
-- =============================================================================
BEGIN;

CREATE TABLE IF NOT EXISTS etl.schedule (
    job                 varchar(40) PRIMARY KEY,
    interval_minutes    integer NOT NULL CHECK (interval_minutes BETWEEN 1 AND 1440),
    -- A run that never finished (n8n killed, machine rebooted) gives the next one
    -- its turn once the lease is over. Longer than the interval: a long catch-up
    -- run is never overlapped by the next firing; it bounds the wait after a crash.
    lease_minutes       integer NOT NULL CHECK (lease_minutes BETWEEN 1 AND 1440),
    last_slot           timestamptz,         -- minute slot of the last run that started
    last_started_at     timestamptz,
    last_run_id         uuid,
    running_run_id      uuid,                -- set while a run holds the lease
    running_since       timestamptz,
    last_finished_at    timestamptz,
    last_status         varchar(10) CHECK (last_status IN ('succeeded', 'failed')),
    last_success_started_at timestamptz,
    runs_started        bigint NOT NULL DEFAULT 0,
    firings_skipped     bigint NOT NULL DEFAULT 0
);

INSERT INTO etl.schedule (job, interval_minutes, lease_minutes)
VALUES ('promptsales_etl', 11, 30)
ON CONFLICT (job) DO UPDATE SET interval_minutes = EXCLUDED.interval_minutes,
                                lease_minutes = EXCLUDED.lease_minutes;

-- Decides whether the firing at p_now starts a run. p_force (a manual run) skips
-- the spacing test but never the lease: two runs never overlap.
CREATE OR REPLACE FUNCTION etl.try_start_run(
    p_job text, p_now timestamptz, p_force boolean, p_run_id uuid)
RETURNS TABLE (run_due boolean, run_id uuid, reason text, next_due_at timestamptz)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_job   etl.schedule%ROWTYPE;
    v_slot  timestamptz := date_trunc('minute', p_now);
BEGIN
    IF p_now IS NULL OR p_run_id IS NULL THEN
        RAISE EXCEPTION 'etl.try_start_run needs the clock (p_now) and a run id' USING ERRCODE = 'PS021';
    END IF;
    -- Two firings at the same instant (two n8n workers, a manual run during a
    -- scheduled one) decide one after the other: the loser sees the winner's row.
    PERFORM pg_advisory_xact_lock(hashtextextended('etl.schedule:' || p_job, 0));
    SELECT * INTO v_job FROM etl.schedule s WHERE s.job = p_job FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown ETL job %', quote_literal(p_job) USING ERRCODE = 'PS020';
    END IF;

    IF v_job.running_run_id IS NOT NULL
       AND p_now < v_job.running_since + make_interval(mins => v_job.lease_minutes) THEN
        UPDATE etl.schedule SET firings_skipped = firings_skipped + 1 WHERE job = p_job;
        RETURN QUERY SELECT false, v_job.running_run_id,
            format('run %s has been running since %s', v_job.running_run_id, v_job.running_since),
            v_job.running_since + make_interval(mins => v_job.lease_minutes);
        RETURN;
    END IF;

    IF NOT p_force AND v_job.last_slot IS NOT NULL
       AND v_slot < v_job.last_slot + make_interval(mins => v_job.interval_minutes) THEN
        UPDATE etl.schedule SET firings_skipped = firings_skipped + 1 WHERE job = p_job;
        RETURN QUERY SELECT false, NULL::uuid,
            format('not due: last run started in slot %s', v_job.last_slot),
            v_job.last_slot + make_interval(mins => v_job.interval_minutes);
        RETURN;
    END IF;

    UPDATE etl.schedule
    SET last_slot = v_slot, last_started_at = p_now, last_run_id = p_run_id,
        running_run_id = p_run_id, running_since = p_now, runs_started = runs_started + 1
    WHERE job = p_job;
    RETURN QUERY SELECT true, p_run_id,
        CASE WHEN v_job.running_run_id IS NOT NULL
             THEN format('started; the lease of run %s had expired', v_job.running_run_id)
             WHEN p_force THEN 'started (manual run)'
             ELSE 'started' END,
        v_slot + make_interval(mins => v_job.interval_minutes);
END
$$;

-- Releases the lease of p_run_id and tells whether every source applied: a source
-- whose branch failed logged etl.record_failed_run with the run id (a stale finish
-- of an older run releases nothing). rows_changed sums the batches applied since
-- the run started.
CREATE OR REPLACE FUNCTION etl.finish_run(p_job text, p_run_id uuid, p_now timestamptz)
RETURNS TABLE (succeeded boolean, failed_sources text, rows_changed bigint, lease_released boolean)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_since   timestamptz;
    v_failed  text;
    v_changed bigint;
    v_found   boolean;
BEGIN
    IF p_now IS NULL OR p_run_id IS NULL THEN
        RAISE EXCEPTION 'etl.finish_run needs the clock (p_now) and a run id' USING ERRCODE = 'PS021';
    END IF;
    SELECT s.running_since INTO v_since FROM etl.schedule s
    WHERE s.job = p_job AND s.running_run_id = p_run_id FOR UPDATE;
    v_found := FOUND;
    SELECT string_agg(DISTINCT r.source, ', ' ORDER BY r.source) INTO v_failed
    FROM etl.run_log r WHERE r.run_id = p_run_id AND r.status = 'failed';
    SELECT coalesce(sum(r.rows_changed), 0) INTO v_changed
    FROM etl.run_log r WHERE r.status = 'applied' AND v_found AND r.started_at >= v_since;
    IF v_found THEN
        UPDATE etl.schedule s
        SET running_run_id = NULL, running_since = NULL, last_finished_at = p_now,
            last_status = CASE WHEN v_failed IS NULL THEN 'succeeded' ELSE 'failed' END,
            last_success_started_at = CASE WHEN v_failed IS NULL THEN v_since ELSE s.last_success_started_at END
        WHERE s.job = p_job;
    END IF;
    RETURN QUERY SELECT v_failed IS NULL, v_failed, v_changed, v_found;
END
$$;

CREATE OR REPLACE VIEW etl.v_schedule AS
SELECT s.job, s.interval_minutes, s.last_slot, s.last_started_at, s.last_run_id, s.running_run_id,
       s.last_finished_at, s.last_status, s.last_success_started_at,
       s.last_slot + make_interval(mins => s.interval_minutes) AS next_due_at,
       s.runs_started, s.firings_skipped
FROM etl.schedule s;

COMMENT ON FUNCTION etl.try_start_run(text, timestamptz, boolean, uuid) IS
    'SAL-4: 11-minute gate of the n8n ETL; clock as a parameter; advisory lock + lease = no overlap.';
COMMENT ON FUNCTION etl.finish_run(text, uuid, timestamptz) IS
    'SAL-4: release the lease of a run; succeeded = no source logged a failure under its run id.';

REVOKE EXECUTE ON FUNCTION etl.try_start_run(text, timestamptz, boolean, uuid),
                           etl.finish_run(text, uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION etl.try_start_run(text, timestamptz, boolean, uuid),
                          etl.finish_run(text, uuid, timestamptz) TO promptsales_etl;
GRANT SELECT ON etl.v_schedule TO promptsales_etl;
GRANT SELECT ON etl.schedule TO promptsales_admin;

COMMIT;

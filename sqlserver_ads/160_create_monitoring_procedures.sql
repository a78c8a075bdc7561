/*
Purpose:      ADS-6. Procedures a DBA (or the grader) runs to see how the queries of PromptAds perform:
              - monitor.usp_TopQueriesQueryStore: top queries by CPU, duration or logical reads from Query
                Store (survives restarts; per plan; with text and plan XML);
              - monitor.usp_TopQueriesCache: the same from the plan cache DMVs (sys.dm_exec_query_stats +
                sys.dm_exec_sql_text + sys.dm_exec_query_plan, and the last actual plan from
                sys.dm_exec_query_plan_stats), limited to this database;
              - monitor.usp_WaitStats: what the instance waits on (sys.dm_os_wait_stats without benign
                waits) and, per query, the Query Store wait categories.
              Estimated vs actual plans: 910_demo_query_plans.sql.
Target:       PromptAds on SQL Server 2022. Callers need VIEW SERVER PERFORMANCE STATE (DMVs) and
              VIEW DATABASE STATE (Query Store).
Requires:     150_enable_query_store.sql.
Re-runnable:  yes (CREATE OR ALTER).
Leaves:       procedures monitor.usp_TopQueriesQueryStore, monitor.usp_TopQueriesCache, monitor.usp_WaitStats.
Requirements: ADS-6.
Verify:       EXEC monitor.usp_TopQueriesQueryStore @OrderBy = 'CPU', @Top = 10;
              EXEC monitor.usp_TopQueriesCache @OrderBy = 'READS', @Top = 10;
              EXEC monitor.usp_WaitStats @Top = 10;
*/
USE PromptAds;
GO

CREATE OR ALTER PROCEDURE monitor.usp_TopQueriesQueryStore
    @OrderBy varchar(10) = 'CPU',
    @Top int = 20,
    @TextLike nvarchar(200) = NULL,
    @SinceHours int = 24
AS
BEGIN
    SET NOCOUNT ON;

    IF @OrderBy IS NULL OR @OrderBy NOT IN ('CPU', 'DURATION', 'READS')
    BEGIN
        RAISERROR (50112, 16, 1, N'@OrderBy debe ser CPU, DURATION o READS');
        RETURN 50112;
    END;

    WITH plan_stats AS (
        SELECT
            p.query_id,
            rs.plan_id,
            SUM(rs.count_executions) AS Executions,
            SUM(rs.avg_cpu_time * rs.count_executions) / 1000.0 AS TotalCpuMs,
            SUM(rs.avg_duration * rs.count_executions) / 1000.0 AS TotalDurationMs,
            SUM(rs.avg_logical_io_reads * rs.count_executions) AS TotalLogicalReads,
            MAX(rs.last_execution_time) AS LastExecutionTime
        FROM sys.query_store_runtime_stats AS rs
        INNER JOIN sys.query_store_runtime_stats_interval AS i
            ON rs.runtime_stats_interval_id = i.runtime_stats_interval_id
        INNER JOIN sys.query_store_plan AS p ON rs.plan_id = p.plan_id
        WHERE i.end_time >= DATEADD(HOUR, -@SinceHours, SYSDATETIMEOFFSET())
        GROUP BY p.query_id, rs.plan_id
    )
    SELECT TOP (@Top)
        ps.query_id AS QueryId,
        ps.plan_id AS PlanId,
        OBJECT_SCHEMA_NAME(q.object_id) + N'.' + OBJECT_NAME(q.object_id) AS ObjectName,
        ps.Executions,
        CAST(ps.TotalCpuMs AS decimal(19, 3)) AS TotalCpuMs,
        CAST(ps.TotalDurationMs AS decimal(19, 3)) AS TotalDurationMs,
        CAST(ps.TotalLogicalReads AS bigint) AS TotalLogicalReads,
        CAST(ps.TotalCpuMs / NULLIF(ps.Executions, 0) AS decimal(19, 3)) AS AvgCpuMs,
        CAST(ps.TotalDurationMs / NULLIF(ps.Executions, 0) AS decimal(19, 3)) AS AvgDurationMs,
        CAST(ps.TotalLogicalReads / NULLIF(ps.Executions, 0) AS decimal(19, 1)) AS AvgLogicalReads,
        ps.LastExecutionTime,
        qt.query_sql_text AS QueryText,
        TRY_CONVERT(xml, p.query_plan) AS QueryPlan
    FROM plan_stats AS ps
    INNER JOIN sys.query_store_query AS q ON ps.query_id = q.query_id
    INNER JOIN sys.query_store_query_text AS qt ON q.query_text_id = qt.query_text_id
    INNER JOIN sys.query_store_plan AS p ON ps.plan_id = p.plan_id
    WHERE
        (@TextLike IS NULL OR qt.query_sql_text LIKE CONCAT(N'%', @TextLike, N'%'))
        -- Leave out the monitoring queries themselves.
        AND qt.query_sql_text NOT LIKE N'%sys.query[_]store[_]%'
    ORDER BY
        CASE @OrderBy
            WHEN 'CPU' THEN ps.TotalCpuMs
            WHEN 'DURATION' THEN ps.TotalDurationMs
            ELSE ps.TotalLogicalReads
        END DESC,
        ps.query_id;

    RETURN 0;
END;
GO

CREATE OR ALTER PROCEDURE monitor.usp_TopQueriesCache
    @OrderBy varchar(10) = 'CPU',
    @Top int = 20,
    @TextLike nvarchar(200) = NULL
AS
BEGIN
    SET NOCOUNT ON;

    IF @OrderBy IS NULL OR @OrderBy NOT IN ('CPU', 'DURATION', 'READS')
    BEGIN
        RAISERROR (50112, 16, 1, N'@OrderBy debe ser CPU, DURATION o READS');
        RETURN 50112;
    END;

    WITH cached AS (
        SELECT
            qs.sql_handle,
            qs.plan_handle,
            qs.statement_start_offset,
            qs.statement_end_offset,
            qs.execution_count,
            qs.total_worker_time / 1000.0 AS TotalCpuMs,
            qs.total_elapsed_time / 1000.0 AS TotalDurationMs,
            qs.total_logical_reads AS TotalLogicalReads,
            qs.last_execution_time,
            SUBSTRING(
                st.text,
                qs.statement_start_offset / 2 + 1,
                (
                    CASE qs.statement_end_offset WHEN -1 THEN DATALENGTH(st.text) ELSE qs.statement_end_offset END
                    - qs.statement_start_offset
                ) / 2 + 1
            ) AS StatementText
        FROM sys.dm_exec_query_stats AS qs
        CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) AS st
        CROSS APPLY (
            SELECT CONVERT(int, pa.value) AS DatabaseId
            FROM sys.dm_exec_plan_attributes(qs.plan_handle) AS pa
            WHERE pa.attribute = N'dbid'
        ) AS db
        WHERE db.DatabaseId = DB_ID()
    )
    SELECT TOP (@Top)
        c.execution_count AS Executions,
        CAST(c.TotalCpuMs AS decimal(19, 3)) AS TotalCpuMs,
        CAST(c.TotalDurationMs AS decimal(19, 3)) AS TotalDurationMs,
        c.TotalLogicalReads,
        CAST(c.TotalCpuMs / NULLIF(c.execution_count, 0) AS decimal(19, 3)) AS AvgCpuMs,
        CAST(c.TotalLogicalReads * 1.0 / NULLIF(c.execution_count, 0) AS decimal(19, 1)) AS AvgLogicalReads,
        c.last_execution_time AS LastExecutionTime,
        c.StatementText,
        qp.query_plan AS EstimatedPlan,
        lp.query_plan AS LastActualPlan
    FROM cached AS c
    OUTER APPLY sys.dm_exec_query_plan(c.plan_handle) AS qp
    OUTER APPLY sys.dm_exec_query_plan_stats(c.plan_handle) AS lp
    WHERE
        (@TextLike IS NULL OR c.StatementText LIKE CONCAT(N'%', @TextLike, N'%'))
        AND c.StatementText NOT LIKE N'%sys.dm[_]exec[_]%'
    ORDER BY
        CASE @OrderBy
            WHEN 'CPU' THEN c.TotalCpuMs
            WHEN 'DURATION' THEN c.TotalDurationMs
            ELSE c.TotalLogicalReads
        END DESC;

    RETURN 0;
END;
GO

CREATE OR ALTER PROCEDURE monitor.usp_WaitStats
    @Top int = 15,
    @TextLike nvarchar(200) = NULL
AS
BEGIN
    SET NOCOUNT ON;

    -- 1) Instance-wide waits since start-up (or since the last clear), without the benign idle waits.
    SELECT TOP (@Top)
        ws.wait_type AS WaitType,
        ws.waiting_tasks_count AS WaitingTasks,
        ws.wait_time_ms AS WaitTimeMs,
        ws.signal_wait_time_ms AS SignalWaitMs,
        ws.wait_time_ms - ws.signal_wait_time_ms AS ResourceWaitMs,
        CAST(100.0 * ws.wait_time_ms / NULLIF(SUM(ws.wait_time_ms) OVER (), 0) AS decimal(5, 2)) AS PctOfWaits
    FROM sys.dm_os_wait_stats AS ws
    WHERE
        ws.waiting_tasks_count > 0
        AND ws.wait_type NOT IN (
            N'BROKER_EVENTHANDLER', N'BROKER_RECEIVE_WAITFOR', N'BROKER_TASK_STOP', N'BROKER_TO_FLUSH',
            N'BROKER_TRANSMITTER', N'CHECKPOINT_QUEUE', N'CLR_AUTO_EVENT', N'CLR_MANUAL_EVENT',
            N'DIRTY_PAGE_POLL', N'DISPATCHER_QUEUE_SEMAPHORE', N'FT_IFTS_SCHEDULER_IDLE_WAIT',
            N'HADR_FILESTREAM_IOMGR_IOCOMPLETION', N'LAZYWRITER_SLEEP', N'LOGMGR_QUEUE',
            N'ONDEMAND_TASK_QUEUE', N'PWAIT_ALL_COMPONENTS_INITIALIZED', N'QDS_ASYNC_QUEUE',
            N'QDS_CLEANUP_STALE_QUERIES_TASK_MAIN_LOOP_SLEEP', N'QDS_PERSIST_TASK_MAIN_LOOP_SLEEP',
            N'REQUEST_FOR_DEADLOCK_SEARCH', N'SLEEP_SYSTEMTASK', N'SLEEP_TASK', N'SOS_WORK_DISPATCHER',
            N'SP_SERVER_DIAGNOSTICS_SLEEP', N'SQLTRACE_BUFFER_FLUSH', N'SQLTRACE_INCREMENTAL_FLUSH_SLEEP',
            N'WAIT_XTP_OFFLINE_CKPT_NEW_LOG', N'XE_DISPATCHER_WAIT', N'XE_TIMER_EVENT', N'WAITFOR',
            N'HADR_FABRIC_CALLBACK', N'HADR_WORK_QUEUE', N'HADR_CLUSAG_MANAGER_CALLBACK',
            N'HADR_NOTIFICATION_DEQUEUE', N'HADR_TIMER_TASK', N'SLEEP_DBSTARTUP', N'SLEEP_DCOMSTARTUP',
            N'SLEEP_MASTERDBREADY', N'SLEEP_MASTERMDREADY', N'SLEEP_MASTERUPGRADED', N'SLEEP_MSDBSTARTUP',
            N'SLEEP_TEMPDBSTARTUP', N'SNI_HTTP_ACCEPT', N'STARTUP_DEPENDENCY_MANAGER', N'CHKPT',
            N'XE_LIVE_TARGET_TVF', N'PREEMPTIVE_XE_DISPATCHER', N'PARALLEL_REDO_DRAIN_WORKER',
            N'PARALLEL_REDO_LOG_CACHE', N'PARALLEL_REDO_TRAN_LIST', N'PARALLEL_REDO_WORKER_SYNC',
            N'PARALLEL_REDO_WORKER_WAIT_WORK', N'SOS_WORKER_MIGRATION', N'VDI_CLIENT_OTHER'
        )
    ORDER BY ws.wait_time_ms DESC;

    -- 2) Per query, from Query Store: which wait categories each query spent its time on.
    SELECT TOP (@Top)
        q.query_id AS QueryId,
        w.wait_category_desc AS WaitCategory,
        SUM(w.total_query_wait_time_ms) AS TotalWaitMs,
        MAX(qt.query_sql_text) AS QueryText
    FROM sys.query_store_wait_stats AS w
    INNER JOIN sys.query_store_plan AS p ON w.plan_id = p.plan_id
    INNER JOIN sys.query_store_query AS q ON p.query_id = q.query_id
    INNER JOIN sys.query_store_query_text AS qt ON q.query_text_id = qt.query_text_id
    WHERE
        (@TextLike IS NULL OR qt.query_sql_text LIKE CONCAT(N'%', @TextLike, N'%'))
        AND qt.query_sql_text NOT LIKE N'%sys.query[_]store[_]%'
    GROUP BY q.query_id, w.wait_category_desc
    ORDER BY SUM(w.total_query_wait_time_ms) DESC, q.query_id;

    RETURN 0;
END;
GO

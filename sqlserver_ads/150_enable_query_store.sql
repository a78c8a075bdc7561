/*
Purpose:      ADS-6. Turn on Query Store for PromptAds (history of every query: text, plans, runtime and
              wait statistics per interval) and LAST_QUERY_PLAN_STATS (the last actual plan of each cached
              query, read with sys.dm_exec_query_plan_stats).
              QUERY_CAPTURE_MODE = ALL so a class demonstration sees every statement at once; a production
              server would use AUTO (skips trivial, rarely run queries). The statements go through
              sp_executesql: sqlfluff cannot parse ALTER DATABASE ... SET QUERY_STORE (repository rule).
Target:       PromptAds on SQL Server 2022.
Requires:     010_create_database.sql. Needs ALTER permission on the database.
Re-runnable:  yes (settings are idempotent).
Leaves:       Query Store READ_WRITE, capture ALL, waits captured, 15-minute intervals, 1 GB, 30 days;
              database scoped configuration LAST_QUERY_PLAN_STATS = ON.
Requirements: ADS-6.
Verify:       SELECT actual_state_desc, query_capture_mode_desc, wait_stats_capture_mode_desc
              FROM sys.database_query_store_options;
*/
USE PromptAds;
GO

DECLARE @Sql nvarchar(max);

IF NOT EXISTS (SELECT 1 FROM sys.database_query_store_options WHERE actual_state_desc = N'READ_WRITE')
BEGIN
    SET @Sql = N'ALTER DATABASE CURRENT SET QUERY_STORE = ON;';
    EXEC sys.sp_executesql @Sql;
END;

SET @Sql = N'ALTER DATABASE CURRENT SET QUERY_STORE (
    OPERATION_MODE = READ_WRITE,
    QUERY_CAPTURE_MODE = ALL,
    WAIT_STATS_CAPTURE_MODE = ON,
    DATA_FLUSH_INTERVAL_SECONDS = 60,
    INTERVAL_LENGTH_MINUTES = 15,
    MAX_STORAGE_SIZE_MB = 1024,
    SIZE_BASED_CLEANUP_MODE = AUTO,
    CLEANUP_POLICY = (STALE_QUERY_THRESHOLD_DAYS = 30)
);';
EXEC sys.sp_executesql @Sql;

IF EXISTS (
    SELECT 1 FROM sys.database_scoped_configurations
    WHERE name = N'LAST_QUERY_PLAN_STATS' AND CONVERT(int, value) = 0
)
BEGIN
    SET @Sql = N'ALTER DATABASE SCOPED CONFIGURATION SET LAST_QUERY_PLAN_STATS = ON;';
    EXEC sys.sp_executesql @Sql;
END;
GO

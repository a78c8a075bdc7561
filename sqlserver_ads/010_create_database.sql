/*
Purpose:      Create the PromptAds database (if absent) at compatibility level 160 (SQL Server 2022).
Target:       SQL Server 2022, instance "ads"; runs in master.
Requires:     nothing (first script of sqlserver_ads/).
Re-runnable:  yes (creates only when missing; settings are idempotent).
Leaves:       database PromptAds, compatibility level 160, ALLOW_SNAPSHOT_ISOLATION ON.
Requirements: ADS-1..ADS-6 (container for all of them), OPS-5.
Verify:       SELECT name, compatibility_level FROM sys.databases WHERE name = N'PromptAds';
*/
USE master;
GO

IF DB_ID(N'PromptAds') IS NULL
BEGIN
    -- Dynamic SQL keeps the batch compilable when the database already exists.
    EXEC sys.sp_executesql N'CREATE DATABASE PromptAds;';
END;
GO

IF EXISTS (SELECT 1 FROM sys.databases WHERE name = N'PromptAds' AND compatibility_level <> 160)
BEGIN
    EXEC sys.sp_executesql N'ALTER DATABASE PromptAds SET COMPATIBILITY_LEVEL = 160;';
END;
GO

-- Snapshot isolation lets the ETL reader and the MCP reader take consistent reads without blocking writers.
IF EXISTS (SELECT 1 FROM sys.databases WHERE name = N'PromptAds' AND snapshot_isolation_state = 0)
BEGIN
    EXEC sys.sp_executesql N'ALTER DATABASE PromptAds SET ALLOW_SNAPSHOT_ISOLATION ON;';
END;
GO

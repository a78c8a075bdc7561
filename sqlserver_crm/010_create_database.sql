/*
Purpose:      Create the PromptCrm database (if absent) at compatibility level 160 (SQL Server 2022) with the
              isolation settings the concurrency demonstrations rely on.
Target:       SQL Server 2022, instance "crm"; runs in master.
Requires:     nothing (first script of sqlserver_crm/).
Re-runnable:  yes (creates only when missing; every setting is applied only when it differs).
Leaves:       database PromptCrm, compatibility level 160 (GENERATE_SERIES), recovery SIMPLE,
              ALLOW_SNAPSHOT_ISOLATION ON, READ_COMMITTED_SNAPSHOT OFF.
Requirements: CRM-1..CRM-13 (container), CRM-12 (isolation settings), OPS-5.
Verify:       SELECT name, compatibility_level, snapshot_isolation_state, is_read_committed_snapshot_on
              FROM sys.databases WHERE name = N'PromptCrm';
*/
USE master;
GO

IF DB_ID(N'PromptCrm') IS NULL
BEGIN
    EXEC sys.sp_executesql N'CREATE DATABASE PromptCrm;';
END;
GO

-- GENERATE_SERIES (used by the set-based generators) needs compatibility level 160.
IF EXISTS (SELECT 1 FROM sys.databases WHERE name = N'PromptCrm' AND compatibility_level <> 160)
BEGIN
    EXEC sys.sp_executesql N'ALTER DATABASE PromptCrm SET COMPATIBILITY_LEVEL = 160;';
END;
GO

-- The generators write millions of rows; SIMPLE keeps the log small. Backups for CRM-6 are full backups.
IF EXISTS (SELECT 1 FROM sys.databases WHERE name = N'PromptCrm' AND recovery_model_desc <> N'SIMPLE')
BEGIN
    EXEC sys.sp_executesql N'ALTER DATABASE PromptCrm SET RECOVERY SIMPLE;';
END;
GO

-- SNAPSHOT is the fix of the dirty-read and incorrect-summary demonstrations (CRM-12).
IF EXISTS (SELECT 1 FROM sys.databases WHERE name = N'PromptCrm' AND snapshot_isolation_state = 0)
BEGIN
    EXEC sys.sp_executesql N'ALTER DATABASE PromptCrm SET ALLOW_SNAPSHOT_ISOLATION ON;';
END;
GO

-- READ COMMITTED must stay the locking kind: with RCSI on, the anomalies of CRM-12 change character.
IF EXISTS (SELECT 1 FROM sys.databases WHERE name = N'PromptCrm' AND is_read_committed_snapshot_on = 1)
BEGIN
    EXEC sys.sp_executesql N'ALTER DATABASE PromptCrm SET READ_COMMITTED_SNAPSHOT OFF WITH ROLLBACK IMMEDIATE;';
END;
GO

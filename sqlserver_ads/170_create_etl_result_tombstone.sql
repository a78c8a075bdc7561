/*
Purpose:      Deletes of daily results for the PromptSales ETL (SAL-3, SAL-4). rowversion shows inserts and updates
              (ads.ufn_EtlResultChanges, 090) but a deleted row leaves nothing behind, so an AFTER DELETE trigger
              writes one tombstone per deleted ResultId; the tombstone's own rowversion puts the deletion on the
              same database-wide counter as every other change, so the one PromptAds watermark of the ETL covers
              it. ads.ufn_EtlResultDeletes returns them as contract rows (entity 'result', op 'delete').
              The ETL only reads: nothing is ever marked "processed" here.
Target:       PromptAds on SQL Server 2022.
Requires:     050_create_tables_results.sql, 090_create_views_crm_and_etl.sql, 140_grant_roles.sql.
Re-runnable:  yes (table and index only when missing; CREATE OR ALTER for the trigger and the function).
Leaves:       table ads.EtlResultTombstone (one row per deleted result; regenerating the history with
              ads.usp_GenerateCampaignHistory adds one per regenerated row), index IX_Ads_EtlResultTombstone_RowVer,
              trigger ads.TR_DailyResult_EtlTombstone, function ads.ufn_EtlResultDeletes (SELECT granted to
              AdsEtlReader, the role of 140 that already reads the other ETL functions).
Requirements: SAL-3, SAL-4.
Verify:       DECLARE @UpTo bigint = CAST(MIN_ACTIVE_ROWVERSION() AS bigint);
              SELECT TOP (5) * FROM ads.ufn_EtlResultDeletes(0, @UpTo) ORDER BY version;
*/
USE PromptAds;
GO

IF OBJECT_ID(N'ads.EtlResultTombstone', N'U') IS NULL
BEGIN
    CREATE TABLE ads.EtlResultTombstone (
        ResultId bigint NOT NULL,
        DeletedAt datetime2(3) NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Ads_EtlResultTombstone PRIMARY KEY CLUSTERED (ResultId)
    );
END;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Ads_EtlResultTombstone_RowVer' AND object_id = OBJECT_ID(N'ads.EtlResultTombstone')
)
    CREATE INDEX IX_Ads_EtlResultTombstone_RowVer ON ads.EtlResultTombstone (RowVer);
GO

-- ResultId is an identity and never reused, so a plain INSERT suffices; the UPDATE branch only covers a row
-- re-inserted with SET IDENTITY_INSERT and deleted again.
CREATE OR ALTER TRIGGER ads.TR_DailyResult_EtlTombstone
ON ads.DailyResult
AFTER DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    UPDATE t SET t.DeletedAt = SYSUTCDATETIME()
    FROM ads.EtlResultTombstone AS t
    INNER JOIN deleted AS d ON t.ResultId = d.ResultId;
    INSERT INTO ads.EtlResultTombstone (ResultId, DeletedAt)
    SELECT d.ResultId, SYSUTCDATETIME()
    FROM deleted AS d
    WHERE NOT EXISTS (SELECT 1 FROM ads.EtlResultTombstone AS t WHERE t.ResultId = d.ResultId);
END;
GO

-- A result deleted and then re-inserted with the same ResultId is still alive: the tombstone is skipped.
CREATE OR ALTER FUNCTION ads.ufn_EtlResultDeletes (@AfterVersion bigint, @UpToVersion bigint)
RETURNS TABLE
AS
RETURN
SELECT
    CAST('result' AS varchar(10)) AS entity,
    CAST('delete' AS varchar(10)) AS op,
    CAST(t.RowVer AS bigint) AS version,
    t.ResultId AS result_id
FROM ads.EtlResultTombstone AS t
WHERE t.RowVer > CAST(@AfterVersion AS binary(8)) AND t.RowVer < CAST(@UpToVersion AS binary(8))
  AND NOT EXISTS (SELECT 1 FROM ads.DailyResult AS dr WHERE dr.ResultId = t.ResultId);
GO

-- The ETL reader reads deletes like it reads upserts (140 grants the other ETL functions); the tombstone table
-- itself stays ungranted: the function reaches it by ownership chaining (same owner, dbo).
IF DATABASE_PRINCIPAL_ID(N'AdsEtlReader') IS NOT NULL
    GRANT SELECT ON ads.ufn_EtlResultDeletes TO AdsEtlReader;
GO

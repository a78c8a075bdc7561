/*
Purpose:      Row-level deltas of PromptCrm for the PromptSales ETL (SAL-3, SAL-4): crm.ufn_EtlLeadChanges returns
              the leads whose row, sales or deletion changed between two bigint watermarks, in the shape of the
              PromptSales delta contract (postgres_sales/040_create_etl.sql, etl.delta_contract, entity 'lead':
              lead_id, campaign_code, lead_date, channel_code, market_code, is_converted, sales_amount = sum of
              the lead's closed sales, 0 when none). Versions are CAST(rowversion AS bigint), one database-wide
              counter, so one watermark covers the three tables and every version belongs to exactly one row.
              Deletes leave a tombstone (crm.EtlLeadTombstone, written by AFTER DELETE triggers on crm.Lead and
              crm.Sale; the crm.Sale one also fires AFTER UPDATE for a sale moved to another lead) whose
              rowversion puts the deletion on the same counter: a deleted (or moved) sale re-emits the lead it
              left with a smaller amount, a deleted lead is emitted as op 'delete'. The ETL never writes to PromptCrm.
Target:       PromptCrm on SQL Server 2022.
Requires:     020_create_tables.sql (crm.Lead, crm.Sale, crm.Campaign, crm.Channel, crm.Market).
Re-runnable:  yes (column, table and indexes only when missing; CREATE OR ALTER for triggers and function).
Leaves:       column crm.Lead.RowVer (rowversion) and index IX_Crm_Lead_RowVer, index IX_Crm_Sale_RowVer, table
              crm.EtlLeadTombstone (one row per lead ever deleted or with a deleted sale) and its index
              IX_Crm_EtlLeadTombstone_RowVer, triggers crm.TR_Lead_EtlTombstone and crm.TR_Sale_EtlTombstone,
              function crm.ufn_EtlLeadChanges, role CrmEtlReader (SELECT on that function only; the tables
              are reached by ownership chaining, so the ETL login needs no table grant).
Requirements: SAL-3, SAL-4, CRM-3.
Verify:       DECLARE @UpTo bigint = CAST(MIN_ACTIVE_ROWVERSION() AS bigint);
              SELECT TOP (5) * FROM crm.ufn_EtlLeadChanges(0, @UpTo) ORDER BY version;
*/
USE PromptCrm;
GO

-- A rowversion column is filled for existing rows when it is added; the ETL reads the range with an index seek.
IF COL_LENGTH(N'crm.Lead', N'RowVer') IS NULL
    ALTER TABLE crm.Lead ADD RowVer rowversion NOT NULL;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes WHERE name = N'IX_Crm_Lead_RowVer' AND object_id = OBJECT_ID(N'crm.Lead')
)
    CREATE INDEX IX_Crm_Lead_RowVer ON crm.Lead (RowVer);
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes WHERE name = N'IX_Crm_Sale_RowVer' AND object_id = OBJECT_ID(N'crm.Sale')
)
    CREATE INDEX IX_Crm_Sale_RowVer ON crm.Sale (RowVer) INCLUDE (LeadId);
GO

-- One row per lead: the last time the lead or one of its sales was deleted. Bounded by the number of leads.
IF OBJECT_ID(N'crm.EtlLeadTombstone', N'U') IS NULL
BEGIN
    CREATE TABLE crm.EtlLeadTombstone (
        LeadId int NOT NULL,
        DeletedAt datetime2(3) NOT NULL,
        RowVer rowversion NOT NULL,
        CONSTRAINT PK_Crm_EtlLeadTombstone PRIMARY KEY CLUSTERED (LeadId)
    );
END;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Crm_EtlLeadTombstone_RowVer' AND object_id = OBJECT_ID(N'crm.EtlLeadTombstone')
)
    CREATE INDEX IX_Crm_EtlLeadTombstone_RowVer ON crm.EtlLeadTombstone (RowVer);
GO

-- Updating DeletedAt gives the tombstone a new rowversion, so a lead deleted twice is emitted twice.
-- UPDLOCK + SERIALIZABLE hold the key range from the UPDATE to the INSERT: two transactions deleting sales of
-- the same lead at once would otherwise both find no tombstone and the second INSERT would fail on the primary
-- key (error 2627), aborting a legitimate DELETE. The second one now waits and updates the first one's row.
CREATE OR ALTER TRIGGER crm.TR_Lead_EtlTombstone
ON crm.Lead
AFTER DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    UPDATE t SET t.DeletedAt = SYSUTCDATETIME()
    FROM crm.EtlLeadTombstone AS t WITH (UPDLOCK, SERIALIZABLE)
    INNER JOIN (SELECT DISTINCT LeadId FROM deleted) AS d ON t.LeadId = d.LeadId;
    INSERT INTO crm.EtlLeadTombstone (LeadId, DeletedAt)
    SELECT DISTINCT d.LeadId, SYSUTCDATETIME()
    FROM deleted AS d
    WHERE NOT EXISTS (
        SELECT 1 FROM crm.EtlLeadTombstone AS t WITH (UPDLOCK, SERIALIZABLE) WHERE t.LeadId = d.LeadId
    );
END;
GO

-- A sale that leaves its lead (deleted, or its LeadId corrected by an UPDATE) lowers that lead's amount; the
-- sale's own new rowversion only names the lead it now belongs to, so the lead it left gets a tombstone too.
CREATE OR ALTER TRIGGER crm.TR_Sale_EtlTombstone
ON crm.Sale
AFTER DELETE, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    DECLARE @Left TABLE (LeadId int NOT NULL PRIMARY KEY);
    INSERT INTO @Left (LeadId)
    SELECT DISTINCT d.LeadId
    FROM deleted AS d
    WHERE NOT EXISTS (SELECT 1 FROM inserted AS i WHERE i.SaleId = d.SaleId AND i.LeadId = d.LeadId);
    IF @@ROWCOUNT = 0 RETURN;
    UPDATE t SET t.DeletedAt = SYSUTCDATETIME()
    FROM crm.EtlLeadTombstone AS t WITH (UPDLOCK, SERIALIZABLE)
    INNER JOIN @Left AS d ON t.LeadId = d.LeadId;
    INSERT INTO crm.EtlLeadTombstone (LeadId, DeletedAt)
    SELECT d.LeadId, SYSUTCDATETIME()
    FROM @Left AS d
    WHERE NOT EXISTS (
        SELECT 1 FROM crm.EtlLeadTombstone AS t WITH (UPDLOCK, SERIALIZABLE) WHERE t.LeadId = d.LeadId
    );
END;
GO

/*
The ETL reads @UpToVersion = CAST(MIN_ACTIVE_ROWVERSION() AS bigint) first and asks for (@AfterVersion,
@UpToVersion): rows of transactions still open get a rowversion >= @UpToVersion and are read next time. A lead's
version is the highest version among its own row, its sales and its tombstone inside the range, so paging with
"version > last version of the previous page, ORDER BY version" neither skips nor repeats a lead.
*/
CREATE OR ALTER FUNCTION crm.ufn_EtlLeadChanges (@AfterVersion bigint, @UpToVersion bigint)
RETURNS TABLE
AS
RETURN
WITH touched AS (
    SELECT l.LeadId, CAST(l.RowVer AS bigint) AS Version
    FROM crm.Lead AS l
    WHERE l.RowVer > CAST(@AfterVersion AS binary(8)) AND l.RowVer < CAST(@UpToVersion AS binary(8))
    UNION ALL
    SELECT s.LeadId, CAST(s.RowVer AS bigint)
    FROM crm.Sale AS s
    WHERE s.RowVer > CAST(@AfterVersion AS binary(8)) AND s.RowVer < CAST(@UpToVersion AS binary(8))
    UNION ALL
    SELECT t.LeadId, CAST(t.RowVer AS bigint)
    FROM crm.EtlLeadTombstone AS t
    WHERE t.RowVer > CAST(@AfterVersion AS binary(8)) AND t.RowVer < CAST(@UpToVersion AS binary(8))
), changed AS (
    SELECT LeadId, MAX(Version) AS Version
    FROM touched
    GROUP BY LeadId
)
SELECT
    CAST('lead' AS varchar(10)) AS entity,
    CAST(CASE WHEN l.LeadId IS NULL THEN 'delete' ELSE 'upsert' END AS varchar(10)) AS op,
    ch.Version AS version,
    CAST(ch.LeadId AS bigint) AS lead_id,
    c.CampaignCode AS campaign_code,
    l.CapturedOn AS lead_date,
    LOWER(chn.ChannelCode) AS channel_code,
    mk.MarketCode AS market_code,
    CASE WHEN l.LeadId IS NULL THEN NULL ELSE CAST(l.IsConverted AS bit) END AS is_converted,
    CASE WHEN l.LeadId IS NULL THEN NULL ELSE CAST(ISNULL(sa.Amount, 0) AS decimal(19, 2)) END AS sales_amount
FROM changed AS ch
LEFT JOIN crm.Lead AS l ON ch.LeadId = l.LeadId
LEFT JOIN crm.Campaign AS c ON l.CampaignId = c.CampaignId
LEFT JOIN crm.Channel AS chn ON l.ChannelId = chn.ChannelId
LEFT JOIN crm.Market AS mk ON l.MarketId = mk.MarketId
OUTER APPLY (
    SELECT SUM(s.Amount) AS Amount
    FROM crm.Sale AS s
    WHERE s.LeadId = ch.LeadId
) AS sa;
GO

-- Least privilege for the ETL login of PromptCrm: it reads the delta function and nothing else.
IF DATABASE_PRINCIPAL_ID(N'CrmEtlReader') IS NULL
    CREATE ROLE CrmEtlReader AUTHORIZATION dbo;
GO

GRANT SELECT ON crm.ufn_EtlLeadChanges TO CrmEtlReader;
GO

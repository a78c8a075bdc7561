/*
Purpose:      Login of the PromptSales ETL (n8n, SAL-3, NFR-SEC5): SQL login promptcrm_etl, mapped to the
              database user promptcrm_etl, member of CrmEtlReader only (160: SELECT on crm.ufn_EtlLeadChanges and
              nothing else; the function reaches crm.Lead, crm.Sale, crm.EtlLeadTombstone and the reference
              tables by ownership chaining, owner dbo). The n8n workflow (n8n/workflows/promptsales_etl.json,
              node "CRM: fetch page") reads only that function; the login cannot read client personal data nor
              write anything.
Target:       PromptCrm on SQL Server 2022 (instance "crm"; the login is server-level; needs ALTER ANY LOGIN).
Requires:     160_create_etl_lead_delta.sql (function crm.ufn_EtlLeadChanges, role CrmEtlReader).
              Before running by hand: EXEC sys.sp_set_session_context @key = N'promptsales.crm_etl_password',
              @value = N'<a strong password>';
Re-runnable:  yes (guards; the password is set again only when it changed).
Leaves:       login and user promptcrm_etl (member of CrmEtlReader).
Requirements: SAL-3, NFR-SEC5.
Verify:       EXECUTE AS USER = N'promptcrm_etl';
              DECLARE @UpTo bigint = CAST(MIN_ACTIVE_ROWVERSION() AS bigint);
              SELECT COUNT(*) FROM crm.ufn_EtlLeadChanges(0, @UpTo);   -- works
              SELECT TOP (1) * FROM crm.Lead;                          -- fails: permission denied
              DELETE FROM crm.Sale WHERE 1 = 0;                        -- fails: permission denied
              REVERT;
*/
USE PromptCrm;
GO

DECLARE @Password nvarchar(128) = CONVERT(nvarchar(128), SESSION_CONTEXT(N'promptsales.crm_etl_password'));
DECLARE @Sql nvarchar(max);

IF @Password IS NULL OR LEN(@Password) = 0
BEGIN
    DECLARE @Message nvarchar(400) = CONCAT(
        N'180_create_etl_login.sql: set the promptcrm_etl password first: EXEC sys.sp_set_session_context ',
        N'@key = N''promptsales.crm_etl_password'', @value = N''<password>'';'
    );
    RAISERROR (@Message, 16, 1);
    RETURN;
END;

-- CREATE LOGIN does not take a variable: the password travels through dynamic SQL, quoted by QUOTENAME.
IF SUSER_SID(N'promptcrm_etl') IS NULL
    SET @Sql = CONCAT(
        N'CREATE LOGIN promptcrm_etl WITH PASSWORD = ', QUOTENAME(@Password, N''''),
        N', DEFAULT_DATABASE = PromptCrm, CHECK_EXPIRATION = OFF, CHECK_POLICY = ON;'
    );
ELSE IF NOT EXISTS (
    SELECT 1 FROM sys.sql_logins WHERE name = N'promptcrm_etl' AND PWDCOMPARE(@Password, password_hash) = 1
)
    SET @Sql = CONCAT(N'ALTER LOGIN promptcrm_etl WITH PASSWORD = ', QUOTENAME(@Password, N''''), N';');
IF @Sql IS NOT NULL
    EXEC sys.sp_executesql @Sql;

IF DATABASE_PRINCIPAL_ID(N'promptcrm_etl') IS NULL
    CREATE USER promptcrm_etl FOR LOGIN promptcrm_etl WITH DEFAULT_SCHEMA = crm;
ELSE
    -- Re-map after the login was dropped and recreated (new SID): no orphaned user.
    ALTER USER promptcrm_etl WITH LOGIN = promptcrm_etl;

IF NOT EXISTS (
    SELECT 1
    FROM sys.database_role_members AS m
    WHERE
        m.role_principal_id = DATABASE_PRINCIPAL_ID(N'CrmEtlReader')
        AND m.member_principal_id = DATABASE_PRINCIPAL_ID(N'promptcrm_etl')
)
    ALTER ROLE CrmEtlReader ADD MEMBER promptcrm_etl;
GO

/*
Purpose:      Least-privilege access of the PromptCrm MCP server (issue 11, NFR-SEC5): role CrmMcpReader with
              SELECT on the lead, funnel, sales and reference tables and on the reconciliation view
              crm.vw_AdsCampaignFigures, EXECUTE on crm.CRMSP_ReconcileWithAds, and nothing on client personal
              data (crm.Client, crm.vw_ClientPii, the PII key); SQL login promptcrm_mcp mapped to a user that is a
              member of CrmMcpReader only. The linked server maps every local login to promptcrm_link (040), so
              the reconciliation reads PromptAds with that login's rights.
Target:       PromptCrm on SQL Server 2022 (instance "crm"; the login is server-level; needs ALTER ANY LOGIN).
Requires:     020 (tables), 120 (reconciliation view and procedure), 130 (PII objects this role is denied).
              Before running by hand: EXEC sys.sp_set_session_context @key = N'promptsales.crm_mcp_password',
              @value = N'<a strong password>';
Re-runnable:  yes (guards; GRANT/DENY are idempotent; the password is set again only when it changed).
Leaves:       role CrmMcpReader; login and user promptcrm_mcp (member of CrmMcpReader).
Requirements: CRM-3, CRM-4, SAL-5, NFR-SEC5.
Verify:       EXECUTE AS USER = N'promptcrm_mcp';
              SELECT TOP (1) * FROM crm.Lead;             -- works
              SELECT TOP (1) * FROM crm.Client;           -- fails: permission denied
              DELETE FROM crm.Sale WHERE 1 = 0;           -- fails: permission denied
              REVERT;
*/
USE PromptCrm;
GO

IF DATABASE_PRINCIPAL_ID(N'CrmMcpReader') IS NULL
    EXEC sys.sp_executesql N'CREATE ROLE CrmMcpReader AUTHORIZATION dbo;';
GO

GRANT SELECT ON OBJECT::crm.Lead TO CrmMcpReader;
GRANT SELECT ON OBJECT::crm.Sale TO CrmMcpReader;
GRANT SELECT ON OBJECT::crm.Campaign TO CrmMcpReader;
GRANT SELECT ON OBJECT::crm.Channel TO CrmMcpReader;
GRANT SELECT ON OBJECT::crm.Market TO CrmMcpReader;
GRANT SELECT ON OBJECT::crm.FunnelStage TO CrmMcpReader;
GRANT SELECT ON OBJECT::crm.vw_AdsCampaignFigures TO CrmMcpReader;
GRANT EXECUTE ON OBJECT::crm.CRMSP_ReconcileWithAds TO CrmMcpReader;
DENY SELECT ON OBJECT::crm.Client TO CrmMcpReader;
DENY SELECT ON OBJECT::crm.vw_ClientPii TO CrmMcpReader;
DENY EXECUTE ON OBJECT::crm.CRMSP_GetClientPii TO CrmMcpReader;
GO

DECLARE @Password nvarchar(128) = CONVERT(nvarchar(128), SESSION_CONTEXT(N'promptsales.crm_mcp_password'));
DECLARE @Sql nvarchar(max);

IF @Password IS NULL OR LEN(@Password) = 0
BEGIN
    DECLARE @Message nvarchar(400) = CONCAT(
        N'170_create_mcp_reader.sql: set the promptcrm_mcp password first: EXEC sys.sp_set_session_context ',
        N'@key = N''promptsales.crm_mcp_password'', @value = N''<password>'';'
    );
    RAISERROR (@Message, 16, 1);
    RETURN;
END;

-- CREATE LOGIN does not take a variable: the password travels through dynamic SQL, quoted by QUOTENAME.
IF SUSER_SID(N'promptcrm_mcp') IS NULL
    SET @Sql = CONCAT(
        N'CREATE LOGIN promptcrm_mcp WITH PASSWORD = ', QUOTENAME(@Password, N''''),
        N', DEFAULT_DATABASE = PromptCrm, CHECK_EXPIRATION = OFF, CHECK_POLICY = ON;'
    );
ELSE IF NOT EXISTS (
    SELECT 1 FROM sys.sql_logins WHERE name = N'promptcrm_mcp' AND PWDCOMPARE(@Password, password_hash) = 1
)
    SET @Sql = CONCAT(N'ALTER LOGIN promptcrm_mcp WITH PASSWORD = ', QUOTENAME(@Password, N''''), N';');
IF @Sql IS NOT NULL
    EXEC sys.sp_executesql @Sql;

IF DATABASE_PRINCIPAL_ID(N'promptcrm_mcp') IS NULL
    CREATE USER promptcrm_mcp FOR LOGIN promptcrm_mcp WITH DEFAULT_SCHEMA = crm;
ELSE
    ALTER USER promptcrm_mcp WITH LOGIN = promptcrm_mcp;

IF NOT EXISTS (
    SELECT 1
    FROM sys.database_role_members AS m
    WHERE
        m.role_principal_id = DATABASE_PRINCIPAL_ID(N'CrmMcpReader')
        AND m.member_principal_id = DATABASE_PRINCIPAL_ID(N'promptcrm_mcp')
)
    ALTER ROLE CrmMcpReader ADD MEMBER promptcrm_mcp;
GO

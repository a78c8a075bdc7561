/*
Purpose:      Login of the PromptAds MCP server (issue 11, NFR-SEC5): SQL login promptads_mcp, mapped to the
              database user promptads_mcp, member of AdsMcpReader only (140: SELECT on the read models, the
              analytical tables and the ADS-5 function; nothing on logs, integrations or procedures). The MCP
              server reads through it; a write fails at the server (permission denied).
Target:       PromptAds on SQL Server 2022 (the login is server-level; needs ALTER ANY LOGIN).
Requires:     140_grant_roles.sql (role AdsMcpReader).
              Before running by hand: EXEC sys.sp_set_session_context @key = N'promptsales.ads_mcp_password',
              @value = N'<a strong password>';
Re-runnable:  yes (guards; the password is set again only when it changed).
Leaves:       login and user promptads_mcp (member of AdsMcpReader).
Requirements: SAL-5, ADS-5, NFR-SEC5.
Verify:       EXECUTE AS USER = N'promptads_mcp';
              SELECT TOP (1) * FROM ads.vw_CampaignSalesReach;      -- works
              UPDATE ads.Campaign SET Budget = Budget WHERE 1 = 0;   -- fails: permission denied
              REVERT;
*/
USE PromptAds;
GO

DECLARE @Password nvarchar(128) = CONVERT(nvarchar(128), SESSION_CONTEXT(N'promptsales.ads_mcp_password'));
DECLARE @Sql nvarchar(max);

IF @Password IS NULL OR LEN(@Password) = 0
BEGIN
    DECLARE @Message nvarchar(400) = CONCAT(
        N'180_create_mcp_login.sql: set the promptads_mcp password first: EXEC sys.sp_set_session_context ',
        N'@key = N''promptsales.ads_mcp_password'', @value = N''<password>'';'
    );
    RAISERROR (@Message, 16, 1);
    RETURN;
END;

-- CREATE LOGIN does not take a variable: the password travels through dynamic SQL, quoted by QUOTENAME.
IF SUSER_SID(N'promptads_mcp') IS NULL
    SET @Sql = CONCAT(
        N'CREATE LOGIN promptads_mcp WITH PASSWORD = ', QUOTENAME(@Password, N''''),
        N', DEFAULT_DATABASE = PromptAds, CHECK_EXPIRATION = OFF, CHECK_POLICY = ON;'
    );
ELSE IF NOT EXISTS (
    SELECT 1 FROM sys.sql_logins WHERE name = N'promptads_mcp' AND PWDCOMPARE(@Password, password_hash) = 1
)
    SET @Sql = CONCAT(N'ALTER LOGIN promptads_mcp WITH PASSWORD = ', QUOTENAME(@Password, N''''), N';');
IF @Sql IS NOT NULL
    EXEC sys.sp_executesql @Sql;

IF DATABASE_PRINCIPAL_ID(N'promptads_mcp') IS NULL
    CREATE USER promptads_mcp FOR LOGIN promptads_mcp WITH DEFAULT_SCHEMA = ads;
ELSE
    -- Re-map after the login was dropped and recreated (new SID): no orphaned user.
    ALTER USER promptads_mcp WITH LOGIN = promptads_mcp;

IF NOT EXISTS (
    SELECT 1
    FROM sys.database_role_members AS m
    WHERE
        m.role_principal_id = DATABASE_PRINCIPAL_ID(N'AdsMcpReader')
        AND m.member_principal_id = DATABASE_PRINCIPAL_ID(N'promptads_mcp')
)
    ALTER ROLE AdsMcpReader ADD MEMBER promptads_mcp;
GO

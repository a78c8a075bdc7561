/*
Purpose:      Login of the PromptSales ETL (n8n, SAL-3, NFR-SEC5): SQL login promptads_etl, mapped to the
              database user promptads_etl, member of AdsEtlReader only (140: SELECT on the rowversion delta
              functions and the tables the summaries come from; 170: SELECT on ads.ufn_EtlResultDeletes; nothing
              on logs, integrations or procedures, no INSERT/UPDATE/DELETE anywhere). The n8n workflow
              (n8n/workflows/promptsales_etl.json, node "Ads: fetch page") reads through it:
              ads.ufn_EtlCampaignChanges, ads.ufn_EtlResultChanges, ads.ufn_EtlResultDeletes and ads.Market,
              all granted to AdsEtlReader; the functions reach their tables by ownership chaining (owner dbo).
Target:       PromptAds on SQL Server 2022 (the login is server-level; needs ALTER ANY LOGIN).
Requires:     140_grant_roles.sql (role AdsEtlReader), 170_create_etl_result_tombstone.sql (its delete grant).
              Before running by hand: EXEC sys.sp_set_session_context @key = N'promptsales.ads_etl_password',
              @value = N'<a strong password>';
Re-runnable:  yes (guards; the password is set again only when it changed).
Leaves:       login and user promptads_etl (member of AdsEtlReader).
Requirements: SAL-3, NFR-SEC5.
Verify:       EXECUTE AS USER = N'promptads_etl';
              DECLARE @UpTo bigint = CAST(MIN_ACTIVE_ROWVERSION() AS bigint);
              SELECT COUNT(*) FROM ads.ufn_EtlResultChanges(0, @UpTo);   -- works
              SELECT TOP (1) * FROM ads.Influencer;                      -- fails: permission denied
              UPDATE ads.Campaign SET Budget = Budget WHERE 1 = 0;       -- fails: permission denied
              REVERT;
*/
USE PromptAds;
GO

DECLARE @Password nvarchar(128) = CONVERT(nvarchar(128), SESSION_CONTEXT(N'promptsales.ads_etl_password'));
DECLARE @Sql nvarchar(max);

IF @Password IS NULL OR LEN(@Password) = 0
BEGIN
    DECLARE @Message nvarchar(400) = CONCAT(
        N'190_create_etl_login.sql: set the promptads_etl password first: EXEC sys.sp_set_session_context ',
        N'@key = N''promptsales.ads_etl_password'', @value = N''<password>'';'
    );
    RAISERROR (@Message, 16, 1);
    RETURN;
END;

-- CREATE LOGIN does not take a variable: the password travels through dynamic SQL, quoted by QUOTENAME.
IF SUSER_SID(N'promptads_etl') IS NULL
    SET @Sql = CONCAT(
        N'CREATE LOGIN promptads_etl WITH PASSWORD = ', QUOTENAME(@Password, N''''),
        N', DEFAULT_DATABASE = PromptAds, CHECK_EXPIRATION = OFF, CHECK_POLICY = ON;'
    );
ELSE IF NOT EXISTS (
    SELECT 1 FROM sys.sql_logins WHERE name = N'promptads_etl' AND PWDCOMPARE(@Password, password_hash) = 1
)
    SET @Sql = CONCAT(N'ALTER LOGIN promptads_etl WITH PASSWORD = ', QUOTENAME(@Password, N''''), N';');
IF @Sql IS NOT NULL
    EXEC sys.sp_executesql @Sql;

IF DATABASE_PRINCIPAL_ID(N'promptads_etl') IS NULL
    CREATE USER promptads_etl FOR LOGIN promptads_etl WITH DEFAULT_SCHEMA = ads;
ELSE
    -- Re-map after the login was dropped and recreated (new SID): no orphaned user.
    ALTER USER promptads_etl WITH LOGIN = promptads_etl;

IF NOT EXISTS (
    SELECT 1
    FROM sys.database_role_members AS m
    WHERE
        m.role_principal_id = DATABASE_PRINCIPAL_ID(N'AdsEtlReader')
        AND m.member_principal_id = DATABASE_PRINCIPAL_ID(N'promptads_etl')
)
    ALTER ROLE AdsEtlReader ADD MEMBER promptads_etl;
GO

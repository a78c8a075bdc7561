/*
Purpose:      Least-privilege access. Four database roles, granted only what their job needs:
              - AdsMcpReader: the PromptAds MCP server; SELECT on the read models and the analytical tables,
                nothing on logs, integrations (token references) or generator bookkeeping;
              - AdsProcedureExecutor: the portal back end; EXECUTE on the ads schema (and the TVP types),
                except the history generator;
              - AdsEtlReader: the 11-minute ETL (SAL-3); the delta function and the tables it summarises;
              - AdsCrmLinkReader: the PromptCrm linked server (CRM-3/CRM-4); only the two CRM views.
              The SQL login promptcrm_link (password from SESSION_CONTEXT promptsales.ads_link_password) is
              created or re-keyed, mapped to a user and made a member of AdsCrmLinkReader only.
Target:       PromptAds on SQL Server 2022 (the login is server-level; needs ALTER ANY LOGIN).
Requires:     090 (views), 100 (ADS-5 function), 080/110 (procedures), 070 (types).
              Before running by hand: EXEC sys.sp_set_session_context @key = N'promptsales.ads_link_password',
              @value = N'<a strong password>';
Re-runnable:  yes (guards; the login's password is set again to the value given).
Leaves:       roles AdsMcpReader, AdsProcedureExecutor, AdsEtlReader, AdsCrmLinkReader; login and user
              promptcrm_link (member of AdsCrmLinkReader).
Requirements: ADS-1 (executor), SAL-3 (ETL reader), SAL-5 (MCP reader), CRM-3, CRM-4, NFR-SEC5.
Verify:       EXECUTE AS USER = N'promptcrm_link';
              SELECT TOP (1) * FROM ads.vw_CampaignSalesReach;  -- works
              SELECT TOP (1) * FROM ads.Campaign;               -- fails: permission denied
              REVERT;
*/
USE PromptAds;
GO

IF DATABASE_PRINCIPAL_ID(N'AdsMcpReader') IS NULL
    CREATE ROLE AdsMcpReader AUTHORIZATION dbo;
IF DATABASE_PRINCIPAL_ID(N'AdsProcedureExecutor') IS NULL
    CREATE ROLE AdsProcedureExecutor AUTHORIZATION dbo;
IF DATABASE_PRINCIPAL_ID(N'AdsEtlReader') IS NULL
    CREATE ROLE AdsEtlReader AUTHORIZATION dbo;
IF DATABASE_PRINCIPAL_ID(N'AdsCrmLinkReader') IS NULL
    CREATE ROLE AdsCrmLinkReader AUTHORIZATION dbo;
GO

-- MCP reader: read models and analytical tables only.
GRANT SELECT ON ads.vw_CampaignSalesReach TO AdsMcpReader;
GRANT SELECT ON ads.vw_CampaignChannelMarketResults TO AdsMcpReader;
GRANT SELECT ON ads.ufn_NegativeSentimentInfluencerDrop TO AdsMcpReader;
GRANT SELECT ON ads.Company TO AdsMcpReader;
GRANT SELECT ON ads.Product TO AdsMcpReader;
GRANT SELECT ON ads.Channel TO AdsMcpReader;
GRANT SELECT ON ads.Influencer TO AdsMcpReader;
GRANT SELECT ON ads.Market TO AdsMcpReader;
GRANT SELECT ON ads.CampaignStatus TO AdsMcpReader;
GRANT SELECT ON ads.Campaign TO AdsMcpReader;
GRANT SELECT ON ads.CampaignStatusHistory TO AdsMcpReader;
GRANT SELECT ON ads.CampaignChannel TO AdsMcpReader;
GRANT SELECT ON ads.CampaignMarket TO AdsMcpReader;
GRANT SELECT ON ads.Ad TO AdsMcpReader;
GRANT SELECT ON ads.AdPlacement TO AdsMcpReader;
GRANT SELECT ON ads.DailyResult TO AdsMcpReader;
GRANT SELECT ON ads.SentimentEvent TO AdsMcpReader;
GRANT SELECT ON ads.AiRecommendation TO AdsMcpReader;
GRANT SELECT ON ads.CampaignPerformanceRanking TO AdsMcpReader;
GO

-- Procedure executor: the portal creates campaigns; the generator stays with the DBA.
GRANT EXECUTE ON SCHEMA::ads TO AdsProcedureExecutor;
DENY EXECUTE ON ads.ADSSP_GenerateHistory TO AdsProcedureExecutor;
GRANT EXECUTE ON TYPE::ads.CampaignChannelList TO AdsProcedureExecutor;
GRANT EXECUTE ON TYPE::ads.CampaignMarketList TO AdsProcedureExecutor;
GRANT EXECUTE ON TYPE::ads.CampaignAdList TO AdsProcedureExecutor;
GRANT EXECUTE ON TYPE::ads.CampaignAdPlacementList TO AdsProcedureExecutor;
GO

-- ETL reader: the rowversion delta and the tables behind the summarised figures.
GRANT SELECT ON ads.ufn_EtlCampaignDelta TO AdsEtlReader;
GRANT SELECT ON ads.ufn_EtlCampaignChanges TO AdsEtlReader;
GRANT SELECT ON ads.ufn_EtlResultChanges TO AdsEtlReader;
GRANT SELECT ON ads.vw_CampaignSalesReach TO AdsEtlReader;
GRANT SELECT ON ads.Company TO AdsEtlReader;
GRANT SELECT ON ads.Channel TO AdsEtlReader;
GRANT SELECT ON ads.Market TO AdsEtlReader;
GRANT SELECT ON ads.Campaign TO AdsEtlReader;
GRANT SELECT ON ads.CampaignChannel TO AdsEtlReader;
GRANT SELECT ON ads.CampaignMarket TO AdsEtlReader;
GRANT SELECT ON ads.AdPlacement TO AdsEtlReader;
GRANT SELECT ON ads.DailyResult TO AdsEtlReader;
GRANT SELECT ON ads.SentimentEvent TO AdsEtlReader;
GO

-- CRM linked server: only what the cross queries of PromptCrm read.
GRANT SELECT ON ads.vw_CampaignSalesReach TO AdsCrmLinkReader;
GRANT SELECT ON ads.vw_CampaignChannelMarketResults TO AdsCrmLinkReader;
GO

DECLARE @Password nvarchar(128) = CONVERT(nvarchar(128), SESSION_CONTEXT(N'promptsales.ads_link_password'));
DECLARE @Sql nvarchar(max);

IF @Password IS NULL OR LEN(@Password) = 0
BEGIN
    DECLARE @Message nvarchar(400) = CONCAT(
        N'140_grant_roles.sql: set the promptcrm_link password first: EXEC sys.sp_set_session_context ',
        N'@key = N''promptsales.ads_link_password'', @value = N''<password>'';'
    );
    RAISERROR (@Message, 16, 1);
    RETURN;
END;

-- The password travels through dynamic SQL (CREATE LOGIN does not take a variable), quoted by QUOTENAME.
-- The login is re-keyed only when the password changed (re-using a password may break a history policy).
IF SUSER_SID(N'promptcrm_link') IS NULL
    SET @Sql = CONCAT(
        N'CREATE LOGIN promptcrm_link WITH PASSWORD = ', QUOTENAME(@Password, N''''),
        N', DEFAULT_DATABASE = PromptAds, CHECK_EXPIRATION = OFF, CHECK_POLICY = ON;'
    );
ELSE IF NOT EXISTS (
    SELECT 1 FROM sys.sql_logins WHERE name = N'promptcrm_link' AND PWDCOMPARE(@Password, password_hash) = 1
)
    SET @Sql = CONCAT(N'ALTER LOGIN promptcrm_link WITH PASSWORD = ', QUOTENAME(@Password, N''''), N';');
IF @Sql IS NOT NULL
    EXEC sys.sp_executesql @Sql;

IF DATABASE_PRINCIPAL_ID(N'promptcrm_link') IS NULL
    CREATE USER promptcrm_link FOR LOGIN promptcrm_link WITH DEFAULT_SCHEMA = ads;
ELSE
    -- Re-map after the login was dropped and recreated (new SID): no orphaned user.
    ALTER USER promptcrm_link WITH LOGIN = promptcrm_link;

IF NOT EXISTS (
    SELECT 1
    FROM sys.database_role_members AS m
    WHERE
        m.role_principal_id = DATABASE_PRINCIPAL_ID(N'AdsCrmLinkReader')
        AND m.member_principal_id = DATABASE_PRINCIPAL_ID(N'promptcrm_link')
)
    ALTER ROLE AdsCrmLinkReader ADD MEMBER promptcrm_link;
GO

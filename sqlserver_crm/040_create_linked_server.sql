/*
Purpose:      Linked server PROMPTADS from the CRM instance to the separate PromptAds instance (CRM-4), with
              the current OLE DB provider (MSOLEDBSQL) and a single least-privilege login mapping to the SQL
              login promptcrm_link that the PromptAds scripts create (SELECT on ads.vw_CampaignSalesReach
              through a role). A loopback (the linked server resolving to this same instance) is refused.
Target:       SQL Server 2022, instance "crm"; runs in master (server-level objects).
Requires:     030_create_log_procedures.sql (messages 60003/60004); sqlserver_ads/ applied on the Ads instance;
              SESSION_CONTEXT promptsales.ads_link_server (default N'mssql-ads,1433') and
              promptsales.ads_link_password (no default: it is a secret).
Re-runnable:  yes (the linked server is dropped and recreated, so a changed address or password applies).
Leaves:       linked server PROMPTADS (data access on, rpc out off, no DTC promotion); one login mapping.
Requirements: CRM-4, CRM-3 (the reconciliation reads through it).
Verify:       SELECT * FROM OPENQUERY(PROMPTADS, 'SELECT @@SERVERNAME AS RemoteServer, DB_NAME() AS Db');
              SELECT TOP (5) * FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach;
Note:         Encrypt=yes;TrustServerCertificate=yes encrypts the link with the dev container's self-signed
              certificate. In production install a CA-signed certificate on the Ads instance and drop
              TrustServerCertificate (MSOLEDBSQL 19 / SQL Server 2025 also accepts Encrypt=Strict).
*/
USE master;
GO

DECLARE @DataSource nvarchar(256) = COALESCE(
    CAST(SESSION_CONTEXT(N'promptsales.ads_link_server') AS nvarchar(256)), N'mssql-ads,1433'
);
DECLARE @LinkPassword nvarchar(128) = CAST(SESSION_CONTEXT(N'promptsales.ads_link_password') AS nvarchar(128));
DECLARE @Text nvarchar(2048);
DECLARE @Host nvarchar(256) = LOWER(LTRIM(RTRIM(LEFT(@DataSource, CHARINDEX(N',', @DataSource + N',') - 1))));

IF @LinkPassword IS NULL
BEGIN
    SET @Text = FORMATMESSAGE(60003, N'promptsales.ads_link_password');
    THROW 60003, @Text, 1;
END;

-- Refuse the obvious loopbacks before creating anything; the remote identity is checked again below.
IF @Host IN (N'.', N'(local)', N'localhost', N'127.0.0.1', N'::1', LOWER(@@SERVERNAME),
    LOWER(CAST(SERVERPROPERTY('MachineName') AS nvarchar(256))))
BEGIN
    SET @Text = FORMATMESSAGE(60004, @DataSource);
    THROW 60004, @Text, 1;
END;

IF EXISTS (SELECT 1 FROM sys.servers WHERE name = N'PROMPTADS')
    EXEC master.dbo.sp_dropserver @server = N'PROMPTADS', @droplogins = 'droplogins';

EXEC master.dbo.sp_addlinkedserver
    @server = N'PROMPTADS',
    @srvproduct = N'',
    @provider = N'MSOLEDBSQL',
    @datasrc = @DataSource,
    @provstr = N'Encrypt=yes;TrustServerCertificate=yes',
    @catalog = N'PromptAds';

-- Every local login reaches PromptAds only as promptcrm_link (SELECT on the exposed views, nothing else).
EXEC master.dbo.sp_addlinkedsrvlogin
    @rmtsrvname = N'PROMPTADS',
    @useself = N'False',
    @locallogin = NULL,
    @rmtuser = N'promptcrm_link',
    @rmtpassword = @LinkPassword;

EXEC master.dbo.sp_serveroption @server = N'PROMPTADS', @optname = N'data access', @optvalue = N'true';
EXEC master.dbo.sp_serveroption @server = N'PROMPTADS', @optname = N'rpc out', @optvalue = N'false';
-- Reads never need a distributed transaction: the CRM copies remote rows into temp tables first.
EXEC master.dbo.sp_serveroption
    @server = N'PROMPTADS', @optname = N'remote proc transaction promotion', @optvalue = N'false';
EXEC master.dbo.sp_serveroption @server = N'PROMPTADS', @optname = N'collation compatible', @optvalue = N'false';
EXEC master.dbo.sp_serveroption @server = N'PROMPTADS', @optname = N'connect timeout', @optvalue = N'15';
GO

-- Loopback check on the remote identity: a different server name, and PromptAds exists there but not here.
DECLARE @Remote TABLE (RemoteServer nvarchar(256) NULL, RemoteMachine nvarchar(256) NULL, AdsDb int NULL);
DECLARE @Text nvarchar(2048);
INSERT INTO @Remote (RemoteServer, RemoteMachine, AdsDb)
SELECT q.RemoteServer, q.RemoteMachine, q.AdsDb
FROM OPENQUERY(
    PROMPTADS,
    'SELECT CAST(@@SERVERNAME AS nvarchar(256)) AS RemoteServer,
            CAST(SERVERPROPERTY(''MachineName'') AS nvarchar(256)) AS RemoteMachine,
            DB_ID(N''PromptAds'') AS AdsDb'
) AS q;

IF EXISTS (
    SELECT 1 FROM @Remote
    WHERE RemoteServer = @@SERVERNAME AND RemoteMachine = CAST(SERVERPROPERTY('MachineName') AS nvarchar(256))
)
OR DB_ID(N'PromptAds') IS NOT NULL
BEGIN
    EXEC master.dbo.sp_dropserver @server = N'PROMPTADS', @droplogins = 'droplogins';
    SET @Text = FORMATMESSAGE(60004, N'PROMPTADS');
    THROW 60004, @Text, 1;
END;

SELECT
    r.RemoteServer,
    r.RemoteMachine,
    @@SERVERNAME AS LocalServer,
    s.provider,
    s.data_source
FROM @Remote AS r
CROSS JOIN sys.servers AS s
WHERE s.name = N'PROMPTADS';
GO

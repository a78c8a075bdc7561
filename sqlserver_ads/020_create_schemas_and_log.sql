/*
Purpose:      Schemas of PromptAds (ads = the ad platform, monitor = query-monitoring helpers), the
              error/activity log table every procedure writes to, and the friendly error messages the
              procedures raise (registered in sys.messages with sp_addmessage).
Target:       PromptAds on SQL Server 2022 (compatibility level 160).
Requires:     010_create_database.sql. Registering messages needs sysadmin or serveradmin.
Re-runnable:  yes (IF NOT EXISTS guards; messages are added or replaced with the same text).
Leaves:       schemas ads, monitor; table ads.ActivityLog (0 rows); messages 50100-50112 (us_english).
Requirements: ADS-1 (log table and friendly messages of the procedure template).
Verify:       SELECT message_id, text FROM sys.messages WHERE message_id BETWEEN 50100 AND 50199;
*/
USE PromptAds;
GO

IF SCHEMA_ID(N'ads') IS NULL
    EXEC sys.sp_executesql N'CREATE SCHEMA ads AUTHORIZATION dbo;';
GO

IF SCHEMA_ID(N'monitor') IS NULL
    EXEC sys.sp_executesql N'CREATE SCHEMA monitor AUTHORIZATION dbo;';
GO

-- One row per error caught by a procedure (the real error, not the friendly one) and per notable activity.
IF OBJECT_ID(N'ads.ActivityLog', N'U') IS NULL
BEGIN
    CREATE TABLE ads.ActivityLog (
        LogId bigint IDENTITY (1, 1) NOT NULL,
        LoggedAt datetime2(3) NOT NULL
        CONSTRAINT DF_Ads_ActivityLog_LoggedAt DEFAULT (SYSUTCDATETIME()),
        LogLevel varchar(10) NOT NULL,
        SourceName sysname NOT NULL,
        EventName varchar(60) NOT NULL,
        ErrorNumber int NULL,
        ErrorSeverity int NULL,
        ErrorState int NULL,
        ErrorLine int NULL,
        ErrorProcedure nvarchar(128) NULL,
        FriendlyErrorNumber int NULL,
        MessageText nvarchar(4000) NOT NULL,
        ContextJson nvarchar(max) NULL,
        LoginName sysname NOT NULL
        CONSTRAINT DF_Ads_ActivityLog_LoginName DEFAULT (ORIGINAL_LOGIN()),
        HostName nvarchar(128) NULL
        CONSTRAINT DF_Ads_ActivityLog_HostName DEFAULT (HOST_NAME()),
        CONSTRAINT PK_Ads_ActivityLog PRIMARY KEY CLUSTERED (LogId),
        CONSTRAINT CK_Ads_ActivityLog_LogLevel CHECK (LogLevel IN ('INFO', 'WARNING', 'ERROR')),
        CONSTRAINT CK_Ads_ActivityLog_ContextJson CHECK (ContextJson IS NULL OR ISJSON(ContextJson) = 1)
    );
END;
GO

IF NOT EXISTS (
    SELECT 1 FROM sys.indexes
    WHERE name = N'IX_Ads_ActivityLog_SourceName_LoggedAt' AND object_id = OBJECT_ID(N'ads.ActivityLog')
)
    CREATE INDEX IX_Ads_ActivityLog_SourceName_LoggedAt
    ON ads.ActivityLog (SourceName, LoggedAt) INCLUDE (LogLevel, ErrorNumber, FriendlyErrorNumber);
GO

/*
Friendly messages of the course template. 50100 is the catch-all for unexpected errors; 50101-50112 are
validation errors of ads.ADSSP_CreateCampaign. Each text takes one %s with the detail. The text is written in
Spanish because it is what the marketers using the portal read; it lives in the us_english slot, which
sp_addmessage requires before any other language.
*/
DECLARE @Messages TABLE (MessageId int NOT NULL PRIMARY KEY, MessageText nvarchar(255) NOT NULL);
INSERT INTO @Messages (MessageId, MessageText)
VALUES
(50100, N'PromptAds: no se pudo completar la operación; el detalle quedó en ads.ActivityLog (%s).'),
(50101, N'PromptAds: la empresa o marca no existe (%s).'),
(50102, N'PromptAds: la fecha de fin de la campaña es anterior a la de inicio (%s).'),
(50103, N'PromptAds: el presupuesto de la campaña no puede ser negativo (%s).'),
(50104, N'PromptAds: canal o influencer desconocido (%s).'),
(50105, N'PromptAds: mercado desconocido (%s).'),
(50106, N'PromptAds: hay nombres o claves repetidos en la campaña (%s).'),
(50107, N'PromptAds: la campaña debe traer al menos un anuncio (%s).'),
(50108, N'PromptAds: la campaña debe traer al menos un canal y un mercado (%s).'),
(50109, N'PromptAds: una ubicación usa una clave de anuncio, canal o mercado que no viene en las listas (%s).'),
(50110, N'PromptAds: el código de campaña ya existe o no tiene el formato CMP-000000 (%s).'),
(50111, N'PromptAds: cada anuncio debe publicarse en al menos un canal y mercado (%s).'),
(50112, N'PromptAds: dato de campaña o anuncio no válido (%s).');

DECLARE @MessageId int, @MessageText nvarchar(255), @Replace varchar(7);
DECLARE MessageCursor CURSOR LOCAL FAST_FORWARD FOR
SELECT m.MessageId, m.MessageText
FROM @Messages AS m
WHERE NOT EXISTS (
    SELECT 1 FROM sys.messages AS s
    -- Binary comparison: a change of case or accent also re-registers the text, and the server-level
    -- collation of sys.messages can never conflict with the database's.
    WHERE
        s.message_id = m.MessageId AND s.language_id = 1033 AND s.severity = 16
        AND s.text = m.MessageText COLLATE Latin1_General_100_BIN2
);
OPEN MessageCursor;
FETCH NEXT FROM MessageCursor INTO @MessageId, @MessageText;
WHILE @@FETCH_STATUS = 0
BEGIN
    SET @Replace = CASE
        WHEN EXISTS (SELECT 1 FROM sys.messages WHERE message_id = @MessageId AND language_id = 1033)
            THEN 'replace'
    END;
    EXEC sys.sp_addmessage
        @msgnum = @MessageId,
        @severity = 16,
        @msgtext = @MessageText,
        @lang = N'us_english',
        @replace = @Replace;
    FETCH NEXT FROM MessageCursor INTO @MessageId, @MessageText;
END;
CLOSE MessageCursor;
DEALLOCATE MessageCursor;
GO

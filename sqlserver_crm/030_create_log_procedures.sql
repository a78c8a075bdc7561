/*
Purpose:      The friendly error messages of PromptCrm (sys.messages 60001-60099), the logging procedures
              of the course template (CRM-10) and the deterministic pseudo-random helper every generator
              uses instead of NEWID()/RAND().
Target:       PromptCrm on SQL Server 2022. Registering messages needs sysadmin or serveradmin.
Requires:     020_create_tables.sql.
Re-runnable:  yes (messages added or replaced with the same text; CREATE OR ALTER).
Leaves:       messages 60001-60007 (us_english); crm.CRMSP_WriteLog, crm.CRMSP_WriteLogBatch, crm.fn_Rand.
Requirements: CRM-10; course template (friendly error registered in sys.messages).
Verify:       DECLARE @Id bigint;
              EXEC crm.CRMSP_WriteLog @Severity = 'INFO', @Source = N'manual', @Message = N'hola',
                  @Context = N'{"k":1}', @LogId = @Id OUTPUT;
              SELECT * FROM crm.Log WHERE LogId = @Id;
*/
USE PromptCrm;
GO

/*
PromptAds uses 50100-50199; PromptCrm owns 60001-60099 so that a message id names its database. Texts are in
Spanish (what CRM agents read) in the us_english slot, which sp_addmessage requires first.
*/
DECLARE @Messages TABLE (MessageId int NOT NULL PRIMARY KEY, MessageText nvarchar(255) NOT NULL);
INSERT INTO @Messages (MessageId, MessageText)
VALUES
(60001, N'PromptCrm: no se pudo completar %s; el detalle quedó en crm.Log (correlación %s).'),
(60002, N'PromptCrm: %s fue modificado por otra sesión desde que se leyó; vuelva a leerlo e intente de nuevo.'),
(60003, N'PromptCrm: falta SESSION_CONTEXT(N''%s''); asígnelo con sys.sp_set_session_context antes de ejecutar.'),
(60004, N'PromptCrm: el servidor vinculado %s apunta a esta misma instancia; debe ser la instancia de PromptAds.'),
(60005, N'PromptCrm: movimiento de monto no válido (%s).'),
(60006, N'PromptCrm: la venta %s no existe.'),
(60007, N'PromptCrm: datos de PromptAds no disponibles por el servidor vinculado (%s).');

DECLARE @MessageId int, @MessageText nvarchar(255), @Replace varchar(7);
DECLARE MessageCursor CURSOR LOCAL FAST_FORWARD FOR
SELECT m.MessageId, m.MessageText
FROM @Messages AS m
WHERE NOT EXISTS (
    SELECT 1 FROM sys.messages AS s
    WHERE s.message_id = m.MessageId AND s.language_id = 1033 AND s.text = m.MessageText AND s.severity = 16
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

/*
Deterministic pseudo-random integer in [0, 2147483646] for (seed, row number, salt): a multiplicative hash
followed by one Park-Miller step. Same inputs, same output, on every server: the generators are reproducible
from promptsales.seed and never call NEWID()/RAND(). Inlineable scalar UDF (SQL Server 2019+ inlining).
@N is reduced modulo 2147483647 before the multiplication: lead keys reach CampaignId * 10^7 + ClientId
(about 10^10), and 10^10 * 2654435761 overflows bigint (error 8115). The reduction does not change the result
(the whole expression is taken modulo 2147483647), it only keeps the product below 5.7 * 10^18.
*/
CREATE OR ALTER FUNCTION crm.fn_Rand (@Seed int, @N bigint, @Salt int)
RETURNS int
WITH SCHEMABINDING
AS
BEGIN
    RETURN CAST(
        ((((ABS(@N) % 2147483647) * CAST(2654435761 AS bigint) + CAST(@Salt AS bigint) * 40503
        + ABS(CAST(@Seed AS bigint)))
        % 2147483647) * 48271) % 2147483647 AS int
    );
END;
GO

/*
Author:       PromptSales CRM team
Description:  Writes one log row: severity, source, message, context as JSON and a correlation id.
              Transaction semantics (decided for CRM-10): the row belongs to the caller's transaction, like
              any other write. If the caller rolls back, the row disappears. Two patterns keep a log row
              that must survive a rollback: (1) the course template logs in CATCH *after* its own ROLLBACK;
              (2) callers that must roll back a transaction they do not own collect entries in a
              crm.LogEntryList table variable (not affected by ROLLBACK) and flush it afterwards with
              crm.CRMSP_WriteLogBatch. Invalid JSON context is not rejected: it is wrapped as {"raw": ...}
              so that logging never becomes the reason an operation fails.
Parameters:   @Severity DEBUG|INFO|WARNING|ERROR|CRITICAL; @Source procedure or script name; @Context JSON
              text or NULL; @CorrelationId groups the rows of one business operation; @LogId OUTPUT.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_WriteLog
    @Severity varchar(10),
    @Source nvarchar(256),
    @Message nvarchar(4000),
    @Context nvarchar(max) = NULL,
    @CorrelationId uniqueidentifier = NULL,
    @ErrorNumber int = NULL,
    @LogId bigint = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET @Severity = UPPER(LTRIM(RTRIM(@Severity)));
    IF @Severity IS NULL OR @Severity NOT IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')
        SET @Severity = 'INFO';
    IF @Context IS NOT NULL AND ISJSON(@Context) = 0
        SET @Context = (SELECT @Context AS raw FOR JSON PATH, WITHOUT_ARRAY_WRAPPER);

    INSERT INTO crm.Log (Severity, Source, Message, Context, CorrelationId, ErrorNumber)
    VALUES (
        @Severity, COALESCE(@Source, N'(unknown)'), COALESCE(@Message, N'(no message)'), @Context,
        @CorrelationId, @ErrorNumber
    );
    SET @LogId = SCOPE_IDENTITY();
    RETURN 0;
END;
GO

/*
Author:       PromptSales CRM team
Description:  Flushes log entries captured in a crm.LogEntryList table variable, typically right after a
              ROLLBACK (table variables keep their rows across a rollback). Order of capture is kept.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_WriteLogBatch
    @Entries crm.LogEntryList READONLY
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO crm.Log (Severity, Source, Message, Context, CorrelationId, ErrorNumber)
    SELECT
        CASE WHEN e.Severity IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL') THEN e.Severity ELSE 'INFO' END,
        e.Source,
        e.Message,
        CASE
            WHEN e.Context IS NULL OR ISJSON(e.Context) = 1 THEN e.Context
            ELSE (SELECT e.Context AS raw FOR JSON PATH, WITHOUT_ARRAY_WRAPPER)
        END,
        e.CorrelationId,
        e.ErrorNumber
    FROM @Entries AS e
    ORDER BY e.EntryNo;
    RETURN 0;
END;
GO

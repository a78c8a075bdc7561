/*
Purpose:      CRM-10 en una sola ventana: qué pasa con una fila de bitácora cuando la transacción del que
              llama se revierte, y los dos patrones que la conservan.
Target:       PromptCrm on SQL Server 2022. One SSMS window.
Requires:     030_create_log_procedures.sql, 150 (crm.CRMSP_AdjustSaleAmount).
Re-runnable:  yes (removes the log rows it wrote, by correlation id, after showing them).
Leaves:       nothing.
Requirements: CRM-10.
Verify:       the result set: 0 rows for the rolled-back write, 1 for the table-variable pattern, 1 with the
              real error number for the template procedure.
*/
USE PromptCrm;
GO

SET NOCOUNT ON;
DECLARE @Demo uniqueidentifier = NEWID();
DECLARE @Captured crm.LogEntryList;
DECLARE @Results TABLE (Caso nvarchar(120) NOT NULL, FilasEnBitacora int NOT NULL);
DECLARE @LastLogId bigint;

-- 1. La fila pertenece a la transacción: ROLLBACK la borra.
BEGIN TRANSACTION;
EXEC crm.CRMSP_WriteLog @Severity = 'INFO', @Source = N'970_demo_logging', @Message = N'caso 1',
    @Context = N'{"caso":1}', @CorrelationId = @Demo;
ROLLBACK TRANSACTION;
INSERT INTO @Results
SELECT N'1. escrita dentro de una transacción revertida', COUNT(*)
FROM crm.Log WHERE CorrelationId = @Demo AND Message = N'caso 1';

-- 2. Capturada en una variable de tabla (no la afecta ROLLBACK) y escrita después.
BEGIN TRANSACTION;
INSERT INTO @Captured (Severity, Source, Message, Context, CorrelationId)
VALUES ('WARNING', N'970_demo_logging', N'caso 2', N'{"caso":2}', @Demo);
ROLLBACK TRANSACTION;
EXEC crm.CRMSP_WriteLogBatch @Entries = @Captured;
INSERT INTO @Results
SELECT N'2. variable de tabla + crm.CRMSP_WriteLogBatch tras el ROLLBACK', COUNT(*)
FROM crm.Log WHERE CorrelationId = @Demo AND Message = N'caso 2';

-- 3. Plantilla del curso: el procedimiento revierte SU transacción y luego registra el error real (547).
SELECT @LastLogId = COALESCE(MAX(LogId), 0) FROM crm.Log;
BEGIN TRY
    EXEC crm.CRMSP_AdjustSaleAmount @SaleId = 1, @NewAmount = -1.00;
END TRY
BEGIN CATCH
    PRINT CONCAT(N'Error amigable recibido: ', ERROR_NUMBER(), N' ', ERROR_MESSAGE());
END CATCH;
INSERT INTO @Results
SELECT N'3. error real registrado por la plantilla (ErrorNumber 547)', COUNT(*)
FROM crm.Log
WHERE LogId > @LastLogId AND Source = N'crm.CRMSP_AdjustSaleAmount' AND ErrorNumber = 547;

SELECT Caso, FilasEnBitacora FROM @Results;

DELETE FROM crm.Log WHERE CorrelationId = @Demo;
DELETE FROM crm.Log
WHERE LogId > @LastLogId AND Source = N'crm.CRMSP_AdjustSaleAmount' AND ErrorNumber = 547;
GO

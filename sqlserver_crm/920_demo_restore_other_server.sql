/*
Purpose:      CRM-6, lado del servidor "restore" (otra instancia de SQL Server que comparte el directorio de
              respaldos). Reproduce, paso a paso y con evidencia, que:
                1. sin el certificado de master del servidor original el respaldo (TDE) ni siquiera se puede
                   restaurar (error 33111);
                2. al restaurar el certificado desde su respaldo (.cer + .pvk, contraseña
                   promptsales.cert_backup_password) la base se restaura, pero los datos cifrados por celda
                   siguen ilegibles: la DMK de PromptCrm estaba protegida por la service master key del otro
                   servidor, así que OPEN SYMMETRIC KEY falla (15581) y DECRYPTBYKEYAUTOCERT devuelve NULL;
                3. con la contraseña de la DMK (OPEN MASTER KEY + ALTER MASTER KEY ADD ENCRYPTION BY SERVICE
                   MASTER KEY) la cadena queda completa otra vez y los datos se leen.
Target:       SQL Server 2022, instance "restore" (NOT the crm instance: the script refuses to run where the
              linked server PROMPTADS exists, so the harness run of this folder on "crm" is a no-op).
Requires:     910_demo_backup.sql run on "crm"; SESSION_CONTEXT promptsales.crm_cert_thumbprint (printed by
              910), promptsales.backup_dir, promptsales.master_key_password, promptsales.cert_backup_password.
Re-runnable:  yes (drops the restored PromptCrm and the imported certificate first, then replays the story).
Leaves:       on "restore": database PromptCrm (restored, readable), certificate PromptCrmServerCert in master.
Requirements: CRM-6.
Verify:       the final result set: one row per step with its outcome.
*/
USE master;
GO

DECLARE @Thumbprint nvarchar(64) = CAST(SESSION_CONTEXT(N'promptsales.crm_cert_thumbprint') AS nvarchar(64));
DECLARE @BackupDir nvarchar(260) = COALESCE(
    CAST(SESSION_CONTEXT(N'promptsales.backup_dir') AS nvarchar(260)), N'/var/opt/mssql/backup'
);
DECLARE @MasterKeyPassword nvarchar(128) = CAST(SESSION_CONTEXT(N'promptsales.master_key_password') AS nvarchar(128));
DECLARE @CertBackupPassword nvarchar(128) = CAST(
    SESSION_CONTEXT(N'promptsales.cert_backup_password') AS nvarchar(128)
);
DECLARE @Separator nchar(1) = CASE WHEN CHARINDEX(N'\', @BackupDir) > 0 THEN N'\' ELSE N'/' END;
DECLARE @DataPath nvarchar(400) = CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(400));
DECLARE @LogPath nvarchar(400) = CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(400));
DECLARE @Restore nvarchar(max);
DECLARE @Sql nvarchar(max);
DECLARE @Steps TABLE (StepNo int NOT NULL, Step nvarchar(200) NOT NULL, Outcome nvarchar(400) NOT NULL);

IF EXISTS (SELECT 1 FROM sys.servers WHERE name = N'PROMPTADS')
BEGIN
    PRINT N'Este es el servidor crm (tiene el servidor vinculado PROMPTADS): 920 se ejecuta en el servidor restore.';
    RETURN;
END;
IF @Thumbprint IS NULL OR @MasterKeyPassword IS NULL OR @CertBackupPassword IS NULL
BEGIN
    PRINT N'Asigne promptsales.crm_cert_thumbprint (salida de 910), promptsales.master_key_password y '
        + N'promptsales.cert_backup_password con sys.sp_set_session_context y vuelva a ejecutar.';
    RETURN;
END;

IF RIGHT(@BackupDir, 1) IN (N'/', N'\')
    SET @BackupDir = LEFT(@BackupDir, LEN(@BackupDir) - 1);

-- Start from a server that has never seen PromptCrm nor its certificate.
IF DB_ID(N'PromptCrm') IS NOT NULL
    EXEC sys.sp_executesql N'ALTER DATABASE PromptCrm SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE PromptCrm;';
IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'PromptCrmServerCert')
    EXEC sys.sp_executesql N'DROP CERTIFICATE PromptCrmServerCert;';

SET @Restore = N'RESTORE DATABASE PromptCrm FROM DISK = N'''
    + REPLACE(@BackupDir + @Separator + N'PromptCrm_crm6.bak', N'''', N'''''')
    + N''' WITH REPLACE, RECOVERY, MOVE N''PromptCrm'' TO N''' + REPLACE(@DataPath, N'''', N'''''')
    + N'PromptCrm.mdf'', MOVE N''PromptCrm_log'' TO N''' + REPLACE(@LogPath, N'''', N'''''') + N'PromptCrm_log.ldf'';';

-- Step 1: restore without the certificate.
BEGIN TRY
    EXEC sys.sp_executesql @Restore;
    INSERT INTO @Steps VALUES (1, N'RESTORE sin certificado', N'INESPERADO: se restauró');
END TRY
BEGIN CATCH
    INSERT INTO @Steps VALUES (1, N'RESTORE sin certificado', CONCAT(N'falló como se esperaba: ', ERROR_NUMBER(), N' ', LEFT(ERROR_MESSAGE(), 300)));
END CATCH;

-- Step 2: restore the certificate of master from its backup, then the database.
IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'##MS_DatabaseMasterKey##')
BEGIN
    SET @Sql = N'CREATE MASTER KEY ENCRYPTION BY PASSWORD = N''' + REPLACE(@MasterKeyPassword, N'''', N'''''') + N''';';
    EXEC sys.sp_executesql @Sql;
END;
SET @Sql = N'CREATE CERTIFICATE PromptCrmServerCert FROM FILE = N'''
    + REPLACE(@BackupDir + @Separator + N'PromptCrmServerCert_' + @Thumbprint + N'.cer', N'''', N'''''')
    + N''' WITH PRIVATE KEY (FILE = N'''
    + REPLACE(@BackupDir + @Separator + N'PromptCrmServerCert_' + @Thumbprint + N'.pvk', N'''', N'''''')
    + N''', DECRYPTION BY PASSWORD = N''' + REPLACE(@CertBackupPassword, N'''', N'''''') + N''');';
EXEC sys.sp_executesql @Sql;
INSERT INTO @Steps VALUES (2, N'Certificado restaurado en master', N'PromptCrmServerCert creado desde su respaldo');

EXEC sys.sp_executesql @Restore;
INSERT INTO @Steps VALUES (3, N'RESTORE con el certificado', N'base restaurada');

-- Step 3: the cell-encrypted data is still unreadable here (a NULL or an error: both mean unreadable).
SET @Sql = N'SELECT @Out = CONCAT(N''DECRYPTBYKEYAUTOCERT devuelve '',
        COALESCE(CAST(DECRYPTBYKEYAUTOCERT(CERT_ID(N''PromptCrmCellCert''), NULL, CedulaEnc) AS nvarchar(20)), N''NULL''))
    FROM PromptCrm.crm.Client WHERE ClientId = 1;';
DECLARE @Out nvarchar(400);
BEGIN TRY
    EXEC PromptCrm.sys.sp_executesql @Sql, N'@Out nvarchar(400) OUTPUT', @Out = @Out OUTPUT;
END TRY
BEGIN CATCH
    SET @Out = CONCAT(N'error ', ERROR_NUMBER(), N' ', LEFT(ERROR_MESSAGE(), 300));
END CATCH;
INSERT INTO @Steps VALUES (4, N'Descifrar sin la DMK', @Out);

BEGIN TRY
    EXEC PromptCrm.sys.sp_executesql N'OPEN SYMMETRIC KEY PromptCrmPiiKey DECRYPTION BY CERTIFICATE PromptCrmCellCert;';
    INSERT INTO @Steps VALUES (5, N'OPEN SYMMETRIC KEY', N'INESPERADO: se abrió');
END TRY
BEGIN CATCH
    INSERT INTO @Steps VALUES (5, N'OPEN SYMMETRIC KEY', CONCAT(N'falló como se esperaba: ', ERROR_NUMBER(), N' ', LEFT(ERROR_MESSAGE(), 300)));
END CATCH;

-- Step 4: complete the chain with the DMK password; from now on the DMK opens automatically on this server.
SET @Sql = N'OPEN MASTER KEY DECRYPTION BY PASSWORD = N''' + REPLACE(@MasterKeyPassword, N'''', N'''''')
    + N'''; ALTER MASTER KEY ADD ENCRYPTION BY SERVICE MASTER KEY; CLOSE MASTER KEY;';
EXEC PromptCrm.sys.sp_executesql @Sql;
SET @Sql = N'SELECT @Out = CONCAT(N''DECRYPTBYKEYAUTOCERT devuelve '',
        COALESCE(CAST(DECRYPTBYKEYAUTOCERT(CERT_ID(N''PromptCrmCellCert''), NULL, CedulaEnc) AS nvarchar(20)), N''NULL''))
    FROM PromptCrm.crm.Client WHERE ClientId = 1;';
EXEC PromptCrm.sys.sp_executesql @Sql, N'@Out nvarchar(400) OUTPUT', @Out = @Out OUTPUT;
INSERT INTO @Steps VALUES (6, N'Descifrar con la cadena completa', @Out);

SELECT StepNo, Step, Outcome FROM @Steps ORDER BY StepNo;
GO

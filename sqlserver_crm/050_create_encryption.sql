/*
Purpose:      The encryption chain of PromptCrm (CRM-5), built so that it depends on a certificate in master:
                master:    service master key -> database master key of master (password)
                           -> certificate PromptCrmServerCert (X.509, in master)
                PromptCrm: database encryption key AES_256 ENCRYPTION BY SERVER CERTIFICATE PromptCrmServerCert
                           (TDE: data files, log and every backup are AES-256 encrypted with it)
                           + database master key (password + service master key)
                           -> certificate PromptCrmCellCert -> symmetric key PromptCrmPiiKey (AES_256,
                           ENCRYPTION BY CERTIFICATE) used by ENCRYPTBYKEY for cédula, e-mail, phone, address.
              The master certificate and its private key are backed up to promptsales.backup_dir, the
              private key protected by promptsales.cert_backup_password; the CRM-6 test restores them on the
              "restore" instance. Secrets arrive through SESSION_CONTEXT and reach the DDL only through
              dynamic SQL; nothing secret is written to the repository or to a table.
Target:       SQL Server 2022, instance "crm" (master and PromptCrm). TDE needs Developer/Enterprise or
              Standard edition 2019+.
Requires:     020, 030; SESSION_CONTEXT promptsales.master_key_password, promptsales.cert_backup_password,
              promptsales.backup_dir (default N'/var/opt/mssql/backup', must exist and be writable by SQL
              Server).
Re-runnable:  yes (each key is created only when missing; the certificate backup files are named after the
              certificate's thumbprint, so an existing file is the backup of this very certificate).
Leaves:       master: DMK, certificate PromptCrmServerCert; files PromptCrmServerCert_<thumbprint>.cer/.pvk;
              PromptCrm: DEK (TDE on), DMK, certificate PromptCrmCellCert, symmetric key PromptCrmPiiKey;
              procedures crm.CRMSP_OpenPiiKey / crm.CRMSP_ClosePiiKey; one row in crm.KeyBackup.
Requirements: CRM-5, CRM-6, NFR-SEC3.
Verify:       SELECT DB_NAME(database_id), encryption_state, encryptor_type, encryptor_thumbprint
              FROM sys.dm_database_encryption_keys;
              SELECT name, thumbprint FROM master.sys.certificates WHERE name = N'PromptCrmServerCert';
*/
USE master;
GO

DECLARE @MasterKeyPassword nvarchar(128) = CAST(
    SESSION_CONTEXT(N'promptsales.master_key_password') AS nvarchar(128)
);
DECLARE @Sql nvarchar(max);
DECLARE @Text nvarchar(2048);

IF @MasterKeyPassword IS NULL
BEGIN
    SET @Text = FORMATMESSAGE(60003, N'promptsales.master_key_password');
    THROW 60003, @Text, 1;
END;

-- The DMK of master protects the private key of the server certificate (required for TDE).
IF NOT EXISTS (SELECT 1 FROM master.sys.symmetric_keys WHERE name = N'##MS_DatabaseMasterKey##')
BEGIN
    SET @Sql = N'CREATE MASTER KEY ENCRYPTION BY PASSWORD = N''' + REPLACE(@MasterKeyPassword, N'''', N'''''')
        + N''';';
    EXEC sys.sp_executesql @Sql;
END;

IF NOT EXISTS (SELECT 1 FROM master.sys.certificates WHERE name = N'PromptCrmServerCert')
BEGIN
    SET @Sql = N'CREATE CERTIFICATE PromptCrmServerCert
        WITH SUBJECT = N''PromptCrm TDE and backup protection (PromptSales)'',
        EXPIRY_DATE = ''20361231'';';
    EXEC sys.sp_executesql @Sql;
END;
GO

-- Back up the certificate and its private key; without these files the TDE backup cannot be restored anywhere.
DECLARE @CertBackupPassword nvarchar(128) = CAST(
    SESSION_CONTEXT(N'promptsales.cert_backup_password') AS nvarchar(128)
);
DECLARE @BackupDir nvarchar(260) = COALESCE(
    CAST(SESSION_CONTEXT(N'promptsales.backup_dir') AS nvarchar(260)), N'/var/opt/mssql/backup'
);
DECLARE @Separator nchar(1);
DECLARE @Thumbprint varbinary(64);
DECLARE @CertFile nvarchar(400);
DECLARE @KeyFile nvarchar(400);
DECLARE @Sql nvarchar(max);
DECLARE @Text nvarchar(2048);

IF @CertBackupPassword IS NULL
BEGIN
    SET @Text = FORMATMESSAGE(60003, N'promptsales.cert_backup_password');
    THROW 60003, @Text, 1;
END;

SET @Separator = CASE WHEN CHARINDEX(N'\', @BackupDir) > 0 THEN N'\' ELSE N'/' END;
IF RIGHT(@BackupDir, 1) IN (N'/', N'\')
    SET @BackupDir = LEFT(@BackupDir, LEN(@BackupDir) - 1);

SELECT @Thumbprint = c.thumbprint
FROM master.sys.certificates AS c
WHERE c.name = N'PromptCrmServerCert';

SET @CertFile = @BackupDir + @Separator + N'PromptCrmServerCert_' + CONVERT(nvarchar(64), @Thumbprint, 2) + N'.cer';
SET @KeyFile = @BackupDir + @Separator + N'PromptCrmServerCert_' + CONVERT(nvarchar(64), @Thumbprint, 2) + N'.pvk';

IF NOT EXISTS (
    SELECT 1 FROM PromptCrm.crm.KeyBackup
    WHERE KeyName = N'PromptCrmServerCert' AND Thumbprint = @Thumbprint AND CertificateFile = @CertFile
)
BEGIN
    SET @Sql = N'BACKUP CERTIFICATE PromptCrmServerCert TO FILE = N''' + REPLACE(@CertFile, N'''', N'''''')
        + N''' WITH PRIVATE KEY (FILE = N''' + REPLACE(@KeyFile, N'''', N'''''')
        + N''', ENCRYPTION BY PASSWORD = N''' + REPLACE(@CertBackupPassword, N'''', N'''''') + N''');';
    BEGIN TRY
        EXEC sys.sp_executesql @Sql;
    END TRY
    BEGIN CATCH
        -- 15240: the file already exists. The name carries the thumbprint, so it is this certificate's backup.
        IF ERROR_NUMBER() <> 15240
            THROW;
        PRINT N'Certificate backup already present: ' + @CertFile;
    END CATCH;

    DELETE FROM PromptCrm.crm.KeyBackup WHERE KeyName = N'PromptCrmServerCert';
    INSERT INTO PromptCrm.crm.KeyBackup (KeyName, DatabaseName, Thumbprint, CertificateFile, PrivateKeyFile)
    VALUES (N'PromptCrmServerCert', N'master', @Thumbprint, @CertFile, @KeyFile);
END;
GO

USE PromptCrm;
GO

-- TDE: the database encryption key is protected by the certificate in master.
IF NOT EXISTS (SELECT 1 FROM sys.dm_database_encryption_keys WHERE database_id = DB_ID(N'PromptCrm'))
BEGIN
    EXEC sys.sp_executesql N'CREATE DATABASE ENCRYPTION KEY
        WITH ALGORITHM = AES_256
        ENCRYPTION BY SERVER CERTIFICATE PromptCrmServerCert;';
END;
GO

IF EXISTS (SELECT 1 FROM sys.databases WHERE name = N'PromptCrm' AND is_encrypted = 0)
BEGIN
    EXEC sys.sp_executesql N'ALTER DATABASE PromptCrm SET ENCRYPTION ON;';
END;
GO

-- Cell level, the course pattern: DMK -> certificate -> AES_256 symmetric key ENCRYPTION BY CERTIFICATE.
DECLARE @MasterKeyPassword nvarchar(128) = CAST(
    SESSION_CONTEXT(N'promptsales.master_key_password') AS nvarchar(128)
);
DECLARE @Sql nvarchar(max);
DECLARE @Text nvarchar(2048);

IF @MasterKeyPassword IS NULL
BEGIN
    SET @Text = FORMATMESSAGE(60003, N'promptsales.master_key_password');
    THROW 60003, @Text, 1;
END;

IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'##MS_DatabaseMasterKey##')
BEGIN
    -- Encrypted by the password and (by default) by this server's service master key, so it opens
    -- automatically here and nowhere else: on another server it needs the password.
    SET @Sql = N'CREATE MASTER KEY ENCRYPTION BY PASSWORD = N''' + REPLACE(@MasterKeyPassword, N'''', N'''''')
        + N''';';
    EXEC sys.sp_executesql @Sql;
END;

IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'PromptCrmCellCert')
BEGIN
    EXEC sys.sp_executesql N'CREATE CERTIFICATE PromptCrmCellCert
        WITH SUBJECT = N''PromptCrm personal data (cédula, e-mail, phone, address notes)'',
        EXPIRY_DATE = ''20361231'';';
END;

IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'PromptCrmPiiKey')
BEGIN
    EXEC sys.sp_executesql N'CREATE SYMMETRIC KEY PromptCrmPiiKey
        WITH ALGORITHM = AES_256
        ENCRYPTION BY CERTIFICATE PromptCrmCellCert;';
END;
GO

/*
Author:       PromptSales CRM team
Description:  OPEN SYMMETRIC KEY PromptCrmPiiKey DECRYPTION BY CERTIFICATE PromptCrmCellCert for this session
              (open keys are bound to the session, so the key stays open after this procedure returns).
              Callers need VIEW DEFINITION on the key and CONTROL on the certificate, or call it from a
              module signed/owned accordingly.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_OpenPiiKey
AS
BEGIN
    SET NOCOUNT ON;
    EXEC sys.sp_executesql N'OPEN SYMMETRIC KEY PromptCrmPiiKey DECRYPTION BY CERTIFICATE PromptCrmCellCert;';
    RETURN 0;
END;
GO

CREATE OR ALTER PROCEDURE crm.CRMSP_ClosePiiKey
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM sys.openkeys WHERE key_name = N'PromptCrmPiiKey' AND database_id = DB_ID())
        EXEC sys.sp_executesql N'CLOSE SYMMETRIC KEY PromptCrmPiiKey;';
    RETURN 0;
END;
GO

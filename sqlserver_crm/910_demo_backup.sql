/*
Purpose:      CRM-6, lado del servidor "crm": respaldo completo (COPY_ONLY) de PromptCrm en
              promptsales.backup_dir. Como la base tiene TDE, el respaldo queda cifrado con la llave de la
              base, protegida por el certificado PromptCrmServerCert de master; 050 ya respaldó ese
              certificado (archivos PromptCrmServerCert_<huella>.cer/.pvk en el mismo directorio).
              El paso siguiente se hace en el otro servidor: 920_demo_restore_other_server.sql.
Target:       SQL Server 2022, instance "crm".
Requires:     050 (TDE on, certificate backup), data generated.
Re-runnable:  yes (WITH INIT overwrites the same backup file; the database is not changed).
Leaves:       file <backup_dir>/PromptCrm_crm6.bak; prints the certificate thumbprint to use in 920.
Requirements: CRM-6.
Verify:       RESTORE HEADERONLY FROM DISK = N'<backup_dir>/PromptCrm_crm6.bak';
*/
USE master;
GO

DECLARE @BackupDir nvarchar(260) = COALESCE(
    CAST(SESSION_CONTEXT(N'promptsales.backup_dir') AS nvarchar(260)), N'/var/opt/mssql/backup'
);
DECLARE @Separator nchar(1) = CASE WHEN CHARINDEX(N'\', @BackupDir) > 0 THEN N'\' ELSE N'/' END;
DECLARE @File nvarchar(400);
DECLARE @Sql nvarchar(max);

IF RIGHT(@BackupDir, 1) IN (N'/', N'\')
    SET @BackupDir = LEFT(@BackupDir, LEN(@BackupDir) - 1);
SET @File = @BackupDir + @Separator + N'PromptCrm_crm6.bak';

-- Wait for the TDE encryption scan to finish, so the demonstration never backs up a half-encrypted file.
IF EXISTS (
    SELECT 1 FROM sys.dm_database_encryption_keys
    WHERE database_id = DB_ID(N'PromptCrm') AND encryption_state <> 3
)
    PRINT N'Aviso: TDE todavía cifra la base (encryption_state <> 3); repita cuando termine.';

SET @Sql = N'BACKUP DATABASE PromptCrm TO DISK = N''' + REPLACE(@File, N'''', N'''''')
    + N''' WITH COPY_ONLY, INIT, FORMAT, CHECKSUM, NAME = N''PromptCrm CRM-6'';';
EXEC sys.sp_executesql @Sql;

SELECT
    @File AS DatabaseBackup,
    k.CertificateFile,
    k.PrivateKeyFile,
    CONVERT(nvarchar(64), k.Thumbprint, 2) AS CertificateThumbprint
FROM PromptCrm.crm.KeyBackup AS k
WHERE k.KeyName = N'PromptCrmServerCert';
GO

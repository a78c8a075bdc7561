/*
Purpose:      Demostración en clase de CRM-5: la cadena de cifrado (certificado en master -> TDE; DMK ->
              certificado -> llave simétrica AES_256) y el patrón del curso OPEN SYMMETRIC KEY ...
              DECRYPTION BY CERTIFICATE / ENCRYPTBYKEY(KEY_GUID(...)) / DECRYPTBYKEY / CLOSE SYMMETRIC KEY.
Target:       PromptCrm on SQL Server 2022 (instance "crm"). One SSMS window.
Requires:     050, 080, 130.
Re-runnable:  yes (reads only; the log rows written by crm.CRMSP_GetClientPii are removed at the end).
Leaves:       nothing.
Requirements: CRM-5.
Verify:       the result sets: stored bytes (varbinary) vs decrypted text; TDE state 3 = encrypted; the
              encryptor thumbprint equals the thumbprint of master's PromptCrmServerCert.
*/
USE PromptCrm;
GO

-- 1. El certificado vive en master y protege la llave de cifrado de la base (TDE).
SELECT
    DB_NAME(k.database_id) AS DatabaseName,
    k.encryption_state,
    k.key_algorithm,
    k.key_length,
    k.encryptor_type,
    c.name AS MasterCertificate,
    c.subject
FROM sys.dm_database_encryption_keys AS k
INNER JOIN master.sys.certificates AS c ON k.encryptor_thumbprint = c.thumbprint
WHERE k.database_id = DB_ID(N'PromptCrm');

-- 2. Lo que está guardado: solo bytes.
SELECT TOP (3)
    c.ClientCode,
    c.CedulaEnc,
    c.EmailEnc,
    DATALENGTH(c.CedulaEnc) AS CedulaBytes
FROM crm.Client AS c
ORDER BY c.ClientId;

-- 3. Patrón del curso: abrir la llave con el certificado, descifrar, cifrar un valor nuevo y cerrar.
EXEC crm.CRMSP_OpenPiiKey;

SELECT TOP (3)
    c.ClientCode,
    CAST(DECRYPTBYKEY(c.CedulaEnc) AS nvarchar(20)) AS Cedula,
    CAST(DECRYPTBYKEY(c.EmailEnc) AS nvarchar(120)) AS Email,
    CAST(DECRYPTBYKEY(c.PhoneEnc) AS nvarchar(30)) AS Phone,
    CAST(DECRYPTBYKEY(c.AddressNotesEnc) AS nvarchar(300)) AS AddressNotes
FROM crm.Client AS c
ORDER BY c.ClientId;

SELECT
    ENCRYPTBYKEY(KEY_GUID(N'PromptCrmPiiKey'), N'1-0234-0567') AS Cifrado,
    CAST(DECRYPTBYKEY(ENCRYPTBYKEY(KEY_GUID(N'PromptCrmPiiKey'), N'1-0234-0567')) AS nvarchar(20)) AS IdaYVuelta;

EXEC crm.CRMSP_ClosePiiKey;

-- 4. Con la llave cerrada DECRYPTBYKEY devuelve NULL: sin la cadena de llaves no hay texto.
SELECT TOP (3) c.ClientCode, CAST(DECRYPTBYKEY(c.CedulaEnc) AS nvarchar(20)) AS CedulaSinLlave
FROM crm.Client AS c
ORDER BY c.ClientId;

-- 5. El acceso autorizado: la vista (DECRYPTBYKEYAUTOCERT) y el procedimiento (registra el acceso).
SELECT TOP (3) ClientCode, Cedula, Email FROM crm.vw_ClientPii ORDER BY ClientId;

DECLARE @Demo uniqueidentifier = NEWID();
EXEC crm.CRMSP_GetClientPii @ClientId = 1, @CorrelationId = @Demo;
SELECT LogId, Severity, Source, Message, Context FROM crm.Log WHERE CorrelationId = @Demo;
DELETE FROM crm.Log WHERE CorrelationId = @Demo;
GO

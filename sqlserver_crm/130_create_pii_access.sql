/*
Purpose:      Controlled decryption of the personal data (CRM-5). Only two ways lead to plaintext, both for
              authorised roles:
                crm.vw_ClientPii          DECRYPTBYKEYAUTOCERT(CERT_ID('PromptCrmCellCert'), NULL, ...): works
                                          only for a caller with CONTROL on the certificate and VIEW
                                          DEFINITION on the key (role crm_pii_reader); anyone else gets NULLs.
                crm.CRMSP_GetClientPii    the course pattern inside a procedure: OPEN SYMMETRIC KEY ...
                                          DECRYPTION BY CERTIFICATE, DECRYPTBYKEY, CLOSE SYMMETRIC KEY. Runs
                                          EXECUTE AS OWNER, so the authorisation is EXECUTE on the procedure
                                          (granted to crm_pii_reader only); every call is logged.
              Roles: crm_pii_reader (agents allowed to see contact data), crm_analyst (analytics only: SELECT on
              the schema, no key permissions, so the encrypted columns are unreadable bytes to it).
Target:       PromptCrm on SQL Server 2022.
Requires:     050 (keys), 080 (clients).
Re-runnable:  yes (CREATE OR ALTER; roles created when missing; GRANT/DENY are idempotent).
Leaves:       view crm.vw_ClientPii; procedure crm.CRMSP_GetClientPii; roles crm_pii_reader, crm_analyst.
Requirements: CRM-5, NFR-SEC5 (least privilege).
Verify:       SELECT TOP (3) ClientCode, Cedula, Email FROM crm.vw_ClientPii;   -- as dbo or a crm_pii_reader
              EXEC crm.CRMSP_GetClientPii @ClientId = 1;
*/
USE PromptCrm;
GO

IF DATABASE_PRINCIPAL_ID(N'crm_pii_reader') IS NULL
    EXEC sys.sp_executesql N'CREATE ROLE crm_pii_reader AUTHORIZATION dbo;';
IF DATABASE_PRINCIPAL_ID(N'crm_analyst') IS NULL
    EXEC sys.sp_executesql N'CREATE ROLE crm_analyst AUTHORIZATION dbo;';
GO

CREATE OR ALTER VIEW crm.vw_ClientPii
AS
SELECT
    c.ClientId,
    c.ClientCode,
    c.FirstName,
    c.LastName1,
    c.LastName2,
    CAST(DECRYPTBYKEYAUTOCERT(CERT_ID(N'PromptCrmCellCert'), NULL, c.CedulaEnc) AS nvarchar(20)) AS Cedula,
    CAST(DECRYPTBYKEYAUTOCERT(CERT_ID(N'PromptCrmCellCert'), NULL, c.EmailEnc) AS nvarchar(120)) AS Email,
    CAST(DECRYPTBYKEYAUTOCERT(CERT_ID(N'PromptCrmCellCert'), NULL, c.PhoneEnc) AS nvarchar(30)) AS Phone,
    CAST(DECRYPTBYKEYAUTOCERT(CERT_ID(N'PromptCrmCellCert'), NULL, c.AddressNotesEnc) AS nvarchar(300))
        AS AddressNotes,
    c.ConsentMarketing,
    c.RetentionUntil
FROM crm.Client AS c
WHERE c.IsAnonymized = 0;
GO

/*
Author:       PromptSales CRM team
Description:  Returns one client's decrypted contact data with the course's cell-encryption pattern and logs
              who asked (auditing of personal-data access). EXECUTE AS OWNER: the caller needs only EXECUTE.
Parameters:   @ClientId the client; @CorrelationId optional, copied into the log row.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_GetClientPii
    @ClientId int,
    @CorrelationId uniqueidentifier = NULL
WITH EXECUTE AS OWNER
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Context nvarchar(max) = (
        SELECT @ClientId AS clientId, ORIGINAL_LOGIN() AS requestedBy FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
    );

    EXEC sys.sp_executesql N'OPEN SYMMETRIC KEY PromptCrmPiiKey DECRYPTION BY CERTIFICATE PromptCrmCellCert;';

    SELECT
        c.ClientId,
        c.ClientCode,
        c.FirstName + N' ' + c.LastName1 + N' ' + c.LastName2 AS FullName,
        CAST(DECRYPTBYKEY(c.CedulaEnc) AS nvarchar(20)) AS Cedula,
        CAST(DECRYPTBYKEY(c.EmailEnc) AS nvarchar(120)) AS Email,
        CAST(DECRYPTBYKEY(c.PhoneEnc) AS nvarchar(30)) AS Phone,
        CAST(DECRYPTBYKEY(c.AddressNotesEnc) AS nvarchar(300)) AS AddressNotes
    FROM crm.Client AS c
    WHERE c.ClientId = @ClientId AND c.IsAnonymized = 0;

    EXEC sys.sp_executesql N'CLOSE SYMMETRIC KEY PromptCrmPiiKey;';

    EXEC crm.CRMSP_WriteLog
        @Severity = 'INFO',
        @Source = N'crm.CRMSP_GetClientPii',
        @Message = N'Personal data of a client was decrypted.',
        @Context = @Context,
        @CorrelationId = @CorrelationId;
    RETURN 0;
END;
GO

-- Authorised readers: the keys (for the view) and the procedure.
GRANT SELECT ON OBJECT::crm.vw_ClientPii TO crm_pii_reader;
GRANT EXECUTE ON OBJECT::crm.CRMSP_GetClientPii TO crm_pii_reader;
GRANT VIEW DEFINITION ON SYMMETRIC KEY::PromptCrmPiiKey TO crm_pii_reader;
GRANT CONTROL ON CERTIFICATE::PromptCrmCellCert TO crm_pii_reader;
GO

-- Analysts read the schema (aggregates, leads, sales) but hold no key permission: ciphertext stays ciphertext.
GRANT SELECT ON SCHEMA::crm TO crm_analyst;
DENY EXECUTE ON OBJECT::crm.CRMSP_GetClientPii TO crm_analyst;
GO

"""CRM-5: the certificate in master (TDE) and the AES-256 cell encryption of personal data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyodbc
import pytest
from crm_helpers import execute_all, fetch_all

pytestmark = pytest.mark.mssql


@pytest.fixture
def role_users(crm_conn: Any) -> Iterator[dict[str, str]]:
    """Two users without login: one in crm_pii_reader, one in crm_analyst (dropped afterwards)."""
    users = {"reader": "crm_test_pii_reader", "analyst": "crm_test_analyst"}
    for role, user in (("crm_pii_reader", users["reader"]), ("crm_analyst", users["analyst"])):
        execute_all(crm_conn, f"IF DATABASE_PRINCIPAL_ID(N'{user}') IS NULL CREATE USER {user} WITHOUT LOGIN; "
                              f"ALTER ROLE {role} ADD MEMBER {user};")
    yield users
    for user in users.values():
        execute_all(crm_conn, f"IF DATABASE_PRINCIPAL_ID(N'{user}') IS NOT NULL DROP USER {user};")


@pytest.mark.req("CRM-5")
def test_the_database_encryption_key_is_protected_by_the_certificate_in_master(crm_conn: Any) -> None:
    """TDE: PromptCrm's AES-256 key is encrypted by master's PromptCrmServerCert."""
    rows = fetch_all(crm_conn, """
        SELECT k.key_algorithm, k.key_length, k.encryptor_type, c.name
        FROM sys.dm_database_encryption_keys AS k
        INNER JOIN master.sys.certificates AS c ON k.encryptor_thumbprint = c.thumbprint
        WHERE k.database_id = DB_ID(N'PromptCrm')""")
    assert rows == [("AES", 256, "CERTIFICATE", "PromptCrmServerCert")]


@pytest.mark.req("CRM-5")
def test_the_cell_key_is_aes_256_encrypted_by_a_certificate(crm_conn: Any) -> None:
    """PromptCrmPiiKey is AES_256 and its only protection is the certificate PromptCrmCellCert."""
    rows = fetch_all(crm_conn, """
        SELECT k.algorithm_desc, k.key_length, e.crypt_type_desc, c.name
        FROM sys.symmetric_keys AS k
        INNER JOIN sys.key_encryptions AS e ON k.symmetric_key_id = e.key_id
        LEFT JOIN sys.certificates AS c ON e.thumbprint = c.thumbprint
        WHERE k.name = N'PromptCrmPiiKey'""")
    assert rows == [("AES_256", 256, "ENCRYPTION BY CERTIFICATE", "PromptCrmCellCert")]


@pytest.mark.req("CRM-5")
def test_stored_bytes_are_not_the_plaintext_and_authorised_decryption_returns_it(crm_conn: Any) -> None:
    """The varbinary columns do not contain the cédula/e-mail; the view and the course-pattern procedure do."""
    raw = fetch_all(crm_conn, "SELECT CedulaEnc, EmailEnc, PhoneEnc FROM crm.Client WHERE ClientId = 1")[0]
    view = fetch_all(crm_conn, "SELECT Cedula, Email, Phone FROM crm.vw_ClientPii WHERE ClientId = 1")[0]
    proc = fetch_all(crm_conn, "EXEC crm.CRMSP_GetClientPii @ClientId = 1")[0]
    for blob, text in zip(raw, view, strict=True):
        assert isinstance(blob, bytes) and text
        assert text.encode("utf-16-le") not in blob and text.encode() not in blob
    assert (proc[3], proc[4], proc[5]) == view
    execute_all(crm_conn, "DELETE FROM crm.Log WHERE Source = N'crm.CRMSP_GetClientPii'")


@pytest.mark.req("CRM-5")
def test_encrypting_the_same_value_twice_gives_different_bytes_that_decrypt_to_it(crm_conn: Any) -> None:
    """ENCRYPTBYKEY is randomised (no equality leak) and DECRYPTBYKEY inverts it with the key open."""
    conn = crm_conn
    execute_all(conn, "EXEC crm.CRMSP_OpenPiiKey")
    try:
        a, b, back = fetch_all(conn, """
            DECLARE @a varbinary(256) = ENCRYPTBYKEY(KEY_GUID(N'PromptCrmPiiKey'), N'1-0234-0567');
            DECLARE @b varbinary(256) = ENCRYPTBYKEY(KEY_GUID(N'PromptCrmPiiKey'), N'1-0234-0567');
            SELECT @a, @b, CAST(DECRYPTBYKEY(@a) AS nvarchar(20));""")[0]
    finally:
        execute_all(conn, "EXEC crm.CRMSP_ClosePiiKey")
    assert a != b and back == "1-0234-0567"


@pytest.mark.req("CRM-5", "NFR-SEC5")
def test_a_pii_reader_decrypts_but_an_analyst_without_key_permissions_gets_nothing_readable(
    crm_conn: Any, role_users: dict[str, str]
) -> None:
    """crm_pii_reader reads cédulas through the view; crm_analyst gets NULLs (or an error), never text."""
    plain = fetch_all(crm_conn, "SELECT Cedula FROM crm.vw_ClientPii WHERE ClientId = 1")[0][0]
    as_reader = fetch_all(crm_conn, f"EXECUTE AS USER = N'{role_users['reader']}'; "
                                    "SELECT Cedula FROM crm.vw_ClientPii WHERE ClientId = 1; REVERT;")
    try:
        as_analyst = fetch_all(crm_conn, f"EXECUTE AS USER = N'{role_users['analyst']}'; "
                                         "SELECT Cedula, Email FROM crm.vw_ClientPii WHERE ClientId = 1; REVERT;")
        analyst_sees = [value for row in as_analyst for value in row if value is not None]
    except pyodbc.Error:
        execute_all(crm_conn, "IF USER_NAME() <> N'dbo' REVERT;")
        analyst_sees = []
    with pytest.raises(pyodbc.Error):
        fetch_all(crm_conn, f"EXECUTE AS USER = N'{role_users['analyst']}'; "
                            "BEGIN TRY EXEC crm.CRMSP_GetClientPii @ClientId = 1; END TRY "
                            "BEGIN CATCH REVERT; THROW; END CATCH; REVERT;")
    assert as_reader == [(plain,)]
    assert analyst_sees == []

"""CRM-6: a backup of PromptCrm restored on the second SQL Server instance cannot be read without the key
chain: without master's certificate it cannot even be restored (TDE); with the certificate restored from its
backup the database comes back but the cell-encrypted data stays unreadable until the database master key
is reopened with its password. Runs across the "crm" and "restore" instances (shared backup directory);
commits on both and cleans up the restore instance."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

import pyodbc
import pytest
from crm_helpers import execute_all, fetch_all, tsql_literal

pytestmark = pytest.mark.mssql

BACKUP_NAME = "PromptCrm_test_crm6.bak"


def _join(directory: str, name: str) -> str:
    separator = "\\" if "\\" in directory else "/"
    return directory.rstrip("/\\") + separator + name


def _basename(path: str) -> str:
    return posixpath.basename(path.replace("\\", "/"))


def _drop_restored(conn: Any) -> None:
    execute_all(conn, "IF DB_ID(N'PromptCrm') IS NOT NULL BEGIN "
                      "ALTER DATABASE PromptCrm SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE PromptCrm; END")
    execute_all(conn, "IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'PromptCrmServerCert') "
                      "DROP CERTIFICATE PromptCrmServerCert;")


@pytest.fixture
def restore_master(mssql_restore: Any) -> Iterator[Any]:
    """master on the restore instance, wiped of PromptCrm and its certificate before and after the test."""
    conn = mssql_restore.connect("master", autocommit=True, timeout=60)
    _drop_restored(conn)
    yield conn
    _drop_restored(conn)
    conn.close()


@pytest.mark.req("CRM-6", "CRM-5")
def test_backup_restored_on_another_server_is_unreadable_until_the_key_chain_is_restored(
    crm_db: Any, mssql_restore: Any, restore_master: Any, settings: Any, poll: Any
) -> None:
    """No certificate: RESTORE fails (33111). Certificate from its backup: restores, data still unreadable
    (OPEN SYMMETRIC KEY fails, DECRYPTBYKEYAUTOCERT is NULL). DMK password: readable, equal to the source."""
    with crm_db.connect("PromptCrm", autocommit=True, timeout=60) as crm:
        poll(lambda: fetch_all(crm, "SELECT encryption_state FROM sys.dm_database_encryption_keys "
                                    "WHERE database_id = DB_ID(N'PromptCrm')") == [(3,)], "TDE finished encrypting")
        expected = fetch_all(crm, "SELECT Cedula FROM crm.vw_ClientPii WHERE ClientId = 1")[0][0]
        cert_file, key_file = fetch_all(crm, "SELECT CertificateFile, PrivateKeyFile FROM crm.KeyBackup "
                                             "WHERE KeyName = N'PromptCrmServerCert'")[0]
        execute_all(crm, f"BACKUP DATABASE PromptCrm TO DISK = {tsql_literal(_join(crm_db.backup_dir, BACKUP_NAME))} "
                         "WITH COPY_ONLY, INIT, FORMAT, CHECKSUM;")

    backup_dir = mssql_restore.backup_dir
    data, log = fetch_all(restore_master, "SELECT CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(400)), "
                                          "CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(400))")[0]
    restore = (f"RESTORE DATABASE PromptCrm FROM DISK = {tsql_literal(_join(backup_dir, BACKUP_NAME))} "
               f"WITH REPLACE, RECOVERY, MOVE N'PromptCrm' TO {tsql_literal(_join(data, 'PromptCrm.mdf'))}, "
               f"MOVE N'PromptCrm_log' TO {tsql_literal(_join(log, 'PromptCrm_log.ldf'))};")

    with pytest.raises(pyodbc.Error) as without_certificate:
        execute_all(restore_master, restore)
    assert re.search(r"33111|certificate", str(without_certificate.value), re.IGNORECASE)

    execute_all(restore_master, "IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = "
                                "N'##MS_DatabaseMasterKey##') CREATE MASTER KEY ENCRYPTION BY PASSWORD = "
                                f"{tsql_literal(settings.master_key_password)};")
    execute_all(restore_master, "CREATE CERTIFICATE PromptCrmServerCert FROM FILE = "
                                f"{tsql_literal(_join(backup_dir, _basename(cert_file)))} WITH PRIVATE KEY (FILE = "
                                f"{tsql_literal(_join(backup_dir, _basename(key_file)))}, "
                                f"DECRYPTION BY PASSWORD = {tsql_literal(settings.cert_backup_password)});")
    execute_all(restore_master, restore)

    with mssql_restore.connect("PromptCrm", autocommit=True, timeout=60) as restored:
        raw = fetch_all(restored, "SELECT CedulaEnc FROM crm.Client WHERE ClientId = 1")[0][0]
        try:
            auto = fetch_all(restored, "SELECT CAST(DECRYPTBYKEYAUTOCERT(CERT_ID(N'PromptCrmCellCert'), NULL, "
                                       "CedulaEnc) AS nvarchar(20)) FROM crm.Client WHERE ClientId = 1")[0][0]
        except pyodbc.Error:
            auto = None  # an error is as unreadable as a NULL
        with pytest.raises(pyodbc.Error) as open_key:
            execute_all(restored, "EXEC crm.CRMSP_OpenPiiKey")
        execute_all(restored, f"OPEN MASTER KEY DECRYPTION BY PASSWORD = {tsql_literal(settings.master_key_password)}; "
                              "ALTER MASTER KEY ADD ENCRYPTION BY SERVICE MASTER KEY; CLOSE MASTER KEY;")
        readable = fetch_all(restored, "SELECT Cedula FROM crm.vw_ClientPii WHERE ClientId = 1")[0][0]

    assert isinstance(raw, bytes) and expected.encode("utf-16-le") not in raw
    assert auto is None
    assert re.search(r"15581|master key", str(open_key.value), re.IGNORECASE)
    assert readable == expected

"""The least-privilege SQL Server logins of the n8n ETL (sqlserver_ads/190, sqlserver_crm/180) read as text:
each login joins only its ETL reader role, takes its password only from SESSION_CONTEXT, and every object the
workflow's SQL Server queries read is granted to that role (SQL Server cannot run here)."""

from __future__ import annotations

import inspect
import json
import re

import pytest

from harness import REPO_ROOT
from harness.n8n import WORKFLOW_FILE
from harness.settings import SECRET_ENV, Settings

LOGINS = {
    "ads": ("sqlserver_ads/190_create_etl_login.sql", "promptads_etl", "AdsEtlReader", "ads_etl_password",
            "Ads: fetch page (SQL Server)"),
    "crm": ("sqlserver_crm/180_create_etl_login.sql", "promptcrm_etl", "CrmEtlReader", "crm_etl_password",
            "CRM: fetch page (SQL Server)"),
}
FOLDER = {"ads": "sqlserver_ads", "crm": "sqlserver_crm"}
OBJECT_READ = re.compile(r"\b(?:FROM|JOIN|APPLY|EXEC|EXECUTE)\s+((?:ads|crm|dbo|monitor)\.\w+)", re.IGNORECASE)
COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def _script(rel: str) -> str:
    return (REPO_ROOT / rel).read_text(encoding="utf-8")


def _folder_scripts(server: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / FOLDER[server]).glob("[0-8]*.sql")))


def _grants(server: str, role: str) -> set[str]:
    """Objects on which the folder's numbered scripts GRANT SELECT or EXECUTE to role (comments removed)."""
    text = COMMENT.sub("", _folder_scripts(server))
    pattern = rf"GRANT\s+(?:SELECT|EXECUTE)\s+ON\s+(?:OBJECT::)?((?:ads|crm)\.\w+)\s+TO\s+{role}\b"
    return {m.lower() for m in re.findall(pattern, text, re.IGNORECASE)}


def _query(node_name: str) -> str:
    workflow = json.loads(WORKFLOW_FILE.read_text(encoding="utf-8"))
    node = next(n for n in workflow["nodes"] if n["name"] == node_name)
    assert node["type"] == "n8n-nodes-base.microsoftSql"
    return str(node["parameters"]["query"])


def _objects_read(query: str) -> set[str]:
    return {m.lower() for m in OBJECT_READ.findall(COMMENT.sub("", query))}


@pytest.mark.static
@pytest.mark.req("NFR-SEC5", "SAL-3")
@pytest.mark.parametrize("server", sorted(LOGINS))
def test_the_etl_login_joins_only_its_etl_reader_role_and_gets_no_permission_of_its_own(server: str) -> None:
    """The script adds the login's user to the ETL reader role and to nothing else: no fixed database role
    (db_datareader, db_owner...), no GRANT/DENY of its own, no server role, no CONTROL or IMPERSONATE."""
    rel, login, role, _key, _node = LOGINS[server]
    code = COMMENT.sub("", _script(rel))
    assert re.findall(rf"ALTER\s+ROLE\s+(\w+)\s+ADD\s+MEMBER\s+{login}\b", code, re.IGNORECASE) == [role]
    assert re.search(rf"CREATE\s+LOGIN\s+{login}\b", code, re.IGNORECASE)
    assert re.search(rf"CREATE\s+USER\s+{login}\s+FOR\s+LOGIN\s+{login}\b", code, re.IGNORECASE)
    assert re.search(rf"ALTER\s+USER\s+{login}\s+WITH\s+LOGIN\s*=\s*{login}\b", code, re.IGNORECASE)
    for forbidden in (r"\bdb_\w+", r"\bGRANT\b", r"\bDENY\b", r"ALTER\s+SERVER\s+ROLE", r"sp_addrolemember",
                      r"sp_addsrvrolemember", r"\bCONTROL\b", r"\bIMPERSONATE\b", r"\bsysadmin\b"):
        assert not re.search(forbidden, code, re.IGNORECASE), forbidden


@pytest.mark.static
@pytest.mark.req("NFR-SEC5")
@pytest.mark.parametrize("server", sorted(LOGINS))
def test_the_etl_login_password_comes_only_from_the_session_context(server: str) -> None:
    """The only password source is SESSION_CONTEXT(N'promptsales.<key>'), checked before use, changed only when
    PWDCOMPARE says it differs, and quoted with QUOTENAME in the dynamic SQL; no literal password."""
    rel, _login, _role, key, _node = LOGINS[server]
    code = COMMENT.sub("", _script(rel))
    assert re.findall(r"SESSION_CONTEXT\(N'([\w.]+)'\)", code) == [f"promptsales.{key}"]
    assert re.search(r"IF @Password IS NULL OR LEN\(@Password\) = 0", code)
    assert re.search(r"PWDCOMPARE\(@Password, password_hash\) = 1", code)
    # Every "PASSWORD =" ends the dynamic SQL literal and is followed by the quoted session-context value.
    uses = re.findall(r"PASSWORD\s*=\s*(.{0,32})", code, re.IGNORECASE)
    assert len(uses) == 2 and all(u.startswith("', QUOTENAME(@Password, N'''')") for u in uses), uses
    assert key in Settings.__dataclass_fields__
    assert f'"promptsales.{key}": self.{key},' in inspect.getsource(Settings.session_context)
    assert SECRET_ENV[key] == f"PROMPTSALES_{key.upper()}"


@pytest.mark.static
@pytest.mark.req("NFR-SEC5", "SAL-3")
@pytest.mark.parametrize("server", sorted(LOGINS))
def test_every_object_the_workflow_reads_on_sql_server_is_granted_to_the_etl_role(server: str) -> None:
    """The objects the n8n node's query reads (FROM/JOIN/APPLY) are created by the folder's scripts and each is
    granted to the ETL reader role the login belongs to; the query never writes to a source table."""
    _rel, _login, role, _key, node = LOGINS[server]
    query = _query(node)
    used = _objects_read(query)
    assert used, "no object found in the node's query"
    granted = _grants(server, role)
    assert used <= granted, sorted(used - granted)
    ddl = _folder_scripts(server)
    for obj in used:
        assert re.search(rf"CREATE\s+(?:OR\s+ALTER\s+)?(?:TABLE|VIEW|FUNCTION)\s+{re.escape(obj)}\b", ddl,
                         re.IGNORECASE), f"{obj} is not created in {FOLDER[server]}/"
    writes = re.findall(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE)\s+(?!#)(\w+\.\w+)",
                        COMMENT.sub("", query), re.IGNORECASE)
    assert writes == []


@pytest.mark.static
@pytest.mark.req("NFR-SEC5")
def test_the_crm_etl_role_is_granted_only_the_lead_delta_function() -> None:
    """CrmEtlReader holds SELECT on crm.ufn_EtlLeadChanges and nothing else anywhere in sqlserver_crm/."""
    text = COMMENT.sub("", _folder_scripts("crm"))
    grants = re.findall(r"GRANT\s+(\w+)\s+ON\s+(?:OBJECT::)?([\w.:]+)\s+TO\s+CrmEtlReader\b", text, re.IGNORECASE)
    assert grants == [("SELECT", "crm.ufn_EtlLeadChanges")]

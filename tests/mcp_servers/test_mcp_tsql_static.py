"""SQL Server cannot run here, so the fixed T-SQL of the ads and crm MCP servers is checked statically: every
text parses with sqlfluff (tsql) without unparsable sections, and every object and every alias.Column it reads
is defined in the folder's numbered scripts (the DDL the servers run against)."""

from __future__ import annotations

import re

import pytest

from harness import REPO_ROOT
from harness.sqlgate import _linter
from mcp_servers import ads, crm

QUERIES = {
    "ads": {n: getattr(ads, n) for n in ("LIST_CAMPAIGNS", "CAMPAIGN_RESULTS", "SALES_REACH", "CHANNELS",
                                          "NEGATIVE_SENTIMENT")},
    "crm": {n: getattr(crm, n) for n in ("LEAD_FUNNEL", "LEADS", "SALES", "ADS_FIGURES", "RECONCILE")},
}
FOLDERS = {"ads": "sqlserver_ads", "crm": "sqlserver_crm"}
OBJECT = re.compile(r"\b(?:FROM|JOIN|EXEC)\s+\(?\s*((?:ads|crm)\.\w+)(?:\s*\([^)]*\))?(?:\s+AS\s+(\w+))?",
                    re.IGNORECASE)
COLUMN = re.compile(r"\b([a-z]{1,3})\.([A-Z]\w+)")


def _ddl(folder: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / folder).glob("[0-8]*.sql")))


def _definition(ddl: str, obj: str) -> str:
    """The text that defines obj: from its CREATE (TABLE / VIEW / FUNCTION / PROCEDURE) to the next GO."""
    match = re.search(rf"CREATE\s+(?:OR\s+ALTER\s+)?(?:TABLE|VIEW|FUNCTION|PROCEDURE)\s+{re.escape(obj)}\b"
                      r"(.*?)^\s*GO\s*$", ddl, re.IGNORECASE | re.DOTALL | re.MULTILINE)
    return match.group(1) if match else ""


@pytest.mark.static
@pytest.mark.req("SAL-5", "ADS-5", "CRM-3")
@pytest.mark.parametrize(("server", "name"), [(s, n) for s, q in QUERIES.items() for n in q])
def test_each_fixed_tsql_text_parses_and_reads_only_defined_objects_and_columns(server, name):
    """sqlfluff parses the query; its objects exist in the scripts and each alias.Column is in the object's
    definition."""
    text = QUERIES[server][name]
    parsed = _linter("tsql").parse_string(text.replace("?", "NULL"))
    assert parsed.tree is not None
    assert not list(parsed.tree.recursive_crawl("unparsable")), parsed.tree.stringify()[:2000]
    ddl = _ddl(FOLDERS[server])
    aliases = {}
    for obj, alias in OBJECT.findall(text):
        definition = _definition(ddl, obj)
        assert definition, f"{obj} is not created by {FOLDERS[server]}/"
        if alias:
            aliases[alias] = (obj, definition)
    for alias, column in COLUMN.findall(text):
        if alias in aliases:
            obj, definition = aliases[alias]
            assert re.search(rf"\b{column}\b", definition), f"{obj} has no column {column}"


@pytest.mark.static
@pytest.mark.req("NFR-SEC5")
def test_the_mcp_logins_get_only_the_reader_roles_and_the_crm_reader_is_denied_personal_data():
    """170 (ads) adds promptads_mcp to AdsMcpReader only; 160 (crm) grants the tools' objects, denies the PII
    objects, and adds promptcrm_mcp to CrmMcpReader only; neither grants any write permission."""
    ads_script = (REPO_ROOT / "sqlserver_ads" / "180_create_mcp_login.sql").read_text(encoding="utf-8")
    crm_script = (REPO_ROOT / "sqlserver_crm" / "170_create_mcp_reader.sql").read_text(encoding="utf-8")
    assert re.findall(r"ALTER ROLE (\w+) ADD MEMBER promptads_mcp", ads_script) == ["AdsMcpReader"]
    assert re.findall(r"ALTER ROLE (\w+) ADD MEMBER promptcrm_mcp", crm_script) == ["CrmMcpReader"]
    for script in (ads_script, crm_script):
        assert not re.search(r"GRANT\s+(INSERT|UPDATE|DELETE|ALTER|CONTROL)", script, re.IGNORECASE)
    for obj in ("crm.Client", "crm.vw_ClientPii", "crm.CRMSP_GetClientPii"):
        assert re.search(rf"DENY \w+ ON OBJECT::{re.escape(obj)} TO CrmMcpReader", crm_script)
    granted = set(re.findall(r"GRANT (?:SELECT|EXECUTE) ON OBJECT::(crm\.\w+) TO CrmMcpReader", crm_script))
    used = {obj for q in QUERIES["crm"].values() for obj, _ in OBJECT.findall(q)}
    assert used <= granted, used - granted
    ads_grants = (REPO_ROOT / "sqlserver_ads" / "140_grant_roles.sql").read_text(encoding="utf-8")
    granted_ads = set(re.findall(r"GRANT SELECT ON (ads\.\w+) TO AdsMcpReader", ads_grants))
    used_ads = {obj for q in QUERIES["ads"].values() for obj, _ in OBJECT.findall(q)}
    assert used_ads <= granted_ads, used_ads - granted_ads

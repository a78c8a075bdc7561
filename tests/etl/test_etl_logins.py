"""The n8n ETL reads PromptAds and PromptCrm with its own least-privilege logins (sqlserver_ads/190,
sqlserver_crm/180), never with the instance's admin user: the credentials build_config writes, and on real
SQL Server what those logins can and cannot do. The SQL Server tests skip here with the engine's reason."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness import n8n
from harness.engines import odbc
from harness.engines.mssql import MssqlServer
from harness.settings import Settings

ETL_DATABASE = "promptsales_etl"   # the database of tests/etl/conftest.py::etl_db

ADS_NODE = "Ads: fetch page (SQL Server)"
CRM_NODE = "CRM: fetch page (SQL Server)"


def _node_query(name: str, after_version: int) -> str:
    """The node's query exactly as committed, with n8n's watermark expression replaced by its value."""
    workflow = json.loads(n8n.WORKFLOW_FILE.read_text(encoding="utf-8"))
    query = next(n for n in workflow["nodes"] if n["name"] == name)["parameters"]["query"]
    start = query.index("{{")
    end = query.index("}}", start) + 2
    return query[:start] + str(after_version) + query[end:]


@pytest.mark.postgres
@pytest.mark.req("NFR-SEC5", "SAL-3")
def test_build_config_gives_n8n_the_etl_logins_and_keeps_every_password_out_of_the_credentials(
        etl_db: Any, settings: Settings, tmp_path: Any) -> None:
    """With SQL Server sources present the microsoftSql credentials use promptads_etl / promptcrm_etl and an
    $env expression; the ETL passwords reach only n8n's environment, the admin password not even that."""
    admin_password = "Ps-admin-only-" + "x" * 12
    engines = {"postgres": etl_db,
               "mssql_ads": MssqlServer("ads", "mssql-ads", 1433, "sa", admin_password, "url", "mssql-ads,1433",
                                        "/var/opt/mssql/backup"),
               "mssql_crm": MssqlServer("crm", "mssql-crm", 1433, "sa", admin_password, "url", "mssql-crm,1433",
                                        "/var/opt/mssql/backup")}
    config = n8n.build_config(engines, tmp_path, sales_database=ETL_DATABASE)
    mssql = {c["id"]: c["data"] for c in config.credentials if c["type"] == "microsoftSql"}
    assert {k: (v["user"], v["server"], v["database"]) for k, v in mssql.items()} == {
        "psMssqlAds00001": ("promptads_etl", "mssql-ads", "PromptAds"),
        "psMssqlCrm00001": ("promptcrm_etl", "mssql-crm", "PromptCrm")}
    assert mssql["psMssqlAds00001"]["password"] == "={{ $env.PROMPTSALES_N8N_ADS_PASSWORD }}"
    assert mssql["psMssqlCrm00001"]["password"] == "={{ $env.PROMPTSALES_N8N_CRM_PASSWORD }}"
    text = json.dumps(config.credentials)
    for value in (admin_password, settings.ads_etl_password, settings.crm_etl_password):
        assert value not in text
    env = config.environ()
    assert env["PROMPTSALES_N8N_ADS_PASSWORD"] == settings.ads_etl_password
    assert env["PROMPTSALES_N8N_CRM_PASSWORD"] == settings.crm_etl_password
    assert admin_password not in env.values()


@pytest.mark.postgres
@pytest.mark.req("NFR-SEC5", "SAL-4")
def test_build_config_without_sql_server_still_points_the_sources_at_a_closed_port(etl_db: Any, tmp_path: Any) -> None:
    """Absent engines keep their behaviour: the credential names the ETL login, a closed local port, and no
    password reaches n8n's environment."""
    config = n8n.build_config({"postgres": etl_db}, tmp_path, sales_database=ETL_DATABASE)
    mssql = {c["data"]["user"]: c["data"] for c in config.credentials if c["type"] == "microsoftSql"}
    assert set(mssql) == {"promptads_etl", "promptcrm_etl"}
    assert all(d["server"] == n8n.UNREACHABLE_HOST for d in mssql.values())
    env = config.environ()
    assert env["PROMPTSALES_N8N_ADS_PASSWORD"] == "" and env["PROMPTSALES_N8N_CRM_PASSWORD"] == ""
    assert config.available["ads"] is False and config.available["crm"] is False


def _login(engine: Any, user: str, password: str, database: str) -> Any:
    import pyodbc  # noqa: PLC0415

    return pyodbc.connect(odbc.connection_string(engine.host, engine.port, user, password, database),
                          autocommit=True, timeout=15)


def _denied(conn: Any, sql: str) -> None:
    """The statement fails with SQL Server's "The <VERB> permission was denied" (error 229)."""
    import pyodbc  # noqa: PLC0415

    verb = sql.split(maxsplit=1)[0].upper()
    with pytest.raises(pyodbc.Error) as caught:
        conn.execute(sql).fetchall()
    assert f"The {verb} permission was denied" in str(caught.value), str(caught.value)


def _roles(admin: Any, user: str) -> list[str]:
    return [r[0] for r in admin.execute(
        "SELECT r.name FROM sys.database_role_members AS m "
        "INNER JOIN sys.database_principals AS r ON r.principal_id = m.role_principal_id "
        "WHERE m.member_principal_id = DATABASE_PRINCIPAL_ID(?) ORDER BY r.name", user).fetchall()]


@pytest.mark.mssql
@pytest.mark.req("NFR-SEC5", "SAL-3")
def test_promptads_etl_runs_the_workflow_query_and_cannot_read_other_tables_nor_write(
        ads_db: Any, settings: Settings) -> None:
    """promptads_etl (member of AdsEtlReader only) runs the workflow's PromptAds query and gets the same page as
    the admin; it is denied SELECT on ungranted tables and INSERT/UPDATE/DELETE everywhere."""
    admin = ads_db.connect("PromptAds")
    etl = _login(ads_db, "promptads_etl", settings.ads_etl_password, "PromptAds")
    try:
        assert _roles(admin, "promptads_etl") == ["AdsEtlReader"]
        query = _node_query(ADS_NODE, 0)
        page = etl.execute(query).fetchone()
        truth = admin.execute(query).fetchone()
        assert page.row_count > 0 and page.row_count == truth.row_count
        assert page.max_version == truth.max_version
        for table in ("ads.Influencer", "ads.EtlResultTombstone", "ads.CampaignStatusHistory", "ads.Ad",
                      "ads.AiRecommendation"):
            _denied(etl, f"SELECT TOP (1) * FROM {table}")
        _denied(etl, "INSERT INTO ads.Market (MarketCode) SELECT TOP (0) 'ZZ'")
        _denied(etl, "UPDATE ads.Campaign SET Budget = Budget WHERE 1 = 0")
        _denied(etl, "DELETE FROM ads.DailyResult WHERE 1 = 0")
    finally:
        etl.close()
        admin.close()


@pytest.mark.mssql
@pytest.mark.req("NFR-SEC5", "SAL-3")
def test_promptcrm_etl_runs_the_lead_delta_and_cannot_read_any_table_nor_write(
        crm_db: Any, settings: Settings) -> None:
    """promptcrm_etl (member of CrmEtlReader only) runs the workflow's PromptCrm query with the same result as
    the admin; every table, client personal data included, is denied to it, and so is any write."""
    admin = crm_db.connect("PromptCrm")
    etl = _login(crm_db, "promptcrm_etl", settings.crm_etl_password, "PromptCrm")
    try:
        assert _roles(admin, "promptcrm_etl") == ["CrmEtlReader"]
        query = _node_query(CRM_NODE, 0)
        page = etl.execute(query).fetchone()
        truth = admin.execute(query).fetchone()
        assert page.row_count > 0 and page.row_count == truth.row_count
        assert page.rows_json == truth.rows_json
        for table in ("crm.Lead", "crm.Sale", "crm.Client", "crm.vw_ClientPii", "crm.EtlLeadTombstone",
                      "crm.Campaign"):
            _denied(etl, f"SELECT TOP (1) * FROM {table}")
        _denied(etl, "INSERT INTO crm.EtlLeadTombstone (LeadId, DeletedAt) SELECT TOP (0) -1, SYSUTCDATETIME()")
        _denied(etl, "UPDATE crm.Lead SET IsConverted = IsConverted WHERE 1 = 0")
        _denied(etl, "DELETE FROM crm.Sale WHERE 1 = 0")
    finally:
        etl.close()
        admin.close()

"""Fixtures for the n8n ETL tests: n8n installed from n8n/package-lock.json (CI installs it on first use),
its own home and database on the session's PostgreSQL, postgres_sales/ applied into a separate database
(promptsales_etl) because these tests commit, and the workflow imported with credentials for what runs here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from harness import n8n
from harness.folders import folder
from harness.runner import ScriptError, run_folder
from harness.settings import Settings

ETL_DATABASE = "promptsales_etl"


@pytest.fixture(scope="session")
def n8n_installed() -> None:
    """The pinned n8n and Node 24 under n8n/node_modules (installed here when missing, as CI does)."""
    try:
        n8n.ensure_installed(lambda line: print(line, file=sys.stderr, flush=True))
    except (OSError, RuntimeError) as exc:
        pytest.fail(f"n8n could not be installed: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def etl_db(pg_server: Any, settings: Settings) -> Any:
    """postgres_sales/ applied into its own database: the n8n runs commit, the other tests roll back."""
    if pg_server.database_exists(ETL_DATABASE):
        pg_server.drop_database(ETL_DATABASE)
    try:
        run_folder(folder("sales"), {"postgres": pg_server}, settings, database=ETL_DATABASE)
    except ScriptError as exc:
        pytest.fail(f"applying postgres_sales into {ETL_DATABASE} failed: {exc}", pytrace=False)
    return pg_server


@pytest.fixture(scope="session")
def n8n_config(n8n_installed: None, etl_db: Any, redis_server: Any,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[n8n.N8nConfig]:
    """Credentials imported and the workflow imported exactly as committed (SQL Server and MongoDB are not
    provisioned here, so their credentials point at a closed local port)."""
    config = n8n.build_config({"postgres": etl_db, "redis": redis_server}, tmp_path_factory.mktemp("n8n-home"),
                              sales_database=ETL_DATABASE)
    n8n.import_all(config)
    yield config


@pytest.fixture
def etl_conn(etl_db: Any) -> Iterator[Any]:
    """An autocommit connection to promptsales_etl as the superuser (to read and to arrange state)."""
    conn = etl_db.connect(ETL_DATABASE, autocommit=True)
    try:
        yield conn
    finally:
        conn.close()

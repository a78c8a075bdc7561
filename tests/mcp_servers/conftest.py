"""Fixtures of the MCP server tests: dedicated databases (promptsales_mcp with the SAL-5 fill committed through
etl.apply_delta, promptcontent_mcp with the vector index), the servers' least-privilege logins with passwords
generated here, a test OAuth issuer, and the content and sales servers running over streamable HTTP.

The servers are separate processes, so they only see committed data: these databases belong to this folder and
are never shared with the rolled-back tests of the other folders."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from ground_truth import portal_info
from mcp_support import PYTHON, REPO, Issuer, ServerProcess, content_env, oauth_env, sales_env, start_http_server
from psycopg import sql
from summary_data import SEED, apply, filled_connection, generate

from harness.engines.base import free_port
from harness.folders import folder
from harness.runner import ScriptError, run_folder

SALES_DB = "promptsales_mcp"
CONTENT_DB = "promptcontent_mcp"


@dataclass(frozen=True)
class McpDatabases:
    server: Any                 # the PostgreSQL engine (superuser access for ground truth and checks)
    sales_url: str              # promptsales_mcp as promptsales_mcp_sales (the central server's login)
    logger_url: str             # promptsales_mcp as promptsales_mcp_logger (sub-servers' call log)
    content_url: str            # promptcontent_mcp as promptcontent_mcp_reader

    def admin(self, database: str = SALES_DB) -> Any:
        return self.server.connect(database, autocommit=True)


def _role_url(server: Any, role: str, password: str, database: str) -> str:
    return f"postgresql://{role}:{quote(password, safe='')}@{server.host}:{server.port}/{database}"


@pytest.fixture(scope="session")
def summary_fill() -> Any:
    return generate(SEED)


@pytest.fixture(scope="session")
def mcp_databases(pg_server: Any, settings: Any, summary_fill: Any) -> McpDatabases:
    """promptsales_mcp (scripts + committed SAL-5 fill) and promptcontent_mcp (scripts + index of the small
    catalogue), and passwords for the three MCP logins."""
    try:
        run_folder(folder("sales"), {"postgres": pg_server}, settings, database=SALES_DB)
        run_folder(folder("content_vectors"), {"postgres": pg_server}, settings, database=CONTENT_DB)
    except ScriptError as exc:
        pytest.fail(f"applying the MCP test databases failed: {exc}", pytrace=False)
    with pg_server.connect(SALES_DB) as conn:
        if conn.execute("SELECT count(*) FROM summary.campaign_daily").fetchone()[0] == 0:
            apply(conn, summary_fill)
        conn.commit()
    index = subprocess.run([PYTHON, "-m", "promptcontent.index", "--pg-uri", pg_server.uri(CONTENT_DB)],
                           cwd=REPO, env={"PATH": "/usr/bin:/bin", "PROMPTSALES_SCALE": settings.scale,
                                          "PROMPTSALES_AS_OF": settings.as_of.isoformat(),
                                          "PROMPTSALES_SEED": str(settings.seed), "HOME": str(Path.home())},
                           capture_output=True, text=True, check=False)
    if index.returncode != 0:
        pytest.fail(f"building the vector index failed: {index.stderr[-2000:]}", pytrace=False)
    passwords = {role: secrets.token_urlsafe(18) for role in
                 ("promptsales_mcp_sales", "promptsales_mcp_logger", "promptcontent_mcp_reader")}
    with pg_server.connect("postgres", autocommit=True) as conn:
        for role, password in passwords.items():
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
    return McpDatabases(
        server=pg_server,
        sales_url=_role_url(pg_server, "promptsales_mcp_sales", passwords["promptsales_mcp_sales"], SALES_DB),
        logger_url=_role_url(pg_server, "promptsales_mcp_logger", passwords["promptsales_mcp_logger"], SALES_DB),
        content_url=_role_url(pg_server, "promptcontent_mcp_reader", passwords["promptcontent_mcp_reader"],
                              CONTENT_DB),
    )


@pytest.fixture(scope="session")
def mcp_redis(redis_server: Any) -> Iterator[tuple[str, Any]]:
    """The session Redis, database 3 (flushed before and after): its URL and a client."""
    client = redis_server.client(db=3)
    client.flushdb()
    auth = f":{quote(redis_server.password, safe='')}@" if redis_server.password else ""
    yield f"redis://{auth}{redis_server.host}:{redis_server.port}/3", client
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def issuer() -> Iterator[Issuer]:
    server = Issuer()
    server.clients["promptsales-central"] = (secrets.token_urlsafe(16), ["mcp:content", "mcp:ads", "mcp:crm"])
    yield server
    server.close()


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mcp-logs")


@pytest.fixture(scope="session")
def content_http(mcp_databases: McpDatabases, mcp_redis: tuple[str, Any], issuer: Issuer,
                 log_dir: Path) -> Iterator[ServerProcess]:
    """The content server over streamable HTTP with OAuth (scope mcp:content)."""
    server = start_http_server("content", {**content_env(mcp_databases, mcp_redis[0]), **oauth_env(issuer)},
                               free_port(), log_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sales_http(mcp_databases: McpDatabases, mcp_redis: tuple[str, Any], issuer: Issuer, content_http: ServerProcess,
               log_dir: Path) -> Iterator[ServerProcess]:
    """The central server over streamable HTTP with OAuth (scope mcp:sales), calling the content server with a
    client-credentials token; no ads/crm server is configured (their tools must name what is missing)."""
    secret = issuer.clients["promptsales-central"][0]
    env = {**sales_env(mcp_databases, mcp_redis[0]), **oauth_env(issuer),
           "PROMPTSALES_MCP_CONTENT_URL": content_http.url, "PROMPTSALES_OAUTH_TOKEN_URL": issuer.token_url,
           "PROMPTSALES_MCP_CLIENT_ID": "promptsales-central", "PROMPTSALES_MCP_CLIENT_SECRET": secret}
    server = start_http_server("sales", env, free_port(), log_dir)
    yield server
    server.stop()


@pytest.fixture
def sales_token(issuer: Issuer) -> str:
    return issuer.mint(["mcp:sales"])


@pytest.fixture
def content_token(issuer: Issuer) -> str:
    return issuer.mint(["mcp:content"])


# ------------------------------------------------------------------ the SAL-5 fill, per test module
@pytest.fixture(scope="module")
def summary_data() -> Any:
    """The generated fill (same seed, same rows, every run)."""
    return generate(SEED)


@pytest.fixture(scope="module")
def filled_sales_conn(sales_db: Any, summary_data: Any) -> Iterator[Any]:
    """promptsales holding the fill, in a transaction rolled back when the module ends."""
    with filled_connection(sales_db, summary_data) as conn:
        yield conn


@pytest.fixture(scope="module")
def info(filled_sales_conn: Any) -> Any:
    """Codes and names of the portal rows the fill created (for the ground truth)."""
    return portal_info(filled_sales_conn)

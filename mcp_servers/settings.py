"""Configuration of the MCP servers, read from the environment (docs/mcp.md lists every variable)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

DEFAULT_AS_OF = date(2026, 1, 31)

# One OAuth scope per server; CON-5 writes need the extra write scope.
SCOPES = {"content": "mcp:content", "ads": "mcp:ads", "crm": "mcp:crm", "sales": "mcp:sales"}
WRITE_SCOPE = "mcp:content:write"
# Code of each server in portal.mcp_server (seeded by postgres_sales/100_seed_portal.sql).
SERVER_CODES = {"content": "promptcontent-mcp", "ads": "promptads-mcp", "crm": "promptcrm-mcp",
                "sales": "promptsales-mcp"}
NAMESPACES = {name: f"mcp:{name}" for name in SCOPES}


def _env(name: str, env: dict[str, str]) -> str | None:
    value = env.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class OAuthSettings:
    issuer: str
    jwks_url: str
    audience: str | None


@dataclass(frozen=True)
class ServerSettings:
    name: str
    sales_pg_url: str | None = None
    content_pg_url: str | None = None
    content_mongo_url: str | None = None
    ads_mssql_url: str | None = None
    crm_mssql_url: str | None = None
    redis_url: str | None = None
    log_pg_url: str | None = None
    oauth: OAuthSettings | None = None
    sub_servers: dict[str, str] = field(default_factory=dict)
    token_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    tls_ca: str | None = None
    as_of: date = DEFAULT_AS_OF
    statement_timeout_ms: int = 5000
    max_rows: int = 500
    max_bytes: int = 256_000

    @property
    def namespace(self) -> str:
        return NAMESPACES[self.name]

    @property
    def scope(self) -> str:
        return SCOPES[self.name]

    @property
    def server_code(self) -> str:
        return SERVER_CODES[self.name]


def from_environment(name: str, env: dict[str, str] | None = None) -> ServerSettings:
    """Settings of server `name` from PROMPTSALES_* variables (all optional for a local run)."""
    env = dict(os.environ) if env is None else env
    issuer, jwks = _env("PROMPTSALES_OAUTH_ISSUER", env), _env("PROMPTSALES_OAUTH_JWKS_URL", env)
    oauth = OAuthSettings(issuer, jwks, _env("PROMPTSALES_OAUTH_AUDIENCE", env)) if issuer and jwks else None
    subs = {key: url for key in ("content", "ads", "crm")
            if (url := _env(f"PROMPTSALES_MCP_{key.upper()}_URL", env))}
    as_of_text = _env("PROMPTSALES_AS_OF", env)
    sales_pg = _env("PROMPTSALES_MCP_SALES_PG_URL", env)
    return ServerSettings(
        name=name,
        sales_pg_url=sales_pg,
        content_pg_url=_env("PROMPTSALES_MCP_CONTENT_PG_URL", env),
        content_mongo_url=_env("PROMPTSALES_MCP_CONTENT_MONGO_URL", env),
        ads_mssql_url=_env("PROMPTSALES_MCP_ADS_MSSQL_URL", env),
        crm_mssql_url=_env("PROMPTSALES_MCP_CRM_MSSQL_URL", env),
        redis_url=_env("PROMPTSALES_MCP_REDIS_URL", env),
        # The call log lives in PromptSales (portal.log_mcp_call); the sub-servers reach it through their own
        # EXECUTE-only login, the central server through its reader login.
        log_pg_url=_env("PROMPTSALES_MCP_LOG_PG_URL", env) or sales_pg,
        oauth=oauth,
        sub_servers=subs,
        token_url=_env("PROMPTSALES_OAUTH_TOKEN_URL", env),
        client_id=_env("PROMPTSALES_MCP_CLIENT_ID", env),
        client_secret=_env("PROMPTSALES_MCP_CLIENT_SECRET", env),
        tls_ca=_env("PROMPTSALES_TLS_CA", env),
        as_of=date.fromisoformat(as_of_text) if as_of_text else DEFAULT_AS_OF,
        statement_timeout_ms=int(_env("PROMPTSALES_MCP_STATEMENT_TIMEOUT_MS", env) or 5000),
    )

"""Run parameters handed to every script: scale, as-of date, seed and deploy-time secrets.

Nothing here reads the wall clock: the as-of date is explicit so that generated data is reproducible.
Secrets come from the environment; when absent they are generated once per machine into the git-ignored
.promptsales/secrets.json (never into the repository) so a local run works without any configuration.
"""

from __future__ import annotations

import json
import os
import secrets
import string
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Scale = Literal["small", "full"]

DEFAULT_AS_OF = date(2026, 1, 31)
DEFAULT_SEED = 20250701
DEFAULT_ADS_LINK_SERVER = "mssql-ads,1433"
DEFAULT_MSSQL_BACKUP_DIR = "/var/opt/mssql/backup"

# Environment variables that carry secrets. Each maps to the session-context key the T-SQL scripts read.
SECRET_ENV = {
    "ads_link_password": "PROMPTSALES_ADS_LINK_PASSWORD",
    "master_key_password": "PROMPTSALES_MASTER_KEY_PASSWORD",
    "cert_backup_password": "PROMPTSALES_CERT_BACKUP_PASSWORD",
    # Least-privilege SQL logins of the PromptAds / PromptCrm MCP servers (issue 11).
    "ads_mcp_password": "PROMPTSALES_ADS_MCP_PASSWORD",
    "crm_mcp_password": "PROMPTSALES_CRM_MCP_PASSWORD",
    # Least-privilege SQL logins of the n8n ETL on PromptAds / PromptCrm (SAL-3, NFR-SEC5).
    "ads_etl_password": "PROMPTSALES_ADS_ETL_PASSWORD",
    "crm_etl_password": "PROMPTSALES_CRM_ETL_PASSWORD",
    # PostgreSQL / MongoDB logins of the MCP servers started by `up` (not read by any script).
    "mcp_sales_pg_password": "PROMPTSALES_MCP_SALES_PG_PASSWORD",
    "mcp_logger_pg_password": "PROMPTSALES_MCP_LOGGER_PG_PASSWORD",
    "mcp_content_pg_password": "PROMPTSALES_MCP_CONTENT_PG_PASSWORD",
    "mcp_content_mongo_password": "PROMPTSALES_MCP_CONTENT_MONGO_PASSWORD",
    # n8n (SAL-4, harness/n8n.py): its ETL login, its own database's owner, the key that encrypts the
    # credentials it stores, and the editor owner's password.
    "n8n_etl_password": "PROMPTSALES_N8N_ETL_PASSWORD",
    "n8n_db_password": "PROMPTSALES_N8N_DB_PASSWORD",
    "n8n_encryption_key": "PROMPTSALES_N8N_ENCRYPTION_KEY",
    "n8n_owner_password": "PROMPTSALES_N8N_OWNER_PASSWORD",
}



def _strong_password(length: int = 24) -> str:
    """A password that satisfies SQL Server's complexity policy (upper, lower, digit, symbol)."""
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _ in range(length - 4))
    return "Ps" + body + "7!"


def secret(name: str) -> str:
    """Secret `name` from its environment variable; otherwise one generated once per machine and kept in
    the git-ignored state directory (mode 600). Stable values matter: a server reused across runs keeps its
    database master key and certificate backups, which must open with the same passwords next time."""
    env_name = SECRET_ENV[name]
    value = os.environ.get(env_name)
    if value:
        return value
    from harness import STATE_DIR  # noqa: PLC0415 - STATE_DIR may be overridden per process

    path = STATE_DIR / "secrets.json"
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if name not in stored:
        stored[name] = _strong_password()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
        path.write_text(json.dumps(stored, indent=2), encoding="utf-8")
    return str(stored[name])


@dataclass(frozen=True)
class Settings:
    """Parameters of one harness run; identical for every engine so that generated data agrees."""

    scale: Scale = "full"
    as_of: date = DEFAULT_AS_OF
    seed: int = DEFAULT_SEED
    ads_link_server: str = DEFAULT_ADS_LINK_SERVER
    backup_dir: str = DEFAULT_MSSQL_BACKUP_DIR
    ads_link_password: str = field(default_factory=lambda: secret("ads_link_password"), repr=False)
    master_key_password: str = field(default_factory=lambda: secret("master_key_password"), repr=False)
    cert_backup_password: str = field(default_factory=lambda: secret("cert_backup_password"), repr=False)
    ads_mcp_password: str = field(default_factory=lambda: secret("ads_mcp_password"), repr=False)
    crm_mcp_password: str = field(default_factory=lambda: secret("crm_mcp_password"), repr=False)
    ads_etl_password: str = field(default_factory=lambda: secret("ads_etl_password"), repr=False)
    crm_etl_password: str = field(default_factory=lambda: secret("crm_etl_password"), repr=False)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from PROMPTSALES_SCALE / _AS_OF / _SEED, then explicit overrides."""
        values: dict[str, object] = {}
        if os.environ.get("PROMPTSALES_SCALE"):
            values["scale"] = os.environ["PROMPTSALES_SCALE"]
        if os.environ.get("PROMPTSALES_AS_OF"):
            values["as_of"] = date.fromisoformat(os.environ["PROMPTSALES_AS_OF"])
        if os.environ.get("PROMPTSALES_SEED"):
            values["seed"] = int(os.environ["PROMPTSALES_SEED"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.scale not in ("small", "full"):
            raise ValueError(f"scale must be 'small' or 'full', not {settings.scale!r}")
        return settings

    def session_context(self) -> dict[str, str]:
        """Key/value pairs set with sys.sp_set_session_context before each T-SQL script."""
        return {
            "promptsales.scale": self.scale,
            "promptsales.as_of": self.as_of.isoformat(),
            "promptsales.seed": str(self.seed),
            "promptsales.ads_link_server": self.ads_link_server,
            "promptsales.backup_dir": self.backup_dir,
            "promptsales.ads_link_password": self.ads_link_password,
            "promptsales.master_key_password": self.master_key_password,
            "promptsales.cert_backup_password": self.cert_backup_password,
            "promptsales.ads_mcp_password": self.ads_mcp_password,
            "promptsales.crm_mcp_password": self.crm_mcp_password,
            "promptsales.ads_etl_password": self.ads_etl_password,
            "promptsales.crm_etl_password": self.crm_etl_password,
        }

    def pg_options(self) -> str:
        """PGOPTIONS value: custom GUCs the psql scripts read with current_setting(..., true)."""
        return (
            f"-c promptsales.scale={self.scale} "
            f"-c promptsales.as_of={self.as_of.isoformat()} "
            f"-c promptsales.seed={self.seed}"
        )

    def environ(self) -> dict[str, str]:
        """Environment variables for the MongoDB Python scripts and child processes."""
        return {
            "PROMPTSALES_SCALE": self.scale,
            "PROMPTSALES_AS_OF": self.as_of.isoformat(),
            "PROMPTSALES_SEED": str(self.seed),
        }

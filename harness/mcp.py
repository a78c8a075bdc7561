"""The MCP servers under the harness: `up` starts those that can run here over streamable HTTP on free loopback
ports, `mcp <name>` runs one over stdio (what Claude Desktop launches), `down` stops what `up` started.

Each server gets the environment INTERFACES.md describes, built from the engines `up` recorded: least-privilege
logins whose passwords are the harness's generated secrets (set here with ALTER ROLE / createUser, never stored
in the repository). Locally the HTTP servers listen on 127.0.0.1 only; without PROMPTSALES_OAUTH_ISSUER /
PROMPTSALES_OAUTH_JWKS_URL they run with --insecure-no-auth (local development), with them they require tokens.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from harness import REPO_ROOT, STATE_DIR
from harness.engines.base import free_port
from harness.settings import secret

MCP_STATE = STATE_DIR / "mcp.json"
LOG_DIR = STATE_DIR / "mcp"
ORDER = ("content", "ads", "crm", "sales")   # the central server last: it needs the others' URLs


def _pg_url(pg: Any, role: str, password: str, database: str) -> str:
    return f"postgresql://{role}:{quote(password, safe='')}@{pg.host}:{pg.port}/{database}"


def _set_pg_passwords(pg: Any) -> None:
    from psycopg import sql  # noqa: PLC0415

    roles = {"promptsales_mcp_sales": "mcp_sales_pg_password", "promptsales_mcp_logger": "mcp_logger_pg_password",
             "promptcontent_mcp_reader": "mcp_content_pg_password"}
    with pg.connect("postgres", autocommit=True) as conn:
        for role, name in roles.items():
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role),
                                                                         sql.Literal(secret(name))))


def _mongo_writer_url(mongo: Any) -> str | None:
    """A user holding only promptcontentMcpWriter (mongo_content/170), created or re-keyed here."""
    from urllib.parse import urlsplit, urlunsplit  # noqa: PLC0415

    password = secret("mcp_content_mongo_password")
    with mongo.client() as client:
        db = client["promptcontent"]
        if not db.command("rolesInfo", "promptcontentMcpWriter")["roles"]:
            return None
        command = "updateUser" if db.command("usersInfo", "promptcontent_mcp")["users"] else "createUser"
        db.command(command, "promptcontent_mcp", pwd=password,
                   roles=[{"role": "promptcontentMcpWriter", "db": "promptcontent"}])
    parts = urlsplit(mongo.url)
    host = parts.netloc.rsplit("@", 1)[-1]
    query = "&".join(p for p in (parts.query, "authSource=promptcontent") if p)
    return urlunsplit((parts.scheme, f"promptcontent_mcp:{quote(password, safe='')}@{host}", "/promptcontent",
                       query, ""))


def environments(engines: dict[str, Any], settings: Any) -> dict[str, dict[str, str]]:
    """The environment of every server that can run with these engines (a server is left out when its
    database is missing)."""
    pg, redis = engines.get("postgres"), engines.get("redis")
    common: dict[str, str] = {"PROMPTSALES_AS_OF": settings.as_of.isoformat(), "PROMPTSALES_SCALE": settings.scale}
    if redis is not None:
        auth = f":{quote(redis.password, safe='')}@" if redis.password else ""
        common["PROMPTSALES_MCP_REDIS_URL"] = f"redis://{auth}{redis.host}:{redis.port}/0"
    envs: dict[str, dict[str, str]] = {}
    if pg is None or not pg.database_exists("promptsales"):
        return envs
    _set_pg_passwords(pg)
    logger = _pg_url(pg, "promptsales_mcp_logger", secret("mcp_logger_pg_password"), "promptsales")
    envs["sales"] = {**common, "PROMPTSALES_MCP_SALES_PG_URL": _pg_url(
        pg, "promptsales_mcp_sales", secret("mcp_sales_pg_password"), "promptsales")}
    if pg.database_exists("promptcontent"):
        envs["content"] = {**common, "PROMPTSALES_MCP_LOG_PG_URL": logger,
                           "PROMPTSALES_MCP_CONTENT_PG_URL": _pg_url(
                               pg, "promptcontent_mcp_reader", secret("mcp_content_pg_password"), "promptcontent")}
        if engines.get("mongo") is not None and (mongo_url := _mongo_writer_url(engines["mongo"])):
            envs["content"]["PROMPTSALES_MCP_CONTENT_MONGO_URL"] = mongo_url
    for key, database in (("ads", "PromptAds"), ("crm", "PromptCrm")):
        engine = engines.get(f"mssql_{key}")
        if engine is not None:
            password = quote(secret(f"{key}_mcp_password"), safe="")
            url = f"mssql://prompt{key}_mcp:{password}@{engine.host}:{engine.port}/{database}"
            envs[key] = {**common, "PROMPTSALES_MCP_LOG_PG_URL": logger,
                         f"PROMPTSALES_MCP_{key.upper()}_MSSQL_URL": url}
    return envs


def _oauth_args() -> list[str]:
    return [] if os.environ.get("PROMPTSALES_OAUTH_ISSUER") and os.environ.get("PROMPTSALES_OAUTH_JWKS_URL") \
        else ["--insecure-no-auth"]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 180) -> bool:
    import urllib.request  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)  # poll interval; readiness is the HTTP answer
    return False


def start_servers(engines: dict[str, Any], settings: Any) -> list[dict[str, str]]:
    """Start every server that can run here; returns one summary row per server."""
    stop_servers()
    envs = environments(engines, settings)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    recorded: dict[str, Any] = {}
    rows = []
    for name in ORDER:
        if name not in envs:
            why = {"ads": "SQL Server (PromptAds) unavailable", "crm": "SQL Server (PromptCrm) unavailable"}.get(
                name, "its database was not created")
            rows.append({"server": name, "url": "-", "state": f"not started: {why}", "log": "-"})
            continue
        env = dict(envs[name])
        if name == "sales":
            env.update({f"PROMPTSALES_MCP_{k.upper()}_URL": v["url"] for k, v in recorded.items()})
        port = free_port()
        log_path = LOG_DIR / f"{name}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "mcp_servers", name, "--transport", "http", "--port", str(port), *_oauth_args()],
            cwd=REPO_ROOT, env={**os.environ, **env}, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=log_path.open("a"), start_new_session=True)
        url = f"http://127.0.0.1:{port}/mcp"
        ok = _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
        if ok:
            recorded[name] = {"pid": proc.pid, "port": port, "url": url, "log": str(log_path)}
            MCP_STATE.write_text(json.dumps(recorded, indent=2), encoding="utf-8")
            os.chmod(MCP_STATE, 0o600)
        auth = "OAuth" if not _oauth_args() else "no auth (loopback, local)"
        rows.append({"server": name, "url": url if ok else "-",
                     "state": f"up, {auth}" if ok else f"failed (see {log_path})", "log": str(log_path)})
    return rows


def _is_our_server(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"mcp_servers" in cmdline


def stop_servers() -> list[str]:
    """Stop the servers `up` recorded (by their process id, after checking it is still one of them)."""
    if not MCP_STATE.exists():
        return []
    stopped = []
    for name, entry in json.loads(MCP_STATE.read_text(encoding="utf-8")).items():
        pid = int(entry["pid"])
        if _is_our_server(pid):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while _is_our_server(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            stopped.append(f"mcp-{name}")
    MCP_STATE.unlink(missing_ok=True)
    return stopped


def stdio_command(name: str, engines: dict[str, Any], settings: Any) -> tuple[list[str], dict[str, str]]:
    """argv and environment of `python -m mcp_servers <name> --transport stdio` on the recorded engines."""
    envs = environments(engines, settings)
    if name not in envs:
        raise RuntimeError(f"the {name} MCP server cannot run: its database is not available "
                           "(run ./promptsales up first)")
    env = {**os.environ, **envs[name]}
    if name == "sales" and MCP_STATE.exists():
        for key, entry in json.loads(MCP_STATE.read_text(encoding="utf-8")).items():
            if key != "sales":
                env[f"PROMPTSALES_MCP_{key.upper()}_URL"] = entry["url"]
    return [sys.executable, "-m", "mcp_servers", name, "--transport", "stdio"], env


def recorded_servers() -> list[dict[str, str]]:
    """The servers `up` recorded and whether their process still runs (for `status`)."""
    if not MCP_STATE.exists():
        return []
    return [{"server": name, "url": entry["url"], "state": "up" if _is_our_server(int(entry["pid"])) else "down"}
            for name, entry in json.loads(MCP_STATE.read_text(encoding="utf-8")).items()]

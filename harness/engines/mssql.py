"""SQL Server provider: three instances (ads, crm, restore) from URLs or Docker containers.

With Docker the three share a user-defined network, so the CRM instance's linked server reaches the Ads
instance by its alias `mssql-ads` (the same name the Kubernetes Service has), and the crm and restore
instances share one backup directory, so a backup written by one is restored on the other (CRM-6).
SQL Server cannot be installed locally on Linux without its packages, so there is no local provider.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from harness.engines import odbc
from harness.engines.base import (
    IMAGES,
    Engine,
    EngineUnavailable,
    Where,
    docker_image_status,
    resolve,
    wait_until_ready,
)
from harness.settings import DEFAULT_MSSQL_BACKUP_DIR, _strong_password

Role = Literal["ads", "crm", "restore"]
ROLES: tuple[Role, ...] = ("ads", "crm", "restore")
ALIASES = {"ads": "mssql-ads", "crm": "mssql-crm", "restore": "mssql-restore"}


def url_env(role: Role) -> str:
    return f"PROMPTSALES_MSSQL_{role.upper()}_URL"


class MssqlServer(Engine):
    """One SQL Server 2022 instance reached through pyodbc."""

    def __init__(self, role: Role, host: str, port: int, user: str, password: str, where: Where,
                 peer_address: str, backup_dir: str, on_stop: Any = None) -> None:
        self.role, self.name = role, f"mssql_{role}"
        self.host, self.port, self.user, self.password, self.where = host, port, user, password, where
        self.peer_address = peer_address  # "host,port" as other SQL Server instances see this one
        self.backup_dir = backup_dir      # directory as this server sees it
        self._on_stop = on_stop
        self.version = ""

    def connection_string(self, database: str = "master") -> str:
        return odbc.connection_string(self.host, self.port, self.user, self.password, database)

    def connect(self, database: str = "master", autocommit: bool = True, timeout: int = 15) -> Any:
        import pyodbc  # noqa: PLC0415

        return pyodbc.connect(self.connection_string(database), autocommit=autocommit, timeout=timeout)

    def probe(self) -> None:
        with self.connect(timeout=3) as conn:
            row = conn.execute("SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(64)), "
                               "CAST(SERVERPROPERTY('Edition') AS nvarchar(128))").fetchone()
            self.version = f"{row[0]} {row[1]}"

    def describe(self) -> str:
        return f"SQL Server {self.version} ({self.role}) at {self.host}:{self.port}"

    def stop(self) -> None:
        if self._on_stop is not None:
            self._on_stop()
            self._on_stop = None


def from_url(role: Role, url: str) -> MssqlServer:
    parts = urlsplit(url)
    host, port = parts.hostname or "localhost", parts.port or 1433
    peer = os.environ.get(f"PROMPTSALES_MSSQL_{role.upper()}_PEER", f"{host},{port}")
    backup_dir = os.environ.get("PROMPTSALES_MSSQL_BACKUP_DIR", DEFAULT_MSSQL_BACKUP_DIR)
    server = MssqlServer(role, host, port, unquote(parts.username or "sa"), unquote(parts.password or ""),
                         "url", peer, backup_dir)
    wait_until_ready(server.probe, f"SQL Server at {url_env(role)}", timeout=60)
    return server


class _DockerCluster:
    """The network and backup directory the three SQL Server containers share."""

    def __init__(self) -> None:
        from testcontainers.core.network import Network  # noqa: PLC0415

        self.network = Network().create()
        self.backup_host_dir = tempfile.mkdtemp(prefix="promptsales-mssql-backup-")
        os.chmod(self.backup_host_dir, 0o777)  # the container's mssql user (uid 10001) writes here

    def start(self, role: Role) -> MssqlServer:
        from testcontainers.core.container import DockerContainer  # noqa: PLC0415

        password = _strong_password()
        container = (DockerContainer(IMAGES["mssql"])
                     .with_env("ACCEPT_EULA", "Y")
                     .with_env("MSSQL_SA_PASSWORD", password)
                     .with_env("MSSQL_PID", "Developer")
                     .with_env("MSSQL_AGENT_ENABLED", "true")
                     .with_env("MSSQL_MEMORY_LIMIT_MB", "2048")
                     .with_exposed_ports(1433)
                     .with_network(self.network)
                     .with_network_aliases(ALIASES[role])
                     .with_volume_mapping(self.backup_host_dir, DEFAULT_MSSQL_BACKUP_DIR, "rw"))
        container.start()
        server = MssqlServer(role, container.get_container_host_ip(), int(container.get_exposed_port(1433)), "sa",
                             password, "docker", f"{ALIASES[role]},1433", DEFAULT_MSSQL_BACKUP_DIR,
                             on_stop=container.stop)
        server.container_id = container.get_wrapped_container().id  # type: ignore[attr-defined]
        server.network_id = self.network.id  # type: ignore[attr-defined]  # removed by `down` after the containers
        wait_until_ready(server.probe, f"SQL Server container ({role})", timeout=240)
        return server


_cluster: _DockerCluster | None = None


def from_docker(role: Role) -> MssqlServer:
    global _cluster
    ok, reason = docker_image_status(IMAGES["mssql"])
    if not ok:
        raise EngineUnavailable(reason)
    if _cluster is None:
        _cluster = _DockerCluster()
    return _cluster.start(role)


def provide(role: Role) -> MssqlServer:
    """URL → Docker; SQL Server has no local provider."""
    return resolve(url_env(role), lambda url: from_url(role, url), [("docker", lambda: from_docker(role))],
                   "SQL Server cannot be installed on this machine")

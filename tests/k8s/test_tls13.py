"""NFR-SEC2 proved where the engines really run: with PROMPTSALES_TLS=1 the harness starts PostgreSQL and
Redis accepting TLS 1.3 only (the same settings the Kubernetes manifests use); a client limited to TLS 1.2
is refused, a plain-text client is refused, and a TLS 1.3 client gets through and verifies the server."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis as redis_lib

from harness.engines import postgres, redis

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(scope="module")
def tls_pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    server = postgres.from_local(tmp_path_factory.mktemp("pgtls") / "pg", tls=True)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    server = redis.from_local(tmp_path_factory.mktemp("redistls") / "redis", tls=True)
    yield server
    server.stop()


def _pg_dsn(server: Any, **extra: str) -> str:
    params = {"host": server.host, "port": str(server.port), "user": server.user, "password": server.password,
              "dbname": "postgres", "connect_timeout": "5", **extra}
    return " ".join(f"{k}='{v}'" for k, v in params.items())


@pytest.mark.req("NFR-SEC2")
def test_postgres_tls13_client_connects_and_verifies_the_server_certificate(tls_pg: Any) -> None:
    """A verify-full client negotiates TLS 1.3 (pg_stat_ssl says so) and the server enforces the minimum."""
    with psycopg.connect(_pg_dsn(tls_pg, sslmode="verify-full", sslrootcert=tls_pg.tls_ca,
                                 ssl_min_protocol_version="TLSv1.3")) as conn:
        version, = conn.execute("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        minimum, = conn.execute("SHOW ssl_min_protocol_version").fetchone()
    assert version == "TLSv1.3"
    assert minimum == "TLSv1.3"


@pytest.mark.req("NFR-SEC2")
def test_postgres_refuses_a_client_limited_to_tls12(tls_pg: Any) -> None:
    """libpq with ssl_max_protocol_version=TLSv1.2 fails the handshake: no session is opened."""
    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(_pg_dsn(tls_pg, sslmode="require", ssl_max_protocol_version="TLSv1.2"))
    assert "protocol version" in str(refused.value).lower() or "alert" in str(refused.value).lower()


@pytest.mark.req("NFR-SEC2")
def test_postgres_refuses_a_plain_text_client(tls_pg: Any) -> None:
    """sslmode=disable reaches pg_hba, which has only hostssl lines: the login is rejected."""
    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(_pg_dsn(tls_pg, sslmode="disable"))
    assert "no encryption" in str(refused.value) or "pg_hba.conf" in str(refused.value)


@pytest.mark.req("NFR-SEC2", "OPS-1")
def test_psql_scripts_of_the_harness_run_over_tls(tls_pg: Any) -> None:
    """The harness's psql child process (how every numbered script runs) connects over TLS 1.3."""
    out = subprocess.run([postgres.psql_binary(tls=True), "-X", "-A", "-t", "-d", "postgres", "-c",
                          "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"],
                         env=tls_pg.psql_env(), capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "t|TLSv1.3"


def _tls_handshake(host: str, port: int, ca: str, maximum: ssl.TLSVersion) -> str:
    context = ssl.create_default_context(cafile=ca)
    context.maximum_version = maximum
    with socket.create_connection((host, port), timeout=5) as raw, \
            context.wrap_socket(raw, server_hostname="localhost") as tls:
        return str(tls.version())


@pytest.mark.req("NFR-SEC2")
def test_redis_tls13_client_connects_and_runs_commands(tls_redis: Any) -> None:
    """redis-py over rediss:// with the harness CA answers PING; the server reports tls-protocols TLSv1.3."""
    client = tls_redis.client()
    assert client.ping() is True
    assert client.config_get("tls-protocols") == {"tls-protocols": "TLSv1.3"}
    assert client.config_get("port") == {"port": "0"}
    assert _tls_handshake(tls_redis.host, tls_redis.port, tls_redis.tls_ca, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"
    assert tls_redis.url.startswith("rediss://")


@pytest.mark.req("NFR-SEC2")
def test_redis_refuses_a_client_limited_to_tls12(tls_redis: Any) -> None:
    """A TLS 1.2-only handshake gets a protocol-version alert from redis-server."""
    with pytest.raises(ssl.SSLError) as refused:
        _tls_handshake(tls_redis.host, tls_redis.port, tls_redis.tls_ca, ssl.TLSVersion.TLSv1_2)
    assert "version" in str(refused.value).lower()


@pytest.mark.req("NFR-SEC2")
def test_redis_refuses_a_plain_text_client(tls_redis: Any) -> None:
    """A plain-text RESP client cannot talk to the TLS port (the plain port is closed with --port 0)."""
    plain = redis_lib.Redis(host=tls_redis.host, port=tls_redis.port, password=tls_redis.password,
                            socket_timeout=3, socket_connect_timeout=3)
    with pytest.raises(redis_lib.exceptions.ConnectionError):
        plain.ping()


@pytest.mark.req("NFR-SEC2")
def test_tls_is_off_unless_asked(tmp_path: Path) -> None:
    """Without PROMPTSALES_TLS the local Redis keeps its plain-text port (the default development mode)."""
    if os.environ.get("PROMPTSALES_TLS"):
        pytest.skip("PROMPTSALES_TLS is set in this environment")
    server = redis.from_local(tmp_path / "plain")
    try:
        assert server.tls_ca is None and server.url.startswith("redis://")
        assert server.client().ping() is True
    finally:
        server.stop()

"""Redis failover for the MCP cache (NFR-F3, RED-1): with a redis+sentinel:// URL the cache client asks a real
Sentinel for the master, and after SENTINEL FAILOVER promotes the replica its writes land on the new master.
Master, replica and Sentinel are local redis-server processes on free loopback ports with configuration files in a
temporary directory (plain TCP and TLS 1.3); readiness and failover are polled, with deadlines."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import httpx2
import pytest
import redis
from mcp_support import http_client, oauth_env, payload, sales_env, start_http_server, stop_process

from harness.engines.base import free_port
from mcp_servers.cache import ToolCache, entry_key, version_key
from mcp_servers.redis_client import parse_sentinel_url, redis_client

MASTER_NAME = "promptsales"
PASSWORD = "p@ss:word/with%chars"  # throwaway password of the processes this module starts and stops


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 30) -> Any:
    """Poll `condition` until it returns a truthy value; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = condition()
            if last:
                return last
        except redis.RedisError as exc:
            last = exc
        time.sleep(0.05)  # poll interval; the condition is the servers' own answer
    pytest.fail(f"timed out after {timeout} s waiting for {what} (last: {last!r})")


@dataclass
class Node:
    port: int
    proc: subprocess.Popen
    tls: dict[str, Any]

    def client(self, **kwargs: Any) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, password=PASSWORD, decode_responses=True,
                           socket_timeout=5, **self.tls, **kwargs)

    def stop(self) -> None:
        stop_process(self.proc)


@dataclass
class Topology:
    master: Node
    replica: Node
    sentinel: Node
    url: str          # redis(s)+sentinel:// URL of the MCP cache


def _server_tls(tmp: Path) -> tuple[list[str], dict[str, Any], str]:
    from harness.tls import local_server_cert  # noqa: PLC0415 - only the TLS variant needs a certificate

    issued = local_server_cert(tmp / "tls", "redis-failover")
    lines = [f"tls-cert-file {issued.cert}", f"tls-key-file {issued.key}", f"tls-ca-cert-file {issued.ca}",
             'tls-protocols "TLSv1.3"', "tls-auth-clients no", "tls-replication yes"]
    return lines, {"ssl": True, "ssl_ca_certs": str(issued.ca), "ssl_cert_reqs": "required"}, str(issued.ca)


def _start(binary: str, conf: Path, lines: list[str], port: int, tls: dict[str, Any], log: Path,
           *extra: str) -> Node:
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen([binary, str(conf), *extra], stdout=log.open("w"), stderr=subprocess.STDOUT)
    node = Node(port, proc, tls)
    wait_for(lambda: proc.poll() is None and node.client().ping(), f"redis on port {port} ({log})")
    return node


@pytest.fixture(params=["plain", "tls"])
def topology(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Topology]:
    """A master, its replica (link up) and one Sentinel monitoring them with quorum 1, like the cluster's
    (password on every process, TLS 1.3 everywhere in the TLS variant)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (./promptsales installs it with apt-get)")
    tls_lines, tls_client, ca = _server_tls(tmp_path) if request.param == "tls" else ([], {}, "")
    nodes: list[Node] = []

    def listen(port: int) -> list[str]:
        return [f"port 0\ntls-port {port}", *tls_lines] if tls_client else [f"port {port}"]

    try:
        ports = [free_port() for _ in range(3)]
        common = ["bind 127.0.0.1", "save \"\"", "appendonly no", f'requirepass "{PASSWORD}"',
                  f'masterauth "{PASSWORD}"']
        for role, port in zip(("master", "replica"), ports[:2], strict=True):
            data = tmp_path / role
            data.mkdir()
            lines = [*listen(port), *common, f"dir {data}"]
            if role == "replica":
                lines.append(f"replicaof 127.0.0.1 {ports[0]}")
            nodes.append(_start(binary, tmp_path / f"{role}.conf", lines, port, tls_client,
                                tmp_path / f"{role}.log"))
        master, replica = nodes
        wait_for(lambda: replica.client().info("replication").get("master_link_status") == "up",
                 "the replica's link to the master")
        sentinel_lines = [*listen(ports[2]), "bind 127.0.0.1", f"dir {tmp_path}", f'requirepass "{PASSWORD}"',
                          f"sentinel monitor {MASTER_NAME} 127.0.0.1 {ports[0]} 1",
                          f'sentinel auth-pass {MASTER_NAME} "{PASSWORD}"',
                          f"sentinel down-after-milliseconds {MASTER_NAME} 2000",
                          f"sentinel failover-timeout {MASTER_NAME} 10000"]
        sentinel = _start(binary, tmp_path / "sentinel.conf", sentinel_lines, ports[2], tls_client,
                          tmp_path / "sentinel.log", "--sentinel")
        nodes.append(sentinel)
        wait_for(lambda: any(r["port"] == ports[1] and "s_down" not in r["flags"] and
                             r.get("master-link-status") == "ok"
                             for r in sentinel.client().sentinel_slaves(MASTER_NAME)),
                 "the Sentinel to discover the replica")
        scheme = "rediss+sentinel" if tls_client else "redis+sentinel"
        query = f"?ssl_ca_certs={quote(ca)}&ssl_cert_reqs=required" if tls_client else ""
        url = f"{scheme}://:{quote(PASSWORD, safe='')}@127.0.0.1:{ports[2]}/{MASTER_NAME}/2{query}"
        yield Topology(master, replica, sentinel, url)
    finally:
        for node in reversed(nodes):
            node.stop()


def sentinel_master_port(topo: Topology) -> int:
    _host, port = topo.sentinel.client().sentinel_get_master_addr_by_name(MASTER_NAME)
    return int(port)


@pytest.mark.redis
@pytest.mark.req("NFR-F3", "RED-1")
def test_the_cache_writes_to_the_new_master_after_a_sentinel_failover(topology: Topology):
    """The cache resolves the master through Sentinel and writes there; after SENTINEL FAILOVER promotes the
    replica, a cache write succeeds (a replica would refuse it) and the entry is on the new master."""
    topo = topology
    cache = ToolCache(topo.url, "mcp:sales", timeout=2)
    try:
        assert cache.status() == "ok"
        assert cache._client.connection_pool.get_master_address() == ("127.0.0.1", topo.master.port)
        value, outcome = cache.get_or_compute("getMetric", {"metric": "sales"}, 300, lambda: {"rows": [1]})
        assert outcome.status == "miss", outcome
        assert topo.master.client(db=2).get(outcome.key) is not None
        assert cache.get_or_compute("getMetric", {"metric": "sales"}, 300, lambda: {"rows": [2]})[0] == value

        failover(topo)
        with pytest.raises(redis.ReadOnlyError):
            topo.master.client(db=2).set("ps:{mcp:sales}:probe", "x")

        def write_after_failover() -> Any:
            outcome = cache.get_or_compute("getMetric", {"metric": "roi"}, 300, lambda: {"rows": [3]})[1]
            return outcome if outcome.status == "miss" else None
        outcome = wait_for(write_after_failover, "a cache write that is not degraded after the failover")
        assert cache._client.connection_pool.get_master_address() == ("127.0.0.1", topo.replica.port)
        new_master = topo.replica.client(db=2)
        assert new_master.get(outcome.key) is not None
        assert new_master.ttl(outcome.key) > 0
        version = cache.invalidate()
        assert int(new_master.get(version_key("mcp:sales"))) == version
        assert outcome.key == entry_key("mcp:sales", version - 1, "getMetric", outcome.key.rsplit(":", 1)[1])
    finally:
        cache.close()


def failover(topo: Topology) -> None:
    """SENTINEL FAILOVER, then poll until Sentinel names the replica and the two servers swapped roles."""
    accepted = wait_for(lambda: topo.sentinel.client().execute_command("SENTINEL", "FAILOVER", MASTER_NAME),
                        "Sentinel to accept the failover")
    assert accepted in (True, "OK")
    wait_for(lambda: sentinel_master_port(topo) == topo.replica.port, "Sentinel to report the new master")
    wait_for(lambda: topo.replica.client().info("replication")["role"] == "master", "the replica to be promoted")
    wait_for(lambda: topo.master.client().info("replication")["role"] == "slave",
             "the old master to be reconfigured as a replica")


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.req("NFR-F3", "RED-1", "SAL-5")
@pytest.mark.parametrize("topology", ["plain"], indirect=True)
def test_a_real_mcp_server_caches_through_sentinel_and_follows_the_failover(topology: Topology, mcp_databases,
                                                                            issuer, log_dir):
    """The central server started with a redis+sentinel:// URL is ready, caches a call on the master, and after
    the failover caches the next call on the new master (polled: the first call may still be degraded)."""
    topo = topology
    server = start_http_server("sales", {**sales_env(mcp_databases, topo.url), **oauth_env(issuer)}, free_port(),
                               log_dir)
    token = issuer.mint(["mcp:sales"])

    def call(group_by: str) -> dict:
        async def main() -> dict:
            async with http_client(server.url, token) as client:
                return payload(await client.call_tool("getMetric", {"metric": "sales", "group_by": group_by}))
        return anyio.run(main)

    try:
        ready = httpx2.get(f"{server.base}/readyz", timeout=10).json()
        assert ready["checks"]["cache"] == "ok", ready
        first = call("year")
        assert first["cache"]["status"] == "miss", first["cache"]
        assert topo.master.client(db=2).exists(first["cache"]["key"]) == 1
        failover(topo)
        def cached_on_new_master() -> dict | None:
            answer = call("quarter")
            return answer if answer["cache"]["status"] == "miss" else None
        after = wait_for(cached_on_new_master, "the server to cache a call on the new master", timeout=60)
        assert topo.replica.client(db=2).exists(after["cache"]["key"]) == 1
        assert topo.replica.client().info("replication")["role"] == "master"
        assert call("quarter")["cache"]["status"] == "hit"
    finally:
        server.stop()


@pytest.mark.req("NFR-F3", "RED-1")
@pytest.mark.parametrize(("url", "message"), [
    ("redis+sentinel://127.0.0.1:26379", "path must be /<master name>"),
    ("redis+sentinel://127.0.0.1:26379/promptsales/0/extra", "path must be /<master name>"),
    ("redis+sentinel://127.0.0.1:26379/bad name", "invalid master name"),
    ("redis+sentinel://127.0.0.1:26379/promptsales/99", "invalid database"),
    ("redis+sentinel://127.0.0.1:99999/promptsales", "invalid Sentinel port"),
    ("redis+sentinel://:secret@/promptsales", "invalid Sentinel host"),
    ("redis+sentinel://h1:26379,;rm -rf:26379/promptsales", "invalid Sentinel host"),
    ("redis+sentinel://h1/promptsales?ssl_ca_certs=/ca.crt", "need the rediss+sentinel:// scheme"),
    ("rediss+sentinel://h1/promptsales?ssl_cert_reqs=maybe", "ssl_cert_reqs must be one of"),
    ("rediss+sentinel://h1/promptsales?socket_timeout=0", "unknown Sentinel URL option(s): socket_timeout"),
    ("rediss+sentinel://h1/promptsales?ssl_ca_certs=a&ssl_ca_certs=b", "may appear once"),
])
def test_malformed_sentinel_urls_are_refused_with_a_clear_message(url: str, message: str):
    """Every malformed Sentinel URL raises ValueError naming the problem, and never echoes the password."""
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        redis_client(url, timeout=0.5)
    assert "secret" not in str(info.value)


@pytest.mark.req("NFR-F3")
def test_a_sentinel_url_lists_several_sentinels_and_decodes_the_password():
    """Three Sentinels (default port when omitted), the master name, the database, TLS options and a
    percent-encoded password come out as redis-py needs them."""
    cfg = parse_sentinel_url("rediss+sentinel://:p%40ss@redis-sentinel-0.redis-sentinel:26379,"
                             "redis-sentinel-1.redis-sentinel,[::1]:26380/promptsales/3"
                             "?ssl_ca_certs=/etc/promptsales/tls/ca.crt&ssl_cert_reqs=required")
    assert cfg.sentinels == [("redis-sentinel-0.redis-sentinel", 26379), ("redis-sentinel-1.redis-sentinel", 26379),
                             ("::1", 26380)]
    assert (cfg.master, cfg.db, cfg.password, cfg.sentinel_password) == ("promptsales", 3, "p@ss", "p@ss")
    assert cfg.tls["ssl"] is True and cfg.tls["ssl_ca_certs"] == "/etc/promptsales/tls/ca.crt"
    assert parse_sentinel_url("redis+sentinel://s:26379/promptsales").tls == {}

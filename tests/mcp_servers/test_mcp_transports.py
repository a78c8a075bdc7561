"""Transports: stdio (no token; stdout carries only protocol frames, logs go to stderr), HTTP refused without
OAuth settings, TLS 1.3 only, and Redis stopped in the middle of a run (answers keep coming from the database)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import ssl
import subprocess

import anyio
import httpx2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from mcp_support import (
    PYTHON,
    REPO,
    content_env,
    http_client,
    oauth_env,
    payload,
    sales_env,
    start_http_server,
    stdio_client,
)

from harness.engines import redis as redis_engine
from harness.engines.base import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.mark.req("SAL-5", "CON-4", "OPS-3")
def test_stdio_serves_the_same_answers_without_a_token(mcp_databases, mcp_redis, sales_http, sales_token):
    """Over stdio (what Claude Desktop launches) the central and content servers answer like over HTTP."""
    async def main():
        async with stdio_client("sales", sales_env(mcp_databases, mcp_redis[0])) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            via_stdio = payload(await client.call_tool("getMetric", {"metric": "sales", "group_by": "year"}))
        async with http_client(sales_http.url, sales_token) as client:
            via_http = payload(await client.call_tool("getMetric", {"metric": "sales", "group_by": "year"}))
        async with stdio_client("content", content_env(mcp_databases, None)) as client:
            images = payload(await client.call_tool("getContent", {"text": "surfer riding a wave", "limit": 2}))
        return tools, via_stdio, via_http, images
    tools, via_stdio, via_http, images = anyio.run(main)
    assert "ask" in tools and "getMetric" in tools
    assert via_stdio["data"]["rows"] == via_http["data"]["rows"]
    assert len(images["data"]["rows"]) == 2
    assert images["cache"]["status"] == "disabled"


@pytest.mark.req("OPS-3")
def test_stdio_stdout_carries_only_protocol_frames_and_logs_go_to_stderr(mcp_databases):
    """Every stdout line of a stdio session is a JSON-RPC message; the call log line is on stderr."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
         "params": {"name": "getCampaignSummary", "arguments": {"campaign": "CMP-000001"}}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
         "params": {"name": "getMetric", "arguments": {"metric": "nonsense"}}},
    ]
    env = {**os.environ, **sales_env(mcp_databases, None), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([PYTHON, "-m", "mcp_servers", "sales", "--transport", "stdio"], cwd=REPO, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answers = []
    for message in messages:
        proc.stdin.write(json.dumps(message) + "\n")
        proc.stdin.flush()
        if "id" in message:
            answers.append(json.loads(proc.stdout.readline()))
    rest, stderr = proc.communicate(input="", timeout=30)   # EOF on stdin ends the session
    assert [a["id"] for a in answers] == [1, 2, 3]
    assert all(a["jsonrpc"] == "2.0" for a in answers)
    assert answers[1]["result"]["structuredContent"]["data"]["rows"][0]["campaign_code"] == "CMP-000001"
    assert answers[2]["result"]["isError"] is True
    for line in rest.splitlines():
        assert json.loads(line)["jsonrpc"] == "2.0"
    assert "tool=getCampaignSummary" in stderr and "outcome=ok" in stderr


@pytest.mark.req("NFR-SEC1")
def test_http_refuses_to_start_without_oauth_settings():
    """No issuer/JWKS configured and no --insecure-no-auth: the HTTP server does not start (exit 2, reason)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROMPTSALES_OAUTH")}
    proc = subprocess.run([PYTHON, "-m", "mcp_servers", "sales", "--transport", "http", "--port", str(free_port())],
                          cwd=REPO, env={**env, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 2
    assert "PROMPTSALES_OAUTH_ISSUER" in proc.stderr and proc.stdout == ""


def _self_signed(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "server.crt", tmp_path / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.mark.req("NFR-SEC2")
def test_tls_serves_tls_1_3_and_refuses_a_tls_1_2_client(mcp_databases, issuer, log_dir, tmp_path):
    """With --tls-cert/--tls-key the server speaks TLS 1.3; a client capped at TLS 1.2 fails the handshake."""
    cert, key = _self_signed(tmp_path)
    tls13 = ssl.create_default_context(cafile=str(cert))
    server = start_http_server("sales", {**sales_env(mcp_databases, None), **oauth_env(issuer)}, free_port(),
                               log_dir, "--tls-cert", str(cert), "--tls-key", str(key), scheme="https",
                               verify=tls13)
    try:
        tls12 = ssl.create_default_context(cafile=str(cert))
        tls12.maximum_version = ssl.TLSVersion.TLSv1_2
        with pytest.raises(httpx2.ConnectError):
            httpx2.get(f"{server.base}/healthz", verify=tls12, timeout=5)
        import socket  # noqa: PLC0415

        with socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])), timeout=5) as raw, \
                tls13.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            assert tls.version() == "TLSv1.3"

        async def call():
            async with http_client(server.url, issuer.mint(["mcp:sales"]), verify=tls13) as client:
                return payload(await client.call_tool("getMetric", {"metric": "campaigns"}))
        assert anyio.run(call)["data"]["rows"][0]["campaigns"] > 0
    finally:
        server.stop()


@pytest.mark.req("RED-1", "NFR-F1")
def test_stopping_redis_mid_run_degrades_the_cache_but_not_the_answers(mcp_databases, issuer, log_dir):
    """A dedicated Redis is stopped between calls: the server keeps answering from PostgreSQL, says the cache is
    degraded, and /readyz stays 200 (the database is what readiness needs)."""
    redis = redis_engine.from_local()
    url = f"redis://:{redis.password}@127.0.0.1:{redis.port}/0"
    server = start_http_server("sales", {**sales_env(mcp_databases, url), **oauth_env(issuer)}, free_port(), log_dir)
    args = {"metric": "reach", "group_by": "market"}
    try:
        async def before():
            async with http_client(server.url, issuer.mint(["mcp:sales"])) as client:
                return [payload(await client.call_tool("getMetric", args)) for _ in range(2)]
        miss, hit = anyio.run(before)
        assert (miss["cache"]["status"], hit["cache"]["status"]) == ("miss", "hit")
        redis.stop()

        async def after():
            async with http_client(server.url, issuer.mint(["mcp:sales"])) as client:
                return [payload(await client.call_tool("getMetric", args)),
                        payload(await client.call_tool("getCampaignSummary", {"campaign": "CMP-000003"}))]
        degraded, other = anyio.run(after)
        assert degraded["cache"]["status"] == "degraded"
        assert "Redis unavailable" in degraded["cache"]["detail"]
        assert degraded["data"]["rows"] == miss["data"]["rows"]
        assert other["cache"]["status"] == "degraded" and other["data"]["rows"][0]["campaign_code"] == "CMP-000003"
        ready = httpx2.get(f"{server.base}/readyz", timeout=10)
        assert ready.status_code == 200
        assert ready.json()["checks"]["cache"].startswith("degraded")
        assert server.proc.poll() is None
    finally:
        server.stop()
        redis.stop()

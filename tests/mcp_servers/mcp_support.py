"""Test support for the MCP servers: an OAuth issuer (RSA key generated here, JWKS and client-credentials token
endpoint on a local HTTP server), server processes started with `python -m mcp_servers`, and MCP clients
over streamable HTTP (with a bearer token) and stdio."""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx2
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

REPO = Path(__file__).resolve().parents[2]
PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable


def _b64(n: int) -> str:
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Issuer:
    """A minimal OAuth 2.x authorization server for the tests: JWKS + client-credentials tokens (RS256 JWTs)."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self.clients: dict[str, tuple[str, list[str]]] = {}
        self.token_requests = 0
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/jwks.json":
                    self._send(200, issuer.jwks())
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                auth = self.headers.get("Authorization", "")
                client_id = secret = ""
                if auth.startswith("Basic "):
                    client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                known = issuer.clients.get(client_id)
                if self.path != "/token" or form.get("grant_type") != "client_credentials" or not known \
                        or known[0] != secret:
                    self._send(401, {"error": "invalid_client"})
                    return
                wanted = form.get("scope", "").split()
                granted = [s for s in wanted if s in known[1]]
                issuer.token_requests += 1
                self._send(200, {"access_token": issuer.mint(granted, client_id=client_id),
                                 "token_type": "Bearer", "expires_in": 300})

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    @property
    def issuer(self) -> str:
        return self.url

    @property
    def jwks_url(self) -> str:
        return f"{self.url}/jwks.json"

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS256",
                          "n": _b64(numbers.n), "e": _b64(numbers.e)}]}

    def mint(self, scopes: list[str], *, client_id: str = "test-client", expires_in: int = 300,
             issuer: str | None = None, key: Any = None, audience: str | None = "promptsales-mcp") -> str:
        now = int(time.time())
        claims = {"iss": issuer or self.issuer, "sub": client_id, "client_id": client_id, "iat": now,
                  "exp": now + expires_in, "scope": " ".join(scopes)}
        if audience:
            claims["aud"] = audience
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@dataclass
class ServerProcess:
    name: str
    url: str
    base: str
    proc: subprocess.Popen
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        stop_process(self.proc)


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a child process, kill it if it has not ended 15 s later, and reap it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_http_server(name: str, env: dict[str, str], port: int, log_dir: Path, *extra: str,
                      scheme: str = "http", verify: Any = True, timeout: float = 90) -> ServerProcess:
    """Start `python -m mcp_servers <name> --transport http` and poll GET /healthz until it answers."""
    log_path = log_dir / f"{name}-{port}.log"
    full_env = {**os.environ, **env, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([PYTHON, "-m", "mcp_servers", name, "--transport", "http", "--port", str(port), *extra],
                            cwd=REPO, env=full_env, stdout=subprocess.DEVNULL, stderr=log_path.open("w"))
    base = f"{scheme}://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} server exited with {proc.returncode}: {log_path.read_text()[-3000:]}")
        try:
            if httpx2.get(f"{base}/healthz", timeout=1, verify=verify).status_code == 200:
                return ServerProcess(name, f"{base}/mcp", base, proc, log_path, env)
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)  # poll interval of the readiness loop (the condition is the HTTP answer)
    proc.kill()
    raise RuntimeError(f"{name} server did not answer /healthz in {timeout} s: {log_path.read_text()[-3000:]}")


@asynccontextmanager
async def http_client(url: str, token: str | None = None, *, verify: Any = True,
                      **kwargs: Any) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx2.AsyncClient(headers=headers, verify=verify, timeout=httpx2.Timeout(60)) as http, \
            Client(streamable_http_client(url, http_client=http), cache=None, **kwargs) as client:
        yield client


@asynccontextmanager
async def stdio_client(name: str, env: dict[str, str], **kwargs: Any) -> AsyncIterator[Client]:
    params = StdioServerParameters(command=PYTHON, args=["-m", "mcp_servers", name, "--transport", "stdio"],
                                   env={**os.environ, **env, "PYTHONPATH": str(REPO)}, cwd=str(REPO))
    async with Client(params, cache=None, **kwargs) as client:
        yield client


def payload(result: Any) -> dict:
    """The structured answer of a successful tool call."""
    assert not result.is_error, [getattr(c, "text", c) for c in result.content]
    return dict(result.structured_content)


def error_text(result: Any) -> str:
    assert result.is_error, result.structured_content
    return " ".join(getattr(c, "text", "") for c in result.content)


def wait_rows(connect: Any, query: str, params: tuple, count: int, timeout: float = 15) -> list[tuple]:
    """Poll a query until it returns at least `count` rows (the call log is written by a background thread)."""
    deadline = time.monotonic() + timeout
    while True:
        with connect() as conn:
            rows = conn.execute(query, params).fetchall()
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)  # poll interval; the condition is the query's answer


AUDIENCE = "promptsales-mcp"


def oauth_env(issuer: Issuer) -> dict[str, str]:
    return {"PROMPTSALES_OAUTH_ISSUER": issuer.issuer, "PROMPTSALES_OAUTH_JWKS_URL": issuer.jwks_url,
            "PROMPTSALES_OAUTH_AUDIENCE": AUDIENCE}


def content_env(db: Any, redis_url: str | None) -> dict[str, str]:
    env = {"PROMPTSALES_MCP_CONTENT_PG_URL": db.content_url, "PROMPTSALES_MCP_LOG_PG_URL": db.logger_url,
           "PROMPTSALES_SCALE": "small"}
    if redis_url:
        env["PROMPTSALES_MCP_REDIS_URL"] = redis_url
    return env


def sales_env(db: Any, redis_url: str | None) -> dict[str, str]:
    env = {"PROMPTSALES_MCP_SALES_PG_URL": db.sales_url, "PROMPTSALES_AS_OF": "2026-01-31"}
    if redis_url:
        env["PROMPTSALES_MCP_REDIS_URL"] = redis_url
    return env

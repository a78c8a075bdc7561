"""Local stand-in for the Adobe IMS token endpoint and one Firefly call, for tests (CON-3).

It implements the documented contract of ``POST /ims/token/v3`` (form-encoded ``grant_type``,
``client_id``, ``client_secret``, comma-separated ``scope``; parameters may also come in the query string)
answering ``{"access_token", "token_type": "bearer", "expires_in"}``, and errors in the RFC 6749 section 5.2
shape (``{"error": "invalid_client", "error_description": ...}``).  ``POST /v3/images/generate`` accepts a
bearer token it issued and that has not expired, plus the ``x-api-key`` header; otherwise 401.

Time is the server's own clock plus an offset that tests move with :meth:`advance`, so expiry is tested
without sleeping.  Binds 127.0.0.1 only.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN_PATH = "/ims/token/v3"
GENERATE_PATH = "/v3/images/generate"


@dataclass
class Registration:
    client_id: str
    client_secret: str
    allowed_scopes: frozenset[str]
    token_lifetime: int = 86399  # what Adobe IMS documents for server-to-server tokens


@dataclass
class _State:
    registration: Registration
    offset: float = 0.0
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry (server clock)
    token_requests: int = 0
    api_calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() + self.offset


class _Handler(BaseHTTPRequestHandler):
    server: StandInServer

    def log_message(self, format: str, *args: object) -> None:
        return

    def _reply(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        if status == 401 and self.path.startswith(GENERATE_PATH):
            self.send_header("WWW-Authenticate", 'Bearer error="invalid_token"')
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if path == TOKEN_PATH:
            self._token(raw, query)
        elif path == GENERATE_PATH:
            self._generate(raw)
        else:
            self._reply(404, {"error": "not_found"})

    def _token(self, raw: bytes, query: str) -> None:
        state = self.server.state
        with state.lock:
            state.token_requests += 1
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            self._reply(400, {"error": "invalid_request", "error_description": "form-encoded body required"})
            return
        params = dict(urllib.parse.parse_qsl(query))
        params.update(urllib.parse.parse_qsl(raw.decode("utf-8")))
        reg = state.registration
        missing = [p for p in ("grant_type", "client_id", "client_secret", "scope") if not params.get(p)]
        if missing:
            self._reply(400, {"error": "invalid_request", "error_description": f"missing {', '.join(missing)}"})
            return
        if params["grant_type"] != "client_credentials":
            self._reply(400, {"error": "unsupported_grant_type", "error_description": "only client_credentials"})
            return
        good_secret = secrets.compare_digest(params["client_secret"], reg.client_secret)
        if params["client_id"] != reg.client_id or not good_secret:
            self._reply(401, {"error": "invalid_client", "error_description": "invalid client_id or client_secret"})
            return
        requested = {s for s in params["scope"].split(",") if s}
        if not requested <= reg.allowed_scopes:
            unknown = ",".join(sorted(requested - reg.allowed_scopes))
            self._reply(400, {"error": "invalid_scope", "error_description": unknown})
            return
        token = secrets.token_urlsafe(32)
        with state.lock:
            state.tokens[token] = state.now() + reg.token_lifetime
        self._reply(200, {"access_token": token, "token_type": "bearer", "expires_in": reg.token_lifetime})

    def _generate(self, raw: bytes) -> None:
        state = self.server.state
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        with state.lock:
            expiry = state.tokens.get(token)
            valid = expiry is not None and state.now() < expiry
            if valid:
                state.api_calls += 1
        if not valid:
            self._reply(401, {"error_code": "401013", "message": "Oauth token is not valid"})
            return
        if self.headers.get("x-api-key") != state.registration.client_id:
            self._reply(403, {"error_code": "403003", "message": "Api Key is invalid"})
            return
        prompt = json.loads(raw or b"{}").get("prompt", "")
        self._reply(200, {"size": {"width": 1024, "height": 1024}, "outputs": [{"seed": len(prompt), "image": {"url": "local://stand-in"}}]})


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, registration: Registration) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = _State(registration)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def token_url(self) -> str:
        return self.base_url + TOKEN_PATH

    def advance(self, seconds: float) -> None:
        """Move the server clock forward (tokens issued before may now be expired)."""
        with self.state.lock:
            self.state.offset += seconds

    def start(self) -> StandInServer:
        self._thread = threading.Thread(target=self.serve_forever, name="oauth-stand-in", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join()

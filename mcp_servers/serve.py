"""Transports: stdio, or streamable HTTP at /mcp with /healthz, /readyz and /metrics, OAuth bearer auth and TLS 1.3.

Logs go to stderr only: on stdio, stdout carries nothing but protocol frames.
"""

from __future__ import annotations

import logging
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
import uvicorn
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mcp_servers.auth import JwksTokenVerifier
from mcp_servers.metrics import CONTENT_TYPE, InflightMiddleware, RequestMetrics
from mcp_servers.settings import WRITE_SCOPE, ServerSettings

log = logging.getLogger("mcp_servers")


@dataclass
class Built:
    """A server ready to run: the MCPServer and the check behind /readyz."""
    server: MCPServer
    ready: Callable[[], dict[str, str]]
    close: Callable[[], None]


def configure_logging(level: str = "INFO") -> None:
    """Everything to stderr (stdout is the stdio transport)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


def server_options(settings: ServerSettings, transport: str) -> dict:
    """MCPServer keyword arguments for auth: a JWKS token verifier with the server's scope on HTTP."""
    if transport != "http" or settings.oauth is None:
        return {}
    return {
        "token_verifier": JwksTokenVerifier(settings.oauth, settings.tls_ca),
        "auth": AuthSettings(issuer_url=settings.oauth.issuer, resource_server_url=None,
                             required_scopes=[settings.scope]),
    }


def add_health_routes(server: MCPServer, ready: Callable[[], dict[str, str]]) -> None:
    @server.custom_route("/healthz", methods=["GET"])
    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "alive"})

    @server.custom_route("/readyz", methods=["GET"])
    async def readyz(_request: Request) -> Response:
        checks = await anyio.to_thread.run_sync(ready)
        ok = all(v == "ok" or v.startswith("degraded") or v == "disabled" for k, v in checks.items()
                 if k == "cache") and all(v == "ok" for k, v in checks.items() if k != "cache")
        return JSONResponse({"ready": ok, "checks": checks}, status_code=200 if ok else 503)


def add_metrics_route(server: MCPServer, metrics: RequestMetrics) -> None:
    """GET /metrics: the request gauges and counter in the Prometheus text format (NFR-S2, HPA's third metric)."""
    @server.custom_route("/metrics", methods=["GET"])
    async def metrics_endpoint(_request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)


def http_app(built: Built, host: str) -> tuple[Any, RequestMetrics]:
    """The streamable HTTP app wrapped in the request-counting middleware, with its /metrics route."""
    metrics = RequestMetrics(built.server.name)
    add_metrics_route(built.server, metrics)
    app = built.server.streamable_http_app(host=host, stateless_http=False)
    return InflightMiddleware(app, metrics), metrics


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    """A server context that speaks TLS 1.3 and nothing older."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.load_cert_chain(cert, key)
    return context


def run_http(built: Built, host: str, port: int, tls_cert: str | None, tls_key: str | None) -> None:
    app, _ = http_app(built, host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on",
                            ssl_certfile=tls_cert, ssl_keyfile=tls_key, log_config=None)
    config.load()
    if tls_cert and tls_key:
        # uvicorn builds its own context from the files; raise its floor to TLS 1.3 (NFR-SEC1).
        assert config.ssl is not None
        config.ssl.minimum_version = ssl.TLSVersion.TLSv1_3
    scheme = "https" if tls_cert else "http"
    log.info("%s listening on %s://%s:%d/mcp", built.server.name, scheme, host, port)
    uvicorn.Server(config).run()


def run_stdio(built: Built) -> None:
    built.server.run("stdio")


__all__ = ["WRITE_SCOPE", "Built", "add_health_routes", "add_metrics_route", "configure_logging", "http_app",
           "run_http", "run_stdio",
           "server_options", "tls_context"]

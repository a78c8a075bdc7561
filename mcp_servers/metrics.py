"""Request metrics for the HPA's third metric (NFR-S2), served at ``GET /metrics`` in the Prometheus text
exposition format 0.0.4 (written here: two series do not need a client library).

- ``promptsales_mcp_inflight_requests{server}`` (gauge): POST and DELETE requests to ``/mcp`` being served right
  now, i.e. JSON-RPC messages being processed. The long-lived ``GET /mcp`` stream a client keeps open for
  server-initiated messages is not work in progress: it is counted apart in
  ``promptsales_mcp_open_streams{server}``, so idle sessions do not make the HPA add pods.
- ``promptsales_mcp_requests_total{server,method}`` (counter): every HTTP request to ``/mcp`` received.

``InflightMiddleware`` is plain ASGI (it never touches the body, so streamed SSE answers pass untouched) and
decrements in ``finally``: an exception in the app, a cancellation or a client disconnect all end the count.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
INFLIGHT = "promptsales_mcp_inflight_requests"
STREAMS = "promptsales_mcp_open_streams"
TOTAL = "promptsales_mcp_requests_total"
METHODS = ("POST", "GET", "DELETE", "OTHER")


def _label(value: str) -> str:
    """A label value escaped as the exposition format requires (backslash, double quote, newline)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class RequestMetrics:
    """Counters of one server process. Updated from the event loop; the lock keeps render() consistent."""

    def __init__(self, server: str, path: str = "/mcp") -> None:
        self.server = server
        self.path = path
        self._lock = threading.Lock()
        self._inflight = 0
        self._streams = 0
        self._total = dict.fromkeys(METHODS, 0)

    def tracks(self, scope: Scope) -> bool:
        path = scope.get("path", "")
        return scope.get("type") == "http" and (path == self.path or path.startswith(self.path + "/"))

    def started(self, method: str) -> None:
        with self._lock:
            self._total[method if method in self._total else "OTHER"] += 1
            if method == "GET":
                self._streams += 1
            else:
                self._inflight += 1

    def finished(self, method: str) -> None:
        with self._lock:
            if method == "GET":
                self._streams -= 1
            else:
                self._inflight -= 1

    @property
    def inflight(self) -> int:
        return self._inflight

    @property
    def total(self) -> int:
        return sum(self._total.values())

    def render(self) -> str:
        server = _label(self.server)
        with self._lock:
            lines = [
                f"# HELP {INFLIGHT} HTTP requests to /mcp (POST, DELETE) being served right now.",
                f"# TYPE {INFLIGHT} gauge",
                f'{INFLIGHT}{{server="{server}"}} {self._inflight}',
                f"# HELP {STREAMS} Open GET /mcp streams (server-to-client messages of a session).",
                f"# TYPE {STREAMS} gauge",
                f'{STREAMS}{{server="{server}"}} {self._streams}',
                f"# HELP {TOTAL} HTTP requests to /mcp received.",
                f"# TYPE {TOTAL} counter",
                *(f'{TOTAL}{{server="{server}",method="{m}"}} {n}' for m, n in self._total.items()),
            ]
        return "\n".join(lines) + "\n"


class InflightMiddleware:
    """Counts the requests to ``metrics.path`` while the wrapped app serves them; everything else (other
    paths, lifespan) passes straight through."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.metrics.tracks(scope):
            await self.app(scope, receive, send)
            return
        method = str(scope.get("method", "")).upper()
        self.metrics.started(method)
        try:
            await self.app(scope, receive, send)
        finally:
            self.metrics.finished(method)


__all__ = ["CONTENT_TYPE", "InflightMiddleware", "RequestMetrics"]

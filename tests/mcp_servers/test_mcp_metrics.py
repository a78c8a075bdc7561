"""Request metrics behind the HPA's third metric (NFR-S2): the ASGI middleware counts a request held open at the
ASGI level and ends the count on errors, cancellation and client disconnects; the real servers answer GET /metrics
in the Prometheus text format 0.0.4 and count exactly the /mcp requests made."""

from __future__ import annotations

import re
import time

import anyio
import httpx2
import pytest
from mcp_support import http_client, payload
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, StreamingResponse
from starlette.routing import Route

from mcp_servers.metrics import InflightMiddleware, RequestMetrics

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\} (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"')


def parse_exposition(text: str) -> dict[tuple[str, frozenset], float]:
    """Samples of a text-format 0.0.4 body; fails on any line that is not a comment, a sample or empty, and on a
    sample whose metric has no TYPE line before it."""
    typed: dict[str, str] = {}
    samples: dict[tuple[str, frozenset], float] = {}
    assert text.endswith("\n"), "the exposition must end with a line feed"
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            assert kind in {"gauge", "counter"}, line
            typed[name] = kind
        elif line.startswith("# HELP ") or not line:
            continue
        else:
            match = SAMPLE.match(line)
            assert match, f"not a sample line: {line!r}"
            name, labels, value = match.groups()
            assert name in typed, f"{name} has no TYPE line"
            samples[(name, frozenset(LABEL.findall(labels)))] = float(value)
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples[(name, frozenset(labels.items()))]


def total(samples: dict, server: str) -> float:
    return sum(v for (name, labels), v in samples.items()
               if name == "promptsales_mcp_requests_total" and ("server", server) in labels)


def scrape(base: str) -> dict:
    response = httpx2.get(f"{base}/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return parse_exposition(response.text)


def asgi_request(method: str, path: str, messages: list[dict], sent: list[dict]):
    """An ASGI http scope plus receive/send callables: receive hands out `messages` in order, then waits forever
    (like a client that keeps the connection open); send records what the app sends."""
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [], "scheme": "http", "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000),
             "root_path": "", "http_version": "1.1"}
    queue = list(messages)
    more = anyio.Event()

    async def receive() -> dict:
        while not queue:
            await more.wait()
        return queue.pop(0)

    async def send(message: dict) -> None:
        sent.append(message)

    def push(message: dict) -> None:
        queue.append(message)
        more.set()

    return scope, receive, send, push


@pytest.mark.req("NFR-S2")
def test_a_request_held_open_is_counted_in_flight_until_it_finishes():
    """A POST /mcp whose endpoint waits on an event is 1 in flight while it waits and 0 once answered."""
    entered, release = anyio.Event(), anyio.Event()

    async def endpoint(_request: Request) -> PlainTextResponse:
        entered.set()
        await release.wait()
        return PlainTextResponse("done")

    async def other(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("other")

    metrics = RequestMetrics("unit")
    app = InflightMiddleware(Starlette(routes=[Route("/mcp", endpoint, methods=["POST"]),
                                               Route("/healthz", other)]), metrics)
    seen: dict[str, object] = {}

    async def main() -> None:
        sent: list[dict] = []
        scope, receive, send, _ = asgi_request("POST", "/mcp", [{"type": "http.request", "body": b""}], sent)
        async with anyio.create_task_group() as tg:
            tg.start_soon(app, scope, receive, send)
            with anyio.fail_after(10):
                await entered.wait()
            seen["during"] = metrics.inflight
            seen["rendered"] = parse_exposition(metrics.render())
            other_sent: list[dict] = []
            other_scope, other_receive, other_send, _ = asgi_request(
                "GET", "/healthz", [{"type": "http.request", "body": b""}], other_sent)
            await app(other_scope, other_receive, other_send)
            seen["after_other"] = metrics.inflight
            release.set()
        seen["status"] = sent[0]["status"]

    anyio.run(main)
    assert seen["during"] == 1
    assert value(seen["rendered"], "promptsales_mcp_inflight_requests", server="unit") == 1
    assert seen["after_other"] == 1, "a request to another path is not counted"
    assert seen["status"] == 200
    assert metrics.inflight == 0
    samples = parse_exposition(metrics.render())
    assert value(samples, "promptsales_mcp_inflight_requests", server="unit") == 0
    assert value(samples, "promptsales_mcp_requests_total", server="unit", method="POST") == 1
    assert total(samples, "unit") == 1


@pytest.mark.req("NFR-S2")
def test_an_endpoint_error_a_cancellation_and_a_client_disconnect_all_end_the_count():
    """The gauge goes back to 0 after an exception in the app, a cancelled request and a client that hangs up in
    the middle of a streamed answer; the counter keeps all three."""
    started = anyio.Event()
    never = anyio.Event()

    async def failing(_request: Request) -> PlainTextResponse:
        raise RuntimeError("boom in the endpoint")

    async def waiting(_request: Request) -> PlainTextResponse:
        started.set()
        await never.wait()
        return PlainTextResponse("unreachable")

    async def streaming(_request: Request) -> StreamingResponse:
        async def body():
            yield b"event: message\ndata: {}\n\n"
            await never.wait()
            yield b"unreachable"
        return StreamingResponse(body(), media_type="text/event-stream")

    metrics = RequestMetrics("unit")
    app = InflightMiddleware(Starlette(routes=[Route("/mcp/fail", failing, methods=["POST"]),
                                               Route("/mcp/wait", waiting, methods=["POST"]),
                                               Route("/mcp", streaming, methods=["POST"])]), metrics)
    seen: dict[str, object] = {}
    request = [{"type": "http.request", "body": b""}]

    async def main() -> None:
        sent: list[dict] = []
        scope, receive, send, _ = asgi_request("POST", "/mcp/fail", request, sent)
        with pytest.raises(RuntimeError, match="boom in the endpoint"):
            await app(scope, receive, send)
        seen["after_error"] = metrics.inflight
        seen["error_status"] = sent[0]["status"]

        scope, receive, send, _ = asgi_request("POST", "/mcp/wait", request, [])
        with anyio.move_on_after(30) as scope_cancel:
            async with anyio.create_task_group() as tg:
                tg.start_soon(app, scope, receive, send)
                with anyio.fail_after(10):
                    await started.wait()
                seen["during_wait"] = metrics.inflight
                tg.cancel_scope.cancel()
        seen["cancel_timed_out"] = scope_cancel.cancelled_caught
        seen["after_cancel"] = metrics.inflight

        sent = []
        scope, receive, send, push = asgi_request("POST", "/mcp", request, sent)
        async with anyio.create_task_group() as tg:
            tg.start_soon(app, scope, receive, send)
            with anyio.fail_after(10):
                while not any(m["type"] == "http.response.body" for m in sent):
                    await anyio.sleep(0)  # yields to the app task; bounded by fail_after
            seen["during_stream"] = metrics.inflight
            push({"type": "http.disconnect"})
        seen["after_disconnect"] = metrics.inflight

    anyio.run(main)
    assert seen["after_error"] == 0
    assert seen["error_status"] == 500
    assert seen["during_wait"] == 1
    assert seen["cancel_timed_out"] is False
    assert seen["after_cancel"] == 0
    assert seen["during_stream"] == 1
    assert seen["after_disconnect"] == 0
    samples = parse_exposition(metrics.render())
    assert value(samples, "promptsales_mcp_requests_total", server="unit", method="POST") == 3
    assert value(samples, "promptsales_mcp_inflight_requests", server="unit") == 0


@pytest.mark.req("NFR-S2")
def test_label_values_are_escaped_in_the_exposition():
    """A server name with a quote, a backslash and a line feed still renders parseable sample lines."""
    metrics = RequestMetrics('we"ird\\name\nx')
    samples = parse_exposition(metrics.render())
    assert value(samples, "promptsales_mcp_inflight_requests", server='we\\"ird\\\\name\\nx') == 0


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.req("NFR-S2")
def test_the_real_server_publishes_the_metrics_and_counts_exactly_the_mcp_requests(sales_http, sales_token):
    """GET /metrics answers the text format with the gauge at 0 when idle; five /mcp requests (refused, malformed,
    without a session) add exactly five to the counter and leave the gauge at 0; /healthz and /metrics add none."""
    before = scrape(sales_http.base)
    assert value(before, "promptsales_mcp_inflight_requests", server="promptsales") == 0
    assert httpx2.get(f"{sales_http.base}/healthz", timeout=10).status_code == 200
    statuses = []
    with httpx2.Client(timeout=10) as http:
        for _ in range(2):
            statuses.append(http.post(sales_http.url, json={"jsonrpc": "2.0", "id": 1, "method": "ping"}).status_code)
        headers = {"Authorization": f"Bearer {sales_token}", "Accept": "application/json, text/event-stream",
                   "Content-Type": "application/json"}
        statuses.append(http.post(sales_http.url, content=b"{not json", headers=headers).status_code)
        statuses.append(http.post(sales_http.url, content=b"[]", headers=headers).status_code)
        statuses.append(http.delete(sales_http.url, headers={**headers, "Mcp-Session-Id": "no-such-session"})
                        .status_code)
    after = scrape(sales_http.base)
    assert statuses[:2] == [401, 401]
    assert all(400 <= s < 500 for s in statuses), statuses
    assert total(after, "promptsales") - total(before, "promptsales") == 5
    assert (value(after, "promptsales_mcp_requests_total", server="promptsales", method="POST")
            - value(before, "promptsales_mcp_requests_total", server="promptsales", method="POST")) == 4
    assert (value(after, "promptsales_mcp_requests_total", server="promptsales", method="DELETE")
            - value(before, "promptsales_mcp_requests_total", server="promptsales", method="DELETE")) == 1
    assert value(after, "promptsales_mcp_inflight_requests", server="promptsales") == 0


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.req("NFR-S2")
def test_after_a_full_session_the_gauges_return_to_zero(sales_http, sales_token):
    """A whole MCP session (initialise, call, close) is counted and, once closed, leaves nothing in flight and no
    open stream."""
    before = scrape(sales_http.base)

    async def main():
        async with http_client(sales_http.url, sales_token) as client:
            return payload(await client.call_tool("getMetric", {"metric": "sales", "group_by": "year"}))
    answer = anyio.run(main)
    assert answer["data"]["rows"]
    deadline = time.monotonic() + 15
    while True:
        after = scrape(sales_http.base)
        idle = (value(after, "promptsales_mcp_inflight_requests", server="promptsales") == 0
                and value(after, "promptsales_mcp_open_streams", server="promptsales") == 0)
        if idle or time.monotonic() > deadline:
            break
        time.sleep(0.1)  # poll interval; the condition is the scraped gauges
    assert idle, after
    assert total(after, "promptsales") - total(before, "promptsales") >= 3

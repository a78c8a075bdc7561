"""The central server as an MCP client of the content, ads and crm servers (streamable HTTP).

Tokens: OAuth 2.x client credentials at PROMPTSALES_OAUTH_TOKEN_URL (cached until shortly before expiry);
without a token URL the calls go without a token (a local, --insecure-no-auth sub-server).
A sub-server that is not configured or does not answer gives an MCP tool error naming it.
"""

from __future__ import annotations

import json
import logging
import ssl
import time
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.server.mcpserver.exceptions import ToolError

from mcp_servers.runtime import Unavailable
from mcp_servers.settings import SCOPES, ServerSettings

log = logging.getLogger("mcp_servers.subclient")
LABELS = {"content": "PromptContent", "ads": "PromptAds", "crm": "PromptCrm"}
ENV = {"content": "PROMPTSALES_MCP_CONTENT_URL", "ads": "PROMPTSALES_MCP_ADS_URL", "crm": "PROMPTSALES_MCP_CRM_URL"}


class SubServers:
    def __init__(self, settings: ServerSettings, timeout: float = 30.0) -> None:
        self.settings = settings
        self.timeout = timeout
        self._tokens: dict[str, tuple[str, float]] = {}
        self._verify: ssl.SSLContext | bool = (ssl.create_default_context(cafile=settings.tls_ca)
                                               if settings.tls_ca else True)

    async def _token(self, name: str) -> str | None:
        s = self.settings
        if not s.token_url:
            return None
        cached = self._tokens.get(name)
        if cached and cached[1] > time.time() + 30:
            return cached[0]
        async with httpx2.AsyncClient(timeout=10, verify=self._verify) as http:
            response = await http.post(s.token_url, data={"grant_type": "client_credentials",
                                                          "scope": SCOPES[name]},
                                       auth=(s.client_id or "", s.client_secret or ""))
        if response.status_code != 200:
            raise Unavailable(f"could not obtain a token for the {LABELS[name]} MCP server from "
                              f"{s.token_url}: HTTP {response.status_code}")
        body = response.json()
        self._tokens[name] = (body["access_token"], time.time() + float(body.get("expires_in", 300)))
        return body["access_token"]

    async def call(self, name: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Call `tool` on sub-server `name`; its structured answer, or a ToolError naming what is missing."""
        url = self.settings.sub_servers.get(name)
        if not url:
            raise Unavailable(f"the {LABELS[name]} MCP server is not configured ({ENV[name]} is not set)")
        token = await self._token(name)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            async with httpx2.AsyncClient(headers=headers, verify=self._verify,
                                          timeout=httpx2.Timeout(self.timeout)) as http, \
                    Client(streamable_http_client(url, http_client=http), read_timeout_seconds=self.timeout,
                           cache=None) as client:
                result = await client.call_tool(tool, arguments)
        except ToolError:
            raise
        except Exception as exc:
            log.warning("sub-server %s at %s failed: %r", name, url, exc)
            raise Unavailable(f"the {LABELS[name]} MCP server at {url} is unavailable: "
                              f"{type(exc).__name__}: {_first_line(exc)}") from exc
        if result.is_error:
            text = " ".join(c.text for c in result.content if getattr(c, "text", None))
            raise ToolError(f"{LABELS[name]} MCP server: {text}")
        if result.structured_content is not None:
            return dict(result.structured_content)
        text = " ".join(c.text for c in result.content if getattr(c, "text", None))
        return json.loads(text)


def _first_line(exc: BaseException) -> str:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]

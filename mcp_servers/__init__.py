"""PromptSales MCP servers: content, ads, crm and the central sales server (issue 11).

Each server is an `MCPServer` (MCP Python SDK 2.x) that runs over stdio or streamable HTTP:
``python -m mcp_servers <content|ads|crm|sales> --transport stdio|http``. What they share lives in
:mod:`mcp_servers.runtime` (database pool, Redis cache-aside, call log, limits), :mod:`mcp_servers.auth`
(OAuth bearer JWT verified against the issuer's JWKS) and :mod:`mcp_servers.serve` (transports, TLS 1.3).
"""

SERVERS = ("content", "ads", "crm", "sales")

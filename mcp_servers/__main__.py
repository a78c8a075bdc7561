"""python -m mcp_servers <content|ads|crm|sales> [--transport stdio|http] [--host H] [--port N]
[--tls-cert FILE --tls-key FILE] [--insecure-no-auth]"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from mcp_servers import SERVERS
from mcp_servers.serve import add_health_routes, configure_logging, run_http, run_stdio
from mcp_servers.settings import from_environment

log = logging.getLogger("mcp_servers")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mcp_servers", description="PromptSales MCP servers")
    parser.add_argument("server", choices=SERVERS)
    parser.add_argument("--transport", choices=("stdio", "http"), default="stdio")
    parser.add_argument("--host", default=os.environ.get("PROMPTSALES_MCP_HOST", "127.0.0.1"),
                        help="listen address (a container sets PROMPTSALES_MCP_HOST=0.0.0.0)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PROMPTSALES_MCP_PORT", "8000")))
    parser.add_argument("--tls-cert", default=os.environ.get("PROMPTSALES_TLS_CERT"))
    parser.add_argument("--tls-key", default=os.environ.get("PROMPTSALES_TLS_KEY"))
    parser.add_argument("--insecure-no-auth", action="store_true",
                        help="HTTP without OAuth (local development only)")
    parser.add_argument("--log-level", default=os.environ.get("PROMPTSALES_MCP_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    configure_logging(args.log_level)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    settings = from_environment(args.server)
    if args.transport == "http" and settings.oauth is None and not args.insecure_no_auth:
        log.error("HTTP transport refused: PROMPTSALES_OAUTH_ISSUER and PROMPTSALES_OAUTH_JWKS_URL are not set "
                  "(pass --insecure-no-auth only for local development)")
        return 2
    module = importlib.import_module(f"mcp_servers.{args.server}")
    built = module.build(settings, transport=args.transport)
    try:
        if args.transport == "stdio":
            run_stdio(built)
        else:
            add_health_routes(built.server, built.ready)
            run_http(built, args.host, args.port, args.tls_cert, args.tls_key)
    finally:
        built.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

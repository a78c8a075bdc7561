"""Connection data of the external APIs PromptContent calls (CON-3).

Adobe Firefly Services authenticate with an OAuth 2.0 *Server-to-Server* credential: a POST of
``grant_type=client_credentials``, ``client_id``, ``client_secret`` and a comma-separated ``scope`` as
``application/x-www-form-urlencoded`` to the Adobe IMS token endpoint, which answers
``{"access_token": ..., "token_type": "bearer", "expires_in": 86399}`` (seconds). Every API call then
sends ``Authorization: Bearer <token>`` and ``x-api-key: <client id>``.  Source: Adobe Developer
Console, "OAuth Server-to-Server credential API Reference" and the Firefly Services getting-started guide.

The secret is never stored: the document holds only a reference to an environment variable (filled in
Kubernetes from a Secret key).
"""

from __future__ import annotations

import os

ADOBE_FIREFLY_CODE = "adobe-firefly"
ADOBE_CLIENT_ID_ENV = "PROMPTCONTENT_ADOBE_CLIENT_ID"
ADOBE_CLIENT_SECRET_ENV = "PROMPTCONTENT_ADOBE_CLIENT_SECRET"
# Client id of the development registration; the real one is supplied per environment (not a secret).
DEFAULT_ADOBE_CLIENT_ID = "promptcontent-firefly-dev"


def adobe_firefly_connection(env: dict[str, str] | None = None) -> dict:
    """The ``api_connections`` document for Adobe Firefly Services (no secret value inside)."""
    env = os.environ if env is None else env
    return {
        "connection_code": ADOBE_FIREFLY_CODE,
        "provider": "Adobe",
        "api_name": "Firefly Services API",
        "purpose": "Generate and expand campaign images from PromptContent descriptions.",
        "base_url": "https://firefly-api.adobe.io",
        "documentation_url": (
            "https://developer.adobe.com/developer-console/docs/guides/authentication/"
            "ServerToServerAuthentication/ims"
        ),
        "auth": {
            "type": "oauth2_client_credentials",
            "token_url": "https://ims-na1.adobelogin.com/ims/token/v3",
            "method": "POST",
            "content_type": "application/x-www-form-urlencoded",
            "grant_type": "client_credentials",
            "scopes": ["openid", "AdobeID", "firefly_api", "ff_apis"],
            "scope_separator": ",",
            "client_id": env.get(ADOBE_CLIENT_ID_ENV, DEFAULT_ADOBE_CLIENT_ID),
            "client_secret_ref": {
                "kind": "env",
                "name": ADOBE_CLIENT_SECRET_ENV,
                "kubernetes_secret": {"name": "promptcontent-adobe", "key": "client-secret"},
            },
            "token_response_fields": ["access_token", "token_type", "expires_in"],
            "api_key_header": "x-api-key",
        },
        "endpoints": [
            {"name": "generate_images", "method": "POST", "path": "/v3/images/generate"},
        ],
        "token_cache": {
            "store": "redis",
            "key": f"promptcontent:oauth:token:{ADOBE_FIREFLY_CODE}",
            "refresh_margin_seconds": 300,
        },
        "status": "active",
    }

"""OAuth 2.x bearer tokens for the HTTP transport (NFR-SEC1): JWT access tokens verified against the
issuer's JWKS (RFC 9068 / RFC 7517). Signature, issuer, expiry and (when configured) audience are checked;
the scopes come from the ``scope`` claim (space separated) or ``scp`` (list). The SDK's bearer middleware then
answers 401 without a valid token and 403 when the server's scope is missing."""

from __future__ import annotations

import logging
import ssl
import time
from typing import Any

import anyio.to_thread
import jwt
from mcp.server.auth.provider import AccessToken

from mcp_servers.settings import OAuthSettings

log = logging.getLogger("mcp_servers.auth")
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256"]


def token_scopes(claims: dict[str, Any]) -> list[str]:
    scope = claims.get("scope")
    if isinstance(scope, str):
        return scope.split()
    scp = claims.get("scp")
    return [str(s) for s in scp] if isinstance(scp, list) else []


class JwksTokenVerifier:
    """TokenVerifier (mcp.server.auth.provider) for JWT access tokens signed by the issuer's keys."""

    def __init__(self, settings: OAuthSettings, ca_file: str | None = None) -> None:
        self.settings = settings
        context = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self._seen: dict[str, AccessToken] = {}
        self._jwks = jwt.PyJWKClient(settings.jwks_url, cache_keys=True, lifespan=300, timeout=5,
                                     ssl_context=context)

    def _verify(self, token: str) -> AccessToken | None:
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(token, key.key, algorithms=ALGORITHMS, issuer=self.settings.issuer,
                                audience=self.settings.audience,
                                options={"require": ["exp", "iss"], "verify_aud": bool(self.settings.audience)})
        except jwt.PyJWTError as exc:
            log.info("bearer token refused: %s", exc)
            return None
        client_id = str(claims.get("client_id") or claims.get("azp") or claims.get("sub") or "unknown")
        return AccessToken(token=token, client_id=client_id, scopes=token_scopes(claims),
                           expires_at=int(claims["exp"]), subject=claims.get("sub"),
                           claims={"iss": claims.get("iss")})

    async def verify_token(self, token: str) -> AccessToken | None:
        """Verified tokens are remembered until they expire (a bounded map), so a client reusing its token does
        not pay the signature check on every request; an expired entry is verified again (and refused)."""
        cached = self._seen.get(token)
        if cached is not None and (cached.expires_at or 0) > time.time():
            return cached
        verified = await anyio.to_thread.run_sync(self._verify, token)
        if verified is not None:
            if len(self._seen) >= 10_000:
                self._seen.clear()
            self._seen[token] = verified
        return verified

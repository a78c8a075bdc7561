"""OAuth 2.0 client-credentials client with a Redis token cache (CON-3).

The token is requested with a POST to the connection's token endpoint and stored in Redis with a TTL of
``expires_in - refresh_margin`` seconds, so every PromptContent pod shares one token and none uses a token
that is about to expire.  When the API still answers 401 (token revoked or expired early) the client drops
the cached token, requests a new one and retries once.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import redis

log = logging.getLogger(__name__)


class OAuthError(RuntimeError):
    """The token endpoint refused the request (RFC 6749 section 5.2 error) or answered nonsense."""

    def __init__(self, status: int, error: str, description: str = "") -> None:
        super().__init__(f"token request failed: HTTP {status} {error}: {description}".rstrip(": "))
        self.status = status
        self.error = error
        self.description = description


class ApiError(RuntimeError):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"API call failed: HTTP {status}: {body[:200]}")
        self.status = status


@dataclass(frozen=True)
class ClientConfig:
    token_url: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    cache_key: str
    scope_separator: str = ","
    refresh_margin_seconds: int = 300
    api_key_header: str | None = "x-api-key"
    timeout_seconds: float = 10.0

    def __repr__(self) -> str:  # never print the secret
        return f"ClientConfig(token_url={self.token_url!r}, client_id={self.client_id!r}, scopes={self.scopes!r})"

    @classmethod
    def from_connection(
        cls, connection: dict, env: dict[str, str] | None = None, token_url: str | None = None
    ) -> ClientConfig:
        """Build the config from an ``api_connections`` document, reading the secret from its env reference."""
        env = os.environ if env is None else env
        auth = connection["auth"]
        ref = auth["client_secret_ref"]
        if ref["kind"] != "env":
            raise ValueError(f"unsupported secret reference kind {ref['kind']!r}")
        secret = env.get(ref["name"])
        if not secret:
            raise OAuthError(0, "missing_secret", f"environment variable {ref['name']} is not set")
        return cls(
            token_url=token_url or auth["token_url"],
            client_id=auth["client_id"],
            client_secret=secret,
            scopes=tuple(auth["scopes"]),
            scope_separator=auth.get("scope_separator", ","),
            cache_key=connection["token_cache"]["key"],
            refresh_margin_seconds=int(connection["token_cache"]["refresh_margin_seconds"]),
            api_key_header=auth.get("api_key_header"),
        )


@dataclass(frozen=True)
class Token:
    access_token: str
    expires_in: int
    from_cache: bool


class ClientCredentialsClient:
    def __init__(self, config: ClientConfig, cache: redis.Redis) -> None:
        self.config = config
        self.cache = cache

    def token(self) -> Token:
        """A valid access token: from Redis when cached, otherwise a fresh one from the token endpoint."""
        cached = self.cache.get(self.config.cache_key)
        if cached:
            return Token(cached, int(self.cache.ttl(self.config.cache_key)), from_cache=True)
        return self._fetch()

    def invalidate(self) -> None:
        self.cache.delete(self.config.cache_key)

    def _fetch(self) -> Token:
        body = urllib.parse.urlencode({
            "grant_type": "client_credentials",
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret,
            "scope": self.config.scope_separator.join(self.config.scopes),
        }).encode("ascii")
        request = urllib.request.Request(
            self.config.token_url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_seconds) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raw = exc.read().decode("utf-8", "replace")
            try:
                err = json.loads(raw)
            except ValueError:
                err = {"error": "http_error", "error_description": raw[:200]}
            raise OAuthError(exc.code, err.get("error", "unknown"), err.get("error_description", "")) from None
        access_token = payload.get("access_token")
        expires_in = payload.get("expires_in")
        bearer = str(payload.get("token_type", "")).lower() == "bearer"
        if not access_token or not isinstance(expires_in, int) or not bearer:
            raise OAuthError(200, "invalid_response", "missing access_token, expires_in or bearer token_type")
        ttl = expires_in - self.config.refresh_margin_seconds
        if ttl > 0:
            # SET with EX: the key disappears shortly before the token expires, so a reader never gets a stale one.
            self.cache.set(self.config.cache_key, access_token, ex=ttl)
        else:
            log.warning("token lifetime %ss is below the refresh margin; not caching it", expires_in)
        return Token(access_token, expires_in, from_cache=False)

    def post_json(self, url: str, payload: dict) -> dict:
        """POST a JSON body with the bearer token; on 401 refresh the token once and retry."""
        for attempt in (1, 2):
            token = self.token()
            headers = {"Authorization": f"Bearer {token.access_token}", "Content-Type": "application/json"}
            if self.config.api_key_header:
                headers[self.config.api_key_header] = self.config.client_id
            data = json.dumps(payload).encode("utf-8")
            request = urllib.request.Request(url, data=data, method="POST", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.config.timeout_seconds) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as exc:
                body = exc.read().decode("utf-8", "replace")
                if exc.code == 401 and attempt == 1:
                    log.info("API answered 401; refreshing the cached token and retrying once")
                    self.invalidate()
                    continue
                raise ApiError(exc.code, body) from None
        raise AssertionError("unreachable")

"""Redis cache-aside for the read tools (RED-1, NFR-P2).

Key pattern (docs/mcp.md, INTERFACES.md): ``ps:{<namespace>}:v<N>:<tool>:<sha256 of the normalised
arguments>``; ``ps:{<namespace>}:ver`` holds N. Entries are written by ``redis/lua/010_cache_put-2.lua`` (it drops
a value computed from an older version), the namespace is invalidated by ``redis/lua/020_cache_invalidate-1.lua``
(INCR of the version). Both scripts are loaded from their files, never copied into Python.

Redis being down never fails a call: the caller computes from the database and the answer says the cache
was ``degraded``. After a failure Redis is not tried again for a short back-off, so a dead Redis costs one
timeout per back-off window instead of one per call.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

from mcp_servers.redis_client import redis_client

LUA_DIR = Path(__file__).resolve().parent.parent / "redis" / "lua"
PUT_SCRIPT = LUA_DIR / "010_cache_put-2.lua"
INVALIDATE_SCRIPT = LUA_DIR / "020_cache_invalidate-1.lua"
BACKOFF_SECONDS = 2.0

log = logging.getLogger("mcp_servers.cache")


def normalise(arguments: dict[str, Any]) -> str:
    """Canonical JSON of a call's validated arguments: sorted keys, no None values, strings trimmed."""
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, dict):
            return {k: clean(v) for k, v in sorted(value.items()) if v is not None}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value
    return json.dumps(clean(arguments), sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def arguments_hash(arguments: dict[str, Any]) -> str:
    return hashlib.sha256(normalise(arguments).encode("utf-8")).hexdigest()


def version_key(namespace: str) -> str:
    return f"ps:{{{namespace}}}:ver"


def entry_key(namespace: str, version: int, tool: str, digest: str) -> str:
    return f"ps:{{{namespace}}}:v{version}:{tool}:{digest}"


@dataclass
class CacheOutcome:
    status: str            # hit | miss | degraded | disabled
    key: str | None
    ttl_seconds: int
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "key": self.key, "ttl_seconds": self.ttl_seconds}
        if self.detail:
            out["detail"] = self.detail
        return out


class ToolCache:
    """Cache-aside over one namespace. Thread-safe (redis-py pools its connections)."""

    def __init__(self, url: str | None, namespace: str, timeout: float = 0.5) -> None:
        self.namespace = namespace
        # One fixed server or the current master through Sentinel (mcp_servers/redis_client.py, NFR-F3).
        self._client = redis_client(url, timeout=timeout) if url else None
        self._put = self._client.register_script(PUT_SCRIPT.read_text(encoding="utf-8")) if self._client else None
        self._invalidate = (self._client.register_script(INVALIDATE_SCRIPT.read_text(encoding="utf-8"))
                            if self._client else None)
        self._down_until = 0.0
        self._last_error: str | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._client is not None

    def status(self) -> str:
        if self._client is None:
            return "disabled"
        try:
            self._client.ping()
            return "ok"
        except redis.RedisError as exc:
            return f"degraded: {type(exc).__name__}: {exc}"

    def _available(self) -> bool:
        return self._client is not None and time.monotonic() >= self._down_until

    def _failed(self, exc: Exception) -> str:
        with self._lock:
            self._down_until = time.monotonic() + BACKOFF_SECONDS
            self._last_error = f"Redis unavailable ({type(exc).__name__}: {exc}); answered from the database"
        log.warning("cache %s degraded: %s", self.namespace, exc)
        return self._last_error

    def get_or_compute(self, tool: str, arguments: dict[str, Any], ttl: int,
                       compute: Callable[[], Any]) -> tuple[Any, CacheOutcome]:
        """The cached value of (tool, arguments), or compute() stored for `ttl` seconds."""
        if self._client is None:
            return compute(), CacheOutcome("disabled", None, ttl, "no Redis configured")
        if not self._available():
            return compute(), CacheOutcome("degraded", None, ttl, self._last_error)
        digest = arguments_hash(arguments)
        try:
            version = int(self._client.get(version_key(self.namespace)) or 0)
            key = entry_key(self.namespace, version, tool, digest)
            cached = self._client.get(key)
        except redis.RedisError as exc:
            return compute(), CacheOutcome("degraded", None, ttl, self._failed(exc))
        if cached is not None:
            return json.loads(cached), CacheOutcome("hit", key, ttl)
        value = compute()
        try:
            self._put(keys=[version_key(self.namespace), key],
                      args=[version, json.dumps(value, default=str, ensure_ascii=False), ttl])
        except redis.RedisError as exc:
            return value, CacheOutcome("degraded", key, ttl, self._failed(exc))
        return value, CacheOutcome("miss", key, ttl)

    def invalidate(self) -> int:
        """Bump the namespace version (every older entry becomes unreachable); returns the new version."""
        if self._invalidate is None:
            raise RuntimeError("no Redis configured")
        return int(self._invalidate(keys=[version_key(self.namespace)]))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

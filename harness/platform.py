"""The set of engines of one run: provisioned on demand, remembered with the reason when unavailable."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import STATE_DIR
from harness.engines.base import Engine, EngineUnavailable
from harness.folders import ENGINES


@dataclass
class EngineStatus:
    key: str
    engine: Engine | None
    reason: str | None
    seconds: float

    @property
    def where(self) -> str:
        return self.engine.where if self.engine else "unavailable"


def is_required(key: str) -> bool:
    """Whether PROMPTSALES_REQUIRE names this engine, by its key or, for the three SQL Server instances, by
    "mssql" for all three, so that its absence is a failure rather than a skip."""
    required = {e.strip() for e in os.environ.get("PROMPTSALES_REQUIRE", "").split(",") if e.strip()}
    return key in required or (key.startswith("mssql_") and "mssql" in required)


def _provider(key: str, persistent: bool, ports: dict[str, int]) -> Callable[[], Engine]:
    from harness.engines import mongo, mssql, postgres, redis  # noqa: PLC0415

    local: Path | None = STATE_DIR / "local" / key if persistent else None
    if key == "postgres":
        return lambda: postgres.provide(local, ports.get(key))
    if key == "redis":
        return lambda: redis.provide(local, ports.get(key))
    if key == "mongo":
        return mongo.provide
    if key.startswith("mssql_"):
        role = key.removeprefix("mssql_")
        return lambda: mssql.provide(role)  # type: ignore[arg-type]
    raise KeyError(key)


class Platform:
    """Engines by key ("postgres", "redis", "mongo", "mssql_ads", "mssql_crm", "mssql_restore")."""

    def __init__(self, persistent: bool = False, ports: dict[str, int] | None = None) -> None:
        self.persistent = persistent
        self.ports = ports or {}
        self.statuses: dict[str, EngineStatus] = {}

    def status(self, key: str) -> EngineStatus:
        if key not in self.statuses:
            started = time.perf_counter()
            try:
                engine: Engine | None = _provider(key, self.persistent, self.ports)()
                reason = None
            except EngineUnavailable as exc:
                engine, reason = None, str(exc)
            self.statuses[key] = EngineStatus(key, engine, reason, time.perf_counter() - started)
        return self.statuses[key]

    def adopt(self, key: str, engine: Engine) -> None:
        self.statuses[key] = EngineStatus(key, engine, None, 0.0)

    def engine(self, key: str) -> Engine:
        status = self.status(key)
        if status.engine is None:
            raise EngineUnavailable(status.reason or "unavailable")
        return status.engine

    def available(self) -> dict[str, Any]:
        return {k: s.engine for k, s in self.statuses.items() if s.engine is not None}

    def provision_all(self, keys: tuple[str, ...] = ENGINES) -> dict[str, EngineStatus]:
        return {key: self.status(key) for key in keys}

    def stop_all(self) -> None:
        for status in self.statuses.values():
            if status.engine is not None:
                status.engine.stop()

"""Engine providers. Each resolves, in order: a URL from the environment, a Docker container
(testcontainers, pinned image), a server the harness starts locally, or "unavailable" with the reason."""

from __future__ import annotations

from harness.engines.base import Engine, EngineUnavailable, Where

__all__ = ["Engine", "EngineUnavailable", "Where"]

"""Shared pieces of the engine providers: the Engine protocol, free ports, readiness polling, Docker access."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Literal, TypeVar

log = logging.getLogger("harness")

Where = Literal["url", "docker", "local"]
T = TypeVar("T")

# Pinned images for the Docker path (bumped deliberately, never "latest"). PROMPTSALES_IMAGE_<ENGINE>
# overrides one, e.g. for a registry mirror or a locally built image.
DEFAULT_IMAGES = {
    "mssql": "mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04",
    "postgres": "pgvector/pgvector:0.8.0-pg17",
    "mongo": "mongo:8.0.4",
    "redis": "redis:7.4.2",
}
IMAGES = {engine: os.environ.get(f"PROMPTSALES_IMAGE_{engine.upper()}", default)
          for engine, default in DEFAULT_IMAGES.items()}


class EngineUnavailable(RuntimeError):
    """No provider could supply the engine; the message is the reason shown to the user."""


class Engine:
    """A running server of one engine, however it was provided."""

    name: str
    where: Where

    def describe(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def stop(self) -> None:
        """Release what this harness started; a URL-provided server is left alone."""


E = TypeVar("E", bound="Engine")


def resolve(url_env: str, from_url: Callable[[str], E], providers: list[tuple[str, Callable[[], E]]],
            note: str = "") -> E:
    """The provider order every engine follows: the URL in `url_env`, else each provider in turn;
    EngineUnavailable with every provider's reason when none works."""
    url = os.environ.get(url_env)
    if url:
        return from_url(url)
    reasons = [f"no {url_env}"]
    for name, provider in providers:
        try:
            return provider()
        except (EngineUnavailable, OSError, subprocess.CalledProcessError) as exc:
            detail = (getattr(exc, "stderr", "") or "").strip()
            reasons.append(f"{name}: {exc} {detail}".strip())
    raise EngineUnavailable("; ".join(reasons) + (f"; {note}" if note else ""))


def free_port() -> int:
    """A TCP port nobody listens on right now (two runs on one machine do not collide)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_ready(probe: Callable[[], T], what: str, timeout: float = 120.0) -> T:
    """Run `probe` (a real query) until it succeeds; readiness is a query, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            return probe()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
            last = exc
            time.sleep(delay)  # back-off between probes, not a readiness guess
            delay = min(delay * 2, 1.0)
    raise EngineUnavailable(f"{what} did not answer within {timeout:.0f} s: {last}")


def env_flag(name: str, default: bool = True) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ("0", "false", "no", "off", "")


@lru_cache(maxsize=1)
def docker_status() -> tuple[bool, str]:
    """Whether a Docker engine answers; the reason when it does not."""
    if not env_flag("PROMPTSALES_DOCKER", True):
        return False, "Docker disabled by PROMPTSALES_DOCKER=0"
    try:
        import docker  # noqa: PLC0415 - optional at import time
    except ImportError:
        return False, "python package 'docker' is not installed"
    try:
        client = docker.from_env(timeout=5)
        client.ping()
    except Exception as exc:  # noqa: BLE001
        return False, f"no Docker engine reachable ({type(exc).__name__})"
    return True, "docker"


def docker_image_status(image: str) -> tuple[bool, str]:
    """Whether `image` is present or can be pulled (no registry reachable means no container)."""
    ok, reason = docker_status()
    if not ok:
        return False, reason
    import docker  # noqa: PLC0415

    client = docker.from_env(timeout=30)
    try:
        client.images.get(image)
        return True, "present"
    except docker.errors.ImageNotFound:
        pass
    try:
        repo, tag = image.rsplit(":", 1)
        client.images.pull(repo, tag=tag)
        return True, "pulled"
    except Exception as exc:  # noqa: BLE001
        return False, f"Docker is running but image {image} cannot be pulled ({type(exc).__name__})"

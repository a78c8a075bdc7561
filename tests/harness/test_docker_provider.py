"""The Docker path of the harness (testcontainers), run for real wherever a Docker engine has the image.

On a laptop the pinned image is pulled; on a machine without registry access a locally built image can be
named with PROMPTSALES_IMAGE_REDIS (docs/harness.md shows how one was built from Debian packages)."""

from __future__ import annotations

import docker
import pytest

from harness.engines import redis as redis_engine
from harness.engines.base import IMAGES, docker_image_status

pytestmark = [pytest.mark.redis]


@pytest.mark.req("OPS-1", "RED-1")
def test_a_redis_container_starts_with_the_repository_config_and_is_removed_on_stop() -> None:
    """testcontainers starts the image with redis/redis.conf mounted; readiness by PING; stop removes it."""
    ok, reason = docker_image_status(IMAGES["redis"])
    if not ok:
        pytest.skip(f"Docker path not exercised: {reason}")
    server = redis_engine.from_docker()
    container_id = server.container_id
    try:
        client = server.client()
        assert server.where == "docker"
        assert client.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lfu"
        assert client.set("ps:{t}:ver", 1) and client.get("ps:{t}:ver") == "1"
    finally:
        server.stop()
    with pytest.raises(docker.errors.NotFound):
        docker.from_env().containers.get(container_id)

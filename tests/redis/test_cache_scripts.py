"""The Redis configuration and the cache Lua scripts on a real Redis (RED-1)."""

from __future__ import annotations

import pytest
import redis as redis_lib

from harness import REPO_ROOT
from harness.folders import folder
from harness.runner import run_folder

pytestmark = [pytest.mark.redis]

LUA = REPO_ROOT / "redis" / "lua"


@pytest.fixture
def scripts(redis_client):
    return {name: redis_client.register_script((LUA / f"{name}.lua").read_text(encoding="utf-8"))
            for name in ("010_cache_put-2", "020_cache_invalidate-1")}


@pytest.mark.req("RED-1")
def test_the_redis_folder_loads_every_lua_script_on_the_server(redis_server, settings) -> None:
    """The harness compiles and caches each Lua script (a syntax error would stop the run)."""
    report = run_folder(folder("redis"), {"redis": redis_server}, settings)
    assert report.scripts == ["010_cache_put-2.lua", "020_cache_invalidate-1.lua"]


@pytest.mark.req("RED-1")
def test_a_result_is_stored_with_its_ttl_while_the_namespace_version_is_current(redis_client, scripts) -> None:
    """cache_put stores the value with the requested TTL when the caller's version is current."""
    stored = scripts["010_cache_put-2"](keys=["ps:{sales}:ver", "ps:{sales}:v0:abc"], args=[0, '{"roi": 1.8}', 60])
    assert stored == 1
    assert redis_client.get("ps:{sales}:v0:abc") == '{"roi": 1.8}'
    assert 0 < redis_client.ttl("ps:{sales}:v0:abc") <= 60


@pytest.mark.req("RED-1")
def test_a_result_computed_before_an_invalidation_is_not_written_back(redis_client, scripts) -> None:
    """After cache_invalidate bumps the namespace, a put carrying the old version is dropped."""
    assert scripts["020_cache_invalidate-1"](keys=["ps:{sales}:ver"]) == 1
    stale = scripts["010_cache_put-2"](keys=["ps:{sales}:ver", "ps:{sales}:v0:abc"], args=[0, "old", 60])
    fresh = scripts["010_cache_put-2"](keys=["ps:{sales}:ver", "ps:{sales}:v1:abc"], args=[1, "new", 60])
    assert (stale, fresh) == (0, 1)
    assert redis_client.exists("ps:{sales}:v0:abc") == 0


@pytest.mark.req("RED-1")
def test_a_non_positive_ttl_is_refused_with_an_error(redis_client, scripts) -> None:
    """Entries without expiry are refused: every cached result must expire."""
    with pytest.raises(redis_lib.ResponseError, match="ttl must be a positive"):
        scripts["010_cache_put-2"](keys=["ps:{x}:ver", "ps:{x}:v0:k"], args=[0, "v", 0])
    assert redis_client.exists("ps:{x}:v0:k") == 0


@pytest.mark.req("RED-1")
def test_the_server_runs_with_the_repository_eviction_policy(redis_server) -> None:
    """A harness-started Redis uses redis/redis.conf: bounded memory, LFU eviction over all keys."""
    if redis_server.where == "url":
        pytest.skip("a Redis given by URL keeps its own configuration")
    config = redis_server.client().config_get("maxmemory*")
    assert config["maxmemory-policy"] == "allkeys-lfu"
    assert int(config["maxmemory"]) == 512 * 1024 * 1024

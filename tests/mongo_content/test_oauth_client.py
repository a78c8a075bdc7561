"""CON-3: the client-credentials client against a local stand-in of the Adobe IMS token contract.

These tests use a real Redis (fixture redis_client, a scratch database flushed after each test) and an
HTTP stand-in bound to 127.0.0.1; the real Adobe endpoint cannot be reached from CI.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from promptcontent.connections import ADOBE_CLIENT_SECRET_ENV, adobe_firefly_connection
from promptcontent.oauth import ApiError, ClientConfig, ClientCredentialsClient, OAuthError
from promptcontent.token_server import GENERATE_PATH, Registration, StandInServer

SECRET = "s3cr3t-for-the-stand-in-only"


@pytest.fixture
def connection() -> dict:
    return adobe_firefly_connection(env={})


@pytest.fixture
def stand_in(connection: dict) -> Iterator[StandInServer]:
    auth = connection["auth"]
    server = StandInServer(Registration(auth["client_id"], SECRET, frozenset(auth["scopes"]))).start()
    yield server
    server.stop()


def make_client(connection: dict, server: StandInServer, redis_client, secret: str = SECRET) -> ClientCredentialsClient:
    config = ClientConfig.from_connection(connection, env={ADOBE_CLIENT_SECRET_ENV: secret}, token_url=server.token_url)
    return ClientCredentialsClient(config, redis_client)


@pytest.mark.req("CON-3")
@pytest.mark.redis
def test_token_is_requested_once_and_then_served_from_redis(connection, stand_in, redis_client):
    """The first call POSTs to the token endpoint; the second reads the token cached in Redis."""
    client = make_client(connection, stand_in, redis_client)

    first = client.token()
    second = client.token()

    assert not first.from_cache and second.from_cache
    assert first.access_token == second.access_token
    assert stand_in.state.token_requests == 1
    assert redis_client.get(connection["token_cache"]["key"]) == first.access_token


@pytest.mark.req("CON-3")
@pytest.mark.redis
def test_cached_token_expires_in_redis_before_the_token_itself(connection, stand_in, redis_client):
    """The Redis TTL is expires_in minus the refresh margin, so no reader gets a token about to expire."""
    client = make_client(connection, stand_in, redis_client)

    token = client.token()
    ttl = redis_client.ttl(connection["token_cache"]["key"])

    margin = connection["token_cache"]["refresh_margin_seconds"]
    assert token.expires_in == 86399
    assert token.expires_in - margin - 5 <= ttl <= token.expires_in - margin


@pytest.mark.req("CON-3")
@pytest.mark.redis
def test_wrong_secret_is_rejected_and_nothing_is_cached(connection, stand_in, redis_client):
    """A wrong client secret gets invalid_client from the token endpoint and leaves Redis empty."""
    client = make_client(connection, stand_in, redis_client, secret="not-the-secret")

    with pytest.raises(OAuthError) as excinfo:
        client.token()

    assert excinfo.value.status == 401
    assert excinfo.value.error == "invalid_client"
    assert redis_client.exists(connection["token_cache"]["key"]) == 0


@pytest.mark.req("CON-3")
@pytest.mark.redis
def test_expired_token_is_replaced_and_the_call_retried(connection, stand_in, redis_client):
    """When the API rejects the cached token as expired, the client fetches a new one and retries once."""
    client = make_client(connection, stand_in, redis_client)
    old = client.token().access_token
    stand_in.advance(86400)  # the server now considers every issued token expired

    result = client.post_json(stand_in.base_url + GENERATE_PATH, {"prompt": "a surfer at dawn"})

    assert result["outputs"]
    assert stand_in.state.token_requests == 2
    assert redis_client.get(connection["token_cache"]["key"]) not in (None, old)


@pytest.mark.req("CON-3")
@pytest.mark.redis
def test_token_shorter_than_the_refresh_margin_is_not_cached(connection, redis_client):
    """A token that would expire within the refresh margin is used once but never stored in Redis."""
    auth = connection["auth"]
    registration = Registration(auth["client_id"], SECRET, frozenset(auth["scopes"]), token_lifetime=60)
    server = StandInServer(registration).start()
    try:
        client = make_client(connection, server, redis_client)
        token = client.token()
    finally:
        server.stop()

    assert token.expires_in == 60
    assert redis_client.exists(connection["token_cache"]["key"]) == 0


@pytest.mark.req("CON-3")
@pytest.mark.redis
def test_api_call_without_a_valid_token_fails_after_one_retry(connection, stand_in, redis_client):
    """If even a fresh token is refused the client raises instead of looping."""
    client = make_client(connection, stand_in, redis_client)
    redis_client.set(connection["token_cache"]["key"], "forged-token", ex=600)
    stand_in.state.registration.token_lifetime = 0  # every new token is born expired

    with pytest.raises(ApiError) as excinfo:
        client.post_json(stand_in.base_url + GENERATE_PATH, {"prompt": "x"})

    assert excinfo.value.status == 401


@pytest.mark.req("CON-3")
def test_connection_document_holds_no_secret_value():
    """The stored connection data references the secret by name; the secret value appears nowhere."""
    doc = adobe_firefly_connection(env={ADOBE_CLIENT_SECRET_ENV: SECRET})

    assert SECRET not in repr(doc)
    assert doc["auth"]["client_secret_ref"] == {
        "kind": "env",
        "name": ADOBE_CLIENT_SECRET_ENV,
        "kubernetes_secret": {"name": "promptcontent-adobe", "key": "client-secret"},
    }
    assert doc["auth"]["method"] == "POST" and doc["auth"]["grant_type"] == "client_credentials"


@pytest.mark.req("CON-3")
def test_missing_secret_environment_variable_is_reported():
    """Without the secret's environment variable the client refuses to start, naming the variable."""
    with pytest.raises(OAuthError, match=ADOBE_CLIENT_SECRET_ENV):
        ClientConfig.from_connection(adobe_firefly_connection(env={}), env={})

"""MongoDB provider: URL or a Docker container of MongoDB 8 started as a single-node replica set
(transactions and change streams need a replica set). MongoDB cannot be installed locally here."""

from __future__ import annotations

from typing import Any

from harness.engines.base import (
    IMAGES,
    Engine,
    EngineUnavailable,
    Where,
    docker_image_status,
    resolve,
    wait_until_ready,
)

URL_ENV = "PROMPTSALES_MONGO_URL"


class MongoServer(Engine):
    name = "mongo"

    def __init__(self, url: str, where: Where, on_stop: Any = None) -> None:
        self.url, self.where = url, where
        self._on_stop = on_stop
        self.version = ""

    def client(self, **kwargs: Any) -> Any:
        import pymongo  # noqa: PLC0415

        return pymongo.MongoClient(self.url, serverSelectionTimeoutMS=10_000, **kwargs)

    def probe(self) -> None:
        with self.client() as client:
            self.version = client.server_info()["version"]
            client.admin.command("ping")

    def describe(self) -> str:
        return f"MongoDB {self.version}"

    def stop(self) -> None:
        if self._on_stop is not None:
            self._on_stop()
            self._on_stop = None


def from_docker() -> MongoServer:
    ok, reason = docker_image_status(IMAGES["mongo"])
    if not ok:
        raise EngineUnavailable(reason)
    import pymongo  # noqa: PLC0415
    from testcontainers.core.container import DockerContainer  # noqa: PLC0415

    container = (DockerContainer(IMAGES["mongo"]).with_exposed_ports(27017)
                 .with_command("mongod --replSet rs0 --bind_ip_all"))
    container.start()
    host, port = container.get_container_host_ip(), int(container.get_exposed_port(27017))
    direct = f"mongodb://{host}:{port}/?directConnection=true"

    def initiate() -> None:
        with pymongo.MongoClient(direct, serverSelectionTimeoutMS=2000) as client:
            try:
                client.admin.command("replSetInitiate",
                                     {"_id": "rs0", "members": [{"_id": 0, "host": "localhost:27017"}]})
            except pymongo.errors.OperationFailure as exc:
                if exc.code != 23:  # AlreadyInitialized
                    raise
            if not client.admin.command("hello").get("isWritablePrimary"):
                raise RuntimeError("replica set has no primary yet")

    wait_until_ready(initiate, "MongoDB replica set", timeout=120)
    server = MongoServer(direct, "docker", on_stop=container.stop)
    server.container_id = container.get_wrapped_container().id  # type: ignore[attr-defined]
    wait_until_ready(server.probe, "MongoDB container")
    return server


def from_url(url: str) -> MongoServer:
    server = MongoServer(url, "url")
    wait_until_ready(server.probe, f"MongoDB at {URL_ENV}", timeout=30)
    return server


def provide() -> MongoServer:
    """URL → Docker; MongoDB has no local provider."""
    return resolve(URL_ENV, from_url, [("docker", from_docker)], "MongoDB cannot be installed on this machine")

"""What `up` started, kept in .promptsales/state.json (git-ignored, mode 600) for `status`, `run`,
`shell` and `down`. Local servers keep their data directories under .promptsales/local/."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from harness import STATE_DIR
from harness.engines.base import Engine

STATE_FILE = STATE_DIR / "state.json"


def save(engines: dict[str, Engine], settings: dict[str, str]) -> None:
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"settings": settings, "engines": {}}
    for key, engine in engines.items():
        entry: dict[str, Any] = {"where": engine.where}
        for attr in ("host", "port", "user", "password", "url", "peer_address", "backup_dir", "role", "tls_ca"):
            if hasattr(engine, attr):
                entry[attr] = getattr(engine, attr)
        if hasattr(engine, "data_dir"):
            entry["data_dir"] = str(engine.data_dir)
        for attr in ("container_id", "network_id"):
            if getattr(engine, attr, None):
                entry[attr] = getattr(engine, attr)
        data["engines"][key] = entry
    STATE_FILE.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.chmod(STATE_FILE, 0o600)


def load() -> dict[str, Any]:
    if not STATE_FILE.exists():
        return {"settings": {}, "engines": {}}
    return json.loads(STATE_FILE.read_text(encoding="utf-8"))


def reconnect(key: str, entry: dict[str, Any]) -> Engine:
    """An Engine object for a server recorded by `up` (no new server is started)."""
    from harness.engines.mongo import MongoServer  # noqa: PLC0415
    from harness.engines.mssql import MssqlServer  # noqa: PLC0415
    from harness.engines.postgres import PostgresServer  # noqa: PLC0415
    from harness.engines.redis import RedisServer  # noqa: PLC0415

    engine: Engine
    if key == "postgres":
        engine = PostgresServer(entry["host"], entry["port"], entry["user"], entry["password"], entry["where"])
        engine.tls_ca = entry.get("tls_ca")
    elif key == "redis":
        engine = RedisServer(entry["host"], entry["port"], entry.get("password"), entry["where"],
                             tls_ca=entry.get("tls_ca"))
    elif key == "mongo":
        engine = MongoServer(entry["url"], entry["where"])
    else:
        engine = MssqlServer(entry["role"], entry["host"], entry["port"], entry["user"], entry["password"],
                             entry["where"], entry["peer_address"], entry["backup_dir"])
    for attr in ("data_dir", "container_id", "network_id"):
        if attr in entry:
            setattr(engine, attr, entry[attr])
    engine.probe()  # type: ignore[attr-defined]
    return engine


def stop_recorded() -> list[str]:
    """Stop every server `up` started (local processes and containers); returns what was stopped."""
    from harness.engines import postgres  # noqa: PLC0415

    engines = load()["engines"]
    stopped = []
    for key, entry in engines.items():
        if entry["where"] == "local" and key == "postgres":
            postgres.stop_local(Path(entry["data_dir"]))
            stopped.append(key)
        elif entry["where"] == "local" and key == "redis":
            try:
                reconnect(key, entry).client().shutdown(nosave=True)  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - already stopped, or shutdown closed the socket
                pass
            stopped.append(key)
        elif entry.get("container_id"):
            import docker  # noqa: PLC0415

            try:
                docker.from_env().containers.get(entry["container_id"]).remove(force=True)
            except Exception:  # noqa: BLE001 - already gone
                pass
            stopped.append(key)
    networks = {e["network_id"] for e in engines.values() if e.get("network_id")}
    if networks:
        import docker  # noqa: PLC0415

        for network_id in networks:  # the SQL Server containers' shared network, once they are gone
            try:
                docker.from_env().networks.get(network_id).remove()
            except Exception:  # noqa: BLE001 - already gone
                pass
    shutil.rmtree(STATE_DIR / "local", ignore_errors=True)
    STATE_FILE.unlink(missing_ok=True)
    return stopped

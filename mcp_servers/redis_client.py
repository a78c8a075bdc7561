"""The one place the MCP servers build their Redis client (RED-1 cache, NFR-F3 failover).

``PROMPTSALES_MCP_REDIS_URL`` takes either a plain URL or a Sentinel URL:

- ``redis://[:password@]host:port/db`` and ``rediss://…?ssl_ca_certs=…&ssl_cert_reqs=required`` (TLS):
  one fixed server, exactly what redis-py's ``Redis.from_url`` accepts.
- ``redis+sentinel://[:password@]sentinel1:26379,sentinel2:26379/<master name>[/<db>][?options]`` and
  ``rediss+sentinel://…`` (TLS to the Sentinels and to the master): the client asks the Sentinels which server
  is the master of ``<master name>`` (``redis.sentinel.Sentinel(...).master_for(...)``) every time it opens a
  connection, and drops a connection that finds its server demoted to a replica, so after a failover the
  writes go to the new master. The password is used for the data servers and for the Sentinels (the
  deployment gives both the same ``requirepass``); ``sentinel_password`` overrides it for the Sentinels.
  Options: ``ssl_ca_certs``, ``ssl_certfile``, ``ssl_keyfile``, ``ssl_cert_reqs`` (``required``/``optional``/
  ``none``), ``ssl_check_hostname`` (``true``/``false``), ``sentinel_password``. Anything else is refused.
"""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import redis
from redis.sentinel import Sentinel

SENTINEL_SCHEMES = {"redis+sentinel": False, "rediss+sentinel": True}
SENTINEL_OPTIONS = {"ssl_ca_certs", "ssl_certfile", "ssl_keyfile", "ssl_cert_reqs", "ssl_check_hostname",
                    "sentinel_password"}
CERT_REQS = {"required": ssl.CERT_REQUIRED, "optional": ssl.CERT_OPTIONAL, "none": ssl.CERT_NONE}
HOST = re.compile(r"^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$")
MASTER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class SentinelUrl:
    sentinels: list[tuple[str, int]]
    master: str
    db: int = 0
    password: str | None = None
    sentinel_password: str | None = None
    tls: dict[str, Any] = field(default_factory=dict)   # redis-py ssl_* keyword arguments (empty = plain TCP)


def is_sentinel_url(url: str) -> bool:
    return url.split("://", 1)[0].lower() in SENTINEL_SCHEMES


def parse_sentinel_url(url: str) -> SentinelUrl:
    """The parts of a ``redis+sentinel://`` / ``rediss+sentinel://`` URL; ValueError naming what is wrong (the
    message never repeats the password)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in SENTINEL_SCHEMES:
        raise ValueError("a Sentinel URL starts with redis+sentinel:// or rediss+sentinel://")
    parts = urlsplit("x://" + rest)
    netloc = parts.netloc
    auth, _, hosts = netloc.rpartition("@")
    password = unquote(auth.partition(":")[2]) if auth else None
    sentinels: list[tuple[str, int]] = []
    for item in hosts.split(","):
        host, colon, port_text = item.strip().rpartition(":")
        if not colon:
            host, port_text = item.strip(), "26379"
        if not HOST.match(host):
            raise ValueError(f"invalid Sentinel host {host!r} in the Sentinel URL")
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise ValueError(f"invalid Sentinel port {port_text!r} for {host}")
        sentinels.append((host.strip("[]"), int(port_text)))
    path = [p for p in parts.path.split("/") if p]
    if not path or len(path) > 2:
        raise ValueError("the Sentinel URL path must be /<master name> or /<master name>/<db>")
    master = unquote(path[0])
    if not MASTER.match(master):
        raise ValueError(f"invalid master name {master!r} in the Sentinel URL")
    db_text = path[1] if len(path) == 2 else "0"
    if not db_text.isdigit() or int(db_text) > 15:
        raise ValueError(f"invalid database {db_text!r} in the Sentinel URL (0..15)")
    options = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    unknown = sorted(set(options) - SENTINEL_OPTIONS)
    if unknown:
        raise ValueError(f"unknown Sentinel URL option(s): {', '.join(unknown)}; allowed: "
                         f"{', '.join(sorted(SENTINEL_OPTIONS))}")
    if any(len(v) != 1 for v in options.values()):
        raise ValueError("each Sentinel URL option may appear once")
    opt = {k: v[0] for k, v in options.items()}
    tls: dict[str, Any] = {}
    if SENTINEL_SCHEMES[scheme.lower()]:
        reqs = opt.get("ssl_cert_reqs", "required").lower()
        if reqs not in CERT_REQS:
            raise ValueError(f"ssl_cert_reqs must be one of {', '.join(CERT_REQS)}")
        check = opt.get("ssl_check_hostname", "true").lower()
        if check not in {"true", "false"}:
            raise ValueError("ssl_check_hostname must be true or false")
        tls = {"ssl": True, "ssl_cert_reqs": CERT_REQS[reqs], "ssl_check_hostname": check == "true",
               "ssl_min_version": ssl.TLSVersion.TLSv1_3}
        for key in ("ssl_ca_certs", "ssl_certfile", "ssl_keyfile"):
            if opt.get(key):
                tls[key] = opt[key]
    elif any(k.startswith("ssl_") for k in opt):
        raise ValueError("ssl_* options need the rediss+sentinel:// scheme")
    return SentinelUrl(sentinels, master, int(db_text), password or None,
                       opt.get("sentinel_password") or password or None, tls)


def redis_client(url: str, *, timeout: float, decode_responses: bool = True) -> redis.Redis:
    """A client for `url`: a fixed server for redis:// and rediss://, the current master through Sentinel for
    redis+sentinel:// and rediss+sentinel://."""
    common: dict[str, Any] = {"socket_timeout": timeout, "socket_connect_timeout": timeout,
                              "decode_responses": decode_responses, "health_check_interval": 0}
    if not is_sentinel_url(url):
        return redis.Redis.from_url(url, **common)
    cfg = parse_sentinel_url(url)
    sentinel_kwargs: dict[str, Any] = {"socket_timeout": timeout, "socket_connect_timeout": timeout,
                                       "password": cfg.sentinel_password, **cfg.tls}
    sentinel = Sentinel(cfg.sentinels, sentinel_kwargs=sentinel_kwargs, password=cfg.password, **cfg.tls)
    return sentinel.master_for(cfg.master, db=cfg.db, **common)


__all__ = ["SentinelUrl", "is_sentinel_url", "parse_sentinel_url", "redis_client"]

"""Build or refresh the pgvector index of image descriptions (CON-2, CON-4).

    python -m promptcontent.index --pg-uri postgresql://user@host:5432/promptcontent [--mongo-uri URI]
                                  [--redis-url redis://…]

Reads the image documents from MongoDB (database promptcontent, collection images) when --mongo-uri or
PROMPTCONTENT_MONGO_URI is given, otherwise from the deterministic generator with the harness parameters
(PROMPTSALES_SCALE / _AS_OF / _SEED).  Only new or changed descriptions are embedded; rows whose metadata
alone changed are rewritten without the model.  When the index changed and a Redis URL is configured
(--redis-url or PROMPTSALES_MCP_REDIS_URL), the getContent cache namespace is invalidated with
INCR ps:{mcp:content}:ver (RED-1).  Logs go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

import psycopg

from promptcontent.config import from_environment
from promptcontent.generator import generate_images
from promptcontent.vector_index import RefreshStats, refresh_index

log = logging.getLogger("promptcontent.index")

CONTENT_CACHE_VERSION_KEY = "ps:{mcp:content}:ver"

# What an index row holds (vector_index.index_row); the rest of the MongoDB document stays in MongoDB.
MONGO_PROJECTION = {
    "_id": 0, "image_code": 1, "description": 1, "description_es": 1, "hashtags": 1, "hashtags_es": 1,
    "file": 1, "company_code": 1, "company_name": 1, "campaign_codes": 1, "attributes": 1,
    "usage_rights.licence": 1, "usage_rights.expires_at": 1,
}


def load_documents(mongo_uri: str | None) -> list[dict]:
    if mongo_uri:
        from pymongo import MongoClient  # noqa: PLC0415 - only needed when MongoDB is the source

        with MongoClient(mongo_uri) as client:
            return list(client["promptcontent"].images.find({}, MONGO_PROJECTION))
    return generate_images(from_environment())


def bump_cache_version(redis_url: str | None, stats: RefreshStats) -> int | None:
    """INCR the content namespace version when the index changed; None when skipped (no URL or no change)."""
    if not redis_url:
        log.info("no Redis URL (--redis-url / PROMPTSALES_MCP_REDIS_URL): cache version not bumped")
        return None
    if stats.embedded + stats.deleted + stats.metadata_updated == 0:
        log.info("index unchanged: cache version not bumped")
        return None
    # The MCP servers' client factory: a fixed server or the current master through Sentinel (NFR-F3).
    from mcp_servers.redis_client import redis_client  # noqa: PLC0415 - only needed when a Redis URL is configured

    client = redis_client(redis_url, timeout=10, decode_responses=False)
    try:
        version = int(client.incr(CONTENT_CACHE_VERSION_KEY))
    finally:
        client.close()
    log.info("%s -> %d", CONTENT_CACHE_VERSION_KEY, version)
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-uri", default=os.environ.get("PROMPTCONTENT_PG_URI"), required=False)
    parser.add_argument("--mongo-uri", default=os.environ.get("PROMPTCONTENT_MONGO_URI"))
    parser.add_argument("--redis-url", default=os.environ.get("PROMPTSALES_MCP_REDIS_URL"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if not args.pg_uri:
        parser.error("--pg-uri or PROMPTCONTENT_PG_URI is required")
    documents = load_documents(args.mongo_uri)
    with psycopg.connect(args.pg_uri) as conn:
        stats = refresh_index(conn, documents)
    log.info(
        "source=%s images=%d inserted=%d updated=%d deleted=%d unchanged=%d metadata_updated=%d "
        "embed_seconds=%.2f",
        "mongodb" if args.mongo_uri else "generator", len(documents), stats.inserted, stats.updated,
        stats.deleted, stats.unchanged, stats.metadata_updated, stats.embed_seconds,
    )
    bump_cache_version(args.redis_url, stats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build or refresh the pgvector index of image descriptions (CON-2).

    python -m promptcontent.index --pg-uri postgresql://user@host:5432/promptcontent [--mongo-uri URI]

Reads the image documents from MongoDB (database promptcontent, collection images) when --mongo-uri or
PROMPTCONTENT_MONGO_URI is given, otherwise from the deterministic generator with the harness parameters
(PROMPTSALES_SCALE / _AS_OF / _SEED).  Only new or changed descriptions are embedded.  Logs go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

import psycopg

from promptcontent.config import from_environment
from promptcontent.generator import generate_images
from promptcontent.vector_index import refresh_index

log = logging.getLogger("promptcontent.index")


def load_documents(mongo_uri: str | None) -> list[dict]:
    if mongo_uri:
        from pymongo import MongoClient  # noqa: PLC0415 - only needed when MongoDB is the source

        with MongoClient(mongo_uri) as client:
            return list(client["promptcontent"].images.find({}, {"_id": 0, "image_code": 1, "description": 1}))
    return generate_images(from_environment())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-uri", default=os.environ.get("PROMPTCONTENT_PG_URI"), required=False)
    parser.add_argument("--mongo-uri", default=os.environ.get("PROMPTCONTENT_MONGO_URI"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if not args.pg_uri:
        parser.error("--pg-uri or PROMPTCONTENT_PG_URI is required")
    documents = load_documents(args.mongo_uri)
    with psycopg.connect(args.pg_uri) as conn:
        stats = refresh_index(conn, documents)
    log.info(
        "source=%s images=%d inserted=%d updated=%d deleted=%d unchanged=%d embed_seconds=%.2f",
        "mongodb" if args.mongo_uri else "generator", len(documents), stats.inserted, stats.updated,
        stats.deleted, stats.unchanged, stats.embed_seconds,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

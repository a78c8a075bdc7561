"""Build, refresh and query the pgvector index of image descriptions (CON-2).

The refresh is incremental: it compares the content hash of every source description with the hash
stored in ``content.image_embedding`` and embeds only new or changed descriptions; rows whose image no
longer exists in the source are deleted.  The source is MongoDB when a URI is given, otherwise the
deterministic generator (so CI builds the same index without MongoDB).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from promptcontent import embeddings

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class RefreshStats:
    inserted: int
    updated: int  # re-embedded because a description changed
    deleted: int
    unchanged: int
    embed_seconds: float
    metadata_updated: int = 0  # rewritten without re-embedding (hashtags, file, licence... changed)

    @property
    def embedded(self) -> int:
        return self.inserted + self.updated


# Columns of content.image_embedding that hold what a search returns, beside the vectors (CON-4).
METADATA_COLUMNS: tuple[str, ...] = (
    "description_es", "hashtags", "hashtags_es", "format", "width", "height", "url", "bucket", "storage_key",
    "company_code", "company_name", "campaign_codes", "attributes", "licence", "rights_expires_at",
)


def index_row(document: dict) -> dict:
    """The metadata columns of one image document (MongoDB ``images`` or the generator's dict)."""
    file = document.get("file") or {}
    rights = document.get("usage_rights") or {}
    bucket, key = file.get("bucket"), file.get("storage_key")
    expires = rights.get("expires_at")
    return {
        "description_es": document.get("description_es"),
        "hashtags": list(document.get("hashtags") or []),
        "hashtags_es": list(document.get("hashtags_es") or []),
        "format": file.get("format"),
        "width": file.get("width"),
        "height": file.get("height"),
        "url": f"s3://{bucket}/{key}" if bucket and key else None,
        "bucket": bucket,
        "storage_key": key,
        "company_code": document.get("company_code"),
        "company_name": document.get("company_name"),
        "campaign_codes": list(document.get("campaign_codes") or []),
        "attributes": dict(document.get("attributes") or {}),
        "licence": rights.get("licence"),
        # MongoDB returns naive UTC datetimes, the generator aware ones: store both as UTC.
        "rights_expires_at": (expires if expires is None or expires.tzinfo else expires.replace(tzinfo=UTC)),
    }


def metadata_hash(row: dict) -> str:
    """sha256 of the canonical JSON of the metadata columns (datetimes in ISO 8601 UTC)."""
    def default(value: object) -> str:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    text = json.dumps({c: row[c] for c in METADATA_COLUMNS}, sort_keys=True, ensure_ascii=False, default=default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_UPSERT = f"""
    INSERT INTO content.image_embedding (image_code, description, content_hash, model_name, embedding,
        metadata_hash, {", ".join(METADATA_COLUMNS)})
    VALUES (%(image_code)s, %(description)s, %(content_hash)s, %(model_name)s, %(embedding)s::vector,
        %(metadata_hash)s, {", ".join(f"%({c})s" for c in METADATA_COLUMNS)})
    ON CONFLICT (image_code) DO UPDATE
    SET description = excluded.description,
        content_hash = excluded.content_hash,
        model_name = excluded.model_name,
        embedding = excluded.embedding,
        metadata_hash = excluded.metadata_hash,
        {", ".join(f"{c} = excluded.{c}" for c in METADATA_COLUMNS)},
        embedded_at = clock_timestamp()
"""

_UPDATE_METADATA = f"""
    UPDATE content.image_embedding
    SET metadata_hash = %(metadata_hash)s, {", ".join(f"{c} = %({c})s" for c in METADATA_COLUMNS)}
    WHERE image_code = %(image_code)s
"""


def refresh_index(
    conn: psycopg.Connection,
    documents: Iterable[dict],
    embedder: Embedder = embeddings.embed,
    model_name: str = embeddings.MODEL_NAME,
    delete_missing: bool = True,
) -> RefreshStats:
    """Bring content.image_embedding in line with ``documents`` (image documents: image_code, description,
    description_es, hashtags, hashtags_es, file, company, campaigns, attributes, usage_rights).

    A row is re-embedded only when the content hash of its (English) description changed; a row whose metadata
    alone changed (Spanish description, hashtags, file...) is rewritten without the model.  The IDF lexicon
    of the text score (content.search_lexicon) is refreshed when anything changed.  Runs in one transaction
    on ``conn`` and commits it.
    """
    docs = {d["image_code"]: d for d in documents}
    rows = {code: index_row(d) for code, d in docs.items()}
    with conn.transaction():
        with conn.cursor() as cur:
            cur.execute("SELECT image_code, content_hash, metadata_hash FROM content.image_embedding")
            stored = {code: (chash, mhash) for code, chash, mhash in cur.fetchall()}
            wanted = {code: embeddings.content_hash(d["description"], model_name) for code, d in docs.items()}
            meta = {code: metadata_hash(row) for code, row in rows.items()}
            todo = sorted(code for code, h in wanted.items() if stored.get(code, (None, None))[0] != h)
            started = time.perf_counter()
            vectors = embedder([docs[code]["description"] for code in todo])
            embed_seconds = time.perf_counter() - started
            if todo:
                cur.executemany(_UPSERT, [
                    {
                        "image_code": code,
                        "description": docs[code]["description"],
                        "content_hash": wanted[code],
                        "model_name": model_name,
                        "embedding": embeddings.to_pgvector(vec),
                        "metadata_hash": meta[code],
                        **_adapt(rows[code]),
                    }
                    for code, vec in zip(todo, vectors, strict=True)
                ])
            stale = sorted(code for code in docs if code not in todo and stored[code][1] != meta[code])
            if stale:
                cur.executemany(
                    _UPDATE_METADATA,
                    [{"image_code": code, "metadata_hash": meta[code], **_adapt(rows[code])} for code in stale],
                )
            missing = sorted(set(stored) - set(docs)) if delete_missing else []
            if missing:
                cur.execute("DELETE FROM content.image_embedding WHERE image_code = ANY(%s)", (missing,))
            if todo or stale or missing:
                cur.execute("REFRESH MATERIALIZED VIEW content.search_lexicon")
    inserted = sum(1 for code in todo if code not in stored)
    return RefreshStats(
        inserted=inserted,
        updated=len(todo) - inserted,
        deleted=len(missing),
        unchanged=len(docs) - len(todo),
        embed_seconds=embed_seconds,
        metadata_updated=len(stale),
    )


def _adapt(row: dict) -> dict:
    """psycopg parameters: attributes as jsonb."""
    return {**row, "attributes": Jsonb(row["attributes"])}


def search(
    conn: psycopg.Connection, query_vector: np.ndarray, k: int = 5, ef_search: int = 64
) -> list[tuple[str, float]]:
    """k nearest images by cosine distance through the HNSW index: [(image_code, distance)]."""
    with conn.transaction():
        with conn.cursor() as cur:
            # ef_search bounds the candidate list HNSW keeps; it must be >= k for k results.
            cur.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(max(ef_search, k)),))
            cur.execute(
                "SELECT image_code, distance FROM content.search_images(%s::vector, %s)",
                (embeddings.to_pgvector(query_vector), k),
            )
            return [(code, float(dist)) for code, dist in cur.fetchall()]


def search_text(
    conn: psycopg.Connection, query: str, k: int = 5, embedder: Embedder = embeddings.embed
) -> list[tuple[str, float]]:
    """Embed a natural-language query and search the index."""
    return search(conn, embedder([query])[0], k)


def keyword_search(conn: psycopg.Connection, query: str, k: int = 5) -> list[tuple[str, float]]:
    """Full-text keyword baseline (any query word may match, ranked by ts_rank_cd)."""
    with conn.transaction():
        with conn.cursor() as cur:
            cur.execute("SELECT image_code, score FROM content.search_images_keyword(%s, %s)", (query, k))
            return [(code, float(score)) for code, score in cur.fetchall()]


def trigram_search(conn: psycopg.Connection, query: str, k: int = 5) -> list[tuple[str, float]]:
    """Trigram baseline: pg_trgm word_similarity between the query and each description."""
    with conn.transaction():
        with conn.cursor() as cur:
            cur.execute(
                """
                SELECT image_code, word_similarity(%s, description) AS score
                FROM content.image_embedding
                ORDER BY score DESC, image_code
                LIMIT %s
                """,
                (query, k),
            )
            return [(code, float(score)) for code, score in cur.fetchall()]

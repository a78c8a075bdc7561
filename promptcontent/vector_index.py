"""Build, refresh and query the pgvector index of image descriptions (CON-2).

The refresh is incremental: it compares the content hash of every source description with the hash
stored in ``content.image_embedding`` and embeds only new or changed descriptions; rows whose image no
longer exists in the source are deleted.  The source is MongoDB when a URI is given, otherwise the
deterministic generator (so CI builds the same index without MongoDB).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import psycopg

from promptcontent import embeddings

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class RefreshStats:
    inserted: int
    updated: int
    deleted: int
    unchanged: int
    embed_seconds: float

    @property
    def embedded(self) -> int:
        return self.inserted + self.updated


def refresh_index(
    conn: psycopg.Connection,
    documents: Iterable[dict],
    embedder: Embedder = embeddings.embed,
    model_name: str = embeddings.MODEL_NAME,
    delete_missing: bool = True,
) -> RefreshStats:
    """Bring content.image_embedding in line with ``documents`` (dicts with image_code and description).

    Runs in one transaction on ``conn`` and commits it.
    """
    source = {d["image_code"]: d["description"] for d in documents}
    with conn.transaction():
        with conn.cursor() as cur:
            cur.execute("SELECT image_code, content_hash FROM content.image_embedding")
            stored = dict(cur.fetchall())
            wanted = {code: embeddings.content_hash(text, model_name) for code, text in source.items()}
            todo = sorted(code for code, h in wanted.items() if stored.get(code) != h)
            started = time.perf_counter()
            vectors = embedder([source[code] for code in todo])
            embed_seconds = time.perf_counter() - started
            if todo:
                cur.executemany(
                    """
                    INSERT INTO content.image_embedding (image_code, description, content_hash, model_name, embedding)
                    VALUES (%s, %s, %s, %s, %s::vector)
                    ON CONFLICT (image_code) DO UPDATE
                    SET description = excluded.description,
                        content_hash = excluded.content_hash,
                        model_name = excluded.model_name,
                        embedding = excluded.embedding,
                        embedded_at = clock_timestamp()
                    """,
                    [
                        (code, source[code], wanted[code], model_name, embeddings.to_pgvector(vec))
                        for code, vec in zip(todo, vectors, strict=True)
                    ],
                )
            missing = sorted(set(stored) - set(source)) if delete_missing else []
            if missing:
                cur.execute("DELETE FROM content.image_embedding WHERE image_code = ANY(%s)", (missing,))
    inserted = sum(1 for code in todo if code not in stored)
    return RefreshStats(
        inserted=inserted,
        updated=len(todo) - inserted,
        deleted=len(missing),
        unchanged=len(source) - len(todo),
        embed_seconds=embed_seconds,
    )


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

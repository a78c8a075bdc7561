"""getContent (CON-4): find the catalogue images that match a text description, in Spanish or English.

The ranking is hybrid (``content.search_images_hybrid`` in ``mongo_content/pgvector/050_…``): the query is
embedded with all-MiniLM-L6-v2 and compared with the English and the Spanish description vectors, and its
words are matched against the Spanish (unaccented, stemmed) and English full-text columns; the two signals
are fused into one score in [0, 1]:

    score = VECTOR_WEIGHT * vector_score + (1 - VECTOR_WEIGHT) * text_score
    vector_score = max(0, best cosine similarity with the English or Spanish description vector)
    text_score   = share of the query's words found in the image's description and hashtags

Everything returned comes from the index row, so a search needs only the pgvector database (no MongoDB).
The query text only ever travels as a bound parameter.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import psycopg
from psycopg.rows import dict_row

from promptcontent import embeddings

MAX_TEXT_CHARS = 1000
MAX_LIMIT = 50
MIN_SCORE, MAX_SCORE = 0.0, 1.0
VECTOR_WEIGHT = 0.8  # measured with bench/content/bench_search.py (docs/promptcontent.md)
CANDIDATES = 40  # nearest neighbours taken from each HNSW index before fusion (plus every full-text match)
EF_SEARCH = 100

Embedder = Callable[[list[str]], np.ndarray]

_SQL = """
    SELECT h.score, h.vector_score, h.text_score,
           e.image_code, e.description, e.description_es, e.hashtags, e.hashtags_es, e.format, e.width, e.height,
           e.url, e.bucket, e.storage_key, e.company_code, e.company_name, e.campaign_codes, e.attributes,
           e.licence, e.rights_expires_at
    FROM content.search_images_hybrid(%(embedding)s::vector, %(text)s, %(limit)s, %(min_score)s,
                                      %(candidates)s, %(vector_weight)s) AS h
    JOIN content.image_embedding AS e USING (image_code)
    ORDER BY h.score DESC, h.image_code
"""


def validate(text: object, limit: object, min_score: object) -> str:
    """The normalised query text, or ValueError saying what is wrong with the arguments."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError("text must not be empty: describe the image you are looking for")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise ValueError(f"text is too long: {len(cleaned)} characters, at most {MAX_TEXT_CHARS}")
    if "\x00" in cleaned:
        raise ValueError("text must not contain NUL characters")
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise ValueError(f"limit must be an integer between 1 and {MAX_LIMIT}, got {limit!r}")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or math.isnan(min_score):
        raise ValueError(f"min_score must be a number between {MIN_SCORE} and {MAX_SCORE}, got {min_score!r}")
    if not MIN_SCORE <= min_score <= MAX_SCORE:
        raise ValueError(f"min_score must be between {MIN_SCORE} and {MAX_SCORE}, got {min_score}")
    return cleaned


def get_content(
    conn: psycopg.Connection,
    text: str,
    *,
    limit: int = 5,
    min_score: float = 0.0,
    embedder: Embedder | None = None,
    vector_weight: float = VECTOR_WEIGHT,
) -> list[dict]:
    """Best first. Each dict: image_code, description, description_es, hashtags (list[str]), hashtags_es,
    format, url, score (float in [0, 1]; higher is better), vector_score, text_score and the rest of the
    index row (width, height, bucket, storage_key, company_code, company_name, campaign_codes, attributes,
    licence, rights_expires_at).

    Raises ValueError with a clear message on bad input (empty or too long text, limit outside 1..50,
    min_score outside [0, 1]). Reads only the pgvector database (works without MongoDB).
    """
    cleaned = validate(text, limit, min_score)
    vector = (embedder or embeddings.embed)([cleaned])[0]
    params = {
        "embedding": embeddings.to_pgvector(vector),
        "text": cleaned,
        "limit": limit,
        "min_score": float(min_score),
        "candidates": max(CANDIDATES, limit),
        "vector_weight": vector_weight,
    }
    with conn.transaction():
        with conn.cursor(row_factory=dict_row) as cur:
            cur.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(max(EF_SEARCH, CANDIDATES, limit)),))
            cur.execute(_SQL, params)
            rows = cur.fetchall()
    return [_result(row) for row in rows]


def _result(row: dict) -> dict:
    out = {"image_code": row.pop("image_code")}
    for key in ("score", "vector_score", "text_score"):
        out[key] = float(row.pop(key))  # unrounded: min_score compares against exactly this value
    out.update(row)
    out["hashtags"] = list(out["hashtags"] or [])
    out["hashtags_es"] = list(out["hashtags_es"] or [])
    expires = out["rights_expires_at"]
    out["rights_expires_at"] = expires.isoformat() if expires is not None else None  # JSON-ready for MCP
    return out

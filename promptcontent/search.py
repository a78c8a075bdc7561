"""getContent (CON-4): find the catalogue images that match a text description, in Spanish or English.

The ranking is hybrid (``content.search_images_hybrid`` in ``mongo_content/pgvector/050_…``), one score in
[0, 1] (higher is better):

    score          = (1 - FEEDBACK_WEIGHT) * first + FEEDBACK_WEIGHT * feedback_score
    first          = w * vector_score + (1 - w) * text_score,  w = VECTOR_WEIGHT[language of the query]
    vector_score   = max(0, cosine similarity of the query embedding with the description embedding)
    text_score     = IDF-weighted share of the query's words found in the image's Spanish (unaccented, stemmed)
                     or English description and hashtags
    feedback_score = max(0, cosine similarity with the embedding of the best image by `first`)

all-MiniLM-L6-v2 is an English model: a Spanish query gets little from its embedding and a lot from the
Spanish catalogue text, so the weight of the vector depends on the query's language, detected from its
function words and accents (``detect_language``) or, for a query without them ("alberca"), from the
language in which more of its words occur in the catalogue.  The weights were chosen by measurement
(bench/content/bench_search.py; figures in docs/promptcontent.md).

Everything returned comes from the index row, so a search needs only the pgvector database (no MongoDB).
The query text only ever travels as a bound parameter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import psycopg
from psycopg.rows import dict_row

from promptcontent import embeddings

MAX_TEXT_CHARS = 1000
MAX_LIMIT = 50
MIN_SCORE, MAX_SCORE = 0.0, 1.0
VECTOR_WEIGHT = {"en": 0.8, "es": 0.2}  # measured: bench/content/bench_search.py, docs/promptcontent.md
FEEDBACK_WEIGHT = 0.2  # measured: 0.0 / 0.2 / 0.3 compared at both scales
CANDIDATES = 40  # nearest neighbours taken from the HNSW index before fusion (plus every full-text match)
EF_SEARCH = 100

Embedder = Callable[[list[str]], np.ndarray]

# Function words that tell the two languages apart in a short query ("fotos de playa" / "photos of a beach").
_ES_WORDS = frozenset(
    "de del la las el los un una unos unas y e o u en con sin para por al que se su sus mi mis tu tus es son "
    "muy más mas sobre entre desde hasta como cuando donde este esta estos estas ese esa lo le les nos".split()
)
# "a" is left out: an English article and a Spanish preposition ("a toda velocidad") alike.
_EN_WORDS = frozenset(
    "the an of in on at for with without and or to from by is are my your our their its this that these "
    "those into over under as be it".split()
)

_SQL = """
    SELECT h.score, h.vector_score, h.text_score, h.feedback_score,
           e.image_code, e.description, e.description_es, e.hashtags, e.hashtags_es, e.format, e.width, e.height,
           e.url, e.bucket, e.storage_key, e.company_code, e.company_name, e.campaign_codes, e.attributes,
           e.licence, e.rights_expires_at
    FROM content.search_images_hybrid(%(embedding)s::vector, %(text)s, %(limit)s, %(min_score)s,
                                      %(vector_weight)s, %(feedback_weight)s, %(candidates)s) AS h
    JOIN content.image_embedding AS e USING (image_code)
    ORDER BY h.score DESC, h.image_code
"""


def detect_language(text: str) -> str | None:
    """'es' or 'en' when the function words (plus accents, ñ, ¿, ¡ for Spanish) decide; None when they do not
    ("alberca", "lip colour shades"): get_content then asks the catalogue's lexicon (``_lexicon_language``)."""
    words = re.findall(r"\w+", text.lower())
    spanish = sum(w in _ES_WORDS for w in words) + 2 * bool(re.search(r"[áéíóúüñ¿¡]", text.lower()))
    english = sum(w in _EN_WORDS for w in words)
    if spanish == english:
        return None
    return "es" if spanish > english else "en"


_LEXICON_SQL = """
    WITH q AS (
        SELECT 'es'::text AS lang, x AS lexeme
        FROM unnest(tsvector_to_array(to_tsvector('content.spanish_unaccent', %(text)s))) AS x
        UNION
        SELECT 'en', x FROM unnest(tsvector_to_array(to_tsvector('english', %(text)s))) AS x
    )
    SELECT q.lang, count(s.lexeme)::float / count(*) AS known
    FROM q LEFT JOIN content.search_lexicon AS s USING (lang, lexeme)
    GROUP BY q.lang
"""


def _lexicon_language(cur: psycopg.Cursor, text: str) -> str:
    """The language in which a larger share of the query's words occurs in the catalogue (ties: English)."""
    cur.execute(_LEXICON_SQL, {"text": text})
    known = {row["lang"]: row["known"] for row in cur.fetchall()}
    return "es" if known.get("es", 0.0) > known.get("en", 0.0) else "en"


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
    language: str | None = None,
    vector_weight: float | None = None,
    feedback_weight: float = FEEDBACK_WEIGHT,
) -> list[dict]:
    """Best first. Each dict: image_code, description, description_es, hashtags (list[str]), hashtags_es,
    format, url, score (float in [0, 1]; higher is better), its parts vector_score, text_score and
    feedback_score, language (of the query: 'es' or 'en') and the rest of the index row (width, height,
    bucket, storage_key, company_code, company_name, campaign_codes, attributes, licence, rights_expires_at).

    Raises ValueError with a clear message on bad input (empty or too long text, limit outside 1..50,
    min_score outside [0, 1]). Reads only the pgvector database (works without MongoDB).
    ``language`` ('es'/'en') overrides the detection; ``vector_weight`` / ``feedback_weight`` exist for the
    benchmark that chose the defaults.
    """
    cleaned = validate(text, limit, min_score)
    if language is not None and language not in VECTOR_WEIGHT:
        raise ValueError(f"language must be one of {sorted(VECTOR_WEIGHT)} or None, got {language!r}")
    vector = (embedder or embeddings.embed)([cleaned])[0]
    params = {
        "embedding": embeddings.to_pgvector(vector),
        "text": cleaned,
        "limit": limit,
        "min_score": float(min_score),
        "feedback_weight": feedback_weight,
        "candidates": max(CANDIDATES, limit),
    }
    with conn.transaction():
        with conn.cursor(row_factory=dict_row) as cur:
            lang = language or detect_language(cleaned) or _lexicon_language(cur, cleaned)
            params["vector_weight"] = VECTOR_WEIGHT[lang] if vector_weight is None else vector_weight
            cur.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(max(EF_SEARCH, CANDIDATES, limit)),))
            cur.execute(_SQL, params)
            rows = cur.fetchall()
    return [{**_result(row), "language": lang} for row in rows]


def _result(row: dict) -> dict:
    out = {"image_code": row.pop("image_code")}
    for key in ("score", "vector_score", "text_score", "feedback_score"):
        out[key] = float(row.pop(key))  # unrounded: min_score compares against exactly this value
    out.update(row)
    out["hashtags"] = list(out["hashtags"] or [])
    out["hashtags_es"] = list(out["hashtags_es"] or [])
    expires = out["rights_expires_at"]
    out["rights_expires_at"] = expires.isoformat() if expires is not None else None  # JSON-ready for MCP
    return out

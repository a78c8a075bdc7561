"""Benchmark of the PromptContent search (CON-2, CON-4), both scales side by side in one run: recall@5 and MRR
per language (English queries, their Spanish paraphrases, the held-out Spanish set) and per method, and the
latency of getContent (embedding + hybrid SQL, p50/p95).

    PYTHONPATH=. python bench/content/bench_search.py --pg-uri postgresql://postgres@127.0.0.1:5432/promptcontent

Needs database promptcontent with mongo_content/pgvector/ applied. Rebuilds the index from the generator for
each scale (small, then full) and leaves the last one built. Prints Markdown tables on stdout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import numpy as np
import psycopg

from promptcontent import embeddings, search, vector_index
from promptcontent.config import RunParameters, from_environment
from promptcontent.evaluation import (
    QUERIES,
    QUERIES_ES,
    QUERIES_ES_HELDOUT,
    BM25Ranker,
    CosineRanker,
    Quality,
    evaluate,
)
from promptcontent.generator import generate_images

QUERY_SETS = {"en": QUERIES, "es": QUERIES_ES, "es held-out": QUERIES_ES_HELDOUT}


class CachingEmbedder:
    """The real model; a text embedded once in this run is not embedded again (the scales share queries)."""

    def __init__(self) -> None:
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, embeddings.embed(missing), strict=True))
        if not texts:
            return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])


def _codes(rows: list[dict]) -> list[str]:
    return [r["image_code"] for r in rows]


def methods(conn: psycopg.Connection, docs: list[dict], embed: CachingEmbedder) -> dict[str, Callable[[str], list]]:
    def get(**kw: object) -> Callable[[str], list[str]]:
        return lambda q: _codes(search.get_content(conn, q, limit=10, embedder=embed, **kw))

    spanish_vectors = embed([d["description_es"] for d in docs])
    return {
        "vector only (HNSW, English description)": get(vector_weight=1.0, feedback_weight=0.0),
        "vector on the Spanish description (same model, exact cosine)": CosineRanker(
            [{"image_code": d["image_code"]} for d in docs], spanish_vectors, embed),
        "full-text only (bilingual, IDF share of words)": get(vector_weight=0.0, feedback_weight=0.0),
        "full-text ts_rank_cd (English, any word; CON-2 baseline)": lambda q: [
            c for c, _ in vector_index.keyword_search(conn, q, 10)],
        "trigram pg_trgm word_similarity (English; CON-2 baseline)": lambda q: [
            c for c, _ in vector_index.trigram_search(conn, q, 10)],
        "BM25 in memory (English; CON-2 baseline)": BM25Ranker(docs),
        "hybrid without feedback": get(feedback_weight=0.0),
        "**hybrid (getContent)**": get(),
    }


def latency(conn: psycopg.Connection, queries: list[str], repeat: int) -> tuple[float, float, float, float]:
    """Over `repeat` calls of get_content with the real model (embedding not cached): p50 and p95 of the whole
    call, and the p50 of its two parts, the embedding and the rest (hybrid SQL + Python), in ms."""
    totals, embeds = [], []
    for i in range(repeat):
        query = queries[i % len(queries)]
        started = time.perf_counter()
        vector = embeddings.embed([query])
        embedded = time.perf_counter()
        search.get_content(conn, query, limit=5, embedder=lambda _texts, v=vector: v)
        totals.append(time.perf_counter() - started)
        embeds.append(embedded - started)
    rest = [t - e for t, e in zip(totals, embeds, strict=True)]
    totals.sort()
    return (statistics.median(totals) * 1000, totals[int(0.95 * (len(totals) - 1))] * 1000,
            statistics.median(embeds) * 1000, statistics.median(rest) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-uri", default=os.environ.get("PROMPTCONTENT_PG_URI"), required=False)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--scales", default="small,full")
    args = parser.parse_args()
    base = from_environment()
    embed = CachingEmbedder()
    started = time.perf_counter()
    embeddings.load_model()
    print(f"model load: {time.perf_counter() - started:.2f} s")

    results: dict[tuple[str, str, str], Quality] = {}
    latencies: dict[tuple[str, str], tuple[float, float, float, float]] = {}
    names: list[str] = []
    with psycopg.connect(args.pg_uri) as conn:
        for scale in args.scales.split(","):
            params = RunParameters(scale=scale, as_of=base.as_of, seed=base.seed)
            docs = generate_images(params)
            with conn.transaction():
                conn.execute("TRUNCATE content.image_embedding")
            stats = vector_index.refresh_index(conn, docs, embed)
            print(f"scale={scale}: {len(docs)} images, embedding {stats.embedded} descriptions "
                  f"{stats.embed_seconds:.2f} s (texts seen at an earlier scale come from the cache)")
            ranked = methods(conn, docs, embed)
            names = list(ranked)
            for name, ranker in ranked.items():
                for lang, queries in QUERY_SETS.items():
                    results[(scale, name, lang)] = evaluate(ranker, docs, queries)
            search.get_content(conn, "warm-up query")
            for lang in ("en", "es"):
                latencies[(scale, lang)] = latency(conn, [q.text for q in QUERY_SETS[lang]], args.repeat)

    scales = args.scales.split(",")
    header = " | ".join(f"{lang} R@5 {s} | {lang} MRR {s}" for s in scales for lang in QUERY_SETS)
    print(f"\n| method | {header} |")
    print("|---|" + "---|" * (2 * len(scales) * len(QUERY_SETS)))
    for name in names:
        cells = " | ".join(
            f"{results[(s, name, lang)].recall_at_5:.3f} | {results[(s, name, lang)].mrr:.3f}"
            for s in scales for lang in QUERY_SETS
        )
        print(f"| {name} | {cells} |")
    counts = ", ".join(f"{s}/{lang}: {results[(s, names[0], lang)].queries}" for s in scales for lang in QUERY_SETS)
    print(f"\nscored queries: {counts}")
    print(f"\n| getContent latency, ms ({args.repeat} calls per cell) | p50 | p95 | embedding p50 | SQL + rest p50 |")
    print("|---|---|---|---|---|")
    for s in scales:
        for lang in ("en", "es"):
            p50, p95, emb50, rest50 = latencies[(s, lang)]
            print(f"| {s}, {lang} queries | {p50:.1f} | {p95:.1f} | {emb50:.1f} | {rest50:.1f} |")

if __name__ == "__main__":
    main()

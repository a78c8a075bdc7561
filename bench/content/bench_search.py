"""Benchmark of the PromptContent vector search (CON-2): embedding time of the catalogue, latency of one
query (embedding + HNSW search) and recall@5 / MRR of vector search against the keyword baselines.

    PYTHONPATH=. python bench/content/bench_search.py --pg-uri postgresql://postgres@127.0.0.1:5432/promptcontent

Needs database promptcontent with mongo_content/pgvector/ applied. Rebuilds the index from the generator
(PROMPTSALES_SCALE etc., default full). Prints a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import psycopg

from promptcontent import embeddings, vector_index
from promptcontent.config import from_environment
from promptcontent.evaluation import QUERIES, BM25Ranker, evaluate
from promptcontent.generator import generate_images


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-uri", default=os.environ.get("PROMPTCONTENT_PG_URI"), required=False)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    params = from_environment()
    docs = generate_images(params)

    started = time.perf_counter()
    embeddings.load_model()
    load_s = time.perf_counter() - started

    with psycopg.connect(args.pg_uri) as conn:
        with conn.transaction():
            conn.execute("TRUNCATE content.image_embedding")
        stats = vector_index.refresh_index(conn, docs)
        vector_index.search_text(conn, "warm-up query")
        latencies, embed_only = [], []
        for i in range(args.repeat):
            query = QUERIES[i % len(QUERIES)].text
            t0 = time.perf_counter()
            vec = embeddings.embed([query])[0]
            t1 = time.perf_counter()
            vector_index.search(conn, vec, 5)
            t2 = time.perf_counter()
            embed_only.append(t1 - t0)
            latencies.append(t2 - t0)
        rows = {
            "vector (pgvector HNSW, cosine)": evaluate(
                lambda q: [c for c, _ in vector_index.search_text(conn, q, 10)], docs),
            "full-text (ts_rank_cd, any word)": evaluate(
                lambda q: [c for c, _ in vector_index.keyword_search(conn, q, 10)], docs),
            "trigram (pg_trgm word_similarity)": evaluate(
                lambda q: [c for c, _ in vector_index.trigram_search(conn, q, 10)], docs),
            "BM25 (in memory)": evaluate(BM25Ranker(docs), docs),
        }

    scored = next(iter(rows.values())).queries
    print(f"scale={params.scale} seed={params.seed} images={len(docs)} queries={len(QUERIES)} (scored: {scored})")
    print(f"model load: {load_s:.2f} s; embedding {stats.embedded} descriptions: {stats.embed_seconds:.2f} s")
    med = statistics.median(latencies) * 1000
    p95 = sorted(latencies)[int(0.95 * (len(latencies) - 1))] * 1000
    print(f"one query (embed + search), {args.repeat} runs: median {med:.1f} ms, p95 {p95:.1f} ms; "
          f"of which embedding median {statistics.median(embed_only) * 1000:.1f} ms")
    print("\n| method | recall@5 | MRR@10 |\n|---|---|---|")
    for name, quality in rows.items():
        print(f"| {name} | {quality.recall_at_5:.3f} | {quality.mrr:.3f} |")


if __name__ == "__main__":
    main()

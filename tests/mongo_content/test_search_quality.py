"""CON-2: semantic search with real all-MiniLM-L6-v2 embeddings beats a keyword baseline (engine-free).

The same comparison runs against pgvector and PostgreSQL full-text search in test_vector_index.py.
"""

from __future__ import annotations

import pytest

from promptcontent import embeddings
from promptcontent.config import IMAGE_COUNT, RunParameters
from promptcontent.evaluation import QUERIES, BM25Ranker, CosineRanker, evaluate
from promptcontent.generator import generate_images


@pytest.mark.req("CON-2")
@pytest.mark.parametrize("scale", sorted(IMAGE_COUNT))
def test_the_evaluation_has_at_least_thirty_queries_with_expected_images(scale, run_params):
    """At every scale at least 30 queries have expected images; every single-subject query always has."""
    documents = generate_images(RunParameters(scale=scale, as_of=run_params.as_of, seed=run_params.seed))

    scorable = [q for q in QUERIES if q.relevant(documents)]

    assert len(scorable) >= 30
    assert all(q.relevant(documents) for q in QUERIES if set(q.expect) == {"subject"})


@pytest.mark.req("CON-2")
def test_queries_are_not_copied_from_the_descriptions(image_documents):
    """No query text occurs inside any description (queries paraphrase the attributes)."""
    descriptions = " ".join(d["description"].lower() for d in image_documents)
    for query in QUERIES:
        assert query.text.lower() not in descriptions, query.text


@pytest.mark.req("CON-2")
def test_embeddings_are_384_dimensional_unit_vectors(description_vectors):
    """The model yields one 384-d, unit-length vector per description."""
    assert description_vectors.shape[1] == embeddings.DIMENSIONS
    norms = (description_vectors**2).sum(axis=1) ** 0.5
    assert abs(norms - 1).max() < 1e-4


@pytest.mark.req("CON-2")
def test_vector_search_beats_the_bm25_keyword_baseline(image_documents, description_vectors, embedder):
    """Recall@5 and MRR of exact cosine search are higher than BM25 over the same descriptions."""
    vector = evaluate(CosineRanker(image_documents, description_vectors, embedder), image_documents)
    keyword = evaluate(BM25Ranker(image_documents), image_documents)

    assert vector.beats(keyword), (vector, keyword)
    assert vector.recall_at_5 >= 0.75, vector

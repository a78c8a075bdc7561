"""CON-2: vector search beats MongoDB's own text search over the seeded images (real MongoDB only)."""

from __future__ import annotations

import pytest

from promptcontent.evaluation import CosineRanker, evaluate
from promptcontent.mongo_search import text_search


@pytest.mark.req("CON-2")
@pytest.mark.mongo
def test_vector_search_beats_mongodb_text_search(content_db, image_documents, description_vectors, embedder):
    """Recall@5 and MRR of cosine search exceed $text search on the same images seeded in MongoDB."""
    assert content_db.images.count_documents({}) == len(image_documents)

    vector = evaluate(CosineRanker(image_documents, description_vectors, embedder), image_documents)
    mongo_text = evaluate(lambda q: text_search(content_db, q, 10), image_documents)

    assert vector.beats(mongo_text), (vector, mongo_text)

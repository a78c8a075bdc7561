"""Session fixtures of the PromptContent tests: the generated images and their embeddings, computed once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import psycopg
import pytest

from promptcontent import embeddings, vector_index
from promptcontent.config import RunParameters
from promptcontent.generator import generate_images


@pytest.fixture(scope="session")
def run_params(settings: Any) -> RunParameters:
    """The harness parameters (scale small in the test suite) as the generator takes them."""
    return RunParameters(scale=settings.scale, as_of=settings.as_of, seed=settings.seed)


@pytest.fixture(scope="session")
def image_documents(run_params: RunParameters) -> list[dict]:
    return generate_images(run_params)


class CachingEmbedder:
    """Embeds with the real model, remembering texts already embedded in this session (keeps the run short)."""

    def __init__(self) -> None:
        self.cache: dict[str, np.ndarray] = {}
        self.calls: list[int] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vector in zip(missing, embeddings.embed(missing), strict=True):
                self.cache[text] = vector
        if not texts:
            return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])


@pytest.fixture(scope="session")
def embedder() -> CachingEmbedder:
    return CachingEmbedder()


@pytest.fixture(scope="session")
def description_vectors(image_documents: list[dict], embedder: CachingEmbedder) -> np.ndarray:
    return embedder([d["description"] for d in image_documents])


@pytest.fixture(scope="session")
def vectors_conn(content_vectors_db: Any) -> Iterator[psycopg.Connection]:
    conn = content_vectors_db.connect("promptcontent")
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def built_index(vectors_conn, image_documents, embedder) -> vector_index.RefreshStats:
    """The index after one refresh from the generated documents (starting from an empty table)."""
    with vectors_conn.transaction():
        vectors_conn.execute("TRUNCATE content.image_embedding")
    return vector_index.refresh_index(vectors_conn, image_documents, embedder)

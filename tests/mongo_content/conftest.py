"""Session fixtures of the PromptContent tests: the generated images and their embeddings, computed once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from promptcontent import embeddings
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

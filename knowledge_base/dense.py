"""Dense vectors of every procedure in a faiss index, cached on disk by fingerprint."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import numpy as np

from knowledge_base.encoders import Encoder

log = logging.getLogger(__name__)
BATCH = 64


class DenseIndex:
    def __init__(self, vectors: np.ndarray):
        import faiss  # lazily: see encoders.py

        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._index = faiss.IndexFlatIP(self.vectors.shape[1])
        self._index.add(self.vectors)

    def search(self, query: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self._index.search(query.reshape(1, -1), top)
        return scores[0], ids[0]

    def scores_for(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        return self.vectors[ids] @ query

    @classmethod
    def load_or_build(cls, cache_dir: Path, fingerprint: str, passages: list[str], encoder: Encoder) -> "DenseIndex":
        vectors_path = cache_dir / f"dense-{fingerprint}.npy"
        if vectors_path.exists():
            return cls(np.load(vectors_path))
        vectors = _encode_with_progress(passages, encoder)
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob("dense-*.npy"):
            stale.unlink()
        temporary = vectors_path.with_suffix(".tmp.npy")
        np.save(temporary, vectors)
        temporary.replace(vectors_path)  # atomic: a half-written cache is never read
        (cache_dir / "dense-meta.json").write_text(json.dumps({"fingerprint": fingerprint, "encoder": encoder.name, "count": len(passages)}))
        return cls(vectors)


def _encode_with_progress(passages: list[str], encoder: Encoder) -> np.ndarray:
    from tqdm import tqdm

    started = time.perf_counter()
    chunks = []
    with tqdm(total=len(passages), desc="Building the procedure index", unit="procedure") as bar:
        for start in range(0, len(passages), BATCH):
            chunk = passages[start:start + BATCH]
            chunks.append(encoder.passages(chunk))
            bar.update(len(chunk))
    log.info("encoded %d passages in %.1f s", len(passages), time.perf_counter() - started)
    return np.vstack(chunks)

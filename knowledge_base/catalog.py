"""Load the procedure catalog (gzipped JSON lines) into typed Procedure objects."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from knowledge_base.model import Procedure
from knowledge_base.parse import parse_record


def load_catalog(path: Path) -> list[Procedure]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [parse_record(json.loads(line)) for line in lines if line.strip()]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]

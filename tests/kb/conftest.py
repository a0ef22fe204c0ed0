import gzip
import json

import pytest

from knowledge_base.config import settings


@pytest.fixture(scope="session")
def raw_records() -> dict[str, dict]:
    with gzip.open(settings().catalog_path, "rt", encoding="utf-8") as lines:
        return {r["ma_thu_tuc"]: r for r in map(json.loads, lines)}


@pytest.fixture(scope="session")
def kb():
    from knowledge_base import KnowledgeBase

    return KnowledgeBase.load()

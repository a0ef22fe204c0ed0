"""What the benchmark-set tests share: the catalog's records by code and the ministries every set must cover."""

from __future__ import annotations

import gzip
import json

import pytest

from knowledge_base.config import settings

# The catalog's ministries with many procedures (its courts' few procedures are checked apart)
MAIN_MINISTRIES = ("bo-tai-chinh", "bo-nong-nghiep-mt", "bo-xay-dung", "bo-cong-an", "bo-tu-phap", "ngan-hang-nha-nuoc")


@pytest.fixture(scope="session")
def records() -> dict[str, dict]:
    with gzip.open(settings().catalog_path, "rt", encoding="utf-8") as lines:
        return {r["ma_thu_tuc"].strip(): r for r in map(json.loads, lines)}


@pytest.fixture(scope="session")
def main_ministries() -> tuple[str, ...]:
    return MAIN_MINISTRIES

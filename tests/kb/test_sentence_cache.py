"""The sentence index's frequencies cached by fingerprint (knowledge_base/sentence_cache.py): a cached index scores
exactly as a fresh count, a changed record counts again, a changed synonyms file is read at every load."""

from dataclasses import replace

import pytest

from knowledge_base import sentence_cache
from knowledge_base import sentences as sentences_module
from knowledge_base.phrases import PhraseTable
from knowledge_base.sentences import SentenceIndex, catalog_fingerprint

# (procedure code, question): written for this test, about what the records of everyday procedures state
PAIRS = [
    ("1.001193", "sinh con bao lâu thì phải đi đăng ký khai sinh"),
    ("1.001193", "bà nội có được đi làm khai sinh thay cho bố mẹ không"),
    ("1.001193", "khai sinh cho con cần mang những giấy tờ gì"),
    ("1.001193", "nop ho so khai sinh o dau"),
    ("1.000894", "kết hôn thì nam nữ bao nhiêu tuổi mới được"),
    ("1.000894", "đi đăng ký kết hôn hai người có phải cùng có mặt không"),
    ("1.000894", "dang ky ket hon mat bao lau"),
    ("1.000656", "người nhà mất bao nhiêu ngày thì phải đi khai tử"),
    ("1.000656", "ai có trách nhiệm đi đăng ký khai tử"),
    ("1.004873", "xác nhận tình trạng hôn nhân có thời hạn bao lâu"),
    ("1.004873", "giay xac nhan doc than dung de lam gi"),
    ("1.001022", "nhận con cần có người làm chứng không"),
    ("1.004859", "đổi tên cho con thì điều kiện gì"),
    ("1.004859", "cai chinh ngay sinh tren giay khai sinh can giay to gi"),
    ("2.000635", "xin trích lục bản sao khai sinh mất phí bao nhiêu"),
    ("2.001263", "điều kiện để nhận con nuôi là gì"),
    ("2.001263", "người nhận con nuôi phải hơn con nuôi bao nhiêu tuổi"),
    ("1.004837", "ai được làm người giám hộ cho trẻ em"),
    ("2.000815", "chứng thực bản sao có cần mang bản chính không"),
    ("2.000815", "chung thuc ban sao bao nhieu tien mot trang"),
    ("2.000884", "chứng thực chữ ký có phải ký trước mặt cán bộ không"),
    ("2.001035", "chứng thực hợp đồng mua bán đất mất mấy ngày"),
    ("2.001019", "người lập di chúc có phải có mặt không"),
    ("3.000333", "lý lịch tư pháp làm trong bao lâu thì có"),
    ("3.000333", "co the uy quyen cho nguoi khac xin ly lich tu phap khong"),
    ("1.004222", "nhập hộ khẩu về nhà chồng cần điều kiện gì"),
    ("1.004222", "dang ky thuong tru mat bao nhieu ngay"),
    ("1.004194", "thuê trọ bao lâu thì phải đăng ký tạm trú"),
    ("1.004194", "chủ nhà có phải đồng ý cho đăng ký tạm trú không"),
    ("1.002755", "gia hạn tạm trú trước khi hết hạn bao nhiêu ngày"),
    ("1.003677", "đi làm xa bao lâu thì phải khai báo tạm vắng"),
    ("1.004884", "làm lại giấy khai sinh bị mất cần những gì"),
]


def scored(index: SentenceIndex, kb, pairs) -> list:
    return [
        [(s.sentence, s.score) for s in index.score(question, kb.get(code))] + [index.best(question, kb.get(code))]
        for code, question in pairs
    ]


@pytest.fixture(scope="module")
def fresh_and_cached(kb, tmp_path_factory):
    """The catalog's index counted now (and cached), then the same read back from the cache."""
    cache_dir = tmp_path_factory.mktemp("sentence-cache")
    fresh = SentenceIndex.for_catalog(kb.procedures, kb.aliases, cache_dir)
    cached = SentenceIndex.for_catalog(kb.procedures, kb.aliases, cache_dir)
    return fresh, cached, cache_dir


def test_every_pair_is_about_a_catalog_procedure(kb):
    assert len(PAIRS) >= 30 and all(kb.get(code) is not None for code, _ in PAIRS)


def test_the_cached_index_scores_exactly_as_a_fresh_count(kb, fresh_and_cached):
    fresh, cached, cache_dir = fresh_and_cached
    assert [p.name for p in cache_dir.iterdir()] == [f"sentences-{catalog_fingerprint(kb.procedures)}.npz"]
    assert not cached._sentences  # read from the cache: no record was read yet
    assert cached.frequencies == fresh.frequencies
    fresh_scores = scored(fresh, kb, PAIRS)
    assert scored(cached, kb, PAIRS) == fresh_scores
    scoring = sum(bool(pair[:-1]) and pair[0][1] > 0 for pair in fresh_scores)
    answered = sum(bool(pair[-1]) for pair in fresh_scores)
    assert scoring >= 20 and answered >= 8, (scoring, answered)  # the pairs exercise the scores, not only zeros


def test_a_changed_record_is_counted_again(kb, tmp_path):
    procedures = list(kb.procedures[:300])
    first_index = SentenceIndex.for_catalog(procedures, kb.aliases, tmp_path)
    first = catalog_fingerprint(procedures)
    procedures[7] = replace(procedures[7], conditions="Người nộp hồ sơ phải có mặt để điểm chỉ vào tờ khai.")
    changed = SentenceIndex.for_catalog(procedures, kb.aliases, tmp_path)
    second = catalog_fingerprint(procedures)
    assert second != first
    assert [p.name for p in tmp_path.iterdir()] == [f"sentences-{second}.npz"]  # the stale table is removed
    assert changed.frequencies == SentenceIndex(procedures, []).frequencies
    assert changed.frequencies != first_index.frequencies


def test_a_changed_synonyms_file_is_read_at_every_load(kb, tmp_path, monkeypatch):
    """The synonyms are not part of what is cached (the frequencies are counted over the records alone): a cached
    index scores with the synonyms file as it is now, as a fresh count does."""
    synonyms = tmp_path / "synonyms.tsv"
    monkeypatch.setattr(sentences_module, "SYNONYMS_PATH", synonyms)
    cache_dir = tmp_path / "cache"
    code, question = "1.001193", "ông trẻ có được đi làm giấy cho cháu không"
    synonyms.write_text("# none\n", encoding="utf-8")
    before = SentenceIndex.for_catalog(kb.procedures, kb.aliases, cache_dir).score(question, kb.get(code))
    synonyms.write_text("ông trẻ\tông bà\n", encoding="utf-8")
    cached = SentenceIndex.for_catalog(kb.procedures, kb.aliases, cache_dir)
    assert not cached._sentences  # the frequencies came from the cache
    after = cached.score(question, kb.get(code))
    table = [PhraseTable.load(synonyms), kb.aliases]
    assert after == SentenceIndex(kb.procedures, table).score(question, kb.get(code))
    assert after != before


def test_an_unreadable_cache_is_counted_again(tmp_path):
    path = tmp_path / "sentences-0123456789abcdef.npz"
    path.write_bytes(b"not a numpy file")
    assert sentence_cache.load_idf(tmp_path, "0123456789abcdef") is None
    sentence_cache.save_idf(tmp_path, "0123456789abcdef", {"ho so": 1.5, "a": 0.1})
    assert sentence_cache.load_idf(tmp_path, "0123456789abcdef") == {"ho so": 1.5, "a": 0.1}
    sentence_cache.save_idf(tmp_path, "fedcba9876543210", {})
    assert sentence_cache.load_idf(tmp_path, "fedcba9876543210") == {}
    assert sentence_cache.load_idf(tmp_path, "0123456789abcdef") is None  # another fingerprint's table is removed


def test_a_cache_that_cannot_be_written_is_logged_not_raised(tmp_path, caplog):
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("", encoding="utf-8")
    sentence_cache.save_idf(not_a_directory, "0123456789abcdef", {"ho so": 1.5})
    assert "could not be cached" in caplog.text
    assert sentence_cache.load_idf(not_a_directory, "0123456789abcdef") is None

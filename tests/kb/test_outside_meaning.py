"""Topics outside the catalog recognised by meaning (knowledge_base/outside_meaning.py, issue 10): the descriptions
file, its shipped vectors, the verdict's rules on synthetic vectors, and the real search on questions written for this
file (none is taken from a benchmark set, the dev files of tests/kb/data or the catalog names).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from knowledge_base.config import settings
from knowledge_base.dense import load_shipped
from knowledge_base.encoders import load_encoder
from knowledge_base.outside import Topic, outside_topics
from knowledge_base.outside_meaning import (
    KEEP_SCORE,
    MEANINGS_PATH,
    NAMED_MARGIN,
    NO_TOPIC,
    OUTSIDE_MARGIN,
    SHIPPED_VECTORS,
    Meaning,
    OutsideMeanings,
    fingerprint,
    read_meanings,
)

PHONE_NUMBER = re.compile(r"\d{3,}[ .]?\d{3,}")
MAX_WHERE_CHARS = 360  # the answer around it must stay within one phone screen (600 characters)


def test_every_table_topic_is_described_and_every_topic_says_where_to_go():
    meanings = read_meanings(MEANINGS_PATH, outside_topics().topics)
    described = {m.name for m in meanings}
    assert {t.name for t in outside_topics().topics} <= described
    for meaning in meanings:
        assert len(meaning.sentences) >= 2, meaning.name
        if meaning.name != NO_TOPIC:
            assert meaning.where and len(meaning.where) <= MAX_WHERE_CHARS, meaning.name
            assert not PHONE_NUMBER.search(meaning.where), meaning.name
    sentences = [s for m in meanings for s in m.sentences]
    assert len(sentences) == len(set(sentences))


def test_a_row_without_where_must_name_a_table_row(tmp_path):
    path = tmp_path / "meanings.tsv"
    path.write_text("chưa có\t\tmột câu | câu khác\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no where"):
        read_meanings(path, outside_topics().topics)


def test_the_shipped_vectors_fit_the_descriptions_so_nothing_is_encoded_at_start():
    config = settings()
    encoder = load_encoder(config.encoder, config.encoder_threads)
    meanings = read_meanings(MEANINGS_PATH, outside_topics().topics)
    vectors = load_shipped(SHIPPED_VECTORS, fingerprint(meanings, encoder.name))
    assert vectors is not None, "re-ship with: python -m knowledge_base.outside_meaning"
    assert vectors.shape[0] == sum(len(m.sentences) for m in meanings)


def _meanings() -> OutsideMeanings:
    """Three one-sentence topics on orthogonal axes: a topic, another, and talk that is no topic."""
    meanings = (
        Meaning("hàng xóm", "tổ hòa giải", ("a",)),
        Meaning("xổ số", "công ty xổ số", ("b",)),
        Meaning(NO_TOPIC, "", ("c",)),
    )
    return OutsideMeanings(meanings, np.eye(3, 4, dtype=np.float32))


def _question(axis: int, cosine: float) -> np.ndarray:
    vector = np.zeros(4, dtype=np.float32)
    vector[axis], vector[3] = cosine, np.sqrt(1 - cosine**2)
    return vector


def test_a_refused_question_near_a_topic_is_told_where_to_go():
    verdict = _meanings().verdict("a", _question(0, 0.9), 0.9 - NAMED_MARGIN - 1e-3, True, 0.1, "")
    assert verdict.abstain and verdict.handled_by == "tổ hòa giải"
    verdict = _meanings().verdict("a", _question(0, 0.9), 0.9, True, 0.1, "")
    assert verdict.abstain and verdict.handled_by == ""


def test_an_answered_question_much_nearer_a_topic_is_refused_unless_its_catalog_match_is_strong():
    near = _question(1, 0.9)
    weak = _meanings().verdict("b", near, 0.9 - OUTSIDE_MARGIN - 1e-3, False, KEEP_SCORE - 0.1, "")
    assert weak.abstain and weak.handled_by == "công ty xổ số"
    strong = _meanings().verdict("b", near, 0.9 - OUTSIDE_MARGIN - 1e-3, False, KEEP_SCORE, "")
    assert not strong.abstain and strong.handled_by == ""
    closer_to_the_catalog = _meanings().verdict("b", near, 0.9 - OUTSIDE_MARGIN / 2, False, 0.0, "")
    assert not closer_to_the_catalog.abstain


def test_small_talk_is_never_sent_anywhere_and_the_tables_answer_is_kept():
    small_talk = _question(2, 0.95)
    assert _meanings().verdict("c", small_talk, 0.5, True, 0.0, "").handled_by == ""
    assert not _meanings().verdict("c", small_talk, 0.5, False, 0.0, "").abstain
    assert _meanings().verdict("b", _question(1, 0.95), 0.5, True, 0.0, "Tòa án").handled_by == "Tòa án"


def test_a_question_sharing_no_distinctive_word_with_the_nearest_topic_is_not_sent_there():
    """The encoder reads meaning loosely: "alo" or a song can land nearest any topic."""
    verdict = _meanings().verdict("alo", _question(0, 0.9), 0.5, True, 0.1, "")
    assert verdict.abstain and verdict.handled_by == ""
    assert not _meanings().verdict("d", _question(1, 0.9), 0.5, False, 0.0, "").abstain


def test_a_pair_of_common_words_can_be_distinctive():
    """Words "vé" and "số" are in many descriptions, "vé số" only in the lottery's: a question sharing it is told."""
    common = tuple(f"vé tàu số {n}" for n in range(60)) + tuple(f"số nhà {n}" for n in range(60))
    meanings = (
        Meaning("vé tàu", "nhà ga", common),
        Meaning("xổ số", "công ty xổ số", ("tờ vé số trúng giải",)),
        Meaning(NO_TOPIC, "", ("chào bạn",)),
    )
    vectors = np.zeros((len(common) + 2, 4), dtype=np.float32)
    vectors[:, 0] = 1.0
    vectors[len(common)] = (0.0, 1.0, 0.0, 0.0)
    table = OutsideMeanings(meanings, vectors)
    verdict = table.verdict("ve so bi uot co linh duoc khong", _question(1, 0.9), 0.5, True, 0.1, "")
    assert verdict.abstain and verdict.handled_by == "công ty xổ số"
    assert table.verdict("so bi uot ve nha", _question(1, 0.9), 0.5, True, 0.1, "").handled_by == ""


def test_a_topic_the_table_found_only_context_is_not_told_by_meaning():
    """The table reads "… để vay ngân hàng" as the purpose of a catalog paper: the meaning may not send it away."""
    meanings = (
        Meaning("ngân hàng", "ngân hàng nơi bạn vay", ("vay ngân hàng mua nhà",)),
        Meaning(NO_TOPIC, "", ("chào bạn",)),
    )
    table = OutsideMeanings(meanings, np.eye(2, 4, dtype=np.float32), outside_topics().topics)
    context = "xin giấy xác nhận tình trạng hôn nhân để vay ngân hàng"
    assert not table.verdict(context, _question(0, 0.9), 0.5, False, 0.5, "").abstain
    assert table.verdict("vay ngân hàng lãi suất thấp", _question(0, 0.9), 0.5, False, 0.5, "").abstain


def test_a_topic_of_the_table_takes_its_where_from_the_table(tmp_path):
    path = tmp_path / "meanings.tsv"
    path.write_text("ly hôn\t\tmuốn bỏ chồng | chấm dứt hôn nhân\n", encoding="utf-8")
    table = (Topic("ly hôn", "Tòa án nhân dân khu vực", ("ly hon",)),)
    assert read_meanings(path, table)[0].where == "Tòa án nhân dân khu vực"


# (question, a word of where the search's handled_by must send it): before, the search refused each of them without
# saying where to go, or answered a catalog procedure that shares its words, not its need
NAMED = [
    ("quán bên kia mở nhạc ầm ĩ đến 2 giờ sáng, tôi bức xúc lắm", "hòa giải"),
    ("nhà hàng xóm xả nước thải sang vườn nhà tôi", "hòa giải"),
    ("bị kẻ gian trộm mất chiếc xe đạp trước cổng nhà", "Công an"),
    ("nhận thưởng xổ số giải nhất ở đâu", "xổ số"),
    ("tiền dịch vụ chung cư năm nay tăng gấp đôi", "Ban quản trị"),
    ("hiến giác mạc cho ngân hàng mắt", "ghép"),
    ("mẹ tôi 83 tuổi sống một mình chưa nhận được đồng trợ cấp nào", "UBND xã/phường"),
    ("tôi muốn tham gia hội nông dân ở xã", "chi hội"),
]
# catalog questions near an outside topic's words that must keep their procedure
KEPT = [
    ("cư dân muốn bầu lại ban quản trị chung cư", "Ban quản trị nhà chung cư"),
    ("đăng ký khai sinh cho con", "khai sinh"),
    ("đổi thẻ căn cước khi đủ 25 tuổi", "căn cước"),
    ("xin phép xây nhà 3 tầng", "xây dựng"),
]


@pytest.mark.parametrize("question, where", NAMED)
def test_the_search_refuses_and_says_where_for_a_question_near_an_outside_topic(kb, question, where):
    result = kb.search(question)
    assert result.abstain and where in result.handled_by, (result.handled_by, result.hits[0].name)


@pytest.mark.parametrize("question, name", KEPT)
def test_a_catalog_question_keeps_its_procedure(kb, question, name):
    result = kb.search(question)
    assert not result.abstain and name in result.hits[0].name

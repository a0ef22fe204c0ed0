"""The conditions answer's sentence chosen by words and meaning (knowledge_base.sentence_meaning, .sentences).

Fast: hand-made records and an encoder stand-in whose vectors follow a few marked concepts, so that the rules are
tested without the e5 model. Each test of the choice fails on the code before the meaning signal (best() took no
encoder) or before the lexical fixes (a unit read anywhere in the question, pairs across particles).
"""

from dataclasses import replace

import numpy as np
import pytest
from records import BLANK

from knowledge_base.phrases import PhraseTable
from knowledge_base.sentence_meaning import SentenceMeanings
from knowledge_base.sentences import SentenceIndex

CARD = replace(
    BLANK,
    code="m.1",
    name="Cấp thẻ căn cước cho người dưới 14 tuổi",
    steps=(
        "- Bước 1: Cán bộ tiếp nhận kiểm tra thông tin trong Cơ sở dữ liệu quốc gia về dân cư của người đề nghị.\n"
        "- Trường hợp thực hiện trực tiếp tại Công an cấp xã, người đại diện hợp pháp đưa người dưới 14 tuổi đến "
        "địa điểm làm thủ tục.\n"
        "- Bước 5: Thu lệ phí (nếu có) và cấp giấy hẹn trả kết quả giải quyết thủ tục cho người đề nghị."
    ),
    document_notes=("Người từ đủ 14 tuổi thì tự đến, không cần người đại diện đi cùng.",),
)
VEHICLE = replace(
    BLANK,
    code="m.2",
    name="Đăng ký sang tên xe",
    conditions=(
        "Trong thời hạn 30 ngày, kể từ ngày làm giấy tờ chuyển quyền sở hữu xe, chủ xe phải làm thủ tục thu hồi.\n"
        "Cơ quan đăng ký xe cấp 02 bản chứng nhận thu hồi cho chủ xe khi hồ sơ hợp lệ."
    ),
)
SPLIT = replace(
    BLANK,
    code="m.3",
    name="Tách hộ",
    conditions="Thành viên hộ gia đình được tách hộ phải có năng lực hành vi dân sự đầy đủ.",
    steps="Trường hợp hồ sơ không đủ điều kiện thì từ chối và cấp phiếu từ chối cho người nộp.",
    document_notes=("Người được ủy quyền nộp hồ sơ thay cho người khác phải có văn bản ủy quyền.",),
)
CHILD = replace(
    BLANK,
    code="m.4",
    name="Cấp giấy xác nhận",
    steps=(
        "- Người đại diện hợp pháp đưa trẻ đến nơi làm thủ tục.\n- Cán bộ kiểm tra hồ sơ của trẻ và trả kết quả.\n"
        "- Thu lệ phí của người nộp hồ sơ theo quy định."
    ),
)
SYNONYMS = PhraseTable([("nguoi khac", "ủy quyền")])
# the concepts the stand-in encoder sees: a text's vector is the sum of the directions of the marks it holds
CONCEPTS = {"đưa": 0, "dẫn": 0, "thu lệ phí": 1, "lệ phí": 1, "hẹn": 2, "kiểm tra": 3}


class ConceptEncoder:
    """e5 stand-in: a unit vector over CONCEPTS plus a small constant part; counts the passages it encodes."""

    name = "concepts"

    def __init__(self):
        self.encoded: list[str] = []

    def _vectors(self, texts):
        rows = []
        for text in texts:
            row = np.full(len(set(CONCEPTS.values())) + 1, 0.1)
            for mark, dim in CONCEPTS.items():
                row[dim] += mark in text.lower()
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32)

    def queries(self, texts):
        return self._vectors(texts)

    def passages(self, texts):
        self.encoded.extend(texts)
        return self._vectors(texts)


@pytest.fixture()
def index():
    return SentenceIndex([CARD, VEHICLE, SPLIT, CHILD], [SYNONYMS])


def test_the_sentence_nearest_in_meaning_is_chosen_among_those_the_words_cannot_tell_apart(index):
    question = "dẫn trẻ đi thì sao"  # "trẻ" is in two sentences; "dẫn" in none ("đưa"); no "ai" asking who
    assert len(index.best(question, CHILD)) == 2
    best = index.best(question, CHILD, SentenceMeanings(ConceptEncoder()))
    assert [s.text for s in best] == ["Người đại diện hợp pháp đưa trẻ đến nơi làm thủ tục."]


def test_nothing_near_in_meaning_nor_in_words_stays_not_stated(index):
    meanings = SentenceMeanings(ConceptEncoder())
    assert index.best("làm căn cước cho con có phải mặc áo trắng không", CARD, meanings) == []


def test_a_sentence_is_encoded_once_per_record_and_only_what_is_missing():
    encoder = ConceptEncoder()
    meanings = SentenceMeanings(encoder, records=2)
    first = meanings.similarities("a", "ai dẫn cháu đi", ["Người đại diện đưa trẻ đến.", "Thu lệ phí."])
    assert first.shape == (2,) and first[0] > first[1]
    meanings.similarities("a", "lệ phí bao nhiêu", ["Thu lệ phí.", "Cấp giấy hẹn."])
    assert encoder.encoded == ["Người đại diện đưa trẻ đến.", "Thu lệ phí.", "Cấp giấy hẹn."]
    meanings.similarities("b", "x", ["Kiểm tra hồ sơ."])
    meanings.similarities("c", "x", ["Kiểm tra hồ sơ."])  # three records over a cap of two: "a" is dropped
    assert meanings.cached("a") == 0 and meanings.cached("b") == meanings.cached("c") == 1


def test_a_question_answered_surely_by_its_words_never_encodes(index):
    encoder = ConceptEncoder()
    best = index.best(
        "trong thời hạn bao nhiêu ngày chủ xe phải làm thủ tục thu hồi", VEHICLE, SentenceMeanings(encoder)
    )
    assert best and "30 ngày" in best[0].text and encoder.encoded == []


def test_selling_a_vehicle_is_no_unit_asked(index):
    # "bán" folds to "ban", which is also "bản" (copies): only the word after "bao nhiêu / mấy" is the asked unit
    best = index.best("bán xe cho người ta rồi thì chủ xe phải làm thủ tục thu hồi trong bao lâu", VEHICLE)
    assert best and "30 ngày" in best[0].text


def test_pairs_across_a_particle_or_of_the_name_with_a_question_word_ask_nothing(index):
    asked = index.question_terms("làm căn cước cho bé 5 tuổi thì bé có phải đến không", CARD)
    assert not asked & {"tuoi thi", "den khong", "cuoc cho"}
    assert "den" in asked


def test_the_citizens_words_the_table_rewords_are_replaced_by_the_records(index):
    asked = index.question_terms("nhờ người khác đi làm thủ tục được không", SPLIT)
    assert "uy quyen" in asked and not asked & {"nguoi khac", "khac"}


def test_a_sentence_that_names_conditions_does_not_answer_which_conditions(index):
    best = index.best("tách hộ thì người tách phải đủ điều kiện gì", SPLIT)
    assert best and "năng lực hành vi dân sự" in best[0].text

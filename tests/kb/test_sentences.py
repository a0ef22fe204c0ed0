"""knowledge_base.sentences: splitting a record into sentences and scoring them against a question.

Fast: a few hand-made records (the catalog's IDF is not needed to test the rules), no knowledge base load.
"""

from dataclasses import replace

import pytest
from records import BLANK

from knowledge_base.model import Channel, Document
from knowledge_base.phrases import PhraseTable
from knowledge_base.sentences import (
    DEADLINE_BONUS,
    LONG_QUOTE,
    MIN_CHARS,
    NUMBER_BONUS,
    Sentence,
    SentenceIndex,
    answering_clause,
    meaning_clauses,
    record_sentences,
    split_sentences,
)

BIRTH = replace(
    BLANK,
    code="t.1",
    name="Thủ tục đăng ký khai sinh",
    steps=(
        "- Người yêu cầu nộp hồ sơ tại Ủy ban nhân dân cấp xã.\n"
        "- Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con; "
        "trường hợp cha, mẹ không thể đăng ký khai sinh cho con thì ông hoặc bà hoặc người thân thích khác đi.\n"
        "(i) Trường hợp hồ sơ đầy đủ thì tiếp nhận, trả kết quả trong ngày làm việc tiếp theo. "
        "Cán bộ tiếp nhận hồ sơ kiểm tra tính hợp lệ của giấy tờ."
    ),
    documents=(
        Document("Văn bản ủy quyền", "1 bản chính", "", "ủy quyền thực hiện việc đăng ký khai sinh", ""),
        Document("Tờ khai đăng ký khai sinh", "1 bản chính", "", "", ""),
    ),
    document_notes=("Người đi đăng ký khai sinh là ông, bà thì không phải có văn bản ủy quyền của cha, mẹ.",),
)
MARRIAGE = replace(
    BLANK,
    code="t.2",
    name="Thủ tục đăng ký kết hôn",
    steps="Người yêu cầu đăng ký kết hôn (hai bên nam, nữ phải có mặt) ký vào Sổ đăng ký kết hôn.",
    conditions="Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên; việc kết hôn do hai bên tự nguyện quyết định.",
    channels=(
        Channel("in_person", "", None, False, "Miễn phí", 0, "Nộp hồ sơ trong giờ hành chính các ngày làm việc."),
    ),
)
LAND = replace(
    BLANK,
    code="t.3",
    name="Cấp lại Giấy chứng nhận do bị mất",
    steps=(
        "Văn phòng đăng ký đất đai kiểm tra hồ sơ, trích lục bản đồ địa chính thửa đất đối với nơi chưa có bản đồ "
        "địa chính; niêm yết công khai về việc mất Giấy chứng nhận tại trụ sở Ủy ban nhân dân cấp xã và điểm dân "
        "cư nơi có đất trong thời gian 15 ngày, đồng thời tiếp nhận phản ánh trong thời gian niêm yết, nếu không có "
        "phản ánh thì lập hồ sơ trình cấp lại Giấy chứng nhận cho người sử dụng đất theo quy định."
    ),
)
SYNONYMS = PhraseTable([("ba noi", "ông bà"), ("di thay", "ủy quyền")])


@pytest.fixture(scope="module")
def index():
    return SentenceIndex([BIRTH, MARRIAGE, LAND], [SYNONYMS])


def test_split_at_bullets_enumerations_and_sentence_ends():
    text = (
        "- Bước một của thủ tục này là nộp hồ sơ.\n+ Bước hai: nhận kết quả tại xã. (ii) Trường hợp hồ sơ thiếu "
        "thì bổ sung. Sau đó nộp lại hồ sơ ở Bộ phận Một cửa."
    )
    assert split_sentences(text) == [
        "Bước một của thủ tục này là nộp hồ sơ.",
        "Bước hai: nhận kết quả tại xã.",
        "Trường hợp hồ sơ thiếu thì bổ sung.",
        "Sau đó nộp lại hồ sơ ở Bộ phận Một cửa.",
    ]


def test_split_keeps_numbers_and_drops_fragments():
    text = "Trong thời hạn 03 ngày làm việc (không quá 05 ngày) thì trả kết quả.\nGhi chú:\n"
    pieces = split_sentences(text)
    assert pieces == ["Trong thời hạn 03 ngày làm việc (không quá 05 ngày) thì trả kết quả."]
    assert all(len(p) >= MIN_CHARS for p in pieces)


def test_a_long_sentence_is_split_at_semicolons():
    long = "; ".join(f"trường hợp số {i} thì người yêu cầu phải nộp thêm giấy tờ chứng minh" for i in range(6))
    assert len(split_sentences(long)) == 6


def test_record_sentences_cover_every_field_with_the_document_name():
    sentences = record_sentences(BIRTH)
    sources = {s.source for s in sentences}
    assert {"steps", "documents", "document_notes"} <= sources
    assert Sentence("Văn bản ủy quyền: trường hợp ủy quyền thực hiện việc đăng ký khai sinh", "documents") in sentences
    assert len(sentences) == len({s.text for s in sentences})
    marriage = record_sentences(MARRIAGE)
    assert {"conditions", "steps", "channels"} <= {s.source for s in marriage}


def test_a_deadline_question_finds_the_sentence_with_the_number(index):
    best = index.best("sinh con bao nhiêu ngày thì phải đi khai sinh", BIRTH)
    assert best and "60 ngày" in best[0].text


def test_an_amount_asked_in_a_unit_needs_a_sentence_stating_it(index):
    assert index.best("nhà thuê phải rộng bao nhiêu mét vuông mới được khai sinh", BIRTH) == []


def test_synonyms_bring_the_record_wording(index):
    assert {"ong ba", "uy quyen"} <= index.question_terms("bà nội đi thay được không", BIRTH)
    best = index.best("bà nội đi thay được không", BIRTH)
    assert best and "ông, bà" in best[0].text


def test_the_procedure_name_and_question_words_do_not_count(index):
    asked = index.question_terms("đăng ký kết hôn thì có được không", MARRIAGE)
    assert not asked & {"ket", "hon", "ket hon", "dang", "ky", "duoc", "khong"}
    assert index.best("đăng ký kết hôn thì sao", MARRIAGE) == []


def test_who_must_be_present(index):
    best = index.best("hai bên có phải cùng có mặt không", MARRIAGE)
    assert best and "có mặt" in best[0].text


def test_age_limit_question_answers_with_the_condition(index):
    best = index.best("nữ mấy tuổi thì được kết hôn", MARRIAGE)
    assert best and "18 tuổi" in best[0].text


def test_scores_are_best_first_and_between_zero_and_a_bonus(index):
    scored = index.score("trong thời hạn mấy ngày phải khai sinh cho con", BIRTH)
    values = [s.score for s in scored]
    assert values == sorted(values, reverse=True)
    assert 0 <= values[-1] and values[0] <= 1 + NUMBER_BONUS + DEADLINE_BONUS  # a deadline asked and stated


def test_a_sentence_is_cut_on_meaning_only():
    text = "Bước 2: cán bộ kiểm tra hồ sơ, ghi phiếu hẹn; trường hợp thiếu thì hướng dẫn bổ sung, nếu đủ thì tiếp nhận"
    assert meaning_clauses(text) == [
        "Bước 2",
        "cán bộ kiểm tra hồ sơ, ghi phiếu hẹn",
        "trường hợp thiếu thì hướng dẫn bổ sung",
        "nếu đủ thì tiếp nhận",
    ]
    assert meaning_clauses("Người nếu cần, nếuđủ thì nộp, trường hợpx khác") == [
        "Người nếu cần, nếuđủ thì nộp, trường hợpx khác"
    ]


def test_a_short_sentence_is_quoted_whole():
    short = "Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ đăng ký khai sinh; trường hợp khác thì ông bà đi."
    assert answering_clause(short, lambda clause: float("ông" in clause)) == short


def test_a_long_sentence_is_quoted_by_its_answering_clause_within_the_limit():
    clauses = [f"trường hợp số {i} thì người yêu cầu phải nộp thêm bản sao giấy tờ chứng minh" for i in range(6)]
    long = "; ".join(clauses)
    assert len(long) > LONG_QUOTE
    quoted = answering_clause(long, lambda clause: float("số 4" in clause))
    assert "số 4" in quoted and len(quoted) <= LONG_QUOTE
    assert quoted in long  # whole clauses of the sentence, none cut mid-word
    assert quoted.startswith(clauses[3]) or quoted.startswith(clauses[4])


def test_the_best_long_sentence_is_quoted_by_the_clause_with_the_asked_number(index):
    best = index.best("mất giấy chứng nhận thì niêm yết ở xã bao nhiêu ngày", LAND)
    assert len(LAND.steps) > LONG_QUOTE
    assert best and "niêm yết công khai" in best[0].text and "15 ngày" in best[0].text
    assert len(best[0].text) <= LONG_QUOTE and "trích lục" not in best[0].text


def test_a_nickname_of_the_procedures_subject_is_named_not_asked():
    nicknames = PhraseTable([("so do", "giấy chứng nhận quyền sử dụng đất")])
    index = SentenceIndex([BIRTH, MARRIAGE, LAND], [SYNONYMS, nicknames])
    asked = index.question_terms("mất sổ đỏ làm lại có phải niêm yết không", LAND)
    assert "niem yet" in asked and not asked & {"so do", "quyen", "su dung", "dat"}
    best = index.best("mất sổ đỏ làm lại có phải niêm yết không", LAND)
    assert best and best[0].text.startswith("niêm yết công khai")


DEATH = replace(
    BLANK,
    code="t.4",
    name="Thủ tục đăng ký khai tử",
    steps=(
        "- Trong thời hạn 03 ngày làm việc kể từ ngày nhận được yêu cầu xác minh, Ủy ban nhân dân cấp xã có trách "
        "nhiệm kiểm tra, xác minh và trả lời.\n"
        "- Trong thời hạn 15 ngày kể từ ngày có người chết thì vợ, chồng hoặc con, cha, mẹ hoặc người thân thích khác "
        "của người chết có trách nhiệm đi đăng ký khai tử."
    ),
)


def test_a_question_asking_who_is_answered_by_the_sentence_naming_the_actor(index):
    best = index.best("bé sinh ra thì người nào phải đi khai sinh cho bé", BIRTH)  # not "Người yêu cầu nộp …"
    assert best and "cha hoặc mẹ có trách nhiệm" in best[0].text


def test_a_question_in_words_of_lateness_is_answered_by_the_citizens_deadline_not_the_agencys():
    index = SentenceIndex([DEATH, BIRTH, MARRIAGE], [SYNONYMS])
    best = index.best("bố mất hơn 20 ngày mới đi khai tử thì có trễ hạn không", DEATH)
    assert best and "15 ngày" in best[0].text and "03 ngày" not in " ".join(s.text for s in best)


def test_a_question_asking_only_what_is_not_allowed_is_answered_from_the_conditions_field(index):
    best = index.best("trường hợp nào thì không được kết hôn", MARRIAGE)
    assert best and best[0].source == "conditions"

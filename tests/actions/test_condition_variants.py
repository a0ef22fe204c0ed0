"""Conditions answered from the right sentence, and close variants compared on the asked condition (issue 10,
session 12, brief C):
- an age the question states ("bé 9 tuổi") sets aside the record's sentences about other ages only ("dưới 06
  tuổi"); a bound the question asks about ("dưới 14 tuổi") is no age of the citizen's;
- a question asking whether someone may go instead ("xin … thay có được không") is answered by the clause naming
  the authorisation, quoted once though two papers state it;
- between close variants a condition is answered at once when every variant's record answers it with the same
  numbers in mostly the same words, or none does; a condition stated with other ages, or in one variant only, asks.
Questions written for these tests, not taken from any benchmark set.
"""

from __future__ import annotations

import pytest
from action_helpers import all_text, first_answer

from actions.clients import knowledge_base as kb_client
from actions.procedures.render.variants import SAME_CONDITION, variant_note
from knowledge_base.text import fold
from knowledge_base.variants import leaves_out_age, own_age

QUOTED = "Theo quy định của thủ tục"
CARD_CHANGE = "1.014063"  # Cấp đổi thẻ căn cước (commune)
PROVINCE_CARD_CHANGE = "2.001195"  # Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)
CARD_UNDER_14, CARD_FROM_14 = "1.014062", "1.014061"
CRIMINAL_RECORD = "3.000333"  # Cấp Phiếu Lý lịch tư pháp


def _quoted(question: str, code: str) -> str:
    messages, slots = first_answer(question, pending_aspect="conditions")
    text = all_text(messages)
    assert slots.get("current_procedure_code") == code, text[:200]
    assert text.startswith(QUOTED), text[:300]
    return text.split(": ", 1)[1].rsplit("\n", 1)[0]


@pytest.mark.parametrize(
    "question",
    [
        "đổi thẻ căn cước cho cháu 9 tuổi thì người nào phải đưa cháu đi",
        "doi the can cuoc cho be 7 tuoi thi ai dan be di",
        "con tôi 12 tuổi đổi thẻ căn cước thì ai phải đi cùng cháu",
        "cấp đổi căn cước cho con gái 9 tuổi ai phải đi với cháu",
    ],
)
def test_a_sentence_about_other_ages_is_set_aside(kb, question):
    quoted = _quoted(question, CARD_CHANGE)
    assert "dưới 14 tuổi" in quoted and "dưới 06 tuổi" not in quoted, quoted
    index = kb_client._sentences
    other_ages = [s for s in index.score(question, kb.get(CARD_CHANGE)) if _only_under_six(s.sentence.text)]
    assert other_ages and all(s.score == 0 for s in other_ages)


def _only_under_six(text: str) -> bool:
    return "dưới 06 tuổi" in text and "14 tuổi" not in text


def test_a_child_of_the_sentence_s_age_still_gets_it(kb):
    quoted = _quoted("đổi thẻ căn cước cho bé 4 tuổi trên cổng dịch vụ công thì ai đứng ra khai", CARD_CHANGE)
    assert "dưới 06 tuổi" in quoted, quoted


def test_ages_stated_and_bounds_asked():
    assert own_age(fold("con tôi 10 tuổi")) == 10
    assert own_age(fold("người dưới 14 tuổi thì ai đi cùng")) is None
    assert own_age(fold("đủ 14 tuổi chưa")) is None
    assert leaves_out_age(fold("người đại diện cho người dưới 06 tuổi"), 10)
    assert not leaves_out_age(fold("người từ đủ 06 tuổi đến dưới 14 tuổi"), 10)
    assert not leaves_out_age(fold("người dưới 14 tuổi"), 10)
    assert not leaves_out_age(fold("công dân"), 10)
    assert leaves_out_age(fold("công dân từ đủ 14 tuổi"), 10)


@pytest.mark.parametrize(
    "question",
    [
        "nhờ chị gái xin phiếu lý lịch tư pháp thay có được không",
        "cho người nhà đi xin lý lịch tư pháp thay tôi được không",
    ],
)
def test_someone_going_instead_is_answered_by_the_authorisation_clause_once(kb, question):
    quoted = _quoted(question, CRIMINAL_RECORD)
    assert quoted.lower().startswith("trường hợp ủy quyền"), quoted
    assert quoted.count("ủy quyền") == 1, quoted


def test_a_changed_photo_asks_no_one_going_instead(kb):
    index = kb_client._sentences
    assert not index._asked("thay ảnh trên phiếu lý lịch tư pháp được không", kb.get(CRIMINAL_RECORD)).actor
    assert index._asked("xin phiếu lý lịch tư pháp thay có được không", kb.get(CRIMINAL_RECORD)).actor


def test_a_condition_both_variants_state_alike_is_answered(kb):
    procs = [kb.get(CARD_CHANGE), kb.get(PROVINCE_CARD_CHANGE)]
    note = variant_note(procs, "conditions", "đổi thẻ căn cước cho con 8 tuổi thì ai đi cùng")
    assert note and note.startswith(f"{SAME_CONDITION} như nhau ở cả 2 trường hợp"), note


def test_a_condition_no_variant_states_is_answered_without_a_claim(kb):
    procs = [kb.get(CARD_UNDER_14), kb.get(CARD_FROM_14)]
    assert variant_note(procs, "conditions", "nhờ người khác đi làm căn cước thay được không") == ""


def test_a_condition_stated_for_other_ages_or_in_one_variant_only_still_asks(kb):
    ages = [kb.get(CARD_UNDER_14), kb.get(CARD_FROM_14)]
    assert variant_note(ages, "conditions", "làm căn cước có phải lấy vân tay không") is None
    levels = [kb.get(CARD_CHANGE), kb.get(PROVINCE_CARD_CHANGE)]
    assert variant_note(levels, "conditions", "đổi thẻ căn cước có phải lấy lại vân tay không") is None
    assert variant_note(levels, "conditions") is None  # no question: nothing to compare

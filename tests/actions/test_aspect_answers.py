"""The fact asked is answered first even when the NLU reads the message as a procedure question (``ask_procedure``),
a story (``nlu_fallback``), a lost paper, a re-search typed as a choice, or another aspect: through the actions,
over the real knowledge base. The questions (test_aspect_reader.QUESTIONS) are written for these tests.
"""

from __future__ import annotations

import re

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action
from test_aspect_reader import QUESTIONS

from actions.fallback.fallback import ActionFallback, ActionOutOfScope
from actions.procedures.answers import ActionAnswerFee, ActionAnswerTime
from actions.procedures.search import ActionChooseOption, ActionSearchProcedure

# how each answer starts, and the fact it must state
ANSWERS = {
    "documents": (r"Giấy tờ cần chuẩn bị", r"\n1\. "),
    "fee": (r"Lệ phí", r"\d{1,3}(?:\.\d{3})+ đồng|Miễn phí|Miễn lệ phí|[Cc]ó lệ phí"),
    "time": (r"Thời hạn giải quyết", r"\d+ (?:ngày|giờ)|Trong ngày"),
    "where": (r"Nơi nộp hồ sơ", r"cấp xã|Công an|Ủy ban|UBND|Sở |Bộ phận|Phòng|Cục"),
    "online": (r"Nộp trực tuyến", r"Nộp trực tuyến: (?:có|không)"),
    "legal": (r"Căn cứ pháp lý", r"Luật|Nghị định|Thông tư|Nghị quyết"),
    "summary": (r"📄", r"Lệ phí:"),
}
# the reader's known miss on its own set ("giấy tờ" in the procedure's name outweighs "mất tiền")
READER_MISSES = {"Tôi già rồi mắt kém, cho tôi hỏi chứng thực bản sao giấy tờ có mất tiền không?"}


def assert_answers(messages, aspect: str) -> None:
    text = all_text(messages)
    start, fact = ANSWERS[aspect]
    assert re.match(start, text), text[:200]
    assert re.search(fact, text), text[:400]


def _answered(messages, slots, aspect: str) -> None:
    """The first reply answers ``aspect``; or, when the fact differs between close variants, the variant question
    keeps ``aspect`` as the one to answer once a variant is chosen (and choosing answers it)."""
    if slots.get("pending_variants"):
        assert slots.get("pending_aspect") == aspect
        chosen = make_tracker("cái đầu tiên", "choose_option", slots=slots)
        messages, _, _ = run_action(ActionChooseOption(), chosen)
    assert_answers(messages, aspect)


@pytest.mark.parametrize(
    "question,aspect",
    [
        pytest.param(q, a, marks=pytest.mark.xfail(strict=True, reason="reader miss")) if q in READER_MISSES else (q, a)
        for q, a in QUESTIONS
    ],
    ids=[q[:60] for q, _ in QUESTIONS],
)
def test_a_procedure_question_answers_the_aspect_asked_in_it(kb, question, aspect):
    messages, _, slots = run_action(ActionSearchProcedure(), make_tracker(question, "ask_procedure"))
    _answered(messages, slots, aspect)


def test_two_aspects_answer_the_first_with_the_second_behind_a_button(kb):
    messages, _, _ = run_action(
        ActionSearchProcedure(), make_tracker("đăng ký kết hôn cần giấy tờ gì và mất bao lâu", "ask_procedure")
    )
    assert_answers(messages, "documents")
    assert "/ask_time" in [b["payload"] for b in all_buttons(messages)]


@pytest.mark.parametrize(
    "question,aspect",
    [
        (
            "Con dâu tôi mới sinh cháu ở bệnh viện huyện, con trai tôi đi làm ăn trong Nam chưa về được, "
            "bà nội đi làm giấy khai sinh cho cháu thì phải mang theo những gì?",
            "documents",
        ),
        (
            "me toi nam nay 80 tuoi roi, muon dang ky thuong tru ve o voi vo chong toi thi nop giay to o dau",
            "where",
        ),
    ],
)
def test_a_story_the_nlu_did_not_understand_answers_the_aspect_asked(kb, question, aspect):
    messages, _, slots = run_action(ActionFallback(), make_tracker(question, "nlu_fallback"))
    _answered(messages, slots, aspect)


@pytest.mark.parametrize(
    "question,aspect",
    [
        ("hôm qua tôi đánh rơi bằng lái xe máy ngoài chợ rồi, làm lại hết bao nhiêu tiền", "fee"),
        ("em bi mat can cuoc cong dan, lam lai mat may ngay vay", "time"),
    ],
)
def test_a_lost_paper_answers_the_aspect_asked(kb, question, aspect):
    messages, _, slots = run_action(ActionOutOfScope(), make_tracker(question, "out_of_scope"))
    _answered(messages, slots, aspect)


def test_a_re_search_typed_as_a_choice_answers_the_aspect_asked(kb):
    tracker = make_tracker("thế còn đăng ký tạm trú thì cần giấy tờ gì", "choose_option")
    messages, _, slots = run_action(ActionChooseOption(), tracker)
    _answered(messages, slots, "documents")


def test_an_aspect_intent_is_kept(kb):
    messages, _, _ = run_action(ActionAnswerFee(), make_tracker("đăng ký khai tử có mất phí không", "ask_fee"))
    assert_answers(messages, "fee")


def test_an_aspect_intent_gives_way_to_a_very_clear_other_aspect(kb):
    tracker = make_tracker("hồ sơ đăng ký kết hôn gồm những giấy tờ gì", "ask_time")
    messages, _, _ = run_action(ActionAnswerTime(), tracker)
    assert_answers(messages, "documents")


def test_a_variant_question_keeps_the_aspect_asked(kb):
    # the card's papers differ under and over 14 (a plain place question is now answered for the nearest office)
    tracker = make_tracker("làm thẻ căn cước thì phải chuẩn bị những giấy tờ gì", "ask_procedure")
    messages, _, slots = run_action(ActionSearchProcedure(), tracker)
    assert slots.get("pending_variants") and slots.get("pending_aspect") == "documents", all_text(messages)
    _answered(messages, slots, "documents")

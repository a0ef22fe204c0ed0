"""The custom actions, driven with tracker fixtures against the real knowledge base."""

from __future__ import annotations

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action, user_event

from actions.fallback.fallback import (
    ActionFallback,
    ActionHandleAffirm,
    ActionHandleDeny,
    ActionOutOfScope,
    looks_english,
)
from actions.procedures.answers import (
    ActionAnswerDocuments,
    ActionAnswerFee,
    ActionAnswerOnline,
    ActionAnswerTime,
    ActionAnswerWhere,
)
from actions.procedures.search import ActionChooseOption, ActionSearchProcedure, pick_from_text

BIRTH = "1.001193"  # Thủ tục đăng ký khai sinh
RESIDENCE = "1.004222"  # Đăng ký thường trú


def choose_codes(messages) -> list[str]:
    return [
        b["payload"].split('"procedure_code":"')[1].split('"')[0]
        for b in all_buttons(messages)
        if b["payload"].startswith("/choose_option")
    ]


def answered_code(messages, slots) -> str | None:
    return slots.get("current_procedure_code")


# ------------------------------------------------------------------ search
def test_search_answers_with_summary_or_asks_which_variant(kb):
    messages, _, slots = run_action(
        ActionSearchProcedure(), make_tracker("tôi muốn đăng ký khai sinh", "ask_procedure")
    )
    text = all_text(messages)
    if slots.get("pending_variants"):
        assert BIRTH in slots["pending_variants"] and BIRTH in choose_codes(messages)
        assert "trường hợp nào" in text
    else:
        assert slots["current_procedure_code"] == BIRTH
        assert "khai sinh" in text.lower() and BIRTH in text


def test_search_without_diacritics_and_with_abbreviation(kb):
    messages, _, slots = run_action(ActionSearchProcedure(), make_tracker("dk tam tru", "ask_procedure"))
    code = slots.get("current_procedure_code") or (slots.get("pending_variants") or [None])[0]
    assert code is not None
    assert "tạm trú" in kb.get(code).name.lower()


def test_summary_has_the_essentials_and_next_question_buttons(kb):
    messages, _, slots = run_action(ActionSearchProcedure(), make_tracker("đăng ký thường trú", "ask_procedure"))
    assert slots["current_procedure_code"] == RESIDENCE
    text = all_text(messages)
    for part in ("Đăng ký thường trú", RESIDENCE, "Cơ quan giải quyết", "Thời hạn", "Lệ phí", "Nộp trực tuyến", "http"):
        assert part in text
    payloads = [b["payload"] for b in all_buttons(messages)]
    assert "/ask_documents" in payloads and "/ask_where" in payloads


def test_out_of_catalog_is_said_honestly_with_where_to_go_and_a_person(kb):
    messages, events, _ = run_action(
        ActionSearchProcedure(), make_tracker("xin chuyển trường cho con học lớp 6", "ask_procedure")
    )
    text = all_text(messages)
    assert "không thuộc" in text and "Giáo dục" in text and "1800 1096" in text
    assert "/request_human" in [b["payload"] for b in all_buttons(messages)]
    assert any(e.get("name") == "turn_failed" and e.get("value") for e in events)


def test_choose_option_payload_answers_the_chosen_procedure(kb):
    tracker = make_tracker(
        '/choose_option{"procedure_code":"%s"}' % BIRTH,
        "choose_option",
        [{"entity": "procedure_code", "value": BIRTH}],
        slots={"pending_variants": [BIRTH, "1.003583"], "pending_aspect": "fee"},
    )
    messages, _, slots = run_action(ActionChooseOption(), tracker)
    assert slots["current_procedure_code"] == BIRTH and slots["pending_variants"] is None
    assert "Lệ phí" in all_text(messages) and BIRTH in all_text(messages)


def test_choose_option_by_typing(kb):
    tracker = make_tracker("cái thứ hai", "choose_option", slots={"pending_variants": [BIRTH, "1.003583"]})
    _, _, slots = run_action(ActionChooseOption(), tracker)
    assert slots["current_procedure_code"] == "1.003583"


@pytest.mark.parametrize(
    "said, expected",
    [
        ("số 2", 1),
        ("cai dau tien", 0),
        ("cái cuối", 2),
        ("lưu động", 1),
        ("co yeu to nuoc ngoai", 2),
        ("bình thường", 0),
    ],
)
def test_pick_from_text(said, expected):
    names = [
        "Thủ tục đăng ký khai sinh",
        "Thủ tục đăng ký khai sinh lưu động",
        "Thủ tục đăng ký khai sinh có yếu tố nước ngoài",
    ]
    assert pick_from_text(said, names) == expected


# ------------------------------------------------------------------ follow-ups on the current procedure
def follow_up(action, text, intent, entities=(), current=BIRTH):
    """``action`` run on ``text`` while the conversation is about the procedure ``current``: (messages, slots)."""
    tracker = make_tracker(text, intent, entities, slots={"current_procedure_code": current})
    messages, _, slots = run_action(action, tracker)
    return messages, slots


def test_follow_up_fee_answers_about_the_current_procedure(kb):
    messages, slots = follow_up(ActionAnswerFee(), "lệ phí bao nhiêu?", "ask_fee")
    text = all_text(messages)
    assert "Lệ phí" in text and BIRTH in text
    assert "current_procedure_code" not in slots  # unchanged


@pytest.mark.parametrize(
    "action, text, intent, word",
    [
        (ActionAnswerTime(), "mất bao lâu", "ask_time", "Thời hạn"),
        (ActionAnswerOnline(), "làm online được không", "ask_online", "trực tuyến"),
    ],
)
def test_other_follow_ups_use_the_current_procedure(kb, action, text, intent, word):
    messages, _ = follow_up(action, text, intent, current=RESIDENCE)
    assert word in all_text(messages) and RESIDENCE in all_text(messages)


def test_documents_are_a_numbered_list(kb):
    messages, _ = follow_up(ActionAnswerDocuments(), "cần giấy tờ gì", "ask_documents")
    text = all_text(messages)
    assert "Giấy tờ cần chuẩn bị" in text and "\n1. " in text
    assert all(len(m["text"]) <= 4096 for m in messages)


def test_follow_up_naming_another_procedure_switches_topic(kb):
    entities = [{"entity": "procedure", "value": "làm sổ đỏ"}]
    _, slots = follow_up(ActionAnswerFee(), "lệ phí làm sổ đỏ bao nhiêu", "ask_fee", entities)
    new = slots.get("current_procedure_code") or (slots.get("pending_variants") or [None])[0]
    assert new and new != BIRTH
    assert "đất" in kb.get(new).name.lower()


def test_follow_up_naming_the_same_procedure_keeps_it(kb):
    messages, slots = follow_up(ActionAnswerFee(), "lệ phí đăng ký khai sinh bao nhiêu", "ask_fee")
    assert slots.get("current_procedure_code", BIRTH) == BIRTH
    assert BIRTH in all_text(messages)


def test_follow_up_without_any_procedure_asks_which(kb):
    messages, _, _ = run_action(ActionAnswerFee(), make_tracker("lệ phí bao nhiêu", "ask_fee"))
    assert "thủ tục nào" in all_text(messages)


# ------------------------------------------------------------------ fallbacks and bad input
def test_first_fallback_asks_to_rephrase_second_offers_a_human(kb):
    messages, _, slots = run_action(ActionFallback(), make_tracker("xyzw qqq", "nlu_fallback"))
    assert "chưa hiểu" in all_text(messages) and slots.get("pending_offer") is None
    history = [user_event("xyzw qqq", "nlu_fallback"), {"event": "slot", "name": "turn_failed", "value": True}]
    messages, _, slots = run_action(ActionFallback(), make_tracker("abcd efgh", "nlu_fallback", history=history))
    assert "cán bộ" in all_text(messages) and slots["pending_offer"] == "human"
    assert [b["payload"] for b in all_buttons(messages)] == ["/request_human", "/deny"]  # "Gặp cán bộ", "Hỏi lại"
    yes = make_tracker("có", "affirm", slots={"pending_offer": "human"})
    messages, events, _ = run_action(ActionHandleAffirm(), yes)
    assert "Gặp cán bộ" in all_text(messages) and not [e for e in events if e.get("event") == "active_loop"]
    messages, _, _ = run_action(ActionHandleDeny(), make_tracker("/deny", "deny", slots={"pending_offer": "human"}))
    assert "hỏi lại" in all_text(messages)


def test_a_success_between_two_fallbacks_resets_the_streak(kb):
    history = [
        user_event("xyzw", "nlu_fallback"),
        {"event": "slot", "name": "turn_failed", "value": True},
        user_event("đăng ký thường trú", "ask_procedure"),
    ]
    messages, _, slots = run_action(ActionFallback(), make_tracker("qqq zzz", "nlu_fallback", history=history))
    assert slots.get("pending_offer") is None


def test_fallback_recovers_a_procedure_question_through_search(kb):
    messages, _, slots = run_action(ActionFallback(), make_tracker("thủ tục đăng ký thường trú", "nlu_fallback"))
    assert slots.get("current_procedure_code") == RESIDENCE


@pytest.mark.parametrize(
    "text", ["", "   ", "😀😀😀", "[sticker]", "How do I register a birth certificate?", "chữ " * 1500]
)
def test_bad_input_gets_a_polite_vietnamese_answer(kb, text):
    messages, _, _ = run_action(ActionFallback(), make_tracker(text, "nlu_fallback"))
    reply = all_text(messages)
    assert reply and ("Bạn" in reply or "bạn" in reply)
    assert "Traceback" not in reply


def test_out_of_scope_is_polite():
    messages, _, _ = run_action(ActionOutOfScope(), make_tracker("giá vàng hôm nay", "out_of_scope"))
    assert "ngoài phạm vi" in all_text(messages)


def test_english_detection():
    assert looks_english("How do I get a passport?")
    assert not looks_english("lam ho chieu o dau")
    assert not looks_english("Làm hộ chiếu ở đâu")


def test_deny_after_a_summary_offers_the_other_hits(kb):
    tracker = make_tracker(
        "không phải", "deny", slots={"pending_offer": "alternatives", "alternatives": [RESIDENCE, BIRTH]}
    )
    messages, _, slots = run_action(ActionHandleDeny(), tracker)
    assert choose_codes(messages) == [RESIDENCE, BIRTH] and slots["pending_variants"] == [RESIDENCE, BIRTH]


def test_where_answer_mentions_the_citizens_ward(kb):
    entities = [{"entity": "ward", "value": "phường Tân Định"}]
    messages, _ = follow_up(ActionAnswerWhere(), "tôi ở phường Tân Định thì nộp ở đâu", "ask_where", entities)
    assert "phường Tân Định" in all_text(messages) and "Một cửa" in all_text(messages)

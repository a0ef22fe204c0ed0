"""The conversation's context and small talk never lose a question (issue 10), through the actions over the real
knowledge base, each conversation turn by turn with the earlier turns' events in the tracker.

1. Small talk swallows no question: a message the NLU files as greet/goodbye/thank/affirm/deny that carries a
   procedure question is answered; a real "cảm ơn, tạm biệt" still gets the short reply.
2. A follow-up after a short procedure name answers the fact of that procedure (asked as a variant choice only when
   the fact differs).
3. A refinement ("làm cho con … thì cần thêm gì", "còn … thì sao") refines the conversation's procedure; a
   correction or a new question that names another procedure strongly moves to it.

Every message was written for these tests (none is taken from a benchmark set or the training data).
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Sequence, Tuple

import pytest
from action_helpers import make_tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback.fallback import ActionHandleAffirm, ActionHandleDeny, ActionOutOfScope
from actions.fallback.small_talk import ActionSmallTalk, own_words, small_talk_examples, small_talk_length
from actions.procedures.answers import (
    ActionAnswerDocuments,
    ActionAnswerFee,
    ActionAnswerTime,
    ActionAnswerWhere,
)
from actions.procedures.search import ActionSearchProcedure

# intent -> the action bot/data/rules.yml runs for it
RULES = {
    "greet": ActionSmallTalk,
    "goodbye": ActionSmallTalk,
    "thank": ActionSmallTalk,
    "affirm": ActionHandleAffirm,
    "deny": ActionHandleDeny,
    "out_of_scope": ActionOutOfScope,
    "ask_procedure": ActionSearchProcedure,
    "ask_documents": ActionAnswerDocuments,
    "ask_fee": ActionAnswerFee,
    "ask_time": ActionAnswerTime,
    "ask_where": ActionAnswerWhere,
}
ASKS_WHICH = "thủ tục nào"
PASSPORT = "1.001456"  # Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)
FIRST_ID_CARD = "1.014061"  # Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên
CHILD_ID_CARD = "1.014062"  # Cấp thẻ căn cước cho người dưới 14 tuổi
DEATH = "1.000656"  # Thủ tục đăng ký khai tử
RESIDENCE = "1.004222"  # Đăng ký thường trú
TEMPORARY = "1.004194"  # Đăng ký tạm trú
TEMPORARY_EXTENSION = "1.002755"  # Gia hạn tạm trú
DRIVING_REISSUE = "3.000348"  # Cấp lại giấy phép lái xe
ID_CARD_REISSUE = "1.014064"  # Cấp lại thẻ căn cước
VEHICLE_TRANSFER = "1.013076"  # Cấp chứng nhận đăng ký xe, biển số xe … thay đổi chủ xe


class Turn:
    """One turn's reply: its messages (text or the response name), buttons and the slots after it."""

    def __init__(self, messages: List[dict], slots: Dict[str, Any]) -> None:
        self.text = "\n".join(m.get("text") or m.get("response") or "" for m in messages)
        self.responses = [m.get("response") for m in messages if m.get("response")]
        self.slots = dict(slots)

    @property
    def code(self) -> str:
        return self.slots.get("current_procedure_code") or ""


def converse(turns: Sequence[Tuple[str, str]]) -> List[Turn]:
    """Run each (text, intent) through the action its rule names, carrying slots and events to the next turn."""
    slots: Dict[str, Any] = {}
    history: List[dict] = []
    replies = []
    for text, intent in turns:
        tracker = make_tracker(text, intent, slots=slots, history=history)
        dispatcher = CollectingDispatcher()
        events = asyncio.run(RULES[intent]().run(dispatcher, tracker, {}))
        slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
        history = [*tracker.events, *events, *({"event": "bot", "text": m.get("text")} for m in dispatcher.messages)]
        replies.append(Turn(dispatcher.messages, slots))
    return replies


# ------------------------------------------------------------------ 1. small talk
def test_the_small_talk_vocabulary_comes_from_the_training_data():
    examples = small_talk_examples()
    assert set(examples) == {"greet", "goodbye", "thank", "affirm", "deny", "chitchat"}
    assert small_talk_length("affirm") < small_talk_length("goodbye") <= 12
    assert own_words("thôi cảm ơn bạn nhé, tạm biệt") == [] and own_words("visa") == ["visa"]


@pytest.mark.parametrize(
    "text, intent, response",
    [
        ("cảm ơn bạn, tạm biệt nhé", "goodbye", "utter_goodbye"),
        ("thôi chào bạn", "goodbye", "utter_goodbye"),
        ("cam on ban nhieu nha", "thank", "utter_thank"),
        ("tuyệt vời quá, cảm ơn bạn đã hướng dẫn tận tình", "thank", "utter_thank"),
        ("chào buổi tối", "greet", "utter_greet"),
    ],
)
def test_real_small_talk_gets_the_short_reply_even_after_a_procedure(kb, text, intent, response):
    first, reply = converse([("làm hộ chiếu", "ask_procedure"), (text, intent)])
    assert reply.responses == [response] and reply.code == first.code == PASSPORT


def test_chitchat_gets_the_response_the_selector_chose():
    tracker = make_tracker("bạn tên là gì", "chitchat")
    tracker.latest_message["response_selector"] = {"default": {"response": {"utter_action": "utter_chitchat/ask_name"}}}
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ActionSmallTalk().run(dispatcher, tracker, {})) == []
    assert [m.get("response") for m in dispatcher.messages] == ["utter_chitchat/ask_name"]


def test_a_yes_without_a_question_is_still_a_yes(kb):
    _, reply = converse([("làm hộ chiếu", "ask_procedure"), ("ok, hiểu rồi", "affirm")])
    assert reply.text.startswith("Vâng ạ. Bạn muốn biết thêm gì")


@pytest.mark.parametrize(
    "text, intent, code",
    [
        # a long question the NLU filed as a goodbye, a greeting, thanks
        ("tôi đi làm ăn xa mấy năm nay, giờ về quê muốn nhập lại hộ khẩu thì làm thế nào", "goodbye", RESIDENCE),
        ("chào bạn, bố tôi vừa mất tôi cần làm giấy báo tử ở đâu", "greet", DEATH),
        ("cảm ơn nhé, mà cho mình hỏi thêm đăng ký tạm trú cho người thuê trọ", "thank", TEMPORARY),
        # a short everyday name filed as a "no"
        ("khai tử", "deny", DEATH),
    ],
)
def test_a_question_filed_as_small_talk_is_answered(kb, text, intent, code):
    (reply,) = converse([(text, intent)])
    assert not reply.responses and reply.code == code, reply.text[:200]


def test_a_name_filed_as_a_no_keeps_its_procedure_for_the_follow_up(kb):
    _, fee = converse([("khai tử", "deny"), ("mất bao nhiêu tiền", "ask_fee")])
    assert fee.text.startswith("Lệ phí đăng ký khai tử") and ASKS_WHICH not in fee.text


def test_a_refinement_filed_as_a_yes_refines_the_current_procedure(kb):
    _, reply = converse([("làm hộ chiếu", "ask_procedure"), ("có, cho con 5 tuổi thì cần thêm gì", "affirm")])
    assert reply.text.startswith("Giấy tờ cần chuẩn bị") and "hộ chiếu" in reply.text.split("\n")[0]
    assert reply.code == PASSPORT


def test_a_visa_filed_as_a_yes_is_answered(kb):
    (reply,) = converse([("visa", "affirm")])  # the visa procedure, or where to go for a visa abroad
    assert "Vâng ạ" not in reply.text and ("thị thực" in reply.text or "Đại sứ quán" in reply.text)


# ------------------------------------------------------------------ 2. a follow-up after a short name
def test_a_fact_asked_while_variants_are_offered_is_answered_when_it_is_the_same(kb):
    offered, fee = converse([("làm căn cước", "ask_procedure"), ("mất bao nhiêu tiền", "ask_fee")])
    assert offered.slots.get("pending_variants")
    assert fee.text.startswith("Lệ phí") and "như nhau ở cả" in fee.text and "chọn giúp tôi" not in fee.text
    assert fee.code in offered.slots["pending_variants"] and not fee.slots.get("pending_variants")


# ------------------------------------------------------------------ 3. refinements and corrections
@pytest.mark.parametrize(
    "first, text, intent, code",
    [
        ("hộ chiếu", "làm cho con 5 tuổi thì cần thêm gì", "out_of_scope", PASSPORT),
        ("hộ chiếu", "làm cho con 5 tuổi thì cần thêm gì", "ask_documents", PASSPORT),
        ("làm hộ chiếu", "được rồi, thế con tôi 5 tuổi thì cần gì thêm", "ask_procedure", PASSPORT),
        ("đăng ký tạm trú", "còn gia hạn thì sao", "ask_procedure", TEMPORARY_EXTENSION),
        ("đăng ký thường trú", "vo toi o nha thue thi sao", "ask_documents", RESIDENCE),
        ("cấp lại bằng lái xe", "còn bằng ô tô thì sao", "ask_procedure", DRIVING_REISSUE),
        ("cấp đổi thẻ căn cước", "nếu bị mất thẻ cũ thì sao", "ask_procedure", ID_CARD_REISSUE),
    ],
)
def test_a_refinement_stays_with_the_conversations_procedure(kb, first, text, intent, code):
    _, reply = converse([(first, "ask_procedure"), (text, intent)])
    assert reply.code == code and "không tìm thấy" not in reply.text, reply.text[:200]


@pytest.mark.parametrize(
    "first, text, intent, code",
    [
        ("đăng ký kết hôn", "à nhầm, ý tôi là đăng ký tạm trú", "ask_procedure", TEMPORARY),
        ("hộ chiếu", "làm căn cước cho con 5 tuổi thì cần gì", "ask_documents", CHILD_ID_CARD),
        ("đăng ký thường trú", "à không, ý tôi là đăng ký khai tử cho bố", "ask_procedure", DEATH),
        ("làm hộ chiếu", "cho tôi hỏi sang tên xe máy mất bao lâu", "ask_time", VEHICLE_TRANSFER),
        # typed without diacritics, "the can" of "thẻ căn cước" also reads as the question words "thế cần"
        ("làm hộ chiếu", "a nham, toi hoi lam the can cuoc lan dau", "ask_procedure", FIRST_ID_CARD),
        ("đăng ký khai tử", "thoi, gio hoi cap the can cuoc cho chau 8 tuoi", "ask_procedure", CHILD_ID_CARD),
    ],
)
def test_a_correction_or_a_new_procedure_named_strongly_leaves_it(kb, first, text, intent, code):
    _, reply = converse([(first, "ask_procedure"), (text, intent)])
    assert reply.code == code, reply.text[:200]

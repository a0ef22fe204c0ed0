"""Low NLU confidence, out-of-scope questions, bad input, and the answers to the bot's yes/no questions."""

from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import knowledge_base as kb_client
from actions.core.chat import record_unanswered
from actions.core.offers import Offer, offer_events, pending_offer
from actions.core.replies import send
from actions.core.tracker import latest_text
from actions.dossier.common import has_dossier_in_progress
from actions.dossier.entry import paused_text, resume_buttons
from actions.dossier.submit import decline_save, save_documents
from actions.fallback.small_talk import question_answer
from actions.procedures import out_of_catalog
from actions.procedures import texts as fmt
from actions.procedures.conversation import content_words, failure_streak, mark_failed
from actions.procedures.lost_papers import is_lost_paper_question
from actions.procedures.routing import names_a_procedure
from actions.procedures.search import (
    OFFER_HUMAN_TEXT,
    answer_if_found,
    offer_human_buttons,
    out_of_catalog_events,
    search_and_answer,
)
from actions.rating.rating import rating_from_text
from actions.settings import HOTLINE
from nlu.vietnamese_text import looks_english

EXAMPLE_BUTTONS = [
    {"title": "Làm giấy khai sinh", "payload": '/ask_procedure{"procedure": "đăng ký khai sinh"}'},
    {"title": "Đăng ký tạm trú", "payload": '/ask_procedure{"procedure": "đăng ký tạm trú"}'},
    {"title": "Gặp cán bộ", "payload": "/request_human"},
]
ASK_WHAT_TEXT = (
    "Bạn muốn hỏi điều gì ạ? Bạn nhắn câu hỏi về thủ tục cần làm giúp tôi, ví dụ: “làm giấy khai sinh cần gì?”."
)
LONG_MESSAGE = 1000
# The NLU's UnknownInputGuard (nlu/input_guard.py) marks input with no known word as nlu_fallback with confidence 1.0
# (rasa's FallbackClassifier gives its threshold, 0.3): such gibberish is answered but never recorded as unanswered.
GUARD_CONFIDENCE = 1.0

Events = List[Dict[Text, Any]]
Answer = Callable[[CollectingDispatcher, Tracker], Awaitable[Events]]


def is_gibberish(tracker: Tracker) -> bool:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") == "nlu_fallback" and float(intent.get("confidence") or 0.0) >= GUARD_CONFIDENCE


def bad_input_reply(text: str) -> str | None:
    """A polite answer for input that is not a question: empty, symbols/emoji only, a button payload the bot does
    not know, English, very long."""
    stripped = (text or "").strip()
    if stripped.startswith("/"):
        return "Tôi chưa hiểu lựa chọn vừa rồi. Bạn nhắn câu hỏi về thủ tục cần làm bằng chữ giúp tôi nhé."
    if not stripped:
        return (
            "Tôi chưa nhận được nội dung tin nhắn. Bạn nhắn câu hỏi về thủ tục cần làm giúp tôi nhé, ví dụ: “làm "
            "giấy khai sinh cần gì?”."
        )
    if not re.search(r"[^\W\d_]", stripped) or re.fullmatch(r"\[[^\]]{0,40}\]", stripped):
        return (
            "Tôi đã nhận được tin nhắn của bạn 😊 Bạn cần hỏi thủ tục hành chính nào ạ? Bạn cứ nhắn bằng chữ, có "
            "dấu hay không dấu đều được."
        )
    if looks_english(stripped):
        return (
            "Xin lỗi, hiện tôi chỉ hỗ trợ bằng tiếng Việt. Bạn vui lòng nhắn câu hỏi bằng tiếng Việt, "
            f"hoặc gọi tổng đài {HOTLINE} để được hỗ trợ ạ. (Sorry, I can only answer in Vietnamese.)"
        )
    if len(stripped) > LONG_MESSAGE:
        return (
            "Tin nhắn của bạn khá dài nên tôi chưa xác định được câu hỏi. Bạn tóm tắt giúp tôi thủ tục cần hỏi "
            "trong 1–2 câu ngắn nhé."
        )
    return None


def kept_as_context(text: str, searched: bool) -> Events:
    """A message the NLU could not read and the search found nothing for is kept as the conversation's context
    (``last_query``), as an honest "not in the catalog" answer keeps it: a follow-up ("mất bao lâu") is then searched
    with it (actions/procedures/answers.py) instead of being asked which procedure. Not after out_of_scope: small
    talk is no context."""
    return [SlotSet("last_query", text)] if searched and content_words(text) else []


class ActionFallback(Action):
    """nlu_fallback: try the knowledge base, else say we did not understand; twice in a row: offer a human (a
    button), without opening a ticket."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        rated = await rating_from_text(dispatcher, tracker)  # a typed "5" while a rating is awaited
        if rated is not None:
            return rated
        streak = failure_streak(tracker)
        reply = bad_input_reply(text)
        searched = reply is None and not is_gibberish(tracker)
        if searched:  # one word may name a procedure: the search decides
            events, result = await answer_if_found(dispatcher, tracker, text)
            if events is not None:
                return events
            if getattr(result, "handled_by", ""):
                return out_of_catalog_events(dispatcher, tracker, text, result.handled_by)
        if not is_gibberish(tracker):
            record_unanswered(tracker, text, "fallback")
        if streak >= 1:
            send(
                dispatcher,
                (reply + "\n\n" if reply else "Xin lỗi, tôi vẫn chưa hiểu ý bạn. ") + OFFER_HUMAN_TEXT,
                offer_human_buttons(),
            )
            return mark_failed() + kept_as_context(text, searched) + [*offer_events(Offer.HUMAN)]
        send(
            dispatcher,
            reply
            or "Xin lỗi, tôi chưa hiểu ý bạn. Bạn nói rõ hơn thủ tục cần hỏi giúp tôi nhé, ví dụ: “đăng ký kết hôn "
            "cần giấy tờ gì?”.",
            EXAMPLE_BUTTONS,
        )
        return mark_failed() + kept_as_context(text, searched)


class ActionReplyIfSilent(Action):
    """After a response the NLU did not choose (a typed /faq or /chitchat has no response key): never silence."""

    def name(self) -> Text:
        return "action_reply_if_silent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        for event in reversed(tracker.events or []):
            if event.get("event") == "bot":
                return []
            if event.get("event") == "user":
                break
        send(dispatcher, ASK_WHAT_TEXT, EXAMPLE_BUTTONS[:2])
        return []


class ActionOutOfScope(Action):
    """out_of_scope: the NLU files some procedure questions here ("sang tên xe máy ở đâu"), so the whole message is
    searched with the conversation's context; a topic outside the catalog gets where to go, a lost or damaged paper
    its procedure, a confident match its answer, anything else a polite refusal (twice in a row: a person offered)."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        if out_of_catalog.topic_of(text) is not None or is_lost_paper_question(text):
            return await search_and_answer(dispatcher, tracker, text)
        reply = bad_input_reply(text)
        if reply is None:
            confident, handled_by = await names_a_procedure(tracker, text)
            if confident:
                events, _ = await answer_if_found(dispatcher, tracker, text)
                if events is not None:
                    return events
            if handled_by:  # an administrative topic the knowledge base knows who handles
                return out_of_catalog_events(dispatcher, tracker, text, handled_by)
        reply = reply or (
            "Xin lỗi, câu hỏi này nằm ngoài phạm vi của tôi. Tôi chỉ hướng dẫn thủ tục hành chính: "
            "giấy tờ cần chuẩn bị, lệ phí, thời gian, nơi nộp, nộp trực tuyến… Bạn cần hỏi thủ tục nào ạ?"
        )
        if failure_streak(tracker) >= 1:
            send(dispatcher, reply + "\n\n" + OFFER_HUMAN_TEXT, offer_human_buttons())
            return mark_failed() + [*offer_events(Offer.HUMAN)]
        send(dispatcher, reply, EXAMPLE_BUTTONS[:2])
        return mark_failed()


async def _yes_to_human(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    # "Có" after two failed turns: the explicit button, never a ticket from a yes
    send(dispatcher, OFFER_HUMAN_TEXT, offer_human_buttons())
    return []


async def _no_to_human(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    send(dispatcher, f"Vâng ạ. Bạn cứ hỏi lại theo cách khác, hoặc gọi tổng đài {HOTLINE} khi cần nhé.")
    return offer_events(None)


async def _no_to_alternatives(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    alternatives = tracker.get_slot("alternatives") or []
    procs = [p for p in [await kb_client.get(c) for c in alternatives] if p is not None]
    if not procs:
        return await _no_to_nothing(dispatcher, tracker)
    text, buttons = fmt.variants_question(procs, fmt.ALTERNATIVES_HEADING)
    buttons.append({"title": "Không có thủ tục tôi cần", "payload": "/request_human"})
    send(dispatcher, text + "\nNếu không có, bạn mô tả lại giúp tôi việc cần làm nhé.", buttons)
    return [
        SlotSet("pending_variants", [p.code for p in procs]),
        SlotSet("pending_aspect", "summary"),
        *offer_events(None),
    ]


async def _no_to_saving(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    return decline_save(dispatcher, tracker)


async def _yes_to_nothing(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    name = tracker.get_slot("current_procedure_name")
    if name:
        send(
            dispatcher,
            f"Vâng ạ. Bạn muốn biết thêm gì về {fmt.title(_Named(name, tracker.get_slot('current_procedure_code')))}?",
            fmt.follow_up_buttons(),
        )
    else:
        send(dispatcher, "Vâng ạ. Bạn cần hỏi thủ tục gì, cứ nhắn cho tôi nhé.")
    return offer_events(None)


async def _no_to_nothing(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    send(dispatcher, "Vâng ạ. Bạn cần tôi hỗ trợ thêm gì không ạ?")
    return offer_events(None)


# The answers to each offer: (to "có", to "không"); no open offer: (_yes_to_nothing, _no_to_nothing).
ANSWERS: Dict[Optional[Offer], Tuple[Answer, Answer]] = {
    Offer.HUMAN: (_yes_to_human, _no_to_human),
    Offer.ALTERNATIVES: (_yes_to_nothing, _no_to_alternatives),
    Offer.SAVE_DOCUMENTS: (save_documents, _no_to_saving),
    None: (_yes_to_nothing, _no_to_nothing),
}


async def answer_yes(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """The citizen's "yes" to the bot's pending offer."""
    return await ANSWERS[pending_offer(tracker)][0](dispatcher, tracker)


async def answer_no(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """The citizen's "no" to the bot's pending offer."""
    return await ANSWERS[pending_offer(tracker)][1](dispatcher, tracker)


class ActionHandleAffirm(Action):
    """affirm: the procedure question the message carries ("visa" read as a "yes"), else a "yes" to the offer."""

    def name(self) -> Text:
        return "action_handle_affirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Events:
        answered = await question_answer(dispatcher, tracker)
        return answered if answered is not None else await answer_yes(dispatcher, tracker)


class ActionHandleDeny(Action):
    """deny: the procedure question the message carries ("khai tử" read as a "no"), else a "no" to the offer."""

    def name(self) -> Text:
        return "action_handle_deny"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        answered = await question_answer(dispatcher, tracker)
        return answered if answered is not None else await answer_no(dispatcher, tracker)


class ActionCancelDossier(Action):
    """ "hủy" outside the form: the dossier stays put aside; with no dossier, the message is a "no"."""

    def name(self) -> Text:
        return "action_cancel_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if has_dossier_in_progress(tracker):
            send(dispatcher, paused_text(tracker), resume_buttons())
            return []
        # nothing to cancel: "thôi, không cần nữa" is then an answer to the bot's last offer
        return await answer_no(dispatcher, tracker)


class _Named:
    """Minimal stand-in with the attributes fmt.title() reads."""

    def __init__(self, name: str, code: str | None) -> None:
        self.name, self.code = name, code or "?"


__all__ = [
    "ActionFallback",
    "ActionReplyIfSilent",
    "ActionOutOfScope",
    "ActionHandleAffirm",
    "ActionHandleDeny",
    "bad_input_reply",
    "looks_english",
]

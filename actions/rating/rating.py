"""Satisfaction ratings (1-5 and an optional comment) after a handoff ends and after a dossier is filed.

For the dossier form (issue 4): run ``action_ask_rating`` right after giving the citizen the receipt code, with
the slot ``receipt_code`` set to that code (HS-…) in the same or an earlier turn, e.g. end the submit rule with

    - action: action_submit_dossier      # sets receipt_code
    - action: action_ask_rating

It asks "how satisfied are you, 1-5" with buttons (``/give_rating{"rating_score":"5"}`` … and "Bỏ qua"),
remembers what is rated in ``rating_subject`` and returns; the answer comes back as the intent ``give_rating``
(rule -> ``action_submit_rating``, POST /api/ratings). A typed "5" (no letters: NLU falls back) is recognised by
``action_fallback`` through ``rating_from_text``. After the score the bot offers "Góp ý thêm"
(``/add_rating_comment`` -> ``rating_comment_form`` -> ``action_submit_rating_comment``, which re-posts the
rating with the comment: the backend keeps one rating per chat and subject).

Subjects: ``{"ticket_id": n}`` (a closed handoff of this chat: actions/handoff/handoff.py, or the web channel's
``metadata.motcua.awaiting_rating_ticket_id``) or ``{"receipt_code": "HS-…"}`` (a filed dossier).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, is_skip, motcua_metadata, parse_score, score_comment, sender_of
from actions.core.validation import MotcuaFormValidationAction
from common import fields

logger = logging.getLogger(__name__)

SCORE_TITLES = {
    5: "5 ⭐ Rất hài lòng",
    4: "4 Hài lòng",
    3: "3 Bình thường",
    2: "2 Không hài lòng",
    1: "1 Rất không hài lòng",
}
SKIP = "skip"


def score_buttons() -> List[dict]:
    buttons = [{"title": SCORE_TITLES[s], "payload": '/give_rating{"rating_score":"%d"}' % s} for s in (5, 4, 3, 2, 1)]
    buttons.append({"title": "Bỏ qua", "payload": '/give_rating{"rating_score":"%s"}' % SKIP})
    return buttons


def _what(subject: Dict[str, Any]) -> str:
    if subject.get("ticket_id"):
        return f"cuộc hỗ trợ vừa rồi (yêu cầu số {subject['ticket_id']})"
    return f"việc nộp hồ sơ {subject.get('receipt_code')} qua trợ lý"


def ask(dispatcher: CollectingDispatcher, subject: Dict[str, Any]) -> List[EventType]:
    dispatcher.utter_message(
        text=f"Bạn đánh giá giúp mức độ hài lòng với {_what(subject)} từ 1 (rất không hài lòng) đến 5 (rất hài lòng) "
        "nhé. "
        "Bạn có thể nhắn kèm góp ý, ví dụ: “5, cán bộ hướng dẫn nhiệt tình”.",
        buttons=score_buttons(),
    )
    return [SlotSet("rating_subject", subject), SlotSet("rating_score", None), SlotSet("rating_comment", None)]


def current_subject(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """What a rating given now is about: the slot set when it was asked, else a closed handoff the channel reports."""
    subject = tracker.get_slot("rating_subject")
    if isinstance(subject, dict) and (subject.get("ticket_id") or subject.get("receipt_code")):
        return subject
    ticket_id = motcua_metadata(tracker).get("awaiting_rating_ticket_id")
    if ticket_id:
        return {"ticket_id": int(ticket_id)}
    return None


async def post_rating(
    dispatcher: CollectingDispatcher, tracker: Tracker, subject: Dict[str, Any], score: int, comment: Optional[str]
) -> bool:
    """POST /api/ratings; tells the citizen when it could not be recorded. True when stored."""
    payload: Dict[str, Any] = {"score": int(score), "channel": channel_of(tracker), "sender_id": sender_of(tracker)}
    if comment:
        payload["comment"] = comment[: fields.COMMENT]
    if subject.get("ticket_id"):
        payload["ticket_id"] = int(subject["ticket_id"])
    else:
        payload["receipt_code"] = str(subject.get("receipt_code"))
    try:
        await backend_client.submit_rating(payload)
        return True
    except backend_client.BackendUnavailable:
        dispatcher.utter_message(
            text="Xin lỗi, hệ thống đang gián đoạn nên chưa ghi nhận được đánh giá của bạn. Bạn gửi lại sau ít phút "
            "giúp tôi nhé."
        )
    except backend_client.BackendError as exc:
        logger.info("rating refused: %s", exc)
        dispatcher.utter_message(text=f"Chưa ghi nhận được đánh giá: {exc.detail}")
    return False


async def submit(
    dispatcher: CollectingDispatcher, tracker: Tracker, subject: Dict[str, Any], score: int, comment: Optional[str]
) -> List[EventType]:
    if not await post_rating(dispatcher, tracker, subject, score, comment):
        return [SlotSet("rating_subject", subject)]
    if comment:
        dispatcher.utter_message(
            text=f"Cảm ơn bạn đã đánh giá {score}/5 và góp ý! Ý kiến của bạn đã được ghi nhận để chúng tôi phục vụ "
            "tốt hơn."
        )
        return [SlotSet("rating_subject", None), SlotSet("rating_score", None), SlotSet("rating_comment", None)]
    dispatcher.utter_message(
        text=f"Cảm ơn bạn đã đánh giá {score}/5! Bạn có muốn góp ý thêm để chúng tôi phục vụ tốt hơn không?",
        buttons=[
            {"title": "Góp ý thêm", "payload": "/add_rating_comment"},
            {"title": "Không, cảm ơn", "payload": "/thank"},
        ],
    )
    return [SlotSet("rating_subject", subject), SlotSet("rating_score", float(score)), SlotSet("rating_comment", None)]


async def rate_or_ask(
    dispatcher: CollectingDispatcher, tracker: Tracker, subject: Dict[str, Any], text: str
) -> List[EventType]:
    """Record the score that ``text`` already gives ("5", "4 sao, …"), else ask for one."""
    score = None if text.strip().startswith("/") else parse_score(text)
    if score is None:
        return ask(dispatcher, subject)
    return await submit(dispatcher, tracker, subject, score, score_comment(text))


async def rating_from_text(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """For action_fallback: a typed score while a rating is awaited is the rating (None otherwise)."""
    text = (tracker.latest_message or {}).get("text") or ""
    subject = current_subject(tracker)
    if tracker.get_slot("rating_subject") is None and tracker.get_slot("pending_variants"):
        return None  # "2" more likely picks one of the offered variants than rates a past handoff
    if subject is None or text.strip().startswith("/"):
        return None
    score = parse_score(text)
    if score is None:
        return None
    return await submit(dispatcher, tracker, subject, score, score_comment(text))


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    for ent in (tracker.latest_message or {}).get("entities") or []:
        if ent.get("entity") == name and ent.get("value") not in (None, ""):
            return str(ent["value"])
    return None


class ActionAskRating(Action):
    """Ask for a 1-5 rating of the dossier just filed (slot receipt_code) or of the handoff that just ended."""

    def name(self) -> Text:
        return "action_ask_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        subject = None
        ticket_id = motcua_metadata(tracker).get("awaiting_rating_ticket_id")
        receipt = tracker.get_slot("receipt_code")
        if receipt and str(receipt).upper().startswith("HS-"):
            subject = {"receipt_code": str(receipt).upper()}
        elif ticket_id:
            subject = {"ticket_id": int(ticket_id)}
        else:
            subject = current_subject(tracker)
        if subject is None:
            return []
        return ask(dispatcher, subject)


class ActionSubmitRating(Action):
    """give_rating: a score from a button (entity rating_score) or typed ("4 sao", "rất hài lòng")."""

    def name(self) -> Text:
        return "action_submit_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        value = _entity(tracker, "rating_score")
        subject = current_subject(tracker)
        if value == SKIP or (value is None and is_skip(text)):
            dispatcher.utter_message(text="Vâng ạ. Bạn cần tôi hỗ trợ thêm gì cứ nhắn nhé.")
            return [SlotSet("rating_subject", None), SlotSet("rating_score", None)]
        score = None
        if value is not None:
            try:
                score = int(float(value))
            except ValueError:
                score = None
        comment = None
        if score is None and not text.startswith("/"):
            score = parse_score(text)
            comment = score_comment(text)
        if score is None or not 1 <= score <= 5:
            if subject is None:
                dispatcher.utter_message(text="Cảm ơn bạn! Bạn cần tôi hỗ trợ thủ tục gì cứ nhắn nhé.")
                return []
            return ask(dispatcher, subject)
        if subject is None:
            dispatcher.utter_message(text="Cảm ơn bạn đã đánh giá! Bạn cần hỏi thêm thủ tục nào cứ nhắn tôi nhé.")
            return []
        return await submit(dispatcher, tracker, subject, score, comment)


class ValidateRatingCommentForm(MotcuaFormValidationAction):
    def name(self) -> Text:
        return "validate_rating_comment_form"

    TEXT_SLOTS = ("rating_comment",)

    async def validate_rating_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        text = str(value or "").strip()
        if not text or text.startswith("/") or is_skip(text) or self.is_cancel(tracker):
            return {"rating_comment": ""}
        return {"rating_comment": text[: fields.COMMENT]}


class ActionAskRatingComment(Action):
    def name(self) -> Text:
        return "action_ask_rating_comment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text="Mời bạn nhắn góp ý của mình (hoặc nhắn “bỏ qua”):")
        return []


class ActionSubmitRatingComment(Action):
    """After rating_comment_form: store the comment with the score given before."""

    def name(self) -> Text:
        return "action_submit_rating_comment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        comment = (tracker.get_slot("rating_comment") or "").strip()
        subject = current_subject(tracker)
        score = tracker.get_slot("rating_score")
        done = [SlotSet("rating_subject", None), SlotSet("rating_score", None), SlotSet("rating_comment", None)]
        if not comment or subject is None or score is None:
            dispatcher.utter_message(text="Vâng ạ. Cảm ơn bạn! Bạn cần hỗ trợ thêm gì cứ nhắn tôi nhé.")
            return done
        if await post_rating(dispatcher, tracker, subject, int(float(score)), comment):
            dispatcher.utter_message(text="Cảm ơn góp ý của bạn! Ý kiến đã được ghi nhận để chúng tôi phục vụ tốt hơn.")
        return done

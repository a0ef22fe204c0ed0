"""Handing the conversation over to hotline staff, relaying while a ticket is open, and taking over again.

Triggers: the citizen asks for a person (``request_human``, any time: also the "Gặp cán bộ" button offered after
the bot failed twice in a row; failures alone never open a ticket), or files an urgent complaint
(actions/feedback/form.py, reason ``urgent_complaint``).

``open_handoff`` opens a backend ticket (POST /api/tickets) with the last 30 messages as the transcript, the
reason and the category, tells the citizen that a staff member will answer in this chat and by when (the
ticket's SLA deadline), sets ``handoff_ticket_id`` and activates ``handoff_form``.

``handoff_form`` (one slot, ``handoff_message``) is the "a person is handling this chat" state:

- on the web channel the connector (connectors/shared/channel.py) relays the citizen's messages to the ticket itself and
  the bot never sees them while the ticket is open; the first message after staff close it reaches the bot
  with ``metadata.motcua.handoff_open == false`` (and ``awaiting_rating_ticket_id``);
- on the plain REST channel (and any other channel) every message reaches the bot: ``validate_handoff_form``
  relays it to POST /api/tickets/{id}/messages and answers only a short acknowledgement, plus the staff
  replies waiting in the chat's outbox (a REST client has no other way to get them). A 409/404 there means
  staff closed the ticket.

When the ticket is found closed the form completes, ``action_handoff_closed`` says the assistant is back and
asks for a 1-5 rating of the support (actions/rating/rating.py); a score already in that message ("5", "4 sao, cán bộ
nhiệt tình", as the backend's closing message invites) is recorded at once.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, motcua_metadata, sender_of, transcript, vn_datetime
from actions.core.offers import Offer, offer_events
from actions.core.replies import send
from actions.core.tracker import intent_confidence
from actions.core.validation import MotcuaFormValidationAction
from actions.procedures.search import OFFER_HUMAN_TEXT, offer_human_buttons
from actions.rating import rating
from actions.settings import HOTLINE
from common import fields
from common.limits import INTENT_THRESHOLD

logger = logging.getLogger(__name__)

HANDOFF_FORM = "handoff_form"
CLOSED = "__closed__"

REASON_SUMMARY = {
    "request": "Công dân yêu cầu gặp cán bộ",
    "urgent_complaint": "Phản ánh khẩn",
}
RELAYED_ACK = (
    "Đã chuyển tin nhắn của bạn tới cán bộ hỗ trợ (yêu cầu số {id}). Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này."
)
RELAY_FAILED = (
    "Hệ thống đang gián đoạn nên tin nhắn vừa rồi chưa tới được cán bộ hỗ trợ. Bạn gửi lại sau ít phút, "
    f"hoặc gọi tổng đài {HOTLINE} (miễn phí) nếu cần gấp ạ."
)
BACK_TO_BOT = (
    "Cán bộ đã kết thúc cuộc hỗ trợ (yêu cầu số {id}). Trợ lý tự động tiếp tục hỗ trợ bạn trong cuộc trò chuyện này."
)


def unavailable_text() -> str:
    return (
        "Xin lỗi, hiện tôi chưa kết nối được tới cán bộ hỗ trợ (hệ thống đang gián đoạn). Để được hỗ trợ trực tiếp, "
        "bạn có thể:\n"
        f"• Gọi tổng đài Cổng Dịch vụ công quốc gia {HOTLINE} (miễn phí, giờ hành chính)\n"
        "• Đến Bộ phận Một cửa tại UBND xã/phường hoặc Trung tâm Phục vụ hành chính công tỉnh\n"
        "Bạn thử lại “gặp cán bộ” sau ít phút nhé."
    )


def _summary(tracker: Tracker, reason: str, summary: Optional[str]) -> str:
    if summary:
        return summary[: fields.TICKET_SUMMARY]
    for event in reversed(tracker.events or []):
        text = (event.get("text") or "").strip() if event.get("event") == "user" else ""
        if text and not text.startswith("/"):
            return f"{REASON_SUMMARY.get(reason, reason)}. Tin nhắn gần nhất: {text}"[: fields.TICKET_SUMMARY]
    return REASON_SUMMARY.get(reason, reason)


def opened_text(ticket: Dict[str, Any], created: bool, urgent: bool = False) -> str:
    due = vn_datetime(ticket.get("sla_due_at"))
    when = f" chậm nhất trước {due}" if due else ""
    if not created:
        return (
            f"Bạn đang được cán bộ hỗ trợ (yêu cầu số {ticket['id']}). Cán bộ sẽ trả lời ngay trong cuộc trò chuyện "
            f"này{when}. "
            "Bạn cứ nhắn thêm thông tin, tin nhắn sẽ được chuyển tới cán bộ."
        )
    head = (
        "Vì nội dung khẩn, tôi đã chuyển ngay tới cán bộ xử lý"
        if urgent
        else "Tôi đã chuyển cuộc trò chuyện tới cán bộ hỗ trợ"
    )
    return (
        f"{head} (yêu cầu số {ticket['id']}, mức ưu tiên: {ticket.get('priority_label') or ticket.get('priority')}). "
        f"Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này{when}.\n"
        "Trong lúc chờ, bạn cứ nhắn thêm thông tin (mã hồ sơ, sự việc…): tin nhắn sẽ được chuyển tới cán bộ, "
        f"trợ lý tự động tạm dừng trả lời. Cần gấp, bạn gọi tổng đài {HOTLINE}."
    )


async def open_handoff(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reason: str,
    category: Optional[str] = None,
    summary: Optional[str] = None,
    feedback_code: Optional[str] = None,
    say: bool = True,
) -> List[EventType]:
    """Open (or find) the chat's ticket and switch the conversation to staff; [] when the backend is down."""
    payload: Dict[str, Any] = {
        "channel": channel_of(tracker),
        "sender_id": sender_of(tracker),
        "reason": reason,
        "summary": _summary(tracker, reason, summary),
        "transcript": transcript(tracker),
    }
    if category:
        payload["category"] = category
    if feedback_code:
        payload["feedback_code"] = feedback_code
    try:
        ticket = await backend_client.open_ticket(payload)
    except backend_client.BackendError as exc:
        logger.warning("handoff ticket not opened for sender %s: %s", sender_of(tracker), exc)
        if say:
            dispatcher.utter_message(text=unavailable_text())
        return [*offer_events(None), SlotSet("turn_failed", None)]
    created = ticket.get("created", True)  # False: the chat already had this ticket open
    if say:
        dispatcher.utter_message(text=opened_text(ticket, created, urgent=reason == "urgent_complaint"))
    return [
        SlotSet("handoff_ticket_id", ticket["id"]),
        SlotSet("handoff_message", None),
        *offer_events(None),
        SlotSet("turn_failed", None),
        ActiveLoop(HANDOFF_FORM),
    ]


class ActionRequestHuman(Action):
    """request_human: open a ticket (reason ``request``) and hand the chat over. A reading the NLU is unsure of
    ("sđt 0912…") offers the "Gặp cán bộ" button instead: a ticket opens only on a clear request."""

    def name(self) -> Text:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if intent_confidence(tracker) < INTENT_THRESHOLD:
            send(dispatcher, OFFER_HUMAN_TEXT, offer_human_buttons())
            return offer_events(Offer.HUMAN)
        return await open_handoff(dispatcher, tracker, reason="request")


class ActionAskHandoffMessage(Action):
    """The form's "question": silent (the opening message and the relay acknowledgements say everything)."""

    def name(self) -> Text:
        return "action_ask_handoff_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return []


class ValidateHandoffForm(MotcuaFormValidationAction):
    """Each message while the ticket is open: relay it (or notice the ticket was closed)."""

    def name(self) -> Text:
        return "validate_handoff_form"

    TEXT_SLOTS = ("handoff_message",)

    async def _ticket_id(self, tracker: Tracker, channel: str, sender: str) -> Optional[int]:
        ticket_id = tracker.get_slot("handoff_ticket_id")
        if ticket_id not in (None, ""):
            return int(ticket_id)
        state = await backend_client.open_ticket_of(channel, sender)
        ticket = (state or {}).get("ticket") or {}
        return ticket.get("id")

    async def validate_handoff_message(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        text = str(value or "").strip()
        channel, sender = channel_of(tracker), sender_of(tracker)
        meta = motcua_metadata(tracker)
        if meta.get("handoff_open") is False:
            return {"handoff_message": CLOSED}  # the web channel saw the ticket closed
        try:
            ticket_id = await self._ticket_id(tracker, channel, sender)
            if ticket_id is None:
                return {"handoff_message": CLOSED}
            relayed = await backend_client.relay_to_ticket(ticket_id, channel, sender, text) if text else {}
        except backend_client.BackendError as exc:
            logger.warning("relay for sender %s failed: %s", sender, exc)
            dispatcher.utter_message(text=RELAY_FAILED)
            return {"handoff_message": None}
        if relayed is None:
            return {"handoff_message": CLOSED}  # 409/404: staff closed the ticket
        dispatcher.utter_message(text=RELAYED_ACK.format(id=ticket_id))
        if channel != "web":  # the web chat polls the outbox itself; other clients get staff replies here
            await _deliver_outbox(dispatcher, channel, sender)
        return {"handoff_message": None}


async def _deliver_outbox(dispatcher: CollectingDispatcher, channel: str, sender: str) -> None:
    try:
        messages = await backend_client.take_outbox(channel, sender)
    except backend_client.BackendError as exc:
        logger.info("outbox of sender %s not taken: %s", sender, exc)
        return
    for message in messages:
        if message.get("text"):
            dispatcher.utter_message(text=message["text"])


class ActionHandoffClosed(Action):
    """After handoff_form: the assistant is back; rate the support (at once when the message is a score)."""

    def name(self) -> Text:
        return "action_handoff_closed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        meta = motcua_metadata(tracker)
        ticket_id = meta.get("awaiting_rating_ticket_id") or tracker.get_slot("handoff_ticket_id")
        events: List[EventType] = [SlotSet("handoff_ticket_id", None), SlotSet("handoff_message", None)]
        if channel_of(tracker) != "web":
            await _deliver_outbox(dispatcher, channel_of(tracker), sender_of(tracker))  # staff's last words
        if ticket_id in (None, ""):
            dispatcher.utter_message(
                text="Cuộc hỗ trợ với cán bộ đã kết thúc. Trợ lý tự động tiếp tục hỗ trợ bạn trong cuộc trò chuyện này."
            )
            return events
        dispatcher.utter_message(text=BACK_TO_BOT.format(id=ticket_id))
        subject = {"ticket_id": int(ticket_id)}
        text = (tracker.latest_message or {}).get("text") or ""
        return events + await rating.rate_or_ask(dispatcher, tracker, subject, text)

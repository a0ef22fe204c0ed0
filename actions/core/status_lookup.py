"""Status look-up by code (HS- dossiers, PA- feedback) with the backend's ownership check.

The backend answers the chat that filed the code in full; another chat must give the last 4 digits of the
applicant's CCCD or phone (403 ``verification_required``). The bot then asks once (``status_verify_form``, one
slot ``status_verify_digits``: every next message goes to its validation, so a 4-digit number is never read as
anything else), retries with ``verify`` and either answers (the backend leaves out staff notes; this module drops
them too) or refuses politely without revealing anything. ``too_many_attempts`` (429) points to the hotline.

``pending_lookup`` = {"kind": "dossier"|"feedback", "code": ...} while the form waits for the digits.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.core.chat import channel_of
from actions.core.replies import send
from actions.core.validation import MotcuaFormValidationAction
from actions.settings import HOTLINE

logger = logging.getLogger(__name__)

VERIFY_FORM = "status_verify_form"
DIGITS_SLOT = "status_verify_digits"
PENDING_SLOT = "pending_lookup"
_DIGIT_RUNS = re.compile(r"\d+")

VERIFY_QUESTION = "Để bảo vệ thông tin, bạn cho tôi 4 số cuối CCCD hoặc số điện thoại của người nộp hồ sơ"
FEEDBACK_VERIFY_QUESTION = "Để bảo vệ thông tin, bạn cho tôi 4 số cuối số điện thoại của người gửi phản ánh"
DIGITS_HINT = "Bạn chỉ cần nhắn đúng 4 chữ số cuối, ví dụ: 1234."
REFUSED = (
    "Thông tin xác minh không khớp nên tôi không thể cho biết tình trạng của mã này. Nếu bạn là người nộp, "
    f"hãy tra cứu từ đúng cuộc trò chuyện đã dùng để nộp, hoặc gọi tổng đài {HOTLINE} ạ."
)
TOO_MANY = f"Bạn đã thử quá nhiều lần. Bạn vui lòng thử lại sau 1 giờ hoặc gọi tổng đài {HOTLINE} ạ."
STOPPED = (
    "Tôi dừng tra cứu mã {code} vì chưa có 4 số cuối để xác minh. Khi cần, bạn nhắn lại “tra cứu {code}” "
    "nhé. Bạn cần hỏi gì tiếp, cứ nhắn tôi."
)
UNAVAILABLE = (
    "Hệ thống quản lý hồ sơ đang tạm gián đoạn nên tôi chưa tra cứu được. Bạn thử lại sau ít phút, "
    f"hoặc gọi tổng đài {HOTLINE} ạ."
)


@dataclass(frozen=True)
class LookupKind:
    """How to fetch, show and name one kind of code (registered by dossier/status.py and feedback/form.py)."""

    name: str
    fetch: Callable[..., Awaitable[Optional[Dict[str, Any]]]]
    render: Callable[[Dict[str, Any]], str]
    not_found: Callable[[str], str]
    question: str
    remembered_slot: str  # the slot keeping the last code looked up in this chat


KINDS: Dict[str, LookupKind] = {}


def register(kind: LookupKind) -> LookupKind:
    KINDS[kind.name] = kind
    return kind


def without_staff_notes(record: Dict[str, Any]) -> Dict[str, Any]:
    """A verified (non-owner) answer: history entries without their notes, whatever the backend sent."""
    history = [{**entry, "note": None} for entry in record.get("history") or []]
    return {**record, "history": history}


def four_digits(text: str) -> Optional[str]:
    """The one 4-digit number of an answer ("1234", "4 số cuối là 5678"), else None."""
    runs = [run for run in _DIGIT_RUNS.findall(text or "") if len(run) == 4]
    return runs[0] if len(runs) == 1 else None


async def look_up(
    dispatcher: CollectingDispatcher, tracker: Tracker, kind: LookupKind, code: str, verify: Optional[str] = None
) -> List[Dict[Text, Any]]:
    """Answer the status of ``code``; on ``verification_required`` start the verification form (once)."""
    try:
        record = await kind.fetch(code, channel_of(tracker), tracker.sender_id, verify)
    except backend_client.BackendUnavailable:
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    except backend_client.BackendError as exc:
        return refused(dispatcher, kind, code, exc, verify)
    if record is None:
        dispatcher.utter_message(text=kind.not_found(code))
        return [SlotSet(kind.remembered_slot, None)]
    if record.get("verified") or verify:
        record = without_staff_notes(record)
    send(dispatcher, kind.render(record))
    return [SlotSet(kind.remembered_slot, code)]


def refused(
    dispatcher: CollectingDispatcher,
    kind: LookupKind,
    code: str,
    exc: backend_client.BackendError,
    verify: Optional[str],
) -> List[Dict[Text, Any]]:
    if exc.code == "verification_required" and not verify:
        return [
            SlotSet(PENDING_SLOT, {"kind": kind.name, "code": code}),
            SlotSet(DIGITS_SLOT, None),
            ActiveLoop(VERIFY_FORM),
        ]
    if exc.code == "too_many_attempts":
        dispatcher.utter_message(text=TOO_MANY)
    elif exc.code in ("verification_required", "verification_failed"):
        dispatcher.utter_message(text=REFUSED)
    else:
        logger.warning("status look-up refused: %s", exc)
        dispatcher.utter_message(
            text=f"Tôi chưa tra cứu được mã {code} lúc này. Bạn thử lại sau hoặc gọi tổng đài {HOTLINE} ạ."
        )
    return [SlotSet(PENDING_SLOT, None)]


# ------------------------------------------------------------------------------------------ the form
class ActionAskStatusVerifyDigits(Action):
    def name(self) -> Text:
        return f"action_ask_{DIGITS_SLOT}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        pending = tracker.get_slot(PENDING_SLOT) or {}
        kind = KINDS.get(pending.get("kind"))
        dispatcher.utter_message(text=kind.question if kind else VERIFY_QUESTION)
        return []


class ValidateStatusVerifyForm(MotcuaFormValidationAction):
    """The next message answers the question: 4 digits are taken; other digits get a hint; words end the look-up."""

    TEXT_SLOTS = (DIGITS_SLOT,)

    def name(self) -> Text:
        return f"validate_{VERIFY_FORM}"

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if not tracker.slots.get(PENDING_SLOT):
            return SlotSet("requested_slot", None)
        return await super().next_requested_slot(dispatcher, tracker, domain)

    async def validate_status_verify_digits(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value or "")
        digits = four_digits(text)
        if digits:
            return {DIGITS_SLOT: digits}
        if _DIGIT_RUNS.search(text):
            dispatcher.utter_message(text=DIGITS_HINT)
            return {DIGITS_SLOT: None}
        code = (tracker.get_slot(PENDING_SLOT) or {}).get("code", "")
        dispatcher.utter_message(text=STOPPED.format(code=code))
        return {DIGITS_SLOT: None, PENDING_SLOT: None}


class ActionStatusVerified(Action):
    """After status_verify_form: the look-up again with the digits (once), then forget them."""

    def name(self) -> Text:
        return "action_status_verified"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        pending = tracker.get_slot(PENDING_SLOT) or {}
        digits = tracker.get_slot(DIGITS_SLOT)
        done = [SlotSet(PENDING_SLOT, None), SlotSet(DIGITS_SLOT, None)]
        kind = KINDS.get(pending.get("kind"))
        if not (kind and digits and pending.get("code")):
            return done
        return done + await look_up(dispatcher, tracker, kind, pending["code"], verify=digits)

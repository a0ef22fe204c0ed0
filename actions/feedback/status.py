"""The status of a feedback by its tracking code (PA-…), through core.status_lookup's ownership check."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import backend as backend_client
from actions.core.chat import vn_datetime
from actions.core.status_lookup import FEEDBACK_VERIFY_QUESTION, LookupKind, look_up, register
from actions.settings import PORTAL
from common.codes import FEEDBACK_CODE


def feedback_code_in(tracker: Tracker) -> Optional[str]:
    for ent in (tracker.latest_message or {}).get("entities") or []:
        value = str(ent.get("value") or "")
        if ent.get("entity") in ("receipt_code", "feedback_code") and FEEDBACK_CODE.fullmatch(value):
            return value.upper()
    match = FEEDBACK_CODE.search((tracker.latest_message or {}).get("text") or "")
    return match.group(0).upper() if match else None


def status_text(feedback: Dict[str, Any]) -> str:
    lines = [
        f"Phản ánh {feedback['tracking_code']} ({feedback.get('category_label')}): {feedback.get('status_label')}.",
    ]
    due = vn_datetime(feedback.get("due_at"))
    if due and feedback.get("status") not in ("answered", "closed"):
        lines.append(f"Hạn trả lời: {due}.")
    history = feedback.get("history") or []
    notes = [h for h in history if h.get("note")]
    if notes:
        last = notes[-1]
        lines.append(f"Trả lời gần nhất ({vn_datetime(last.get('at'))}): {last['note']}")
    return "\n".join(lines)


def not_found_text(code: str) -> str:
    return (
        f"Tôi không tìm thấy phản ánh mã {code}. Bạn kiểm tra lại mã (dạng PA-2026-123456789) giúp tôi nhé. "
        f"Phản ánh gửi qua kênh khác, bạn tra cứu tại {PORTAL}."
    )


FEEDBACK = register(
    LookupKind(
        name="feedback",
        fetch=backend_client.get_feedback,
        render=status_text,
        not_found=not_found_text,
        question=FEEDBACK_VERIFY_QUESTION,
        remembered_slot="feedback_code",
    )
)


class ActionFeedbackStatus(Action):
    """check_feedback_status: "tra cứu phản ánh PA-2026-123456789" (another chat's code: 4 digits first)."""

    def name(self) -> Text:
        return "action_feedback_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        code = feedback_code_in(tracker) or tracker.get_slot("feedback_code")
        if not code:
            dispatcher.utter_message(
                text="Bạn cho tôi mã phản ánh (dạng PA-2026-123456789, có trong tin nhắn "
                "xác nhận khi gửi) để tra cứu nhé."
            )
            return []
        return await look_up(dispatcher, tracker, FEEDBACK, code)

"""Filing a confirmed feedback with the backend (idempotency key from the conversation) and its tracking code."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, conversation_key, sender_of, vn_datetime
from actions.feedback.common import CONFIRMED, FEEDBACK_FORM, is_urgent, reset_form_slots
from actions.handoff.handoff import open_handoff
from actions.settings import HOTLINE


# ---------------------------------------------------------------------------------------- submit
def feedback_payload(tracker: Tracker) -> Dict[str, Any]:
    category = tracker.get_slot("feedback_category")
    content = tracker.get_slot("feedback_content") or ""
    payload: Dict[str, Any] = {
        "category": category,
        "content": content,
        "place": tracker.get_slot("feedback_place"),
        "urgent": is_urgent(category, content),
        "channel": channel_of(tracker),
        "sender_id": sender_of(tracker),
        "idempotency_key": conversation_key(tracker, "fb", FEEDBACK_FORM),
    }
    related = tracker.get_slot("feedback_related")
    if isinstance(related, dict):
        for key in ("receipt_code", "procedure_code", "procedure_name"):
            if related.get(key):
                payload[key] = related[key]
    contact = tracker.get_slot("feedback_contact")
    if isinstance(contact, dict) and not contact.get("anonymous"):
        payload["contact"] = {"name": contact.get("name"), "phone": contact.get("phone")}
    else:
        payload["anonymous"] = True
    attachment = tracker.get_slot("feedback_attachment")
    if isinstance(attachment, dict) and attachment.get("stored_file_id"):
        payload["stored_file_id"] = int(attachment["stored_file_id"])
    return payload


class ActionSubmitFeedback(Action):
    """After feedback_form (or "Gửi lại"): POST /api/feedback; urgent feedback also opens a handoff ticket."""

    def name(self) -> Text:
        return "action_submit_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot("feedback_confirm") != CONFIRMED:
            dispatcher.utter_message(
                text="Vâng, tôi đã hủy phản ánh này, chưa có thông tin nào được gửi đi. Bạn cần hỗ trợ gì thêm cứ "
                "nhắn tôi nhé."
            )
            return reset_form_slots()
        payload = feedback_payload(tracker)
        try:
            feedback = await backend_client.file_feedback(payload)
        except backend_client.BackendUnavailable:
            dispatcher.utter_message(
                text="Xin lỗi, hệ thống tiếp nhận phản ánh đang gián đoạn nên chưa gửi được. Thông tin bạn nhập vẫn "
                "được giữ: "
                f"bấm “Gửi lại” sau ít phút, hoặc gọi tổng đài {HOTLINE}.",
                buttons=[{"title": "Gửi lại", "payload": "/retry_feedback"}],
            )
            return []
        except backend_client.BackendError as exc:
            dispatcher.utter_message(text=f"Phản ánh chưa được tiếp nhận: {exc.detail}. Bạn gửi lại giúp tôi nhé.")
            return reset_form_slots()
        code = feedback.get("tracking_code")
        due = vn_datetime(feedback.get("due_at"))
        dispatcher.utter_message(
            text=f"Đã gửi phản ánh của bạn. Mã phản ánh: {code}.\n"
            f"Trạng thái: {feedback.get('status_label') or 'Đã tiếp nhận'}"
            + (f"; hạn trả lời: {due}" if due else "")
            + f".\nBạn nhắn “tra cứu phản ánh {code}” để xem tình trạng bất cứ lúc nào."
            + ("" if payload.get("anonymous") else " Cơ quan sẽ liên hệ theo số điện thoại bạn để lại.")
        )
        events = reset_form_slots() + [SlotSet("feedback_code", code)]
        if payload["urgent"]:
            events += await open_handoff(
                dispatcher,
                tracker,
                reason="urgent_complaint",
                category=payload["category"],
                summary=f"Phản ánh khẩn {code}: {payload['content']}",
                feedback_code=code,
            )
        return events

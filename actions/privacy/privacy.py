"""Personal data (Nghị định 13/2023/NĐ-CP): the privacy notice, consent before collecting, deletion on request.

- the short privacy notice (``notice_text``) that actions/session/session.py puts before the first reply of a chat, and
  ``CARRIED_SLOTS``, the only slots a new session keeps (no applicant details: a returning citizen's details come
  from the backend, never from old slots);
- Consent: the dossier and feedback forms ask ``privacy_consent_at`` before the first personal datum
  (``consent_question``, ``consent_answer``); "Đồng ý" stores the moment (UTC, ISO 8601) in that slot.
- "xóa dữ liệu của tôi" (intent ``request_data_deletion``): POST /api/deletion-requests, the request number,
  and the applicant slots are forgotten at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.core.chat import channel_of
from actions.core.slots import APPLICANT_SLOTS, PROGRESS_SLOTS
from actions.core.validation import Checked, check_yes_no
from actions.settings import DELETION_HOURS, HOTLINE, RETENTION_DAYS

logger = logging.getLogger(__name__)

CONSENT_SLOT = "privacy_consent_at"
NOTICE_SLOT = "privacy_notice_shown"
# Operational state a new session keeps: never the applicant's name, CCCD, phone or address.
CARRIED_SLOTS = (
    NOTICE_SLOT,
    CONSENT_SLOT,
    "pending_dossier",
    "dossier_notice",
    "handoff_ticket_id",
    "feedback_code",
    *PROGRESS_SLOTS,
)
# What "xóa dữ liệu của tôi" forgets in the conversation at once.
PERSONAL_SLOTS = (*APPLICANT_SLOTS, "cccd_number", "phone", "feedback_contact", CONSENT_SLOT)
CONSENT_BUTTONS = [{"title": "Đồng ý", "payload": "/affirm"}, {"title": "Không đồng ý", "payload": "/deny"}]


def notice_text() -> str:
    return (
        "🔒 Trước khi bắt đầu: tôi lưu câu hỏi của bạn để trả lời và cải thiện dịch vụ. Khi bạn nộp hồ sơ, tôi "
        "thu thập họ tên, CCCD, số điện thoại, địa chỉ và giấy tờ để chuyển cơ quan giải quyết. Cuộc trò chuyện "
        f"được lưu {RETENTION_DAYS} ngày rồi xóa. Hỏi thủ tục không cần thông tin cá nhân. "
        "Bạn có thể nhắn “xóa dữ liệu của tôi” bất cứ lúc nào."
    )


# ------------------------------------------------------------------------------------------ consent
CONSENT_QUESTIONS = {  # the form asking -> what the personal data is for
    "dossier_form": (
        "🔒 Để nộp hồ sơ, tôi cần thu thập giấy tờ và thông tin cá nhân (họ tên, CCCD, số điện thoại, địa chỉ) "
        "của người nộp, chỉ để chuyển cơ quan có thẩm quyền giải quyết. Bạn có thể yêu cầu xóa bất cứ lúc nào. "
        "Bạn có đồng ý không?"
    ),
    "feedback_form": (
        "🔒 Để cơ quan liên hệ trả lời, tôi cần họ tên và số điện thoại của bạn (chỉ cán bộ xử lý được xem). "
        "Bạn có đồng ý cung cấp không? Chọn “Không đồng ý” để gửi phản ánh ẩn danh."
    ),
}


class ActionAskPrivacyConsentAt(Action):
    """Consent before the first personal datum is asked (dossier_form and feedback_form share the slot)."""

    def name(self) -> Text:
        return f"action_ask_{CONSENT_SLOT}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        question = CONSENT_QUESTIONS.get(tracker.active_loop_name or "", CONSENT_QUESTIONS["dossier_form"])
        dispatcher.utter_message(text=question, buttons=CONSENT_BUTTONS)
        return []


def consent_answer(text: str, intent: str) -> Checked:
    """The consent moment (UTC ISO 8601) for "Đồng ý", False for "Không", an error for anything else."""
    answer = check_yes_no(text, intent)
    if not answer.ok:
        return Checked(None, "Bạn bấm “Đồng ý” hoặc “Không đồng ý” giúp tôi nhé.")
    return Checked(now_iso() if answer.value else False)


def consent_values(answer: Checked, dispatcher: CollectingDispatcher, declined_text: str, **declined: Any) -> Dict:
    """A form's values for an answer to the consent question: the consent moment; for "Không" ``declined_text`` is
    said and the slot stays empty with ``declined`` set (the form's way on); anything else is asked again."""
    if not answer.ok:
        dispatcher.utter_message(text=answer.error)
        return {CONSENT_SLOT: None}
    if answer.value is False:
        dispatcher.utter_message(text=declined_text)
        return {CONSENT_SLOT: None, **declined}
    return {CONSENT_SLOT: answer.value}


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------------------ deletion
def deletion_text(request: Optional[Dict[str, Any]]) -> str:
    if request is None:
        return (
            "Hệ thống đang gián đoạn nên tôi chưa ghi nhận được yêu cầu xóa dữ liệu. Bạn nhắn lại sau ít phút, "
            f"hoặc gọi tổng đài {HOTLINE} giúp tôi nhé. Thông tin người nộp trong cuộc trò chuyện này đã được xóa."
        )
    return (
        f"Tôi đã ghi nhận yêu cầu xóa dữ liệu (số YC-{request['id']}); cán bộ sẽ xử lý trong {DELETION_HOURS} giờ. "
        "Thông tin người nộp trong cuộc trò chuyện này đã được xóa ngay."
    )


class ActionRequestDataDeletion(Action):
    """ "xóa dữ liệu của tôi": record the request for staff and forget the applicant slots now."""

    def name(self) -> Text:
        return "action_request_data_deletion"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        try:
            request = await backend_client.request_deletion(channel_of(tracker), tracker.sender_id)
        except backend_client.BackendError as exc:
            logger.warning("deletion request not recorded: %s", exc)
            request = None
        dispatcher.utter_message(text=deletion_text(request))
        return [SlotSet(name, None) for name in PERSONAL_SLOTS]

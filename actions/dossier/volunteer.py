"""Tổ công nghệ số volunteers prove who they are: a chat is linked to a volunteer's account for one shift.

The volunteer creates a one-time 6-digit code on the console page "Mã liên kết" and types it in the chat; the
backend links this chat (POST /api/volunteer-links) until the shift ends ("kết thúc ca": DELETE). Filing on a
resident's behalf then needs that link (the backend takes the volunteer from it); a typed name proves nothing.
A wrong code gets the same answer whatever the reason, so nothing about accounts is revealed.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, vn_time
from actions.settings import HOTLINE

logger = logging.getLogger(__name__)

LINK_SLOT = "volunteer_link"  # {username, display_name, expires_at} of this chat's active link
_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")

CODE_QUESTION = (
    "🔑 Bạn nhắn giúp tôi mã liên kết 6 chữ số lấy ở trang “Mã liên kết” trên trang quản trị "
    "(đăng nhập bằng tài khoản tổ công nghệ số; mã dùng một lần, hết hạn sau 10 phút)."
)
CODE_FORMAT = "Mã liên kết gồm đúng 6 chữ số, lấy ở trang “Mã liên kết” trên trang quản trị. Bạn nhắn lại giúp tôi nhé."
INVALID_CODE = "Mã không đúng hoặc đã hết hạn. Bạn tạo mã mới ở trang “Mã liên kết” rồi nhắn lại giúp tôi nhé."
TOO_MANY = f"Bạn đã nhập sai mã quá nhiều lần. Bạn vui lòng thử lại sau ít phút hoặc gọi tổng đài {HOTLINE} ạ."
UNAVAILABLE = "Hệ thống đang tạm gián đoạn nên tôi chưa kiểm tra được mã liên kết. Bạn thử lại sau ít phút nhé."
LINK_REQUIRED = (
    "Liên kết tổ công nghệ số của cuộc trò chuyện này đã hết hạn hoặc đã kết thúc ca, nên hồ sơ chưa "
    "nộp được. Thông tin đã khai vẫn được giữ."
)


def linked_text(link: Dict[str, Any]) -> str:
    until = vn_time(link.get("expires_at"))
    name = link.get("display_name") or link.get("username")
    return f"🔗 Đã liên kết với tài khoản {name}" + (f" đến {until}." if until else ".")


def link_code(text: str) -> Optional[str]:
    """The one 6-digit code of a message ("123456", "mã 123 456" is not one), else None."""
    codes = _CODE.findall(text or "")
    return codes[0] if len(codes) == 1 else None


async def active_link(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """This chat's active link, None when it has none (or the backend cannot say now)."""
    try:
        return await backend_client.volunteer_link(channel_of(tracker), tracker.sender_id)
    except backend_client.BackendError as exc:
        logger.info("volunteer link of sender %s unknown: %s", tracker.sender_id, exc)
        return None


async def link_with_code(dispatcher: CollectingDispatcher, tracker: Tracker, code: str) -> Dict[Text, Any]:
    """Slot values after the volunteer typed ``code``: the link, or None (asked again) / a stop on too many tries."""
    try:
        link = await backend_client.link_volunteer(channel_of(tracker), tracker.sender_id, code)
    except backend_client.BackendUnavailable:
        dispatcher.utter_message(text=UNAVAILABLE)
        return {LINK_SLOT: None, "dossier_stop": "quiet"}
    except backend_client.BackendError as exc:
        if exc.code == "too_many_attempts":
            dispatcher.utter_message(text=TOO_MANY)
            return {LINK_SLOT: None, "dossier_stop": "quiet"}
        dispatcher.utter_message(text=INVALID_CODE)
        return {LINK_SLOT: None}
    dispatcher.utter_message(text=linked_text(link))
    return {LINK_SLOT: link}


class ActionEndVolunteerShift(Action):
    """ "kết thúc ca": the chat is no longer linked to the volunteer's account."""

    def name(self) -> Text:
        return "action_end_volunteer_shift"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        try:
            await backend_client.end_volunteer_link(channel_of(tracker), tracker.sender_id)
        except backend_client.BackendError as exc:
            logger.warning("volunteer link of sender %s not ended: %s", tracker.sender_id, exc)
            dispatcher.utter_message(
                text=f"Hệ thống đang gián đoạn nên chưa kết thúc ca được. Bạn thử lại sau ít phút "
                f"hoặc gọi tổng đài {HOTLINE} nhé."
            )
            return []
        dispatcher.utter_message(
            text="Đã kết thúc ca: cuộc trò chuyện này không còn liên kết với tài khoản tổ công "
            "nghệ số. Cảm ơn bạn đã hỗ trợ người dân!"
        )
        return [SlotSet(LINK_SLOT, None)]

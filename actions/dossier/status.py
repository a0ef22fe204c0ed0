"""Status of a dossier ("tra cứu hồ sơ HS-2026-123456789") and "hồ sơ của tôi" (the dossiers of this chat).

The backend answers the bot with CCCD and phone masked and without the address, in full only for the chat that
filed the dossier (another chat is asked for the last 4 digits first: actions/core/status_lookup.py); receipt codes
of other systems (the national portal's "000.00.21.H01-…") are not in this backend, so the citizen is told where
to look them up.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.core.chat import channel_of
from actions.core.replies import send, shorten
from actions.core.status_lookup import UNAVAILABLE, VERIFY_QUESTION, LookupKind, look_up, register
from actions.core.tracker import entity, latest_text
from actions.dossier.common import has_dossier_in_progress
from actions.dossier.record import field_lines, local_date, procedure_name
from actions.settings import HOTLINE, PORTAL
from common.codes import RECEIPT_CODE


def receipt_code_of(tracker: Tracker) -> Optional[str]:
    code = entity(tracker, "receipt_code")
    if not code:
        match = RECEIPT_CODE.search(latest_text(tracker))
        code = match.group(0) if match else None
    return code.upper() if code else None


def status_text(dossier: Dict[str, Any]) -> str:
    lines = [
        f"📄 Hồ sơ {dossier['receipt_code']}: {procedure_name(dossier)}",
        f"Tình trạng: {dossier.get('status_label') or dossier.get('status')}",
        *field_lines(dossier, (("created_at", "Ngày nộp"), ("due_at", "Ngày hẹn trả"))),
    ]
    history = dossier.get("history") or []
    if history and history[-1].get("note"):
        lines.append(f"Cập nhật gần nhất ({local_date(history[-1].get('at'))}): {shorten(history[-1]['note'], 300)}")
    if dossier.get("status") == "need_more_info":
        lines.append("Bạn cần bổ sung giấy tờ theo hướng dẫn của cán bộ, tại Bộ phận Một cửa nơi nộp.")
    elif dossier.get("status") == "completed" and dossier.get("delivery_label"):
        lines.append(f"Cách nhận kết quả: {dossier['delivery_label']}.")
    return "\n".join(lines)


def not_found_text(code: str) -> str:
    return (
        f"Tôi không tìm thấy hồ sơ mã {code}. Bạn kiểm tra lại mã trên giấy tiếp nhận "
        "(dạng HS-2026-123456789) giúp tôi nhé."
    )


DOSSIER = register(
    LookupKind(
        name="dossier",
        fetch=backend_client.get_dossier,
        render=status_text,
        not_found=not_found_text,
        question=VERIFY_QUESTION,
        remembered_slot="receipt_code",
    )
)


def list_text(dossiers: List[Dict[str, Any]], limit: int = 10) -> str:
    lines = [f"🗂 Hồ sơ của bạn ({len(dossiers)}):"]
    for i, d in enumerate(dossiers[:limit], 1):
        lines.append(
            f"{i}. {d['receipt_code']} — {shorten(d.get('procedure_name', ''), 60)} — "
            f"{d.get('status_label') or d.get('status')} (nộp {local_date(d.get('created_at'))})"
        )
    if len(dossiers) > limit:
        lines.append(f"… và {len(dossiers) - limit} hồ sơ cũ hơn.")
    return "\n".join(lines)


def status_buttons(dossiers: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    return [
        {"title": f"Tra cứu {d['receipt_code']}", "payload": '/check_status{"receipt_code":"%s"}' % d["receipt_code"]}
        for d in dossiers[:3]
    ]


async def my_dossiers_reply(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    try:
        dossiers = await backend_client.dossiers_by_sender(channel_of(tracker), tracker.sender_id)
    except backend_client.BackendError:
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    extra = []
    if tracker.get_slot("pending_dossier"):
        extra.append("⏳ 1 hồ sơ đã xác nhận đang chờ gửi lại do hệ thống gián đoạn; tôi sẽ báo mã ngay khi gửi được.")
    if has_dossier_in_progress(tracker):
        extra.append(
            f"✏️ Hồ sơ “{shorten(tracker.get_slot('dossier_title') or '', 80)}” đang khai dở: nhắn “tiếp tục hồ sơ” để "
            "làm tiếp."
        )
    if not dossiers:
        text = "Bạn chưa nộp hồ sơ nào qua kênh chat này."
        if not extra:
            text += " Khi cần, bạn hỏi thủ tục rồi nhắn “nộp hồ sơ” nhé."
        send(dispatcher, "\n".join([text] + extra))
        return []
    send(dispatcher, "\n".join([list_text(dossiers)] + extra), status_buttons(dossiers))
    return []


class ActionCheckStatus(Action):
    def name(self) -> Text:
        return "action_check_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        code = receipt_code_of(tracker)
        if not code:
            return await my_dossiers_reply(dispatcher, tracker)
        if not RECEIPT_CODE.fullmatch(code):
            dispatcher.utter_message(
                text=f"Mã {code} không phải mã hồ sơ nộp qua trợ lý này (mã của tôi có dạng HS-2026-123456789). "
                f"Bạn tra cứu mã này tại {PORTAL}, mục “Tra cứu hồ sơ”, hoặc gọi tổng đài {HOTLINE} ạ."
            )
            return [SlotSet("receipt_code", code)]
        return await look_up(dispatcher, tracker, DOSSIER, code)


class ActionMyDossiers(Action):
    def name(self) -> Text:
        return "action_my_dossiers"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        return await my_dossiers_reply(dispatcher, tracker)

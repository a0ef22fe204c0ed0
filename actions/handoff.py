"""Dossier filing, status look-up, feedback, complaints and human handoff.

These flows belong to their own issues (dossier, feedback and handoff back-ends). Until they exist the
assistant answers honestly: it says what it cannot do yet through this chat and where the citizen can do it
today (the national portal, the hotline, the one-stop office). Nothing here pretends to file, track or forward.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting as fmt
from actions import kb_client
from actions.conversation import entity
from actions.settings import HOTLINE, PORTAL


def human_text() -> str:
    return (
        "Hiện kênh chat này chưa có cán bộ trực để chuyển máy ạ. Để được hỗ trợ trực tiếp, bạn có thể:\n"
        f"• Gọi tổng đài Cổng Dịch vụ công quốc gia {HOTLINE} (miễn phí, giờ hành chính)\n"
        "• Đến Bộ phận Một cửa tại UBND xã/phường hoặc Trung tâm Phục vụ hành chính công tỉnh\n"
        "Tôi vẫn ở đây nếu bạn muốn hỏi tiếp về thủ tục."
    )


def feedback_text() -> str:
    return (
        "Hiện tôi chưa nhận phản ánh, kiến nghị qua kênh chat này, nên chưa thể ghi nhận ý kiến của bạn ạ. "
        "Bạn gửi giúp qua một trong các cách sau để được cơ quan có thẩm quyền tiếp nhận và trả lời:\n"
        f"• Mục “Phản ánh kiến nghị” trên Cổng Dịch vụ công quốc gia ({PORTAL})\n"
        f"• Tổng đài {HOTLINE}\n"
        "• Hòm thư góp ý tại Bộ phận Một cửa nơi bạn làm thủ tục"
    )


class ActionStartDossier(Action):
    def name(self) -> Text:
        return "action_start_dossier"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        code = tracker.get_slot("current_procedure_code")
        proc = await kb_client.get(code) if code else None
        text = "Hiện tôi chưa nộp hồ sơ thay bạn được qua tin nhắn ạ."
        if proc is not None:
            if proc.online:
                text += (
                    f"\n{fmt.title(proc)} nộp trực tuyến được: bạn đăng nhập {PORTAL} bằng tài khoản VNeID mức 2 "
                    f"rồi nộp tại trang thủ tục: {fmt.clean(proc.url) or PORTAL}"
                )
            else:
                text += (
                    f"\nVới {fmt.title(proc)}, bạn chuẩn bị hồ sơ và nộp tại "
                    f"{fmt.shorten(fmt.agency_text(proc), 200)} (Bộ phận Một cửa)."
                )
            fmt.send(dispatcher, text, fmt.follow_up_buttons(exclude=["fee", "time", "legal"]))
        else:
            text += f" Bạn cho tôi biết thủ tục cần làm, tôi sẽ hướng dẫn giấy tờ và cách nộp trên {PORTAL} hoặc tại Bộ phận Một cửa."
            fmt.send(dispatcher, text)
        return []


class ActionCheckStatus(Action):
    def name(self) -> Text:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        code = entity(tracker, "receipt_code") or tracker.get_slot("receipt_code")
        head = "Hiện tôi chưa kết nối được hệ thống quản lý hồ sơ nên chưa tra cứu được tình trạng hồ sơ ạ."
        if code:
            how = (
                f"\nBạn tra cứu hồ sơ mã {code} tại {PORTAL}, mục “Tra cứu hồ sơ” (nhập mã hồ sơ), "
                f"hoặc gọi tổng đài {HOTLINE} / Bộ phận Một cửa nơi nộp và đọc mã này."
            )
        else:
            how = (
                f"\nBạn tra cứu tại {PORTAL}, mục “Tra cứu hồ sơ”, bằng mã hồ sơ in trên giấy tiếp nhận "
                f"(giấy hẹn), hoặc gọi tổng đài {HOTLINE}."
            )
        fmt.send(dispatcher, head + how)
        return [SlotSet("receipt_code", code)] if code else []


class ActionGiveFeedback(Action):
    def name(self) -> Text:
        return "action_give_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        fmt.send(dispatcher, feedback_text())
        return [SlotSet("pending_offer", None)]


class ActionComplain(Action):
    def name(self) -> Text:
        return "action_complain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        fmt.send(
            dispatcher,
            "Tôi rất tiếc về sự việc bạn gặp phải. " + feedback_text()
            + "\nNếu hồ sơ bị trễ hẹn, bạn có quyền yêu cầu cơ quan giải quyết có văn bản xin lỗi và hẹn lại ngày trả kết quả.",
            [{"title": "Gặp cán bộ", "payload": "/request_human"}],
        )
        return [SlotSet("pending_offer", None)]


class ActionRequestHuman(Action):
    def name(self) -> Text:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        fmt.send(dispatcher, human_text())
        return [SlotSet("pending_offer", None), SlotSet("turn_failed", None)]

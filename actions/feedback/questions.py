"""The questions of feedback_form: one action_ask_<slot> per slot."""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.core.asking import AskSlot, Question
from actions.core.chat import channel_of
from actions.feedback.common import (
    CATEGORIES,
    FILE_CHANNELS,
    attachment_label,
    category_buttons,
    contact_label,
    is_urgent,
    related_label,
)


# ---------------------------------------------------------------------------------------- questions
class ActionAskFeedbackCategory(AskSlot):
    slot = "feedback_category"

    def question(self, tracker: Tracker) -> Question:
        return (
            "Phản ánh của bạn thuộc loại nào?",
            category_buttons(),
        )


class ActionAskFeedbackContent(AskSlot):
    slot = "feedback_content"

    def question(self, tracker: Tracker) -> Question:
        return (
            "Bạn mô tả nội dung phản ánh giúp tôi: sự việc gì, xảy ra khi nào, ai liên quan… "
            "Bạn viết càng cụ thể, cơ quan càng dễ xác minh và trả lời.",
            None,
        )


class ActionAskFeedbackContact(AskSlot):
    slot = "feedback_contact"

    def question(self, tracker: Tracker) -> Question:
        return (
            "Bạn để lại họ tên và số điện thoại để cơ quan liên hệ trả lời (ví dụ: Nguyễn Văn An 0912345678), "
            "hoặc chọn “Ẩn danh”. Thông tin liên hệ chỉ cán bộ xử lý được xem.",
            [{"title": "Ẩn danh", "payload": "ẩn danh"}],
        )


class ActionAskFeedbackRelated(AskSlot):
    slot = "feedback_related"

    def question(self, tracker: Tracker) -> Question:
        buttons = []
        code, name = tracker.get_slot("current_procedure_code"), tracker.get_slot("current_procedure_name")
        if code and name:
            short = re.sub(r"^thủ tục\s+", "", name, flags=re.I)
            buttons.append({"title": f"Thủ tục: {short[:50]}", "payload": f"thủ tục {code}"})
        buttons.append({"title": "Không liên quan", "payload": "không"})
        return (
            "Phản ánh này liên quan đến hồ sơ hay thủ tục nào? Bạn nhắn mã hồ sơ (ví dụ HS-2026-000123) "
            "hoặc tên thủ tục, hoặc “không”.",
            buttons,
        )


class ActionAskFeedbackPlace(AskSlot):
    slot = "feedback_place"

    def question(self, tracker: Tracker) -> Question:
        ward = tracker.get_slot("ward")
        buttons = [{"title": str(ward)[:60], "payload": str(ward)}] if ward else []
        return (
            "Sự việc xảy ra ở đâu? Bạn ghi xã/phường hoặc cơ quan (ví dụ: Bộ phận Một cửa UBND Phường Bến Nghé).",
            buttons,
        )


class ActionAskFeedbackAttachment(AskSlot):
    slot = "feedback_attachment"

    def question(self, tracker: Tracker) -> Question:
        return (
            "Bạn có ảnh chụp hoặc tệp PDF làm bằng chứng không? Bấm nút 📎 cạnh ô nhập để gửi (JPEG, PNG, PDF), "
            "hoặc bấm “Không đính kèm”.",
            [{"title": "Không đính kèm", "payload": "không"}],
        )


def summary_text(tracker: Tracker) -> str:
    category = tracker.get_slot("feedback_category")
    content = tracker.get_slot("feedback_content") or ""
    lines = [
        "Bạn kiểm tra lại phản ánh trước khi gửi:",
        f"• Loại: {CATEGORIES.get(category, category)}",
        f"• Nội dung: {content if len(content) <= 600 else content[:600] + '…'}",
        f"• Liên quan: {related_label(tracker.get_slot('feedback_related'))}",
        f"• Nơi xảy ra: {tracker.get_slot('feedback_place') or ''}",
        f"• Liên hệ: {contact_label(tracker.get_slot('feedback_contact'))}",
    ]
    if channel_of(tracker) in FILE_CHANNELS:
        lines.append(f"• Đính kèm: {attachment_label(tracker.get_slot('feedback_attachment'))}")
    if is_urgent(category, content):
        lines.append("Nội dung này cần xử lý khẩn: sau khi gửi, tôi sẽ chuyển ngay tới cán bộ hỗ trợ.")
    return "\n".join(lines)


class ActionAskFeedbackConfirm(AskSlot):
    slot = "feedback_confirm"

    def question(self, tracker: Tracker) -> Question:
        return (
            summary_text(tracker),
            [
                {"title": "Gửi phản ánh", "payload": "gửi"},
                {"title": "Sửa lại", "payload": "sửa lại"},
                {"title": "Hủy", "payload": "hủy"},
            ],
        )

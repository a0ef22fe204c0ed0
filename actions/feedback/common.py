"""What the feedback modules share: the form's slots, categories, urgency, and the labels of a summary."""

from __future__ import annotations

import re
from typing import Any, List, Optional

from rasa_sdk.events import EventType, SlotSet

from nlu.vietnamese_text import fold

FEEDBACK_FORM = "feedback_form"


FORM_SLOTS = (
    "feedback_category",
    "feedback_content",
    "feedback_related",
    "feedback_place",
    "feedback_contact",
    "feedback_attachment",
    "feedback_confirm",
)


FILE_CHANNELS = {"web", "telegram", "zalo"}


CANCELLED = "cancel"


CONFIRMED = "yes"


CATEGORIES = {  # backend.vocabulary.FeedbackCategory -> label
    "thai_do_can_bo": "Thái độ cán bộ",
    "cham_tre": "Chậm trễ",
    "thu_tuc_ruom_ra": "Thủ tục rườm rà",
    "de_xuat": "Đề xuất",
    "khac": "Khác",
}


# folded keywords -> category, checked in this order (for typed answers and for guessing from a complaint)
CATEGORY_WORDS = (
    (
        "thai_do_can_bo",
        (
            "thai do",
            "hach dich",
            "nhung nhieu",
            "doi tien",
            "hoi lo",
            "lam kho",
            "kho de",
            "thieu ton trong",
            "quat",
            "cau gat",
            "boi duong",
            "phong bi",
            "vong vo",
        ),
    ),
    ("cham_tre", ("cham", "tre", "lau", "qua han", "tre hen", "hen lai", "hen di hen lai", "ngam", "khong tra")),
    ("thu_tuc_ruom_ra", ("ruom ra", "phuc tap", "nhieu giay to", "bo sung", "thu tuc", "giay to", "quy trinh")),
    ("de_xuat", ("de xuat", "kien nghi", "gop y", "y kien", "de nghi", "nen")),
    ("khac", ("khac",)),
)


URGENT_WORDS = ("khan cap",)


STAFF_ABUSE_WORDS = (
    "doi tien",
    "voi tien",
    "hoi lo",
    "nhung nhieu",
    "phong bi",
    "boi duong",
    "tien che nuoc",
    "lot tay",
    "de doa",
    "doa nat",
    "hanh hung",
    "danh nguoi",
    "xuc pham",
    "quay roi",
)


ANONYMOUS_WORDS = (
    "an danh",
    "khong",
    "khong muon",
    "giau ten",
    "khong cung cap",
    "khong can",
    "bo qua",
    "khong de lai",
)


NONE_WORDS = ("khong", "khong co", "khong lien quan", "khong ro", "khong nho", "chua co", "bo qua", "khong a")


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text or "").lower()).split())


def _has(folded: str, words) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", folded) for w in words)


def is_urgent(category: Optional[str], content: str) -> bool:
    """The documented urgency rule (see the module docstring)."""
    folded = _folded(content)
    if _has(folded, URGENT_WORDS):
        return True
    return category == "thai_do_can_bo" and _has(folded, STAFF_ABUSE_WORDS)


def guess_category(text: str) -> Optional[str]:
    folded = _folded(text)
    for code, words in CATEGORY_WORDS:
        if _has(folded, words):
            return code
    return None


def category_buttons() -> List[dict]:
    return [{"title": label, "payload": label} for label in CATEGORIES.values()]


def mask_phone(phone: str) -> str:
    return phone[:4] + "***" + phone[-3:] if phone and len(phone) >= 8 else (phone or "")


def related_label(related: Any) -> str:
    if not isinstance(related, dict) or related.get("none"):
        return "không"
    if related.get("receipt_code"):
        return f"hồ sơ {related['receipt_code']}"
    name = related.get("procedure_name") or ""
    code = related.get("procedure_code")
    return f"{name} (mã {code})" if code and name else (name or f"thủ tục mã {code}")


def contact_label(contact: Any) -> str:
    if not isinstance(contact, dict) or contact.get("anonymous"):
        return "Ẩn danh"
    return f"{contact.get('name') or ''}, {mask_phone(contact.get('phone') or '')}".strip(", ")


def attachment_label(attachment: Any) -> str:
    if isinstance(attachment, dict) and attachment.get("stored_file_id"):
        return attachment.get("file_name") or f"tệp số {attachment['stored_file_id']}"
    return "không"


def reset_form_slots() -> List[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]

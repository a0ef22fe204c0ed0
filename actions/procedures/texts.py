"""Chat text shared by the procedure actions: names, buttons, variant questions, the out-of-catalog answer.

Everything citizen-facing is polite Vietnamese, "tôi" for the assistant and "bạn" for the citizen. Functions take a
knowledge_base.model.Procedure (duck-typed: only attributes are read) and return plain strings. The answers about
one aspect of a procedure (fee, time, documents…) are rendered by ``actions.procedures.render``.
"""

from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence, Tuple

from actions.core.replies import Button, shorten

CHANNEL_LABELS = {"online": "Trực tuyến", "postal": "Qua bưu chính", "in_person": "Trực tiếp"}
UNKNOWN = "Không có thông tin"

# Follow-up questions offered as buttons after an answer: (aspect, title, payload)
FOLLOW_UPS: Tuple[Tuple[str, str, str], ...] = (
    ("documents", "Giấy tờ cần nộp", "/ask_documents"),
    ("fee", "Lệ phí", "/ask_fee"),
    ("time", "Thời gian giải quyết", "/ask_time"),
    ("where", "Nộp ở đâu", "/ask_where"),
    ("online", "Nộp trực tuyến?", "/ask_online"),
    ("legal", "Căn cứ pháp lý", "/ask_legal_basis"),
)


def clean(text: Optional[str]) -> str:
    """Collapse whitespace; the catalog's "Không có thông tin" counts as empty."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return "" if text.rstrip(".").lower() == UNKNOWN.lower() else text


def shorten_catalog(text: str, limit: int) -> str:
    """A catalog field shortened for chat ("Không có thông tin" counts as empty)."""
    return shorten(clean(text), limit)


def title(proc) -> str:
    """ "Thủ tục đăng ký khai sinh (mã 1.001193)"."""
    return f"{clean(proc.name)} (mã {proc.code})"


def choice_label(name: str, limit: int = 60) -> str:
    """A button title for a procedure: without the leading "Thủ tục", at most ``limit`` characters."""
    name = re.sub(r"^thủ tục\s+", "", clean(name), flags=re.IGNORECASE)
    name = name[:1].upper() + name[1:]
    return shorten_catalog(name, limit)


def follow_up_buttons(exclude: Iterable[str] = ()) -> List[Button]:
    skip = set(exclude)
    return [{"title": t, "payload": p} for aspect, t, p in FOLLOW_UPS if aspect not in skip]


def choose_payload(code: str) -> str:
    return '/choose_option{"procedure_code":"%s"}' % code


# ---------------------------------------------------------------- channels: time, fee, online
def _channel_label(kind: str) -> str:
    return CHANNEL_LABELS.get(kind, kind)


def channels_text(proc) -> str:
    kinds = []
    for ch in proc.channels:
        label = _channel_label(ch.kind)
        if label not in kinds:
            kinds.append(label)
    return ", ".join(kinds) if kinds else "chưa có thông tin"


def levels_text(proc) -> str:
    return ", ".join(clean(level) for level in proc.levels if clean(level))


def agency_text(proc) -> str:
    return clean(proc.agency) or levels_text(proc) or "chưa có thông tin"


# "TH" is the catalog's abbreviation of "trường hợp": upper case and a whole word only ("thực hiện" keeps its "th").
_CONDITION_PREFIX = re.compile(
    r"^(?:[-–•*+]\s*)?(?:đối với\s+)?(?:trong\s+)?(?:trường hợp|(?-i:TH)|nếu)(?!\w)\s*:?\s*", re.IGNORECASE
)


def condition_phrase(condition: str) -> str:
    """ "Trường hợp trẻ em bị bỏ rơi" -> "trẻ em bị bỏ rơi"."""
    text = _CONDITION_PREFIX.sub("", clean(condition).strip(" .;:,"))
    return text[:1].lower() + text[1:] if text else ""


VARIANTS_HEADING = "Thủ tục này có nhiều trường hợp. Bạn làm theo trường hợp nào ạ?"
VARIANT_NOT_CLEAR_HEADING = "Tôi chưa rõ bạn chọn trường hợp nào. Bạn làm theo trường hợp nào ạ?"
ALTERNATIVES_HEADING = "Xin lỗi bạn. Có phải bạn cần một trong các thủ tục sau không ạ?"


VARIANT_NAME_LIMIT = 140  # characters of a name in a list to choose from (the code follows it)
_LONG_BRACKET = re.compile(r"\s*\([^()]{40,}\)")  # "(công trình Không theo tuyến/Theo tuyến …/Dự án)"


def listed_name(name: str) -> str:
    """A procedure's name in a list to choose from: without its long bracketed enumerations, shortened."""
    return shorten(_LONG_BRACKET.sub("", clean(name)), VARIANT_NAME_LIMIT)


def variants_question(hits: Sequence, heading: str = VARIANTS_HEADING) -> Tuple[str, List[Button]]:
    lines = [heading]
    buttons = []
    for i, hit in enumerate(hits, 1):
        lines.append(f"{i}. {listed_name(hit.name)} (mã {hit.code})")
        buttons.append({"title": f"{i}. {choice_label(hit.name, 56)}", "payload": choose_payload(hit.code)})
    return "\n".join(lines), buttons

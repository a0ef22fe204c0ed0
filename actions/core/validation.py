"""Form validation shared by every form of the assistant (dossier, feedback, ...).

Two layers:

- pure checkers ``check_cccd``, ``check_phone``, ``check_full_name``, ``check_address``,
  ``check_ward``, ``check_yes_no``: text in, ``Checked(value, error)`` out; ``value`` is normalised
  (CCCD: 12 digits; phone: ``0xxxxxxxxx``; date: ``dd/mm/yyyy``; name: capitalised words), ``error`` is a
  short Vietnamese reason the bot can say before asking again;
- ``MotcuaFormValidationAction``, a ``FormValidationAction`` base class: ``self.accept(slot, checked,
  dispatcher)`` sends the reason and clears the slot when the answer is invalid (the form then asks again),
  ``requested_text(tracker, slot)`` gives the citizen's latest message when ``slot`` is the requested slot;
  the slots a subclass lists in ``TEXT_SLOTS`` (``type: custom`` mappings) are extracted as that message by one
  hook (``text_answer``, which a form may override), with no ``extract_<slot>`` method each; ``is_cancel(tracker)``
  recognises "hủy", "thôi không nộp nữa"..., and ready-made ``validate_*``
  helpers (``cccd``, ``phone``, ``full_name``, ``address``, ``ward``).

A subclass only names its form and maps its slots:

    class ValidateFeedbackForm(MotcuaFormValidationAction):
        def name(self): return "validate_feedback_form"
        async def validate_contact_phone(self, value, dispatcher, tracker, domain):
            return self.phone("contact_phone", value, dispatcher)
"""

from __future__ import annotations

import datetime as dt
import re
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.core.tracker import intent_confidence, latest_text
from common.limits import INTENT_THRESHOLD
from common.vntime import vn_today
from nlu.vietnamese_text import fold, normalize

# Mã tỉnh, thành phố nơi công dân đăng ký khai sinh: the first 3 digits of a CCCD number
# (Thông tư 07/2016/TT-BCA, Thông tư 59/2021/TT-BCA): the 63 provinces before the 2025 merger.
PROVINCE_CODES = frozenset(
    """001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038
    040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083
    084 086 087 089 091 092 093 094 095 096""".split()
)
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
MAX_NAME_CHARS = 100
MAX_ADDRESS_CHARS = 300
MAX_WARD_CHARS = 120


@dataclass(frozen=True)
class Checked:
    value: Any = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _ok(value: Any) -> Checked:
    return Checked(value, None)


def _bad(error: str) -> Checked:
    return Checked(None, error)


def _text(value: Any) -> str:
    return normalize(str(value)) if value is not None else ""


# ------------------------------------------------------------------------------------------- CCCD
def check_cccd(value: Any, on: Optional[dt.date] = None) -> Checked:
    """Số định danh cá nhân / CCCD: 12 digits = province (3) + century-and-sex (1) + birth year (2) + 6."""
    raw = _text(value)
    digits = re.sub(r"[\s.\-]", "", raw)
    if not digits:
        return _bad("Bạn chưa nhập số CCCD.")
    if not digits.isdigit():
        return _bad("Số CCCD chỉ gồm chữ số (12 chữ số in trên thẻ căn cước).")
    if len(digits) == 9:
        return _bad("Đây có vẻ là số CMND cũ (9 số). Bạn nhập giúp số CCCD/số định danh cá nhân 12 chữ số nhé.")
    if len(digits) != 12:
        return _bad(f"Số CCCD phải có đúng 12 chữ số (bạn nhập {len(digits)} chữ số).")
    if digits[:3] not in PROVINCE_CODES:
        return _bad(
            f"3 chữ số đầu của số CCCD là mã tỉnh nơi đăng ký khai sinh (001–096); “{digits[:3]}” không phải mã tỉnh "
            "hợp lệ."
        )
    century_digit = int(digits[3])
    if century_digit > 3:
        return _bad(
            "Chữ số thứ 4 của số CCCD (mã thế kỷ và giới tính) phải là 0, 1, 2 hoặc 3. Bạn kiểm tra lại giúp tôi nhé."
        )
    year = (1900 if century_digit < 2 else 2000) + int(digits[4:6])
    if year > (on or vn_today()).year:
        return _bad("Năm sinh trong số CCCD (chữ số thứ 4 đến 6) chưa hợp lệ. Bạn kiểm tra lại giúp tôi nhé.")
    return _ok(digits)


# ------------------------------------------------------------------------------------------- phone
def check_phone(value: Any) -> Checked:
    """Vietnamese mobile number: 10 digits starting 03/05/07/08/09; +84 / 84 accepted; returns 0xxxxxxxxx."""
    raw = _text(value)
    if not raw:
        return _bad("Bạn chưa nhập số điện thoại.")
    compact = re.sub(r"[\s.\-()]", "", raw)
    if not re.fullmatch(r"\+?\d+", compact):
        return _bad("Số điện thoại chỉ gồm chữ số, ví dụ 0912345678.")
    digits = compact.lstrip("+")
    if compact.startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    if len(digits) != 10:
        return _bad(f"Số điện thoại di động phải có 10 chữ số (bạn nhập {len(digits)} chữ số), ví dụ 0912345678.")
    if not digits.startswith(MOBILE_PREFIXES):
        return _bad("Số di động Việt Nam bắt đầu bằng 03, 05, 07, 08 hoặc 09. Bạn kiểm tra lại giúp tôi nhé.")
    return _ok(digits)


# ------------------------------------------------------------------------------------------- names, places
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")


def _capitalise(word: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)


def check_full_name(value: Any) -> Checked:
    """Họ và tên: letters only, at least two words (họ + tên); returns "Nguyễn Văn An"."""
    raw = _text(value).strip(" .,")
    if not raw:
        return _bad("Bạn chưa nhập họ tên.")
    if re.search(r"\d", raw):
        return _bad("Họ tên không được có chữ số. Bạn nhập đầy đủ họ và tên, ví dụ: Nguyễn Văn An.")
    words = raw.split()
    if not all(_NAME_WORD.match(w) for w in words):
        return _bad("Họ tên chỉ gồm chữ cái. Bạn nhập đầy đủ họ và tên, ví dụ: Nguyễn Văn An.")
    if len(words) < 2:
        return _bad("Bạn nhập đầy đủ cả họ và tên (ít nhất 2 chữ), ví dụ: Nguyễn Văn An.")
    if len(raw) > MAX_NAME_CHARS:
        return _bad(f"Họ tên quá dài (tối đa {MAX_NAME_CHARS} ký tự).")
    return _ok(" ".join(_capitalise(w) for w in words))


def check_address(value: Any) -> Checked:
    """Địa chỉ: not empty, has a letter, at most 300 characters; returned as typed (normalised spaces)."""
    raw = _text(value).strip(" ,.")
    if not raw:
        return _bad("Bạn chưa nhập địa chỉ.")
    if not re.search(r"[^\W\d_]", raw) or len(raw) < 5:
        return _bad("Địa chỉ chưa rõ. Bạn ghi số nhà, đường/thôn/xóm, ví dụ: Số 12 đường Lê Lợi, tổ 3.")
    if len(raw) > MAX_ADDRESS_CHARS:
        return _bad(f"Địa chỉ quá dài (tối đa {MAX_ADDRESS_CHARS} ký tự). Bạn ghi ngắn gọn giúp tôi nhé.")
    return _ok(raw)


_WARD_PREFIX = re.compile(r"^(phuong|xa|thi tran|dac khu|p\.?|x\.?|tt\.?)\s+", re.IGNORECASE)
_WARD_LABELS = {
    "phuong": "Phường",
    "xa": "Xã",
    "thi tran": "Thị trấn",
    "dac khu": "Đặc khu",
    "p": "Phường",
    "p.": "Phường",
    "x": "Xã",
    "x.": "Xã",
    "tt": "Thị trấn",
    "tt.": "Thị trấn",
}


def check_ward(value: Any) -> Checked:
    """Phường/xã/thị trấn (đặc khu): a name with a letter; "p. Bến Nghé" -> "Phường Bến Nghé"."""
    raw = _text(value).strip(" ,.")
    if not raw:
        return _bad("Bạn chưa nhập phường/xã.")
    if not re.search(r"[^\W\d_]", raw):
        return _bad("Tên phường/xã chưa rõ. Bạn ghi ví dụ: Phường Bến Nghé, Xã Tân Phú.")
    if len(raw) > MAX_WARD_CHARS:
        return _bad("Tên phường/xã quá dài. Bạn chỉ ghi tên phường/xã, ví dụ: Phường Bến Nghé.")
    if fold(raw).rstrip(".") in ("phuong", "xa", "thi tran", "dac khu", "p", "x", "tt"):
        return _bad("Bạn ghi cả tên phường/xã giúp tôi, ví dụ: Phường Bến Nghé.")
    match = _WARD_PREFIX.match(fold(raw))
    if match:
        label = _WARD_LABELS.get(match.group(1).lower().rstrip(), None) or _WARD_LABELS.get(match.group(1).lower())
        rest = raw[match.end() :].strip()
        if not re.search(r"[^\W\d_]|\d", rest):
            return _bad("Bạn ghi cả tên phường/xã giúp tôi, ví dụ: Phường Bến Nghé.")
        name = " ".join(_capitalise(w) if not w.isdigit() else w for w in rest.split())
        return _ok(f"{label} {name}")
    return _ok(raw[:1].upper() + raw[1:])


# ------------------------------------------------------------------------------------------- yes / no
_YES = re.compile(r"^(co|vang|u|uh|um|ok|oke|okay|dong y|xac nhan|chinh xac|dung|phai|yes|y|roi|nop|gui)\b")
_NO = re.compile(r"^(khong|ko|k|kh|chua|no|n|sai)\b")
_FILLER = re.compile(r"^(?:(?:da|a|thi|ua|oi)\s+)+")


def check_yes_no(text: Any, intent: str = "") -> Checked:
    """True for "có"/"vâng"/"đồng ý"/affirm, False for "không"/"chưa"/deny; else an error."""
    if intent == "affirm":
        return _ok(True)
    if intent == "deny":
        return _ok(False)
    folded = fold(_text(text)).strip(" .!?")
    if folded in ("da", "a", "da a"):
        return _ok(True)
    folded = _FILLER.sub("", folded)
    if _NO.match(folded):
        return _ok(False)
    if _YES.match(folded):
        return _ok(True)
    return _bad("Bạn trả lời “Có” hoặc “Không” giúp tôi nhé.")


# ------------------------------------------------------------------------------------------- cancel
_CANCEL = re.compile(
    r"^(?:(?:thoi|da|vang|oi|a|em|toi|minh|cho toi|xin|muon|cho|la)\s+)*"
    r"(?:huy|huy bo|huy ho so|dung|dung lai|ngung|tam dung|thoi|bo qua|khong nop nua|thoi khong nop nua|"
    r"khong lam nua|thoi khong lam nua|cancel|stop|exit|quit)"
    r"(?:\s+(?:ho so|nop ho so|di|nhe|nha|a|thoi|nua|khong nop nua|khong lam nua|viec nay))*[.!]*$"
)


def is_cancel_text(text: Any) -> bool:
    return bool(_CANCEL.match(fold(_text(text))))


# ------------------------------------------------------------------------------------------- side questions
_QUESTION = re.compile(
    r"\b(?:bao lau|bao nhieu|may ngay|o dau|cho nao|noi nao|the nao|ntn|ra sao|duoc khong|dc khong|dc ko|dc k|"
    r"co can|can gi|la gi|gi|j|khong|ko|hong|chua|sao)\s*$|\b(?:bao lau|bao nhieu|may ngay|o dau|cho nao|noi nao)\b"
)
QUESTION_INTENTS = ("ask_documents", "ask_fee", "ask_time", "ask_where", "ask_online", "ask_legal_basis")


def looks_like_question(text: Any) -> bool:
    """A question rather than an answer: "mất bao lâu?", "lệ phí bao nhiêu", "nộp online được không"."""
    raw = _text(text).strip()
    if not raw or raw.startswith("/"):
        return False
    return raw.endswith("?") or bool(_QUESTION.search(fold(raw).strip(" .!")))


class MotcuaFormValidationAction(FormValidationAction):
    """Base of the assistant's form validation actions: shared checks and their Vietnamese re-ask reasons."""

    CANCEL_INTENTS = ("cancel_dossier", "cancel_form", "stop")

    @abstractmethod
    def name(self) -> Text:  # pragma: no cover - subclasses name themselves (abstract: not registered)
        raise NotImplementedError

    # ---- reading the citizen's message
    @staticmethod
    def latest_intent(tracker: Tracker) -> str:
        return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""

    latest_text = staticmethod(latest_text)

    def requested_text(self, tracker: Tracker, slot: str) -> Optional[str]:
        """The latest message text when the form is asking for ``slot`` (for custom-mapped slots)."""
        if tracker.get_slot("requested_slot") != slot:
            return None
        text = self.latest_text(tracker)
        return text if text.strip() else None

    # ---- extraction: the slots answered by the message itself
    TEXT_SLOTS: Tuple[Text, ...] = ()

    def text_answer(self, tracker: Tracker, slot: str) -> Dict[Text, Any]:
        """``{slot: message}`` when the form asks for ``slot``, else ``{}`` (a form may keep something else)."""
        text = self.requested_text(tracker, slot)
        return {slot: text} if text is not None else {}

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """The SDK's ``extract_<slot>`` methods, then the requested slot when it is one of ``TEXT_SLOTS`` and still
        required (as an ``extract_<slot>`` method of its own would be called)."""
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        slot = tracker.get_slot("requested_slot")
        if slot not in self.TEXT_SLOTS:
            return events
        if slot not in await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain):
            return events
        answer = self.text_answer(tracker, slot)
        tracker.slots.update(answer)
        return events + [SlotSet(name, value) for name, value in answer.items()]

    @staticmethod
    def latest_confidence(tracker: Tracker) -> float:
        return intent_confidence(tracker)

    def side_question(self, tracker: Tracker, min_confidence: float = 0.6) -> Optional[str]:
        """The intent of a question about the procedure asked in the middle of a form ("lệ phí bao nhiêu?"), which
        must be answered, not taken as the answer; None for an answer."""
        intent = self.latest_intent(tracker)
        if (
            intent in QUESTION_INTENTS
            and self.latest_confidence(tracker) >= min_confidence
            and looks_like_question(self.latest_text(tracker))
        ):
            return intent
        return None

    def is_cancel(self, tracker: Tracker, trust_intent: bool = True, min_confidence: float = INTENT_THRESHOLD) -> bool:
        """ "hủy", "thôi không nộp nữa", the /cancel_… button; the NLU intent only when ``trust_intent`` (not for
        free-text answers such as a name or an address) and confident."""
        text = self.latest_text(tracker).strip()
        if text in tuple(f"/{i}" for i in self.CANCEL_INTENTS) or is_cancel_text(text):
            return True
        return (
            trust_intent
            and not text.startswith("/")
            and self.latest_intent(tracker) in self.CANCEL_INTENTS
            and self.latest_confidence(tracker) >= min_confidence
        )

    # ---- accepting or refusing a value
    @staticmethod
    def accept(slot: str, checked: Checked, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        """``{slot: value}``; when invalid, say why and clear the slot so the form asks again."""
        if checked.ok:
            return {slot: checked.value}
        dispatcher.utter_message(text=checked.error)
        return {slot: None}

    def cccd(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        return self.accept(slot, check_cccd(value), dispatcher)

    def phone(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        return self.accept(slot, check_phone(value), dispatcher)

    def full_name(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        return self.accept(slot, check_full_name(value), dispatcher)

    def address(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        return self.accept(slot, check_address(value), dispatcher)

    def ward(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        return self.accept(slot, check_ward(value), dispatcher)

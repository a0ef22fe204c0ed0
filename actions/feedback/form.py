"""Phản ánh, kiến nghị (feedback and complaints) through the chat, and their status by tracking code.

``feedback_form`` asks, in order (bot/domain/feedback.yml):

1. ``feedback_category``: Thái độ cán bộ / Chậm trễ / Thủ tục rườm rà / Đề xuất / Khác (buttons);
2. ``feedback_content``: what happened (at least a few words);
3. ``feedback_related``: a receipt code (HS-…), the procedure the chat is about (offered as a button when one
   is remembered), a procedure typed by name, or "không";
4. ``feedback_place``: the xã/phường or office where it happened;
5. ``privacy_consent_at`` (unless this chat consented before): consent to give a contact; "Không đồng ý"
   files the feedback anonymously (no personal datum is asked);
   ``feedback_contact``: "họ tên + số điện thoại" or "ẩn danh" (anonymous feedback carries no contact);
6. ``feedback_attachment`` (web, Telegram, Zalo only: channels that can send files): a photo or PDF sent as
   the dossier form's payload ``/attach_document{"file_name", "mime", "data_base64"}`` (the web chat's 📎
   button sends it; uploaded with actions/dossier/documents.upload), or "không";
7. ``feedback_confirm``: a summary, then "Gửi" / "Sửa lại" / "Hủy".

"hủy"/"thôi" at any step cancels; "gặp cán bộ" (short, sure) leaves the form for a handoff.
``action_submit_feedback`` posts POST /api/feedback with an idempotency key from the conversation (the moment
the form started), and answers with the tracking code PA-….

Urgent (``is_urgent``, deliberately simple): the content mentions "khẩn cấp", whatever the category; or
the category is "Thái độ cán bộ" and the content mentions money demands, bribes, harassment, threats or
violence (``STAFF_ABUSE_WORDS``). Urgent feedback is filed with ``urgent: true`` and also opens a handoff ticket
(reason ``urgent_complaint``, linked to the PA code). A complaint typed directly ("cán bộ phường đòi tiền mới
làm hồ sơ") that is urgent by the same rule opens the ticket at once (``action_complain``).

"tra cứu phản ánh PA-2026-123456789" (intent ``check_feedback_status``) -> GET /api/feedback/{code} for this chat
(another chat's code: the last 4 digits of the contact phone first, actions/core/status_lookup.py).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core.chat import channel_of, is_skip
from actions.core.validation import MotcuaFormValidationAction, check_full_name, check_phone, check_ward, check_yes_no
from actions.dossier.attachments import upload  # the dossier form's attachment convention and checks
from actions.feedback.common import (
    ANONYMOUS_WORDS,
    CANCELLED,
    CATEGORIES,
    CONFIRMED,
    FILE_CHANNELS,
    FORM_SLOTS,
    NONE_WORDS,
    _folded,
    guess_category,
)
from actions.feedback.entry import wants_a_person
from actions.privacy.privacy import CONSENT_SLOT, consent_answer, consent_values
from common import fields
from common.attachments import is_attachment
from common.limits import FEEDBACK_MIN_WORDS
from nlu.vietnamese_entities import find_entities

logger = logging.getLogger(__name__)


class ValidateFeedbackForm(MotcuaFormValidationAction):
    def name(self) -> Text:
        return "validate_feedback_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        if tracker.get_slot("feedback_confirm") == CANCELLED:
            return []
        skipped = set()
        if channel_of(tracker) not in FILE_CHANNELS:
            skipped.add("feedback_attachment")
        if tracker.get_slot("feedback_contact") is not None:
            skipped.add(CONSENT_SLOT)  # already anonymous (or known): consent given earlier stays in its slot
        return [s for s in domain_slots if s not in skipped]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        text = self.latest_text(tracker)
        if wants_a_person(tracker):
            return []  # nothing extracted: the form is rejected and the "human" rule hands the chat over
        skip_allowed = requested in ("feedback_related", CONSENT_SLOT, "feedback_contact", "feedback_attachment") and (
            is_skip(text) or self.latest_intent(tracker) == "deny"
        )
        if requested and self.is_cancel(tracker) and not skip_allowed:
            return [SlotSet("feedback_confirm", CANCELLED), SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    # ---- extraction: the citizen's answer to the slot being asked (one hook: core.validation)
    TEXT_SLOTS = (
        "feedback_category",
        "feedback_content",
        "feedback_related",
        "feedback_place",
        CONSENT_SLOT,
        "feedback_contact",
        "feedback_attachment",
        "feedback_confirm",
    )

    # ---- validation
    async def validate_feedback_category(self, value, dispatcher, tracker, domain):
        if value in CATEGORIES:
            return {"feedback_category": value}  # pre-filled from a complaint
        text = str(value or "")
        folded = _folded(text)
        for code, label in CATEGORIES.items():
            if folded == _folded(label):
                return {"feedback_category": code}
        code = guess_category(text)
        if code:
            return {"feedback_category": code}
        dispatcher.utter_message(
            text="Bạn chọn một loại phản ánh trong các nút bên dưới giúp tôi nhé (hoặc chọn “Khác”)."
        )
        return {"feedback_category": None}

    async def validate_feedback_content(self, value, dispatcher, tracker, domain):
        text = " ".join(str(value or "").split())
        if text.startswith("/") or len(_folded(text).split()) < FEEDBACK_MIN_WORDS:
            dispatcher.utter_message(
                text="Bạn mô tả cụ thể hơn giúp tôi: sự việc gì, xảy ra khi nào, ai liên quan… (ít nhất một câu đầy "
                "đủ)."
            )
            return {"feedback_content": None}
        return {"feedback_content": text[: fields.FEEDBACK_CONTENT]}

    async def validate_feedback_related(self, value, dispatcher, tracker, domain):
        if isinstance(value, dict):
            return {"feedback_related": value}
        text = str(value or "").strip()
        folded = _folded(text)
        if folded in NONE_WORDS or is_skip(text):
            return {"feedback_related": {"none": True}}
        code = re.search(r"\b\d\.\d{6}\b", text)
        if code:
            name = (
                tracker.get_slot("current_procedure_name")
                if tracker.get_slot("current_procedure_code") == code.group(0)
                else None
            )
            return {"feedback_related": {"procedure_code": code.group(0), "procedure_name": name}}
        receipts = [e.value for e in find_entities(text) if e.entity == "receipt_code"]
        if receipts:
            return {"feedback_related": {"receipt_code": receipts[0][: fields.RECEIPT_CODE]}}
        if text.startswith("/") or len(folded) < 3:
            dispatcher.utter_message(
                text="Bạn nhắn mã hồ sơ (ví dụ HS-2026-000123), tên thủ tục liên quan, hoặc “không”."
            )
            return {"feedback_related": None}
        return {"feedback_related": {"procedure_name": text[: fields.PROCEDURE_NAME]}}

    async def validate_feedback_place(self, value, dispatcher, tracker, domain):
        text = " ".join(str(value or "").split()).strip(" ,.")
        checked = check_ward(text)
        if checked.ok:
            return {"feedback_place": checked.value}
        if text and not text.startswith("/") and re.search(r"[^\W\d_]", text) and len(text) <= 300:
            return {"feedback_place": text}
        dispatcher.utter_message(
            text=checked.error or "Bạn ghi nơi xảy ra sự việc giúp tôi, ví dụ: UBND Phường Bến Nghé."
        )
        return {"feedback_place": None}

    async def validate_privacy_consent_at(self, value, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != CONSENT_SLOT:
            return {CONSENT_SLOT: value}
        folded = _folded(str(value or ""))
        anonymous = folded.startswith("an danh") or folded in ANONYMOUS_WORDS  # "ẩn danh" here is a "no"
        answer = (
            consent_answer("không", "") if anonymous else consent_answer(str(value or ""), self.latest_intent(tracker))
        )
        declined = "Vâng ạ, tôi sẽ không hỏi thông tin cá nhân của bạn; phản ánh được gửi ẩn danh."
        return consent_values(answer, dispatcher, declined, feedback_contact={"anonymous": True})

    async def validate_feedback_contact(self, value, dispatcher, tracker, domain):
        if isinstance(value, dict):
            return {"feedback_contact": value}
        text = " ".join(str(value or "").split())
        folded = _folded(text)
        if folded in ANONYMOUS_WORDS or folded.startswith("an danh"):
            return {"feedback_contact": {"anonymous": True}}
        contact = parse_contact(text)
        if isinstance(contact, str):
            dispatcher.utter_message(text=contact)
            return {"feedback_contact": None}
        return {"feedback_contact": contact}

    async def validate_feedback_attachment(self, value, dispatcher, tracker, domain):
        if isinstance(value, dict):
            return {"feedback_attachment": value}
        text = str(value or "").strip()
        if self.latest_intent(tracker) == "attach_document" or is_attachment(text):
            stored, error = await upload(tracker)
            if error:
                dispatcher.utter_message(text=error)
                return {"feedback_attachment": None}
            return {
                "feedback_attachment": {
                    "stored_file_id": int(stored["stored_file_id"]),
                    "file_name": str(stored.get("original_name") or "")[: fields.FILE_NAME],
                }
            }
        if is_skip(text) or _folded(text) in NONE_WORDS or _folded(text).startswith("khong"):
            return {"feedback_attachment": {"none": True}}
        dispatcher.utter_message(
            text="Bạn bấm nút 📎 để gửi ảnh hoặc tệp PDF làm bằng chứng, hoặc bấm “Không đính kèm”."
        )
        return {"feedback_attachment": None}

    async def validate_feedback_confirm(self, value, dispatcher, tracker, domain):
        text = str(value or "")
        folded = _folded(text)
        if folded.startswith("sua"):
            dispatcher.utter_message(text="Vâng, tôi hỏi lại từ đầu để bạn điền lại nhé.")
            return {slot: None for slot in FORM_SLOTS}
        if folded.startswith("huy"):
            return {"feedback_confirm": CANCELLED}
        checked = check_yes_no(text, self.latest_intent(tracker))
        if checked.ok:
            return {"feedback_confirm": CONFIRMED if checked.value else CANCELLED}
        dispatcher.utter_message(text="Bạn bấm “Gửi phản ánh” để gửi, “Sửa lại” để điền lại, hoặc “Hủy” giúp tôi nhé.")
        return {"feedback_confirm": None}


_LABELS = (
    ("ho", "va", "ten"),
    ("ho", "ten"),
    ("ten", "toi", "la"),
    ("toi", "ten", "la"),
    ("toi", "la"),
    ("ten", "la"),
    ("ten",),
    ("so", "dien", "thoai"),
    ("dien", "thoai"),
    ("sdt",),
    ("dt",),
    ("so", "dt"),
    ("lien", "he"),
    ("la",),
)


def parse_contact(text: str) -> Dict[str, Any] | str:
    """{"name", "phone"} from "Nguyễn Văn An 0912345678" / "tên: An Nguyễn, sđt 0912 345 678"; an error text
    otherwise."""
    phones = [e for e in find_entities(text) if e.entity == "phone"]
    if not phones:
        digits = re.findall(r"\+?\d[\d .\-]{7,}\d", text)
        if digits:
            checked = check_phone(digits[0])
            return checked.error or "Số điện thoại chưa đúng."
        return (
            "Bạn nhắn họ tên và số điện thoại để cơ quan liên hệ trả lời (ví dụ: Nguyễn Văn An 0912345678), "
            "hoặc bấm “Ẩn danh” nếu không muốn để lại thông tin."
        )
    checked = check_phone(phones[0].value)
    if not checked.ok:
        return checked.error
    rest = (text[: phones[0].start] + " " + text[phones[0].end :]).replace(",", " ").replace(":", " ").replace(";", " ")
    words = rest.split()
    folded = [_folded(w) for w in words]
    keep: List[str] = []
    i = 0
    while i < len(words):
        for label in _LABELS:
            n = len(label)
            if tuple(folded[i : i + n]) == label and not (label == ("la",) and keep):
                i += n
                break
        else:
            keep.append(words[i])
            i += 1
    name = check_full_name(" ".join(keep).strip(" -.,"))
    if not name.ok:
        return name.error
    return {"name": name.value, "phone": checked.value}


# ---------------------------------------------------------------------------------------- status

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
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, conversation_key, is_skip, sender_of, vn_datetime
from actions.core.status_lookup import FEEDBACK_VERIFY_QUESTION, LookupKind, look_up, register
from actions.core.validation import MotcuaFormValidationAction, check_full_name, check_phone, check_ward, check_yes_no
from actions.dossier.documents import upload  # the dossier form's attachment convention and checks
from actions.handoff.handoff import open_handoff
from actions.privacy.privacy import CONSENT_SLOT, consent_answer
from actions.settings import HOTLINE, PORTAL
from common import fields
from common.attachments import is_attachment
from common.codes import FEEDBACK_CODE
from common.limits import INTENT_THRESHOLD
from nlu.vietnamese_entities import find_entities
from nlu.vietnamese_text import fold

logger = logging.getLogger(__name__)

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
MIN_CONTENT_WORDS = 4


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


START_TEXT = (
    "Tôi sẽ ghi nhận phản ánh, kiến nghị của bạn và chuyển tới cơ quan có thẩm quyền xem xét, trả lời. "
    "Bạn trả lời giúp tôi vài câu hỏi ngắn nhé (nhắn “hủy” để dừng bất cứ lúc nào)."
)


class ActionGiveFeedback(Action):
    """give_feedback: start the feedback form from scratch."""

    def name(self) -> Text:
        return "action_give_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=START_TEXT)
        return reset_form_slots() + [SlotSet("pending_offer", None), ActiveLoop(FEEDBACK_FORM)]


class ActionComplain(Action):
    """complain: urgent -> a ticket at once; otherwise the feedback form, pre-filled from the complaint."""

    def name(self) -> Text:
        return "action_complain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        typed = text if text and not text.startswith("/") else ""
        category = guess_category(typed) if typed else None
        if typed and _has(_folded(typed), STAFF_ABUSE_WORDS):
            category = "thai_do_can_bo"  # money demands, bribes, threats: about a staff member's conduct
        if typed and is_urgent(category, typed):
            events = await open_handoff(
                dispatcher,
                tracker,
                reason="urgent_complaint",
                category=category or "khac",
                summary=f"Phản ánh khẩn: {typed}",
            )
            if any(e.get("event") == "active_loop" for e in events):
                return events
            # the backend is down: still offer to write the complaint down
        events = reset_form_slots()
        if category:
            events.append(SlotSet("feedback_category", category))
        if typed and len(_folded(typed).split()) >= 8:
            events.append(SlotSet("feedback_content", typed[: fields.FEEDBACK_CONTENT]))
        dispatcher.utter_message(
            text="Tôi rất tiếc về sự việc bạn gặp phải. "
            + START_TEXT
            + "\nNếu hồ sơ bị trễ hẹn, bạn có quyền yêu cầu cơ quan giải quyết có văn bản xin lỗi và hẹn lại ngày "
            "trả kết quả."
        )
        return events + [SlotSet("pending_offer", None), ActiveLoop(FEEDBACK_FORM)]


# ---------------------------------------------------------------------------------------- the form
def wants_a_person(tracker: Tracker) -> bool:
    """ "gặp cán bộ" in the middle of the form (a short message the NLU is sure about, or the button)."""
    message = tracker.latest_message or {}
    text = (message.get("text") or "").strip()
    if text == "/request_human":
        return True
    intent = message.get("intent") or {}
    return (
        intent.get("name") == "request_human"
        and float(intent.get("confidence") or 0) >= INTENT_THRESHOLD
        and not text.startswith("/")
        and len(text.split()) <= 6
    )


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

    # ---- extraction: the citizen's answer to the slot being asked
    def _answer(self, tracker: Tracker, slot: str) -> Dict[Text, Any]:
        text = self.requested_text(tracker, slot)
        return {slot: text} if text is not None else {}

    async def extract_feedback_category(self, dispatcher, tracker, domain):
        return self._answer(tracker, "feedback_category")

    async def extract_feedback_content(self, dispatcher, tracker, domain):
        return self._answer(tracker, "feedback_content")

    async def extract_feedback_related(self, dispatcher, tracker, domain):
        return self._answer(tracker, "feedback_related")

    async def extract_feedback_place(self, dispatcher, tracker, domain):
        return self._answer(tracker, "feedback_place")

    async def extract_privacy_consent_at(self, dispatcher, tracker, domain):
        return self._answer(tracker, CONSENT_SLOT)

    async def extract_feedback_contact(self, dispatcher, tracker, domain):
        return self._answer(tracker, "feedback_contact")

    async def extract_feedback_attachment(self, dispatcher, tracker, domain):
        return self._answer(tracker, "feedback_attachment")

    async def extract_feedback_confirm(self, dispatcher, tracker, domain):
        return self._answer(tracker, "feedback_confirm")

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
        if text.startswith("/") or len(_folded(text).split()) < MIN_CONTENT_WORDS:
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
        if not answer.ok:
            dispatcher.utter_message(text=answer.error)
            return {CONSENT_SLOT: None}
        if answer.value is False:
            dispatcher.utter_message(
                text="Vâng ạ, tôi sẽ không hỏi thông tin cá nhân của bạn; phản ánh được gửi ẩn danh."
            )
            return {CONSENT_SLOT: None, "feedback_contact": {"anonymous": True}}
        return {CONSENT_SLOT: answer.value}

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
            dispatcher.utter_message(text="Vâng, mình điền lại từ đầu nhé.")
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


# ---------------------------------------------------------------------------------------- questions
class ActionAskFeedbackCategory(Action):
    def name(self) -> Text:
        return "action_ask_feedback_category"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(text="Phản ánh của bạn thuộc loại nào?", buttons=category_buttons())
        return []


class ActionAskFeedbackContent(Action):
    def name(self) -> Text:
        return "action_ask_feedback_content"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(
            text="Bạn mô tả nội dung phản ánh giúp tôi: sự việc gì, xảy ra khi nào, ai liên quan… "
            "Bạn viết càng cụ thể, cơ quan càng dễ xác minh và trả lời."
        )
        return []


class ActionAskFeedbackContact(Action):
    def name(self) -> Text:
        return "action_ask_feedback_contact"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(
            text="Bạn để lại họ tên và số điện thoại để cơ quan liên hệ trả lời (ví dụ: Nguyễn Văn An 0912345678), "
            "hoặc chọn “Ẩn danh”. Thông tin liên hệ chỉ cán bộ xử lý được xem.",
            buttons=[{"title": "Ẩn danh", "payload": "ẩn danh"}],
        )
        return []


class ActionAskFeedbackRelated(Action):
    def name(self) -> Text:
        return "action_ask_feedback_related"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        buttons = []
        code, name = tracker.get_slot("current_procedure_code"), tracker.get_slot("current_procedure_name")
        if code and name:
            short = re.sub(r"^thủ tục\s+", "", name, flags=re.I)
            buttons.append({"title": f"Thủ tục: {short[:50]}", "payload": f"thủ tục {code}"})
        buttons.append({"title": "Không liên quan", "payload": "không"})
        dispatcher.utter_message(
            text="Phản ánh này liên quan đến hồ sơ hay thủ tục nào? Bạn nhắn mã hồ sơ (ví dụ HS-2026-000123) "
            "hoặc tên thủ tục, hoặc “không”.",
            buttons=buttons,
        )
        return []


class ActionAskFeedbackPlace(Action):
    def name(self) -> Text:
        return "action_ask_feedback_place"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        ward = tracker.get_slot("ward")
        buttons = [{"title": str(ward)[:60], "payload": str(ward)}] if ward else []
        dispatcher.utter_message(
            text="Sự việc xảy ra ở đâu? Bạn ghi xã/phường hoặc cơ quan (ví dụ: Bộ phận Một cửa UBND Phường Bến Nghé).",
            buttons=buttons,
        )
        return []


class ActionAskFeedbackAttachment(Action):
    def name(self) -> Text:
        return "action_ask_feedback_attachment"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(
            text="Bạn có ảnh chụp hoặc tệp PDF làm bằng chứng không? Bấm nút 📎 cạnh ô nhập để gửi (JPEG, PNG, PDF), "
            "hoặc bấm “Không đính kèm”.",
            buttons=[{"title": "Không đính kèm", "payload": "không"}],
        )
        return []


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


class ActionAskFeedbackConfirm(Action):
    def name(self) -> Text:
        return "action_ask_feedback_confirm"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(
            text=summary_text(tracker),
            buttons=[
                {"title": "Gửi phản ánh", "payload": "gửi"},
                {"title": "Sửa lại", "payload": "sửa lại"},
                {"title": "Hủy", "payload": "hủy"},
            ],
        )
        return []


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


# ---------------------------------------------------------------------------------------- status


def feedback_code_in(tracker: Tracker) -> Optional[str]:
    for ent in (tracker.latest_message or {}).get("entities") or []:
        value = str(ent.get("value") or "")
        if ent.get("entity") in ("receipt_code", "feedback_code") and FEEDBACK_CODE.fullmatch(value):
            return value.upper()
    match = FEEDBACK_CODE.search((tracker.latest_message or {}).get("text") or "")
    return match.group(0).upper() if match else None


def status_text(feedback: Dict[str, Any]) -> str:
    lines = [
        f"Phản ánh {feedback['tracking_code']} ({feedback.get('category_label')}): {feedback.get('status_label')}.",
    ]
    due = vn_datetime(feedback.get("due_at"))
    if due and feedback.get("status") not in ("answered", "closed"):
        lines.append(f"Hạn trả lời: {due}.")
    history = feedback.get("history") or []
    notes = [h for h in history if h.get("note")]
    if notes:
        last = notes[-1]
        lines.append(f"Trả lời gần nhất ({vn_datetime(last.get('at'))}): {last['note']}")
    return "\n".join(lines)


def not_found_text(code: str) -> str:
    return (
        f"Tôi không tìm thấy phản ánh mã {code}. Bạn kiểm tra lại mã (dạng PA-2026-123456789) giúp tôi nhé. "
        f"Phản ánh gửi qua kênh khác, bạn tra cứu tại {PORTAL}."
    )


FEEDBACK = register(
    LookupKind(
        name="feedback",
        fetch=backend_client.get_feedback,
        render=status_text,
        not_found=not_found_text,
        question=FEEDBACK_VERIFY_QUESTION,
        remembered_slot="feedback_code",
    )
)


class ActionFeedbackStatus(Action):
    """check_feedback_status: "tra cứu phản ánh PA-2026-123456789" (another chat's code: 4 digits first)."""

    def name(self) -> Text:
        return "action_feedback_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        code = feedback_code_in(tracker) or tracker.get_slot("feedback_code")
        if not code:
            dispatcher.utter_message(
                text="Bạn cho tôi mã phản ánh (dạng PA-2026-123456789, có trong tin nhắn "
                "xác nhận khi gửi) để tra cứu nhé."
            )
            return []
        return await look_up(dispatcher, tracker, FEEDBACK, code)

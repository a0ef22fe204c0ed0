"""dossier_form: starting, resuming, restarting and cancelling a dossier; validating and asking its slots.

The form's slots have custom mappings: ``validate_dossier_form`` takes the citizen's latest message for the
requested slot itself, so every message inside the form is read here (buttons, typed answers, attachment
payloads, "hủy", "làm lại từ đầu", "… là gì?"). ``required_slots`` is dynamic: the procedure (when none was
chosen before), the liên thông bundle (when the procedure has one), the case (when the checklist has cases),
for a volunteer first the chat's link to a volunteer account (``volunteer_link``: the console's one-time code,
actions/dossier/volunteer.py) and later the resident's consent, for a citizen the consent to collect personal data
(``privacy_consent_at``, unless given before), ``document_answer`` again and again while checklist items remain,
then the applicant, the delivery method and the confirmation. Slots already known are skipped (never ask twice).
When the form stops, action_dossier_finish (submit.py) runs.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.clients import knowledge_base as kb_client
from actions.core.chat import channel_of
from actions.core.replies import send
from actions.core.slots import APPLICANT_SLOTS
from actions.core.validation import (
    MotcuaFormValidationAction,
    check_cccd,
    check_phone,
    check_ward,
    check_yes_no,
)
from actions.dossier.common import (
    DELIVERY_LABELS,
    NONE,
    active_items,
    bundle_by_id,
    bundles_for,
    cases_of,
    checklist_items,
    clear_answers,
    documents_remaining,
    has_dossier_in_progress,
    latest_user_timestamp,
    make_key,
    short,
)
from actions.dossier.documents import answer_document, ask_item
from actions.dossier.retry import retry_events
from actions.dossier.submit import summary_text
from actions.dossier.volunteer import (
    CODE_FORMAT,
    CODE_QUESTION,
    LINK_SLOT,
    active_link,
    link_code,
    link_with_code,
    linked_text,
)
from actions.privacy.privacy import CONSENT_SLOT, consent_answer
from actions.procedures import texts as fmt
from actions.procedures.conversation import INTENT_ASPECT, aspect_text, entity, is_payload, latest_text, procedure_query
from actions.procedures.search import pick_from_text
from common.limits import INTENT_THRESHOLD
from nlu.vietnamese_text import fold

logger = logging.getLogger(__name__)

REQUESTED_SLOT = "requested_slot"
_RESTART = re.compile(
    r"\b(lam lai tu dau|bat dau lai|khai lai tu dau|lam lai ho so|nop lai tu dau|xoa het lam lai|lam lai het)\b"
)
_EDIT_APPLICANT = re.compile(
    r"\bsua\b.*\b(thong tin|nguoi nop|ten|ho ten|cccd|can cuoc|so dien thoai|sdt|dien thoai|dia chi|phuong|xa)\b"
)
_EDIT_DOCUMENTS = re.compile(r"\bsua\b.*\b(giay to|giay|ho so|tep|anh)\b")
_EDIT_DELIVERY = re.compile(r"\bsua\b.*\b(nhan ket qua|cach nhan|hinh thuc nhan)\b")


def is_external(tracker: Tracker) -> bool:
    """A turn triggered by a reminder (text "EXTERNAL: retry_dossier"), not by the citizen."""
    return latest_text(tracker).startswith("EXTERNAL: ")


# ------------------------------------------------------------------------------------------ preparing
async def procedure_values(code: str) -> Optional[Dict[str, Any]]:
    """Slot values for a dossier of procedure ``code`` (its checklist); None when the knowledge base is down."""
    proc = await kb_client.get(code)
    if proc is None:
        return None
    items = await checklist_items([code])
    if items is None:
        return None
    return {
        "dossier_procedure": code,
        "dossier_codes": [code],
        "dossier_title": proc.name,
        "dossier_items": items,
        "dossier_item_index": 0.0,
        "dossier_item_stage": None,
        "dossier_documents": {},
        "dossier_bundle": None,
        "dossier_case": None,
    }


async def personal_store(tracker: Tracker) -> List[Dict[str, Any]]:
    try:
        docs = await backend_client.documents_by_sender(channel_of(tracker), tracker.sender_id)
    except backend_client.BackendError:
        return []
    return [
        {"id": d["id"], "kind": d.get("kind", ""), "name": d.get("name", ""), "stored_file_id": d.get("stored_file_id")}
        for d in docs
    ]


async def known_applicant(tracker: Tracker, volunteer: bool) -> Dict[str, Any]:
    """Applicant slots that can be filled without asking: earlier answers and entities of this conversation,
    and the name/ward of the one citizen the backend knows for this chat (its CCCD and phone are masked)."""
    if volunteer:
        return {}
    values: Dict[str, Any] = {}
    cccd = tracker.get_slot("applicant_cccd") or tracker.get_slot("cccd_number")
    if cccd and tracker.get_slot("applicant_cccd") is None and check_cccd(cccd).ok:
        values["applicant_cccd"] = check_cccd(cccd).value
    phone = tracker.get_slot("phone")
    if phone and tracker.get_slot("applicant_phone") is None and check_phone(phone).ok:
        values["applicant_phone"] = check_phone(phone).value
    ward = tracker.get_slot("ward")
    if ward and tracker.get_slot("applicant_ward") is None and check_ward(ward).ok:
        values["applicant_ward"] = check_ward(ward).value
    if tracker.get_slot("applicant_name") is None:
        try:
            citizens = await backend_client.citizens_by_sender(channel_of(tracker), tracker.sender_id)
        except backend_client.BackendError:
            citizens = []
        if len(citizens) == 1:
            values["applicant_name"] = citizens[0].get("full_name")
            if citizens[0].get("ward") and tracker.get_slot("applicant_ward") is None:
                values.setdefault("applicant_ward", citizens[0]["ward"])
    return values


async def mentioned_code(tracker: Tracker) -> Optional[str]:
    """A procedure named in the message that started the dossier ("nộp hồ sơ đăng ký khai sinh")."""
    query = procedure_query(tracker)
    if not query:
        return None
    result = await kb_client.search(query)
    if result is None or result.abstain or not result.hits or result.variants:
        return None
    return result.hits[0].code


async def new_dossier(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    code: Optional[str],
    volunteer: bool = False,
    clear_applicant: bool = False,
) -> List[Dict[str, Any]]:
    """Events starting a fresh dossier (new idempotency key) for ``code`` (None: the form asks which)."""
    events: List[Dict[str, Any]] = clear_answers(keep_applicant=not (clear_applicant or volunteer))
    events.append(SlotSet("dossier_key", make_key(tracker.sender_id, latest_user_timestamp(tracker))))
    events.append(SlotSet("dossier_volunteer", True if volunteer else None))
    events.append(SlotSet("dossier_store", await personal_store(tracker) if not volunteer else []))
    if volunteer:
        link = await active_link(tracker)
        events.append(SlotSet(LINK_SLOT, link))
        if link:
            dispatcher.utter_message(text=linked_text(link))
    values = await procedure_values(code) if code else None
    if code and values is None:
        dispatcher.utter_message(
            text="Hệ thống tra cứu thủ tục đang khởi động, tôi chưa lấy được danh sách giấy tờ. "
            "Bạn nhắn tên thủ tục giúp tôi nhé."
        )
    for name, value in (values or {}).items():
        events.append(SlotSet(name, value))
    if not (clear_applicant or volunteer):
        for name, value in (await known_applicant(tracker, volunteer)).items():
            events.append(SlotSet(name, value))
    if values:
        count = len(active_items(values))
        intro = f"📝 Mình cùng nộp hồ sơ “{short(values['dossier_title'], 120)}” nhé."
        if volunteer:
            intro = "🤝 Cảm ơn tổ công nghệ số! " + intro
        steps = f"Gồm {count} mục giấy tờ, " if count else ""
        dispatcher.utter_message(
            text=f"{intro}\n{steps}sau đó là thông tin người nộp và cách nhận kết quả. "
            "Nhắn “hủy” để tạm dừng bất cứ lúc nào, “tiếp tục hồ sơ” để làm tiếp sau."
        )
    elif volunteer:
        dispatcher.utter_message(text="🤝 Cảm ơn tổ công nghệ số! Mình cùng nộp hồ sơ giúp người dân nhé.")
    return events


async def resumed_details(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """A dossier resumed in a new session has no applicant slots (never carried over): the volunteer's link and
    what the backend knows of this chat's citizen are looked up again."""
    if tracker.get_slot("dossier_volunteer"):
        if tracker.get_slot(LINK_SLOT):
            return []
        link = await active_link(tracker)
        if link:
            dispatcher.utter_message(text=linked_text(link))
        return [SlotSet(LINK_SLOT, link)]
    return [SlotSet(name, value) for name, value in (await known_applicant(tracker, volunteer=False)).items()]


# ------------------------------------------------------------------------------------------ entry points
class ActionStartDossier(Action):
    """start_dossier ("nộp hồ sơ"): start a dossier for the current (or named) procedure, or resume the one
    in progress for the same procedure."""

    def name(self) -> Text:
        return "action_start_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        code = await mentioned_code(tracker) or tracker.get_slot("current_procedure_code")
        if has_dossier_in_progress(tracker) and (
            code is None
            or code in (tracker.get_slot("dossier_codes") or [])
            or code == tracker.get_slot("dossier_procedure")
        ):
            dispatcher.utter_message(
                text=f"Bạn đang làm dở hồ sơ “{short(tracker.get_slot('dossier_title') or '', 120)}”. "
                "Mình làm tiếp từ chỗ bạn dừng nhé (nhắn “làm lại từ đầu” nếu muốn khai lại)."
            )
            return [SlotSet("dossier_stop", None)]
        return await new_dossier(dispatcher, tracker, code)


class ActionResumeDossier(Action):
    def name(self) -> Text:
        return "action_resume_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if has_dossier_in_progress(tracker):
            dispatcher.utter_message(
                text=f"Mình làm tiếp hồ sơ “{short(tracker.get_slot('dossier_title') or '', 120)}” từ chỗ bạn dừng nhé."
            )
            return [SlotSet("dossier_stop", None)] + await resumed_details(dispatcher, tracker)
        code = tracker.get_slot("current_procedure_code")
        dispatcher.utter_message(
            text="Bạn không có hồ sơ nào đang làm dở." + (" Mình bắt đầu hồ sơ mới nhé." if code else "")
        )
        return await new_dossier(dispatcher, tracker, code)


class ActionRestartDossier(Action):
    def name(self) -> Text:
        return "action_restart_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        code = tracker.get_slot("dossier_procedure") or tracker.get_slot("current_procedure_code")
        dispatcher.utter_message(text="Đã xóa các câu trả lời trước. Mình làm lại từ đầu nhé.")
        return await new_dossier(
            dispatcher, tracker, code, volunteer=bool(tracker.get_slot("dossier_volunteer")), clear_applicant=True
        )


class ActionStartVolunteerFiling(Action):
    """volunteer_filing ("tôi là tổ công nghệ số, nộp giúp bà X"): the form also asks the console's one-time code
    when the chat has no active link, and the resident's explicit consent; the applicant is the resident, never
    this chat's profile."""

    def name(self) -> Text:
        return "action_start_volunteer_filing"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        code = await mentioned_code(tracker) or tracker.get_slot("current_procedure_code")
        return await new_dossier(dispatcher, tracker, code, volunteer=True)


def paused_text(tracker: Tracker) -> str:
    title = short(tracker.get_slot("dossier_title") or "", 120)
    what = f"hồ sơ “{title}”" if title else "hồ sơ"
    return (
        f"⏸ Đã tạm dừng {what}. Các thông tin bạn đã khai vẫn được giữ lại.\n"
        "Khi sẵn sàng, bạn nhắn “tiếp tục hồ sơ” để làm tiếp, hoặc “làm lại từ đầu” để khai lại."
    )


def resume_buttons() -> List[Dict[str, str]]:
    return [
        {"title": "Tiếp tục hồ sơ", "payload": "/resume_dossier"},
        {"title": "Làm lại từ đầu", "payload": "/restart_dossier"},
    ]


class ActionDossierOutsideForm(Action):
    """A form button or an attachment when no dossier form is active."""

    def name(self) -> Text:
        return "action_dossier_outside_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if has_dossier_in_progress(tracker):
            send(
                dispatcher,
                "Hồ sơ của bạn đang tạm dừng. Bạn bấm “Tiếp tục hồ sơ” rồi chọn lại giúp tôi nhé.",
                resume_buttons(),
            )
        else:
            dispatcher.utter_message(
                text="Bạn chưa bắt đầu nộp hồ sơ nào nên tôi chưa nhận giấy tờ này. Bạn cho tôi biết thủ tục cần làm "
                "(ví dụ “làm giấy khai sinh cho con”), rồi nhắn “nộp hồ sơ” nhé."
            )
        return []


# ------------------------------------------------------------------------------------------ validation
class ValidateDossierForm(MotcuaFormValidationAction):
    def name(self) -> Text:
        return "validate_dossier_form"

    # ---- which slots, in which order
    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        volunteer = bool(tracker.get_slot("dossier_volunteer"))
        slots = [LINK_SLOT] if volunteer else []
        slots.append("dossier_procedure")
        code = tracker.get_slot("dossier_procedure")
        if not code:
            return slots
        if bundles_for(code):
            slots.append("dossier_bundle")
        if cases_of(tracker.get_slot("dossier_items")):
            slots.append("dossier_case")
        slots.append("volunteer_consent" if volunteer else CONSENT_SLOT)
        if documents_remaining(tracker):
            slots.append("document_answer")
        return slots + list(APPLICANT_SLOTS) + ["delivery_method", "dossier_confirm"]

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if tracker.slots.get("dossier_stop"):
            return SlotSet(REQUESTED_SLOT, None)
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return SlotSet(REQUESTED_SLOT, next((s for s in required if tracker.slots.get(s) is None), None))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if is_external(tracker):
            # a reminder while a (new) dossier form is active: retry the kept dossier, then ask again
            events = await retry_events(dispatcher, tracker, background=True)
            return events + [SlotSet("dossier_stop", None), SlotSet(REQUESTED_SLOT, tracker.get_slot(REQUESTED_SLOT))]
        return await super().run(dispatcher, tracker, domain)

    # ---- extraction: the latest message for the requested slot
    def _extract(self, tracker: Tracker, slot: str) -> Dict[Text, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != slot:
            return {}
        if self.latest_intent(tracker) == "attach_document":
            return {slot: "[tệp đính kèm]"}  # the bytes stay in the message, not in a slot
        text = self.latest_text(tracker).strip()
        return {slot: text[:1000] or "…"}

    async def extract_dossier_procedure(self, dispatcher, tracker, domain):
        return self._extract(tracker, "dossier_procedure")

    async def extract_dossier_bundle(self, dispatcher, tracker, domain):
        return self._extract(tracker, "dossier_bundle")

    async def extract_dossier_case(self, dispatcher, tracker, domain):
        return self._extract(tracker, "dossier_case")

    async def extract_volunteer_link(self, dispatcher, tracker, domain):
        return self._extract(tracker, LINK_SLOT)

    async def extract_privacy_consent_at(self, dispatcher, tracker, domain):
        return self._extract(tracker, CONSENT_SLOT)

    async def extract_volunteer_consent(self, dispatcher, tracker, domain):
        return self._extract(tracker, "volunteer_consent")

    async def extract_document_answer(self, dispatcher, tracker, domain):
        return self._extract(tracker, "document_answer")

    async def extract_applicant_name(self, dispatcher, tracker, domain):
        return self._extract(tracker, "applicant_name")

    async def extract_applicant_cccd(self, dispatcher, tracker, domain):
        return self._extract(tracker, "applicant_cccd")

    async def extract_applicant_phone(self, dispatcher, tracker, domain):
        return self._extract(tracker, "applicant_phone")

    async def extract_applicant_address(self, dispatcher, tracker, domain):
        return self._extract(tracker, "applicant_address")

    async def extract_applicant_ward(self, dispatcher, tracker, domain):
        return self._extract(tracker, "applicant_ward")

    async def extract_delivery_method(self, dispatcher, tracker, domain):
        return self._extract(tracker, "delivery_method")

    async def extract_dossier_confirm(self, dispatcher, tracker, domain):
        return self._extract(tracker, "dossier_confirm")

    # ---- what every answer is checked for first
    def _answered(self, tracker: Tracker, slot: str) -> bool:
        """True when the citizen just answered ``slot``; False for values set before (passed through)."""
        return tracker.get_slot(REQUESTED_SLOT) == slot

    async def _common(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        text = self.latest_text(tracker)
        free_text = slot in APPLICANT_SLOTS or slot == LINK_SLOT
        if self.is_cancel(tracker, trust_intent=not free_text):
            dispatcher.utter_message(text=paused_text(tracker), buttons=resume_buttons())
            return {slot: None, "dossier_stop": "cancel"}
        restart_intent = (
            self.latest_intent(tracker) == "restart_dossier"
            and not free_text
            and self.latest_confidence(tracker) >= INTENT_THRESHOLD
        )
        if text.strip() == "/restart_dossier" or restart_intent or _RESTART.search(fold(text)):
            code = tracker.get_slot("dossier_procedure")
            values: Dict[Text, Any] = {s: None for s in APPLICANT_SLOTS}
            values.update(
                {
                    "delivery_method": None,
                    "dossier_confirm": None,
                    "volunteer_consent": None,
                    slot: None,
                    "dossier_key": make_key(tracker.sender_id, latest_user_timestamp(tracker)),
                }
            )
            fresh = await procedure_values(code) if code else None
            values.update(fresh or {"dossier_procedure": None})
            dispatcher.utter_message(text="Đã xóa các câu trả lời trước. Mình làm lại từ đầu nhé.")
            return values
        question = self.side_question(tracker)
        if question and tracker.get_slot("dossier_procedure"):
            await self._answer_side_question(question, dispatcher, tracker)
            return {slot: None}  # not an answer: the form asks the same question again
        return None

    @staticmethod
    async def _answer_side_question(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        proc = await kb_client.get(tracker.get_slot("dossier_procedure"))
        if proc is None:
            dispatcher.utter_message(text="Tôi chưa tra được thông tin này lúc này. Mình tiếp tục hồ sơ nhé.")
            return
        send(dispatcher, aspect_text(proc, INTENT_ASPECT[intent], tracker.get_slot("applicant_ward") or ""))
        dispatcher.utter_message(text="Mình tiếp tục hồ sơ nhé.")

    # ---- procedure, bundle, case
    async def validate_dossier_procedure(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, "dossier_procedure"):
            return {"dossier_procedure": value}
        common = await self._common("dossier_procedure", dispatcher, tracker)
        if common is not None:
            return common
        code = entity(tracker, "procedure_code")
        if not code:
            text = self.latest_text(tracker)
            if is_payload(text):
                dispatcher.utter_message(text="Bạn nhắn tên thủ tục cần nộp hồ sơ giúp tôi nhé.")
                return {"dossier_procedure": None}
            result = await kb_client.search(text)
            if result is None:
                dispatcher.utter_message(
                    text="Hệ thống tra cứu thủ tục đang khởi động. Bạn nhắn lại sau ít phút giúp tôi nhé."
                )
                return {"dossier_procedure": None}
            if result.abstain or not result.hits:
                dispatcher.utter_message(
                    text=f"Tôi chưa tìm thấy thủ tục “{short(text, 60)}”. Bạn nhắn lại tên thủ tục, ví dụ: “đăng ký "
                    "khai sinh”."
                )
                return {"dossier_procedure": None}
            if result.variants:
                question, buttons = fmt.variants_question(result.variants)
                send(dispatcher, question, buttons)
                return {"dossier_procedure": None}
            code = result.hits[0].code
        values = await procedure_values(code)
        if values is None:
            dispatcher.utter_message(
                text="Tôi chưa lấy được danh sách giấy tờ của thủ tục này. Bạn nhắn lại sau ít phút giúp tôi nhé."
            )
            return {"dossier_procedure": None}
        dispatcher.utter_message(text=f"📝 Thủ tục: {short(values['dossier_title'], 120)} (mã {code}).")
        return values

    async def validate_dossier_bundle(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, "dossier_bundle"):
            return {"dossier_bundle": value}
        common = await self._common("dossier_bundle", dispatcher, tracker)
        if common is not None:
            return common
        code = tracker.get_slot("dossier_procedure")
        bundles = list(bundles_for(code))
        choice = entity(tracker, "choice") or ""
        chosen: Optional[str] = None
        if choice.startswith("bundle:"):
            chosen = choice.split(":", 1)[1]
        else:
            text = self.latest_text(tracker)
            folded = fold(text)
            answer = check_yes_no(text, self.latest_intent(tracker))
            if re.search(r"\b(chi|rieng|mot minh|khong lien thong)\b", folded) or (answer.ok and answer.value is False):
                chosen = NONE
            elif len(bundles) == 1 and (answer.ok or "lien thong" in folded):
                chosen = bundles[0].id
            else:
                index = pick_from_text(text, [b.name for b in bundles] + ["chỉ thủ tục này"])
                if index is not None:
                    chosen = bundles[index].id if index < len(bundles) else NONE
        if chosen is None or (chosen != NONE and bundle_by_id(code, chosen) is None):
            dispatcher.utter_message(text="Tôi chưa rõ bạn chọn cách nào. Bạn bấm một nút bên dưới giúp tôi nhé.")
            return {"dossier_bundle": None}
        if chosen == NONE:
            return {"dossier_bundle": NONE}
        bundle = bundle_by_id(code, chosen)
        items = await checklist_items(list(bundle.procedures))
        if items is None:
            dispatcher.utter_message(
                text="Tôi chưa lấy được danh sách giấy tờ liên thông. Bạn chọn lại sau ít phút giúp tôi nhé."
            )
            return {"dossier_bundle": None}
        dispatcher.utter_message(
            text=f"🔗 Nộp liên thông: một hồ sơ, nhận {len(bundle.results)} kết quả "
            f"({', '.join(bundle.results)}). Giấy tờ trùng nhau chỉ cần nộp một lần."
        )
        return {
            "dossier_bundle": chosen,
            "dossier_codes": list(bundle.procedures),
            "dossier_title": bundle.name,
            "dossier_items": items,
            "dossier_item_index": 0.0,
            "dossier_item_stage": None,
            "dossier_documents": {},
            "dossier_case": None,
        }

    async def validate_dossier_case(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, "dossier_case"):
            return {"dossier_case": value}
        common = await self._common("dossier_case", dispatcher, tracker)
        if common is not None:
            return common
        cases = cases_of(tracker.get_slot("dossier_items"))
        choice = entity(tracker, "choice") or ""
        text = self.latest_text(tracker)
        chosen: Optional[str] = None
        if choice.startswith("case:"):
            part = choice.split(":", 1)[1]
            chosen = NONE if part == NONE else (cases[int(part)] if part.isdigit() and int(part) < len(cases) else None)
        elif len(cases) == 1:
            answer = check_yes_no(text, self.latest_intent(tracker))
            if answer.ok:
                chosen = cases[0] if answer.value else NONE
        else:
            index = pick_from_text(text, cases + ["không thuộc trường hợp nào"])
            if index is not None:
                chosen = cases[index] if index < len(cases) else NONE
        if chosen is None:
            dispatcher.utter_message(
                text="Tôi chưa rõ trường hợp của bạn. Bạn bấm một nút bên dưới (hoặc nhắn số thứ tự) giúp tôi nhé."
            )
            return {"dossier_case": None}
        return {"dossier_case": chosen, "dossier_item_index": 0.0, "dossier_item_stage": None, "dossier_documents": {}}

    # ---- volunteer
    async def validate_volunteer_link(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, LINK_SLOT):
            return {LINK_SLOT: value}
        code = link_code(self.latest_text(tracker))
        if code:  # before anything else: six digits are never read as another intent
            return await link_with_code(dispatcher, tracker, code)
        common = await self._common(LINK_SLOT, dispatcher, tracker)
        if common is not None:
            return common
        dispatcher.utter_message(text=CODE_FORMAT)
        return {LINK_SLOT: None}

    async def validate_privacy_consent_at(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, CONSENT_SLOT):
            return {CONSENT_SLOT: value}
        common = await self._common(CONSENT_SLOT, dispatcher, tracker)
        if common is not None:
            return common
        answer = consent_answer(self.latest_text(tracker), self.latest_intent(tracker))
        if not answer.ok:
            dispatcher.utter_message(text=answer.error)
            return {CONSENT_SLOT: None}
        if answer.value is False:
            dispatcher.utter_message(
                text="Vâng ạ, tôi sẽ không thu thập thông tin cá nhân của bạn và dừng nộp hồ sơ này. "
                "Bạn vẫn hỏi thủ tục được bình thường; khi đổi ý, bạn nhắn “tiếp tục hồ sơ” nhé."
            )
            return {CONSENT_SLOT: None, "dossier_stop": "quiet"}
        return {CONSENT_SLOT: answer.value}

    async def validate_volunteer_consent(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, "volunteer_consent"):
            return {"volunteer_consent": value}
        common = await self._common("volunteer_consent", dispatcher, tracker)
        if common is not None:
            return common
        answer = check_yes_no(self.latest_text(tracker), self.latest_intent(tracker))
        if not answer.ok:
            dispatcher.utter_message(text=answer.error)
            return {"volunteer_consent": None}
        if not answer.value:
            dispatcher.utter_message(
                text="Tổ công nghệ số chỉ được nộp hộ khi người dân đồng ý. Tôi tạm dừng hồ sơ này; khi người dân "
                "đồng ý, bạn nhắn “tiếp tục hồ sơ” nhé."
            )
            return {"volunteer_consent": None, "dossier_stop": "quiet"}
        return {"volunteer_consent": True}

    # ---- documents
    async def validate_document_answer(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, "document_answer"):
            return {"document_answer": None}
        common = await self._common("document_answer", dispatcher, tracker)
        if common is not None:
            return common
        return await answer_document(tracker, dispatcher, self.latest_text(tracker))

    # ---- applicant
    async def _applicant(self, slot: str, check, value, dispatcher, tracker):
        if not self._answered(tracker, slot):
            return {slot: value}
        common = await self._common(slot, dispatcher, tracker)
        if common is not None:
            return common
        if self.latest_intent(tracker) == "attach_document" or is_payload(self.latest_text(tracker)):
            dispatcher.utter_message(text="Bạn nhắn câu trả lời bằng chữ giúp tôi nhé.")
            return {slot: None}
        return check(slot, value, dispatcher)

    async def validate_applicant_name(self, value, dispatcher, tracker, domain):
        return await self._applicant("applicant_name", self.full_name, value, dispatcher, tracker)

    async def validate_applicant_cccd(self, value, dispatcher, tracker, domain):
        return await self._applicant("applicant_cccd", self.cccd, value, dispatcher, tracker)

    async def validate_applicant_phone(self, value, dispatcher, tracker, domain):
        return await self._applicant("applicant_phone", self.phone, value, dispatcher, tracker)

    async def validate_applicant_address(self, value, dispatcher, tracker, domain):
        return await self._applicant("applicant_address", self.address, value, dispatcher, tracker)

    async def validate_applicant_ward(self, value, dispatcher, tracker, domain):
        return await self._applicant("applicant_ward", self.ward, value, dispatcher, tracker)

    # ---- delivery and confirmation
    async def validate_delivery_method(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, "delivery_method"):
            return {"delivery_method": value}
        common = await self._common("delivery_method", dispatcher, tracker)
        if common is not None:
            return common
        method = delivery_from(entity(tracker, "choice") or "", self.latest_text(tracker))
        if method is None:
            dispatcher.utter_message(text="Bạn chọn một trong ba cách nhận kết quả bên dưới giúp tôi nhé.")
            return {"delivery_method": None}
        return {"delivery_method": method}

    async def validate_dossier_confirm(self, value, dispatcher, tracker, domain):
        if not self._answered(tracker, "dossier_confirm"):
            return {"dossier_confirm": value}
        common = await self._common("dossier_confirm", dispatcher, tracker)
        if common is not None:
            return common
        choice = entity(tracker, "choice") or ""
        text = self.latest_text(tracker)
        folded = fold(text)
        if choice == "edit_applicant" or _EDIT_APPLICANT.search(folded):
            dispatcher.utter_message(text="Vâng, mình khai lại thông tin người nộp nhé.")
            return {**{s: None for s in APPLICANT_SLOTS}, "dossier_confirm": None}
        if choice == "edit_documents" or _EDIT_DOCUMENTS.search(folded):
            dispatcher.utter_message(text="Vâng, mình đi lại phần giấy tờ nhé.")
            return {
                "dossier_item_index": 0.0,
                "dossier_item_stage": None,
                "dossier_documents": {},
                "dossier_confirm": None,
                "document_answer": None,
            }
        if choice == "edit_delivery" or _EDIT_DELIVERY.search(folded):
            return {"delivery_method": None, "dossier_confirm": None}
        answer = check_yes_no(text, self.latest_intent(tracker))
        if answer.ok and answer.value:
            return {"dossier_confirm": True}
        if answer.ok:
            dispatcher.utter_message(text="Bạn muốn sửa phần nào? Bấm một nút bên dưới, hoặc nhắn “hủy” để tạm dừng.")
        else:
            dispatcher.utter_message(text="Bạn bấm “Xác nhận nộp” nếu thông tin đã đúng, hoặc chọn phần cần sửa nhé.")
        return {"dossier_confirm": None}


def delivery_from(choice: str, text: str) -> Optional[str]:
    if choice in DELIVERY_LABELS:
        return choice
    folded = fold(text)
    if re.search(r"\b(buu|buu dien|buu chinh|gui ve nha|ship|chuyen phat)\b", folded):
        return "postal"
    if re.search(r"\b(truc tuyen|online|qua mang|dien tu|email|vneid|ban dien tu)\b", folded):
        return "online"
    if re.search(
        r"\b(mot cua|truc tiep|tai cho|den nhan|toi nhan|tai uy ban|ubnd|tai xa|tai phuong|van phong|bo phan)\b", folded
    ):
        return "office"
    m = re.fullmatch(r"\s*([123])\s*", folded)
    if m:
        return ("office", "postal", "online")[int(m.group(1)) - 1]
    return None


# ------------------------------------------------------------------------------------------ asking
class _Ask(Action, ABC):
    slot = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    @abstractmethod
    def question(self, tracker: Tracker):  # -> (text, buttons)
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text, buttons = self.question(tracker)
        if text:
            send(dispatcher, text, buttons or None)
        return []


class AskDossierProcedure(_Ask):
    slot = "dossier_procedure"

    def question(self, tracker):
        return "Bạn muốn nộp hồ sơ cho thủ tục nào? Ví dụ: “đăng ký khai sinh”, “đăng ký thường trú”.", []


class AskDossierBundle(_Ask):
    slot = "dossier_bundle"

    def question(self, tracker):
        code = tracker.get_slot("dossier_procedure")
        bundles = list(bundles_for(code))
        lines = ["🔗 Thủ tục này có thể nộp liên thông: nộp một lần, nhận nhiều kết quả, không phải đi nhiều nơi."]
        buttons = []
        for i, bundle in enumerate(bundles, 1):
            lines.append(f"{i}. {', '.join(bundle.results)} — dành cho {bundle.eligibility}")
            buttons.append(
                {
                    "title": f"{i}. {short(' + '.join(bundle.results), 56)}",
                    "payload": '/dossier_choice{"choice":"bundle:%s"}' % bundle.id,
                }
            )
        title = short(tracker.get_slot("dossier_title") or "thủ tục này", 40)
        lines.append(f"{len(bundles) + 1}. Chỉ làm {title[:1].lower() + title[1:]}")
        buttons.append(
            {"title": f"{len(bundles) + 1}. Chỉ thủ tục này", "payload": '/dossier_choice{"choice":"bundle:none"}'}
        )
        lines.append("Bạn chọn cách nào?")
        return "\n".join(lines), buttons


class AskDossierCase(_Ask):
    slot = "dossier_case"

    def question(self, tracker):
        cases = cases_of(tracker.get_slot("dossier_items"))
        if len(cases) == 1:
            return (
                f"Trường hợp: {short(cases[0], 200)}.\nTrường hợp này có áp dụng với bạn không?",
                [
                    {"title": "Có", "payload": '/dossier_choice{"choice":"case:0"}'},
                    {"title": "Không", "payload": '/dossier_choice{"choice":"case:none"}'},
                ],
            )
        lines = ["Giấy tờ khác nhau theo từng trường hợp. Bạn thuộc trường hợp nào?"]
        buttons = []
        for i, case in enumerate(cases, 1):
            lines.append(f"{i}. {short(case, 160)}")
            buttons.append(
                {"title": f"{i}. {short(case, 56)}", "payload": '/dossier_choice{"choice":"case:%d"}' % (i - 1)}
            )
        lines.append(f"{len(cases) + 1}. Không thuộc trường hợp nào ở trên")
        buttons.append(
            {
                "title": f"{len(cases) + 1}. Không thuộc các trường hợp trên",
                "payload": '/dossier_choice{"choice":"case:none"}',
            }
        )
        return "\n".join(lines), buttons


class AskVolunteerLink(_Ask):
    slot = LINK_SLOT

    def question(self, tracker):
        return CODE_QUESTION, []


class AskVolunteerConsent(_Ask):
    slot = "volunteer_consent"

    def question(self, tracker):
        return (
            "Người dân đã đồng ý để bạn nộp hồ sơ và khai thông tin cá nhân giúp họ chưa? "
            "(Chỉ trả lời “Có” khi người dân đã đồng ý rõ ràng.)",
            [{"title": "Có, người dân đồng ý", "payload": "/affirm"}, {"title": "Chưa", "payload": "/deny"}],
        )


class AskDocumentAnswer(_Ask):
    slot = "document_answer"

    def question(self, tracker):
        return ask_item(tracker)


def _who(tracker) -> str:
    return "người dân (người được nộp hộ)" if tracker.get_slot("dossier_volunteer") else "người nộp hồ sơ"


class AskApplicantName(_Ask):
    slot = "applicant_name"

    def question(self, tracker):
        return f"👤 Họ và tên {_who(tracker)}? (ví dụ: Nguyễn Văn An)", []


class AskApplicantCccd(_Ask):
    slot = "applicant_cccd"

    def question(self, tracker):
        return f"🪪 Số CCCD (12 chữ số) của {_who(tracker)}?", []


class AskApplicantPhone(_Ask):
    slot = "applicant_phone"

    def question(self, tracker):
        return "📞 Số điện thoại di động để cán bộ liên hệ?", []


class AskApplicantAddress(_Ask):
    slot = "applicant_address"

    def question(self, tracker):
        return "🏠 Địa chỉ (số nhà, đường/thôn, tổ/xóm)?", []


class AskApplicantWard(_Ask):
    slot = "applicant_ward"

    def question(self, tracker):
        return "📍 Phường/xã nơi ở? (ví dụ: Phường Bến Nghé, Xã Tân Phú)", []


class AskDeliveryMethod(_Ask):
    slot = "delivery_method"

    def question(self, tracker):
        return (
            "📬 Bạn muốn nhận kết quả bằng cách nào?",
            [
                {"title": "Tại Bộ phận Một cửa", "payload": '/dossier_choice{"choice":"office"}'},
                {"title": "Qua bưu chính công ích", "payload": '/dossier_choice{"choice":"postal"}'},
                {"title": "Trực tuyến", "payload": '/dossier_choice{"choice":"online"}'},
            ],
        )


class AskDossierConfirm(_Ask):
    slot = "dossier_confirm"

    def question(self, tracker):
        return (
            summary_text(tracker) + "\n\nThông tin đã đúng chưa ạ?",
            [
                {"title": "✅ Xác nhận nộp", "payload": "/affirm"},
                {"title": "Sửa người nộp", "payload": '/dossier_choice{"choice":"edit_applicant"}'},
                {"title": "Sửa giấy tờ", "payload": '/dossier_choice{"choice":"edit_documents"}'},
                {"title": "Sửa cách nhận", "payload": '/dossier_choice{"choice":"edit_delivery"}'},
                {"title": "Hủy", "payload": "/cancel_dossier"},
            ],
        )

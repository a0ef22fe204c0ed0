"""dossier_form's validation: which slot is asked next, and every answer read and checked.

The form's slots have custom mappings: ``validate_dossier_form`` takes the citizen's latest message for the
requested slot itself, so every message inside the form is read here (buttons, typed answers, attachment
payloads, "hủy", "làm lại từ đầu", "… là gì?"). ``required_slots`` is dynamic: the procedure (when none was
chosen before), the liên thông bundle (when the procedure has one), the case (when the checklist has cases),
for a volunteer first the chat's link to a volunteer account (``volunteer_link``: the console's one-time code,
actions/dossier/volunteer.py) and later the resident's consent, for a citizen the consent to collect personal data
(``privacy_consent_at``, unless given before), ``document_answer`` again and again while checklist items remain,
then the applicant, the delivery method and the confirmation. Slots already known are skipped (never ask twice).
The questions are in questions.py; the document walk's answers in documents.py; choices in choices.py.
When the form stops, action_dossier_finish (submit.py) runs.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import knowledge_base as kb_client
from actions.core.replies import send, shorten
from actions.core.slots import APPLICANT_SLOTS
from actions.core.tracker import entity, is_payload
from actions.core.validation import MotcuaFormValidationAction, check_yes_no
from actions.dossier.checklist import NONE, bundle_by_id, bundles_for, cases_of, checklist_items, documents_remaining
from actions.dossier.choices import bundle_choice, case_choice, delivery_from, edit_choice, wants_restart
from actions.dossier.documents import answer_document
from actions.dossier.entry import (
    RESTARTED,
    answer_side_question,
    is_external,
    paused_text,
    procedure_values,
    restarted_values,
    resume_buttons,
)
from actions.dossier.retry import retry_events
from actions.dossier.volunteer import CODE_FORMAT, LINK_SLOT, link_code, link_with_code
from actions.privacy.privacy import CONSENT_SLOT, consent_answer, consent_values
from actions.procedures import texts as fmt
from common.limits import INTENT_THRESHOLD

REQUESTED_SLOT = "requested_slot"


# ------------------------------------------------------------------------------------------ validation
def checked_answer(slot: str, keep_unasked: bool = True):
    """Decorates ``validate_<slot>`` with what every answer is checked for first: a value set before (``slot`` is
    not the one asked) passes through (or is cleared, ``keep_unasked=False``), and an answer that cancels,
    restarts or asks a side question is handled by ``_common``; the method itself sees only answers to check."""

    def decorate(validate):
        @functools.wraps(validate)
        async def checked(self, value, dispatcher, tracker, domain):
            if not self._answered(tracker, slot):
                return {slot: value if keep_unasked else None}
            common = await self._common(slot, dispatcher, tracker)
            if common is not None:
                return common
            return await validate(self, value, dispatcher, tracker, domain)

        return checked

    return decorate


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

    # ---- extraction: the latest message for the requested slot (one hook: core.validation)
    TEXT_SLOTS = (
        LINK_SLOT,
        "dossier_procedure",
        "dossier_bundle",
        "dossier_case",
        "volunteer_consent",
        CONSENT_SLOT,
        "document_answer",
        *APPLICANT_SLOTS,
        "delivery_method",
        "dossier_confirm",
    )

    def text_answer(self, tracker: Tracker, slot: str) -> Dict[Text, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != slot:
            return {}
        if self.latest_intent(tracker) == "attach_document":
            return {slot: "[tệp đính kèm]"}  # the bytes stay in the message, not in a slot
        text = self.latest_text(tracker).strip()
        return {slot: text[:1000] or "…"}

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
        if restart_intent or wants_restart(text):
            dispatcher.utter_message(text=RESTARTED)
            return await restarted_values(tracker, slot)
        question = self.side_question(tracker)
        if question and tracker.get_slot("dossier_procedure"):
            await answer_side_question(question, dispatcher, tracker)
            return {slot: None}  # not an answer: the form asks the same question again
        return None

    # ---- procedure, bundle, case
    @checked_answer("dossier_procedure")
    async def validate_dossier_procedure(self, value, dispatcher, tracker, domain):
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
                    text=f"Tôi chưa tìm thấy thủ tục “{shorten(text, 60)}”. Bạn nhắn lại tên thủ tục, ví dụ: “đăng ký "
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
        dispatcher.utter_message(text=f"📝 Thủ tục: {shorten(values['dossier_title'], 120)} (mã {code}).")
        return values

    @checked_answer("dossier_bundle")
    async def validate_dossier_bundle(self, value, dispatcher, tracker, domain):
        code = tracker.get_slot("dossier_procedure")
        bundles = list(bundles_for(code))
        chosen = bundle_choice(
            entity(tracker, "choice") or "",
            self.latest_text(tracker),
            self.latest_intent(tracker),
            [b.id for b in bundles],
            [b.name for b in bundles],
        )
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

    @checked_answer("dossier_case")
    async def validate_dossier_case(self, value, dispatcher, tracker, domain):
        cases = cases_of(tracker.get_slot("dossier_items"))
        text = self.latest_text(tracker)
        chosen = case_choice(entity(tracker, "choice") or "", text, self.latest_intent(tracker), cases)
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

    @checked_answer(CONSENT_SLOT)
    async def validate_privacy_consent_at(self, value, dispatcher, tracker, domain):
        answer = consent_answer(self.latest_text(tracker), self.latest_intent(tracker))
        declined = (
            "Vâng ạ, tôi sẽ không thu thập thông tin cá nhân của bạn và dừng nộp hồ sơ này. "
            "Bạn vẫn hỏi thủ tục được bình thường; khi đổi ý, bạn nhắn “tiếp tục hồ sơ” nhé."
        )
        return consent_values(answer, dispatcher, declined, dossier_stop="quiet")

    @checked_answer("volunteer_consent")
    async def validate_volunteer_consent(self, value, dispatcher, tracker, domain):
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
    @checked_answer("document_answer", keep_unasked=False)
    async def validate_document_answer(self, value, dispatcher, tracker, domain):
        return await answer_document(tracker, dispatcher, self.latest_text(tracker))

    # ---- applicant
    def _applicant(self, slot: str, check, value, dispatcher, tracker):
        if self.latest_intent(tracker) == "attach_document" or is_payload(self.latest_text(tracker)):
            dispatcher.utter_message(text="Bạn nhắn câu trả lời bằng chữ giúp tôi nhé.")
            return {slot: None}
        return check(slot, value, dispatcher)

    @checked_answer("applicant_name")
    async def validate_applicant_name(self, value, dispatcher, tracker, domain):
        return self._applicant("applicant_name", self.full_name, value, dispatcher, tracker)

    @checked_answer("applicant_cccd")
    async def validate_applicant_cccd(self, value, dispatcher, tracker, domain):
        return self._applicant("applicant_cccd", self.cccd, value, dispatcher, tracker)

    @checked_answer("applicant_phone")
    async def validate_applicant_phone(self, value, dispatcher, tracker, domain):
        return self._applicant("applicant_phone", self.phone, value, dispatcher, tracker)

    @checked_answer("applicant_address")
    async def validate_applicant_address(self, value, dispatcher, tracker, domain):
        return self._applicant("applicant_address", self.address, value, dispatcher, tracker)

    @checked_answer("applicant_ward")
    async def validate_applicant_ward(self, value, dispatcher, tracker, domain):
        return self._applicant("applicant_ward", self.ward, value, dispatcher, tracker)

    # ---- delivery and confirmation
    @checked_answer("delivery_method")
    async def validate_delivery_method(self, value, dispatcher, tracker, domain):
        method = delivery_from(entity(tracker, "choice") or "", self.latest_text(tracker))
        if method is None:
            dispatcher.utter_message(text="Bạn chọn một trong ba cách nhận kết quả bên dưới giúp tôi nhé.")
            return {"delivery_method": None}
        return {"delivery_method": method}

    @checked_answer("dossier_confirm")
    async def validate_dossier_confirm(self, value, dispatcher, tracker, domain):
        text = self.latest_text(tracker)
        edit = edit_choice(entity(tracker, "choice") or "", text)
        if edit == "edit_applicant":
            dispatcher.utter_message(text="Vâng, chúng ta khai lại thông tin người nộp nhé.")
            return {**{s: None for s in APPLICANT_SLOTS}, "dossier_confirm": None}
        if edit == "edit_documents":
            dispatcher.utter_message(text="Vâng, chúng ta đi lại phần giấy tờ nhé.")
            return {
                "dossier_item_index": 0.0,
                "dossier_item_stage": None,
                "dossier_documents": {},
                "dossier_confirm": None,
                "document_answer": None,
            }
        if edit == "edit_delivery":
            return {"delivery_method": None, "dossier_confirm": None}
        answer = check_yes_no(text, self.latest_intent(tracker))
        if answer.ok and answer.value:
            return {"dossier_confirm": True}
        if answer.ok:
            dispatcher.utter_message(text="Bạn muốn sửa phần nào? Bấm một nút bên dưới, hoặc nhắn “hủy” để tạm dừng.")
        else:
            dispatcher.utter_message(text="Bạn bấm “Xác nhận nộp” nếu thông tin đã đúng, hoặc chọn phần cần sửa nhé.")
        return {"dossier_confirm": None}

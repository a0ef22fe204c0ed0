"""Starting, resuming, restarting a dossier and what the citizen says about it outside the form."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.clients import knowledge_base as kb_client
from actions.core.chat import channel_of
from actions.core.replies import send, shorten
from actions.core.slots import APPLICANT_SLOTS
from actions.core.tracker import latest_text
from actions.core.validation import (
    check_cccd,
    check_phone,
    check_ward,
)
from actions.dossier.checklist import active_items, checklist_items
from actions.dossier.common import (
    clear_answers,
    has_dossier_in_progress,
    latest_user_timestamp,
    make_key,
)
from actions.dossier.volunteer import (
    LINK_SLOT,
    active_link,
    linked_text,
)
from actions.procedures import out_of_catalog
from actions.procedures.aspect import aspect_to_answer
from actions.procedures.conversation import INTENT_ASPECT, aspect_text, procedure_query
from actions.procedures.routing import asks_rather_than_files
from actions.procedures.search import out_of_catalog_events, search_and_answer

RESTARTED = "Đã xóa các câu trả lời trước. Chúng ta làm lại từ đầu nhé."


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


async def restarted_values(tracker: Tracker, slot: str) -> Dict[str, Any]:
    """Slot values of "làm lại từ đầu" inside the form (asked while ``slot`` was requested): the answers and
    papers forgotten, a new idempotency key, the procedure's checklist again."""
    code = tracker.get_slot("dossier_procedure")
    values: Dict[str, Any] = {s: None for s in APPLICANT_SLOTS}
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
    return values


async def answer_side_question(intent: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A question about the procedure in the middle of the form ("lệ phí bao nhiêu?"), then back to the form."""
    proc = await kb_client.get(tracker.get_slot("dossier_procedure"))
    if proc is None:
        dispatcher.utter_message(text="Tôi chưa tra được thông tin này lúc này. Chúng ta tiếp tục hồ sơ nhé.")
        return
    send(dispatcher, aspect_text(proc, INTENT_ASPECT[intent], tracker.get_slot("applicant_ward") or ""))
    dispatcher.utter_message(text="Chúng ta tiếp tục hồ sơ nhé.")


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
        intro = f"📝 Tôi cùng bạn nộp hồ sơ “{shorten(values['dossier_title'], 120)}” nhé."
        if volunteer:
            intro = "🤝 Cảm ơn tổ công nghệ số! " + intro
        steps = f"Gồm {count} mục giấy tờ, " if count else ""
        dispatcher.utter_message(
            text=f"{intro}\n{steps}sau đó là thông tin người nộp và cách nhận kết quả. "
            "Nhắn “hủy” để tạm dừng bất cứ lúc nào, “tiếp tục hồ sơ” để làm tiếp sau."
        )
    elif volunteer:
        dispatcher.utter_message(text="🤝 Cảm ơn tổ công nghệ số! Tôi cùng bạn nộp hồ sơ giúp người dân nhé.")
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
    in progress for the same procedure. A message that asks a fact rather than wishes to file (the aspect reader
    decides: actions/procedures/routing.py ``asks_rather_than_files``) is answered, and no form starts."""

    def name(self) -> Text:
        return "action_start_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        query = procedure_query(tracker)
        if query and out_of_catalog.topic_of(query) is not None:  # "nộp hồ sơ hưởng lương hưu": no dossier here
            # the rule runs dossier_form next: "quiet" stops it at once (it would ask which procedure)
            return out_of_catalog_events(dispatcher, tracker, query) + [SlotSet("dossier_stop", "quiet")]
        text = latest_text(tracker)
        if asks_rather_than_files(text):  # "nộp hồ sơ khai sinh buổi chiều thì bao giờ lấy được": a fact asked
            return await search_and_answer(dispatcher, tracker, text, aspect_to_answer(text)) + [
                SlotSet("dossier_stop", "quiet")
            ]
        code = await mentioned_code(tracker) or tracker.get_slot("current_procedure_code")
        if has_dossier_in_progress(tracker) and (
            code is None
            or code in (tracker.get_slot("dossier_codes") or [])
            or code == tracker.get_slot("dossier_procedure")
        ):
            dispatcher.utter_message(
                text=f"Bạn đang làm dở hồ sơ “{shorten(tracker.get_slot('dossier_title') or '', 120)}”. "
                "Chúng ta làm tiếp từ chỗ bạn dừng nhé (nhắn “làm lại từ đầu” nếu muốn khai lại)."
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
                text=f"Chúng ta làm tiếp hồ sơ “{shorten(tracker.get_slot('dossier_title') or '', 120)}” "
                "từ chỗ bạn dừng nhé."
            )
            return [SlotSet("dossier_stop", None)] + await resumed_details(dispatcher, tracker)
        code = tracker.get_slot("current_procedure_code")
        dispatcher.utter_message(
            text="Bạn không có hồ sơ nào đang làm dở." + (" Chúng ta bắt đầu hồ sơ mới nhé." if code else "")
        )
        return await new_dossier(dispatcher, tracker, code)


class ActionRestartDossier(Action):
    def name(self) -> Text:
        return "action_restart_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        code = tracker.get_slot("dossier_procedure") or tracker.get_slot("current_procedure_code")
        dispatcher.utter_message(text=RESTARTED)
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
    title = shorten(tracker.get_slot("dossier_title") or "", 120)
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

"""Summary, filing with the backend, the receipt code, and keeping uploaded papers in the personal store.

action_dossier_finish runs when dossier_form stops: put aside ("hủy") or confirmed. A confirmed dossier is
posted to the backend with its idempotency key; when the backend cannot be reached the request body is kept
(slot pending_dossier + a local spool file) and retried (retry.py) until the backend has it; the
same key makes every retry and double tap land on the same dossier. After the receipt code the citizen is
offered to keep the uploaded papers in the personal store (a yes/no question, ``pending_offer`` "save_documents"),
then asked for a satisfaction rating of the filing: one question at a time.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, sender_of
from actions.core.offers import Offer, offer_events
from actions.core.replies import send, shorten
from actions.core.slots import APPLICANT_SLOTS
from actions.dossier.checklist import active_items, given_name
from actions.dossier.common import (
    DELIVERY_LABELS,
    FORM,
    PROVISION_LABELS,
    clear_answers,
    latest_user_timestamp,
    make_key,
    stored_kind,
)
from actions.dossier.outage import keep_pending, reminder, remove_spooled
from actions.dossier.record import field_lines, procedure_name
from actions.dossier.volunteer import LINK_REQUIRED
from actions.rating import rating
from common import fields

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------ summary
def summary_text(tracker: Tracker) -> str:
    documents = tracker.get_slot("dossier_documents") or {}
    lines = [f"📋 Tóm tắt hồ sơ: {shorten(tracker.get_slot('dossier_title') or '', 160)}"]
    items = active_items(tracker)
    shown = [(item, documents.get(item["key"])) for item in items]
    applicable = [(item, doc) for item, doc in shown if doc and doc.get("provision") != "not_applicable"]
    skipped = sum(1 for _, doc in shown if doc and doc.get("provision") == "not_applicable")
    if applicable:
        lines.append("Giấy tờ:")
        for i, (item, doc) in enumerate(applicable, 1):
            label = PROVISION_LABELS.get(doc["provision"], doc["provision"])
            lines.append(f"{i}. {shorten(given_name(item, doc), 110)} — {label}")
    if skipped:
        lines.append(f"({skipped} giấy không áp dụng với bạn)")
    name, cccd, phone = (tracker.get_slot(s) for s in ("applicant_name", "applicant_cccd", "applicant_phone"))
    address, ward = tracker.get_slot("applicant_address"), tracker.get_slot("applicant_ward")
    who = "Người được nộp hộ" if tracker.get_slot("dossier_volunteer") else "Người nộp"
    lines.append(f"{who}: {name}, CCCD {cccd}, ĐT {phone}")
    lines.append(f"Địa chỉ: {address}, {ward}")
    lines.append(f"Nhận kết quả: {DELIVERY_LABELS.get(tracker.get_slot('delivery_method'), '')}")
    if tracker.get_slot("dossier_volunteer"):
        name = (tracker.get_slot("volunteer_link") or {}).get("display_name")
        lines.append("Nộp hộ: tổ công nghệ số" + (f" {name}" if name else "") + " (người dân đã đồng ý)")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ payload
def build_payload(tracker: Tracker) -> Dict[str, Any]:
    """The POST /api/dossiers body (backend.schemas.DossierCreate) for the dossier in the slots."""
    codes = tracker.get_slot("dossier_codes") or [tracker.get_slot("dossier_procedure")]
    documents_slot = tracker.get_slot("dossier_documents") or {}
    documents = []
    for item in active_items(tracker):
        doc = documents_slot.get(item["key"])
        if not doc:
            continue
        entry: Dict[str, Any] = {
            "name": shorten(given_name(item, doc), fields.DOCUMENT_NAME),
            "provision": doc["provision"],
        }
        if doc["provision"] == "uploaded":
            entry["stored_file_id"] = int(doc["stored_file_id"])
            entry["kind"] = stored_kind(doc.get("name") or item["name"])
        elif doc["provision"] == "reused":
            entry["stored_document_id"] = int(doc["stored_document_id"])
        documents.append(entry)
    payload: Dict[str, Any] = {
        "idempotency_key": tracker.get_slot("dossier_key"),
        "procedure_code": "+".join(c for c in codes if c)[: fields.PROCEDURE_CODE],
        "procedure_name": shorten(tracker.get_slot("dossier_title") or "", 480),
        "applicant": {
            "full_name": tracker.get_slot("applicant_name"),
            "cccd": tracker.get_slot("applicant_cccd"),
            "phone": tracker.get_slot("applicant_phone"),
            "address": tracker.get_slot("applicant_address"),
            "ward": tracker.get_slot("applicant_ward"),
        },
        "channel": channel_of(tracker),
        "sender_id": str(tracker.sender_id)[: fields.SENDER_ID],
        "delivery_method": tracker.get_slot("delivery_method") or "office",
        "documents": documents[: fields.DOCUMENTS],
    }
    if tracker.get_slot("dossier_volunteer"):  # the backend takes the volunteer from this chat's active link
        payload.update(on_behalf=True, consent=True)
    return payload


# ------------------------------------------------------------------------------------------ receipt
def receipt_text(dossier: Dict[str, Any], payload: Optional[Dict[str, Any]] = None, late: bool = False) -> str:
    code = dossier["receipt_code"]
    head = (
        "✅ Hồ sơ của bạn đã được gửi thành công sau khi hệ thống hoạt động lại!"
        if late
        else "✅ Hồ sơ đã được tiếp nhận!"
    )
    lines = [
        head,
        f"Mã hồ sơ: {code}",
        f"Thủ tục: {procedure_name(dossier)}",
        f"Tình trạng: {dossier.get('status_label', 'Đã tiếp nhận')}",
        *field_lines(dossier, (("delivery_label", "Nhận kết quả"), ("due_at", "Ngày hẹn trả"))),
    ]
    paper = [d["name"] for d in (payload or {}).get("documents", []) if d.get("provision") == "paper_at_office"]
    if paper:
        listed = "; ".join(shorten(p, 100) for p in paper)
        lines.append(
            "Khi đến Bộ phận Một cửa, bạn mang theo bản giấy: " + listed + ("" if listed.endswith("…") else ".")
        )
    lines.append(f"Bạn lưu lại mã này; muốn tra cứu thì nhắn “tra cứu hồ sơ {code}”.")
    return "\n".join(lines)


OUTAGE_TEXT = (
    "⚠️ Hệ thống tiếp nhận hồ sơ đang tạm gián đoạn nên chưa cấp được mã hồ sơ. Hồ sơ của bạn đã được lưu lại "
    "đầy đủ và sẽ tự động gửi lại khi hệ thống hoạt động trở lại; khi đó tôi sẽ báo mã hồ sơ để bạn tra cứu. "
    "Bạn không cần khai lại."
)


def saveable(dossier: Dict[str, Any], payload: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """Uploaded papers of a dossier filed for this chat's own citizen, to offer for the personal store."""
    if payload.get("on_behalf"):
        return None
    docs = [
        {"kind": d.get("kind") or stored_kind(d["name"]), "name": d["name"], "stored_file_id": d["stored_file_id"]}
        for d in payload.get("documents", [])
        if d.get("provision") == "uploaded" and d.get("stored_file_id")
    ]
    citizen_id = (dossier.get("applicant") or {}).get("citizen_id")
    if not docs or citizen_id is None:
        return None
    return {"citizen_id": citizen_id, "documents": docs}


def save_offer(dispatcher: CollectingDispatcher, offer: Dict[str, Any]) -> None:
    count = len(offer["documents"])
    send(
        dispatcher,
        f"💾 Bạn có muốn lưu {count} giấy tờ đã gửi vào kho dữ liệu cá nhân để lần sau dùng lại, không phải gửi lại "
        "không?",
        [{"title": "Lưu vào kho", "payload": "/save_documents"}, {"title": "Không cần", "payload": "/deny"}],
    )


def filed_events(
    dispatcher: CollectingDispatcher, dossier: Dict[str, Any], payload: Dict[str, Any], late: bool = False
) -> List[Dict[str, Any]]:
    """Tell the receipt code, then offer the personal store or ask for a rating; the slots after a filing."""
    send(dispatcher, receipt_text(dossier, payload, late))
    code = dossier["receipt_code"]
    offer = saveable(dossier, payload)
    if offer:
        save_offer(dispatcher, offer)
        follow_up = [*offer_events(Offer.SAVE_DOCUMENTS)]
    else:
        follow_up = rating.ask(dispatcher, {"receipt_code": code})
    return [SlotSet("receipt_code", code), SlotSet("dossier_saveable", offer)] + follow_up


async def save_documents(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """Keep the offered papers in the personal store, then ask for the rating of the filing."""
    offer = tracker.get_slot("dossier_saveable")
    if not offer:
        dispatcher.utter_message(text="Hiện không có giấy tờ mới nào để lưu vào kho dữ liệu cá nhân ạ.")
        return [*offer_events(None)]
    saved = 0
    try:
        for doc in offer["documents"]:
            await backend_client.add_stored_document(
                channel_of(tracker),
                sender_of(tracker),
                offer["citizen_id"],
                doc["kind"],
                doc["name"],
                doc["stored_file_id"],
            )
            saved += 1
    except backend_client.BackendUnavailable:
        dispatcher.utter_message(
            text="Hệ thống đang tạm gián đoạn nên chưa lưu được. Bạn bấm “Lưu vào kho” lại sau ít phút nhé."
        )
        return []
    except backend_client.BackendError as exc:
        dispatcher.utter_message(text=f"Chưa lưu được giấy tờ: {exc.detail}")
    else:
        dispatcher.utter_message(
            text=f"💾 Đã lưu {saved} giấy tờ vào kho dữ liệu cá nhân. Lần sau nộp hồ sơ, "
            "bạn chọn “Dùng giấy đã lưu” là xong."
        )
    return [SlotSet("dossier_saveable", None), *offer_events(None)] + rate_filing(dispatcher, tracker)


def decline_save(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """ "Không cần" to the personal-store offer: nothing is kept; ask for the rating of the filing."""
    dispatcher.utter_message(text="Vâng ạ, giấy tờ đã gửi chỉ dùng cho hồ sơ này.")
    return [SlotSet("dossier_saveable", None), *offer_events(None)] + rate_filing(dispatcher, tracker)


def rate_filing(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    code = tracker.get_slot("receipt_code")
    return rating.ask(dispatcher, {"receipt_code": code}) if code else []


# ------------------------------------------------------------------------------------------ actions
class ActionDossierFinish(Action):
    """After dossier_form: file the confirmed dossier, or say it was put aside."""

    def name(self) -> Text:
        return "action_dossier_finish"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        stop = tracker.get_slot("dossier_stop")
        if stop:
            return [SlotSet("dossier_stop", None)]  # the validator already told the citizen
        if not tracker.get_slot("dossier_confirm"):
            return []
        payload = build_payload(tracker)
        if not payload["idempotency_key"]:  # a dossier from before keys were kept: key it now, once
            payload["idempotency_key"] = make_key(tracker.sender_id, latest_user_timestamp(tracker))
        volunteer = bool(tracker.get_slot("dossier_volunteer"))
        done = clear_answers(keep_applicant=not volunteer) + (
            [SlotSet(s, None) for s in APPLICANT_SLOTS] if volunteer else []
        )
        try:
            dossier = await backend_client.file_dossier(payload)
        except backend_client.BackendUnavailable:
            keep_pending(payload)
            send(dispatcher, OUTAGE_TEXT)
            return done + [SlotSet("pending_dossier", payload), reminder(tracker.sender_id)]
        except backend_client.BackendError as exc:
            logger.warning("dossier refused: %s", exc)
            events = [SlotSet("dossier_confirm", None)]
            if exc.code == "volunteer_link_required":  # link expired or shift ended: the code again, then confirm
                dispatcher.utter_message(text=LINK_REQUIRED)
                return events + [SlotSet("volunteer_link", None), ActiveLoop(FORM)]
            send(
                dispatcher,
                f"Hồ sơ chưa nộp được: {exc.detail}\nThông tin bạn khai vẫn được giữ; "
                "nhắn “tiếp tục hồ sơ” để sửa và nộp lại.",
                [{"title": "Tiếp tục hồ sơ", "payload": "/resume_dossier"}],
            )
            return events
        remove_spooled(payload["idempotency_key"])
        return done + filed_events(dispatcher, dossier, payload)


class ActionSaveDocuments(Action):
    """Keep the uploaded papers of the last dossier in the citizen's personal store (kho dữ liệu cá nhân)."""

    def name(self) -> Text:
        return "action_save_documents"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        return await save_documents(dispatcher, tracker)

"""State of the dossier being filed, shared by the dossier_* modules.

The dossier lives in slots (bot/domain/dossier.yml): the form's answers (dossier_procedure, dossier_bundle,
dossier_case, document_answer, applicant_*, delivery_method, dossier_confirm) and its state (dossier_key,
dossier_codes, dossier_title, dossier_items = the checklist, dossier_item_index, dossier_item_stage,
dossier_documents, dossier_store = the citizen's personal store). Slots survive a cancel, so "tiếp tục hồ sơ"
resumes where the citizen stopped; they are cleared once the backend has the dossier.
"""

from __future__ import annotations

import re
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.clients import knowledge_base as kb_client
from actions.core.chat import idempotency_key
from actions.core.replies import shorten
from actions.core.slots import APPLICANT_SLOTS
from nlu.vietnamese_text import fold

FORM = "dossier_form"
NONE = "none"  # dossier_bundle / dossier_case: the citizen chose no bundle / no particular case

ANSWER_SLOTS = (
    "dossier_procedure",
    "dossier_bundle",
    "dossier_case",
    "volunteer_link",
    "volunteer_consent",
    "document_answer",
    *APPLICANT_SLOTS,
    "delivery_method",
    "dossier_confirm",
)
STATE_SLOTS = (
    "dossier_key",
    "dossier_codes",
    "dossier_title",
    "dossier_items",
    "dossier_item_index",
    "dossier_item_stage",
    "dossier_documents",
    "dossier_store",
    "dossier_volunteer",
    "dossier_stop",
)
DELIVERY_LABELS = {
    "office": "Nhận tại Bộ phận Một cửa",
    "postal": "Qua bưu chính công ích",
    "online": "Trực tuyến",
}
PROVISION_LABELS = {
    "uploaded": "đã gửi ảnh/tệp",
    "reused": "dùng giấy đã lưu",
    "paper_at_office": "mang bản giấy khi đến",
    "not_applicable": "không áp dụng",
}


# ------------------------------------------------------------------------------------------ identity
def latest_user_timestamp(tracker: Tracker) -> float:
    for event in reversed(tracker.events or []):
        if event.get("event") == "user" and event.get("timestamp"):
            return float(event["timestamp"])
    return time.time()


def make_key(sender_id: str, timestamp: float) -> str:
    """Idempotency key of one dossier: the chat and the moment the citizen started it (stable across retries)."""
    return idempotency_key("dossier", sender_id, f"{timestamp:.6f}")


# ------------------------------------------------------------------------------------------ checklist
def _item_dict(item) -> Dict[str, Any]:
    return {
        "key": item.key,
        "name": item.name,
        "detail": item.detail,
        "copies": item.copies,
        "condition": item.condition,
        "case": item.case,
        "template": item.template,
        "procedures": list(item.procedures),
    }


async def load_procedures(codes: Sequence[str]) -> List[Any]:
    procs = []
    for code in codes:
        proc = await kb_client.get(code)
        if proc is not None:
            procs.append(proc)
    return procs


async def checklist_items(codes: Sequence[str]) -> Optional[List[Dict[str, Any]]]:
    """The union of the documents of ``codes`` (a paper two procedures need is listed once); None when the
    knowledge base is unavailable."""
    procs = await load_procedures(codes)
    if not procs:
        return None
    return [_item_dict(i) for i in kb_client.checklist(procs).items]


def bundles_for(code: str):
    return kb_client.bundles_for(code) if code else ()


def bundle_by_id(code: str, bundle_id: str):
    return next((b for b in bundles_for(code) if b.id == bundle_id), None)


def cases_of(items: Iterable[Dict[str, Any]]) -> List[str]:
    seen: Dict[str, None] = {}
    for item in items or ():
        if item.get("case"):
            seen.setdefault(item["case"])
    return list(seen)


def active_items(tracker_or_slots) -> List[Dict[str, Any]]:
    """The items of the chosen case, everyone's papers first, conditional ones after (stable order)."""
    get = tracker_or_slots.get_slot if hasattr(tracker_or_slots, "get_slot") else tracker_or_slots.get
    items = get("dossier_items") or []
    case = get("dossier_case")
    if cases_of(items):
        items = [i for i in items if not i.get("case") or (case not in (None, NONE) and i["case"] == case)]
    return sorted(items, key=lambda i: bool(i.get("condition")))


def item_index(tracker) -> int:
    value = tracker.get_slot("dossier_item_index")
    return int(value) if value is not None else 0


def current_item(tracker) -> Tuple[Optional[Dict[str, Any]], int, int]:
    items = active_items(tracker)
    index = item_index(tracker)
    return (items[index] if index < len(items) else None), index, len(items)


def documents_remaining(tracker) -> bool:
    return item_index(tracker) < len(active_items(tracker))


# ------------------------------------------------------------------------------------------ text helpers
def copies_text(copies: str) -> str:
    copies = re.sub(r"\s+", " ", copies or "").strip()
    if not copies or re.fullmatch(r"0 bản chính,?\s*0 bản sao", copies):
        return ""
    return re.sub(r"^0 bản chính,?\s*", "", copies)


def stored_kind(name: str) -> str:
    """The personal store's ``kind`` for a paper: its folded short name (stable across dossiers)."""
    return shorten(fold(name), 64).rstrip("…")


def _words(text: str) -> set:
    return {w for w in re.findall(r"\w+", fold(text)) if len(w) > 1}


def matching_stored(item: Dict[str, Any], store: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """Stored documents (personal store) that are the same paper as ``item``."""
    wanted = _words(item.get("name", ""))
    kind = stored_kind(item.get("name", ""))
    found = []
    for doc in store or []:
        if doc.get("kind") == kind:
            found.append(doc)
            continue
        have = _words(doc.get("name", "")) | _words(doc.get("kind", ""))
        smaller = min(len(wanted), len(have))
        if smaller >= 2 and len(wanted & have) / smaller >= 0.8:
            found.append(doc)
    return found


# ------------------------------------------------------------------------------------------ resetting
def clear_answers(keep_applicant: bool = True) -> List[Dict[str, Any]]:
    """SlotSets forgetting the dossier in progress (the applicant's details are kept: never ask twice)."""
    names = [s for s in ANSWER_SLOTS if not (keep_applicant and s in APPLICANT_SLOTS)] + list(STATE_SLOTS)
    return [SlotSet(name, None) for name in names]


def has_dossier_in_progress(tracker: Tracker) -> bool:
    return bool(
        tracker.get_slot("dossier_key") and (tracker.get_slot("dossier_procedure") or tracker.get_slot("dossier_items"))
    )

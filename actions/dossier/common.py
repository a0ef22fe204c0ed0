"""State of the dossier being filed, shared by the dossier modules.

The dossier lives in slots (bot/domain/dossier.yml): the form's answers (dossier_procedure, dossier_bundle,
dossier_case, document_answer, applicant_*, delivery_method, dossier_confirm) and its state (dossier_key,
dossier_codes, dossier_title, dossier_items = the checklist, dossier_item_index, dossier_item_stage,
dossier_documents, dossier_store = the citizen's personal store). Slots survive a cancel, so "tiếp tục hồ sơ"
resumes where the citizen stopped; they are cleared once the backend has the dossier. The checklist and the order
of its walk: checklist.py.
"""

from __future__ import annotations

import re
import time
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.core.chat import idempotency_key
from actions.core.replies import shorten
from actions.core.slots import APPLICANT_SLOTS, DOSSIER_CHOICE_SLOTS, DOSSIER_PROGRESS_STATE
from nlu.vietnamese_text import fold

FORM = "dossier_form"

ANSWER_SLOTS = (*DOSSIER_CHOICE_SLOTS, "volunteer_link", "document_answer", *APPLICANT_SLOTS, "dossier_confirm")
STATE_SLOTS = (*DOSSIER_PROGRESS_STATE, "dossier_store", "dossier_stop")
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

"""The document walk of dossier_form: reading the citizen's answer about the current paper.

For each paper the citizen sends a photo/file (REST: ``/attach_document{"file_name", "mime", "data_base64"}``),
reuses a paper from their personal store, or says they will bring the paper to the office; or picks one of its
alternatives (``/dossier_choice{"choice":"alternative:<key>"}``, then gives that paper the same ways). A conditional
paper first asks whether its case applies ("Không" records ``not_applicable``); a required paper is never
"không áp dụng": "Không" gets its alternatives and the paper-at-the-office way instead (paper_questions.py asks).
"… là gì?" explains the paper in plain words (glossary.py). Each answer is recorded in ``dossier_documents``
({item key: {name, provision, stored_file_id?, stored_document_id?, instead_of?}}, ``name`` being the paper given,
``instead_of`` the paper it replaces) and the index moves on.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core.replies import shorten
from actions.core.tracker import entity, intent_name
from actions.core.validation import check_yes_no
from actions.dossier.attachments import upload
from actions.dossier.checklist import alternatives_of, case_items, current_item, is_optional
from actions.dossier.common import matching_stored
from actions.dossier.glossary import explanation, item_named_in, wants_explanation
from actions.dossier.paper_questions import (
    ALTERNATIVE_STAGE,
    PROVIDE,
    case_applies,
    chosen_alternative,
)
from common.limits import UPLOAD_MAX_TEXT
from nlu.vietnamese_text import fold

UPLOAD_HOW = (
    "📎 Cách gửi: bấm nút đính kèm (biểu tượng kẹp giấy) trong khung chat, chọn ảnh chụp rõ nét cả trang giấy "
    f"(JPEG, PNG) hoặc tệp PDF, tối đa {UPLOAD_MAX_TEXT}. Mỗi lần gửi một giấy."
)
GIVING = ("attach", "reuse", "paper")

_PAPER = re.compile(
    r"\b(mang|nop|dua|den)\b.*\b(ban giay|ban chinh|giay|truc tiep|khi den|toi noi)\b|\bban giay\b|\bmang theo\b"
)
_REUSE = re.compile(r"\b(dung|lay|su dung)\b.*\b(da co|da luu|trong kho|luu san|kho du lieu|lan truoc)\b")
_UPLOAD_HELP = re.compile(r"\b(gui anh|gui tep|gui file|chup anh|tai len|upload|dinh kem)\b")
_MISSING = re.compile(r"\b(khong co|chua co|mat roi|bi mat|khong con)\b")


def choice_of(tracker: Tracker, text: str) -> str:
    """What the citizen chose for the current paper: attach, reuse, paper, explain, upload_help, original,
    ``alternative:<key>``, or ""."""
    message = tracker.latest_message or {}
    entities = {e.get("entity"): e.get("value") for e in message.get("entities") or []}
    if intent_name(tracker) == "attach_document" or entities.get("data_base64"):
        return "attach"
    choice = str(entities.get("choice") or "")
    if choice in ("reuse", "paper", "explain", "upload_help", "original") or choice.startswith(ALTERNATIVE_STAGE):
        return choice
    folded = fold(text)
    if wants_explanation(tracker, text):
        return "explain"
    if _REUSE.search(folded):
        return "reuse"
    if _PAPER.search(folded):
        return "paper"
    if _UPLOAD_HELP.search(folded):
        return "upload_help"
    return ""


def picked_alternative(tracker: Tracker, item: Dict[str, Any], choice: str, text: str) -> Optional[Dict[str, Any]]:
    """The alternative of ``item`` the citizen picked: by its button, or by naming it ("văn bản người làm chứng")."""
    alternatives = alternatives_of(item, tracker)
    if choice.startswith(ALTERNATIVE_STAGE):
        key = choice[len(ALTERNATIVE_STAGE) :]
        return next((a for a in alternatives if a["key"] == key), None)
    if choice or not alternatives or text.startswith("/"):
        return None
    return item_named_in(text, alternatives)


def record(
    tracker: Tracker, item: Dict[str, Any], provision: str, given: Optional[Dict[str, Any]] = None, **extra: Any
) -> Dict[str, Any]:
    """Slot values recording ``provision`` for ``item`` (through ``given``, an alternative of it, when one was
    chosen) and moving to the next paper."""
    documents = dict(tracker.get_slot("dossier_documents") or {})
    entry: Dict[str, Any] = {"name": (given or item)["name"], "provision": provision}
    if given is not None:
        entry["instead_of"] = item["name"]
    entry.update({k: v for k, v in extra.items() if v is not None})
    documents[item["key"]] = entry
    index = int(tracker.get_slot("dossier_item_index") or 0)
    return {
        "dossier_documents": documents,
        "dossier_item_index": float(index + 1),
        "dossier_item_stage": None,
        "document_answer": None,
    }


def pick_stored(tracker: Tracker, paper: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    store = tracker.get_slot("dossier_store") or []
    wanted = entity(tracker, "stored_document_id")
    if wanted is not None:
        return next((d for d in store if str(d.get("id")) == str(wanted)), None)
    matches = matching_stored(paper, store)
    return matches[0] if matches else None


def _case_answer(tracker: Tracker, dispatcher: CollectingDispatcher, item: Dict[str, Any], choice: str, text: str):
    """The answer to "does this paper's case apply to you?" (a conditional paper)."""
    if choice == "upload_help":
        dispatcher.utter_message(
            text="Trước hết, bạn cho tôi biết trường hợp này có áp dụng với bạn không (Có/Không) nhé."
        )
        return {"document_answer": None}
    answer = check_yes_no(text, intent_name(tracker))
    if not answer.ok:
        dispatcher.utter_message(text="Tôi chưa rõ ý bạn. " + answer.error)
        return {"document_answer": None}
    if answer.value:
        return {"dossier_item_stage": PROVIDE, "document_answer": None}
    return record(tracker, item, "not_applicable")


async def _give(
    tracker: Tracker, dispatcher: CollectingDispatcher, item: Dict[str, Any], alternative, choice: str
) -> Optional[Dict[str, Any]]:
    """Record the paper given (attach, reuse, paper); None when it could not be (the citizen was told why)."""
    paper = alternative or item
    if choice == "paper":
        return record(tracker, item, "paper_at_office", alternative)
    if choice == "reuse":
        stored = pick_stored(tracker, paper)
        if stored is None:
            dispatcher.utter_message(
                text="Kho dữ liệu cá nhân của bạn chưa có giấy này. Bạn gửi ảnh/tệp, hoặc chọn “Mang bản giấy khi "
                "đến” nhé."
            )
            return None
        return record(
            tracker,
            item,
            "reused",
            alternative,
            stored_document_id=int(stored["id"]),
            stored_file_id=stored.get("stored_file_id"),
        )
    stored, error = await upload(tracker)
    if error:
        dispatcher.utter_message(text=error)
        return None
    dispatcher.utter_message(text=f"✅ Đã nhận tệp cho “{shorten(paper['name'], 80)}”.")
    return record(tracker, item, "uploaded", alternative, stored_file_id=int(stored["stored_file_id"]))


def _not_understood(tracker: Tracker, item: Dict[str, Any], alternative, text: str) -> str:
    said_no = _MISSING.search(fold(text)) or check_yes_no(text, intent_name(tracker)).value is False
    if said_no and alternative is None and not is_optional(item):
        instead = ", hoặc chọn giấy nộp thay bên dưới" if alternatives_of(item, tracker) else ""
        return (
            f"“{shorten(item['name'], 80)}” là giấy bắt buộc của hồ sơ này, không bỏ qua được. Nếu chưa có sẵn, "
            f"bạn chọn “Mang bản giấy khi đến” và bổ sung khi nộp{instead} nhé."
        )
    if said_no:
        return (
            "Nếu chưa có giấy này, bạn vẫn có thể chọn “Mang bản giấy khi đến” và bổ sung khi nộp; "
            "bấm “Giải thích” để biết xin giấy này ở đâu."
        )
    return (
        "Tôi chưa hiểu ý bạn. Với giấy này, bạn gửi ảnh/tệp, chọn “Dùng giấy đã lưu” (nếu có) hoặc “Mang bản "
        "giấy khi đến” nhé."
    )


async def answer_document(tracker: Tracker, dispatcher: CollectingDispatcher, text: str) -> Dict[str, Any]:
    """Validate one answer of the document walk; returns the slot values (document_answer None = ask again)."""
    item, _, _ = current_item(tracker)
    again: Dict[str, Any] = {"document_answer": None}
    if item is None:
        return again
    choice = choice_of(tracker, text)
    alternative = chosen_alternative(tracker)

    if choice == "explain":
        named = item_named_in(text, case_items(tracker)) if not text.startswith("/") else None
        dispatcher.utter_message(text=explanation(named or alternative or item))
        return again
    if choice == "original":
        return {"dossier_item_stage": None, "document_answer": None}
    picked = picked_alternative(tracker, item, choice, text)
    if picked is not None:
        return {"dossier_item_stage": ALTERNATIVE_STAGE + picked["key"], "document_answer": None}
    if is_optional(item) and alternative is None and not case_applies(tracker) and choice not in GIVING:
        return _case_answer(tracker, dispatcher, item, choice, text)
    if choice == "upload_help":
        dispatcher.utter_message(text=UPLOAD_HOW)
        return again
    if choice in GIVING:
        return await _give(tracker, dispatcher, item, alternative, choice) or again
    dispatcher.utter_message(text=_not_understood(tracker, item, alternative, text))
    return again

"""How the document walk asks for one paper, by its kind (checklist.py).

- a required paper: "📄 Giấy tờ 1/7: Giấy chứng sinh (bắt buộc)", the ways to give it (📎 photo/file, the personal
  store, the paper brought to the office) and its alternatives as "hoặc …" buttons; never "không áp dụng";
- a conditional paper: its case in one short sentence and "Có" / "Không áp dụng" first, then the ways to give it;
- an alternative the citizen chose (stage ``alternative:<key>``): the ways to give that paper instead.
``dossier_item_stage`` holds where the current paper stands: None (not answered yet), ``provide`` (its case
applies) or ``alternative:<key>``.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from actions.core.replies import shorten
from actions.dossier.checklist import alternatives_of, current_item, is_optional, item_by_key
from actions.dossier.common import copies_text, matching_stored
from actions.procedures.texts import condition_phrase

PROVIDE = "provide"
ALTERNATIVE_STAGE = "alternative:"
GIVE = "Bạn gửi ảnh/tệp giấy này, hoặc chọn cách khác bên dưới."
ASK_CASE = "Trường hợp này có áp dụng với bạn không?"
_EXCEPT = re.compile(r"^trừ\s+(.+)$", re.DOTALL)
EXPLAIN_BUTTON = {"title": "Giải thích", "payload": '/dossier_choice{"choice":"explain"}'}


def sentence(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters, ending with one full stop (or the ellipsis)."""
    text = shorten(text, limit).rstrip(" .")
    return text if text.endswith("…") else text + "."


def when_needed(item: Dict[str, Any]) -> str:
    """The case in which an optional paper is needed, in a few words."""
    phrase = condition_phrase(item.get("condition", ""))
    if phrase:
        return phrase
    if item.get("instead_of"):
        return f"bạn không nộp {item['instead_of']}"
    return condition_phrase(item.get("case", "")) or "trường hợp riêng của bạn"


def case_line(item: Dict[str, Any]) -> str:
    """ "Chỉ cần khi: <case>."; for an exception ("trừ người có …"): "Không cần với người có …."."""
    phrase = when_needed(item)
    exception = _EXCEPT.match(phrase)
    if exception:
        return f"Không cần với {sentence(exception.group(1), 140)}"
    return f"Chỉ cần khi: {sentence(phrase, 140)}"


def case_question(item: Dict[str, Any]) -> str:
    ask = "Giấy này có áp dụng với bạn không?" if _EXCEPT.match(when_needed(item)) else ASK_CASE
    return f"{case_line(item)}\n{ask}"


def chosen_alternative(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The alternative the citizen chose for the current paper (stage ``alternative:<key>``), if any."""
    stage = tracker.get_slot("dossier_item_stage") or ""
    if not stage.startswith(ALTERNATIVE_STAGE):
        return None
    return item_by_key(stage[len(ALTERNATIVE_STAGE) :], tracker)


def case_applies(tracker: Tracker) -> bool:
    return tracker.get_slot("dossier_item_stage") == PROVIDE


def upload_button() -> Dict[str, str]:
    return {"title": "📎 Gửi ảnh/tệp", "payload": '/dossier_choice{"choice":"upload_help"}'}


def alternative_button(alternative: Dict[str, Any]) -> Dict[str, str]:
    return {
        "title": "Hoặc: " + shorten(alternative["name"], 34),
        "payload": '/dossier_choice{"choice":"alternative:%s"}' % alternative["key"],
    }


def item_buttons(
    item: Dict[str, Any], store: Optional[List[Dict[str, Any]]], alternatives: List[Dict[str, Any]] = ()
) -> List[Dict[str, str]]:
    buttons = [upload_button()]
    for doc in matching_stored(item, store)[:1]:
        buttons.append(
            {
                "title": "Dùng giấy đã lưu",
                "payload": '/dossier_choice{"choice":"reuse","stored_document_id":"%s"}' % doc["id"],
            }
        )
    buttons.append({"title": "Mang bản giấy khi đến", "payload": '/dossier_choice{"choice":"paper"}'})
    buttons += [alternative_button(a) for a in alternatives]
    buttons.append(EXPLAIN_BUTTON)
    return buttons


def _heading(item: Dict[str, Any], index: int, total: int, required: bool) -> str:
    head = f"📄 Giấy tờ {index + 1}/{total}: {shorten(item['name'], 160)}"
    copies = copies_text(item.get("copies", ""))
    notes = [note for note in ("bắt buộc" if required else "", copies) if note]
    return head + (f" ({', '.join(notes)})" if notes else "")


def alternatives_line(alternatives: List[Dict[str, Any]]) -> str:
    names = " hoặc ".join(f"“{shorten(a['name'], 80)}”" for a in alternatives)
    return f"Nếu chưa có giấy này, bạn có thể nộp thay: {names}."


def ask_item(tracker: Tracker) -> Tuple[str, List[Dict[str, str]]]:
    item, index, total = current_item(tracker)
    if item is None:
        return "", []
    store = tracker.get_slot("dossier_store")
    alternative = chosen_alternative(tracker)
    if alternative is not None:
        head = _heading(item, index, total, required=False)
        text = f"{head}\nBạn nộp thay bằng: {shorten(alternative['name'], 160)}.\n{GIVE}"
        back = {"title": "↩️ " + shorten(item["name"], 36), "payload": '/dossier_choice{"choice":"original"}'}
        return text, item_buttons(alternative, store) + [back]
    optional = is_optional(item)
    head = _heading(item, index, total, required=not optional)
    if optional and not case_applies(tracker):
        text = f"{head}\n{case_question(item)}"
        buttons = [
            {"title": "Có", "payload": "/affirm"},
            {"title": "Không áp dụng", "payload": "/deny"},
            EXPLAIN_BUTTON,
        ]
        return text, buttons
    alternatives = alternatives_of(item, tracker)
    lines = [head] + ([alternatives_line(alternatives)] if alternatives else []) + [GIVE]
    return "\n".join(lines), item_buttons(item, store, alternatives)

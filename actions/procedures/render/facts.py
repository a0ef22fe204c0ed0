"""Fee and time answers from the facts the knowledge base reads off the whole record (``Procedure.fees``,
``Procedure.times``: labelled, de-duplicated across channels, with the catalog's conditions as ``note``).

"Lệ phí cấp lại giấy phép lái xe: 135.000 đồng/lần." then the conditions as the catalog states them, shortened to
fit one phone screen; several lines are labelled by what they are for (a channel, a case, a place).
"""

from __future__ import annotations

import re
from typing import List, Sequence

from actions.procedures.render.common import ASPECT_LIMIT, budget_left, compose, fit, short_name
from actions.procedures.texts import clean

NO_FEE = "cơ sở dữ liệu chưa ghi mức lệ phí. Bạn hỏi Bộ phận Một cửa nơi nộp hoặc xem trang chính thức nhé."
NO_TIME = "cơ sở dữ liệu chưa ghi thời hạn. Bạn hỏi Bộ phận Một cửa nơi nộp hoặc xem trang chính thức nhé."
NOTE_MIN = 60  # a note shorter than this after fitting is left out rather than cut to nothing
_SENTENCE = re.compile(r"(?<=[.])\s+")
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:đồng|USD)")  # an amount as knowledge_base.fees formats it


def _own_note(fact) -> str:
    """The fact's note without what the line already says ("Lệ phí cấp GPLX: 135.000 đồng/lần." under
    "135.000 đồng/lần"; a leading "Tại cơ quan đại diện:" under that label)."""
    note = clean(fact.note)
    label = clean(fact.label)
    if label and note.startswith(label):
        note = note[len(label) :].lstrip(" :")
    text = clean(fact.text)
    if note.startswith(text):
        note = note[len(text) :].lstrip(" ;,.")
    stated = set(_AMOUNT.findall(text))
    kept = [s for s in _SENTENCE.split(note) if s and not (stated and set(_AMOUNT.findall(s)) == stated)]
    return " ".join(kept).strip()


def _fact_lines(facts: Sequence, heading: str, empty: str, proc) -> List[str]:
    """The heading with the fact (one line) or its labelled lines, each with as much of its note as fits."""
    if not facts:
        return [f"{heading}: {empty}"]
    single = len(facts) == 1 and not clean(facts[0].label)
    if single:
        lines = [f"{heading}: {clean(facts[0].text)}."]
    else:
        lines = [f"{heading}:"] + [f"• {clean(f.label) or 'Các cách nộp'}: {clean(f.text)}" for f in facts]
    notes = [_own_note(f) for f in facts]
    shown: set = set()
    for index, note in enumerate(notes):
        if not note or note in shown:
            continue
        shown.add(note)
        waiting = sum(1 for later in notes[index:] if later and later not in shown) + 1
        room = budget_left(ASPECT_LIMIT, lines, proc) // waiting - len(" (lưu ý: )")
        if room < NOTE_MIN:
            continue
        if single:
            lines.append(f"Lưu ý: {fit(note, room)}")
        else:
            lines[index + 1] += f" ({fit(note, room).rstrip('.')})"
    return lines


def fee_answer(proc) -> str:
    heading = f"Lệ phí {short_name(proc)}"
    return compose(_fact_lines(proc.fees, heading, NO_FEE, proc), proc)


def time_answer(proc) -> str:
    heading = f"Thời hạn giải quyết {short_name(proc)}"
    return compose(_fact_lines(proc.times, heading, NO_TIME, proc), proc)


def fee_summary(proc) -> str:
    """The fee in a few words for the overview: "135.000 đồng/lần"; several lines joined with their labels."""
    return _summary(proc.fees) or "chưa có thông tin"


def time_summary(proc) -> str:
    return _summary(proc.times) or "chưa có thông tin"


def _summary(facts: Sequence) -> str:
    if len(facts) == 1:
        return clean(facts[0].text)
    return "; ".join(f"{clean(f.label)}: {clean(f.text)}" if clean(f.label) else clean(f.text) for f in facts)

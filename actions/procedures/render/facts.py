"""Fee and time answers from the facts the knowledge base reads off the whole record (``Procedure.fees``,
``Procedure.times``: labelled, de-duplicated across channels, with the catalog's conditions as ``note``).

"Lệ phí cấp lại giấy phép lái xe: 135.000 đồng/lần." then the conditions as the catalog states them, shortened to
fit one phone screen; several lines are labelled by what they are for (a channel, a case, a place).
"""

from __future__ import annotations

import re
from datetime import date
from typing import List, Optional, Sequence

from actions.procedures.render.common import ASPECT_LIMIT, budget_left, compose, fit, short_name
from actions.procedures.texts import clean

NO_FEE = "cơ sở dữ liệu chưa ghi mức lệ phí. Bạn hỏi Bộ phận Một cửa nơi nộp hoặc xem trang chính thức nhé."
NO_TIME = "cơ sở dữ liệu chưa ghi thời hạn. Bạn hỏi Bộ phận Một cửa nơi nộp hoặc xem trang chính thức nhé."
NO_AMOUNT = "Cơ sở dữ liệu không ghi mức thu cụ thể: bạn hỏi Bộ phận Một cửa nơi nộp hoặc xem trang chính thức nhé."
CHANNEL_WORDS = ("Trực tiếp", "Trực tuyến", "Bưu chính")  # knowledge_base.facts labels lines by channel so
NOTE_MIN = 60  # a note shorter than this after fitting is left out rather than cut to nothing
_SENTENCE = re.compile(r"(?<=[.])\s+(?:-\s+)?")
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:đồng|USD)")  # an amount as knowledge_base.fees formats it
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+")  # "160.000", with or without its currency
# the end of a temporary rate: "đến hết ngày 31/12/2025", "đến ngày 31/12/2023"
_UNTIL = re.compile(r"đến(?: hết)?(?: ngày)? (\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_ONLY_FREE = re.compile(r"^(?:miễn (?:lệ )?phí|không thu (?:lệ )?phí)\W*$", re.IGNORECASE)


def _expired(sentence: str, today: date) -> bool:
    """A sentence about a period that has ended ("Kể từ ngày 01/12/2023 đến hết ngày 31/12/2025, …")."""
    ends = []
    for day, month, year in _UNTIL.findall(sentence):
        try:
            ends.append(date(int(year), int(month), int(day)))
        except ValueError:
            return False
    return bool(ends) and max(ends) < today


def _current(sentence: str, fact, today: date) -> bool:
    """Whether a note's sentence still says something true today: an expired temporary rate is left out,
    unless it is the rate the line states (the catalog's own amount may be that expired rate)."""
    if _ONLY_FREE.match(sentence) and clean(fact.text).startswith("Miễn"):
        return False  # "Miễn lệ phí." under "Miễn phí"
    own_rate = set(_NUMBER.findall(clean(fact.text))) & set(_NUMBER.findall(sentence))
    return not _expired(sentence, today) or bool(own_rate)


def _own_note(fact, today: date) -> str:
    """The fact's note without what the line already says ("Lệ phí cấp GPLX: 135.000 đồng/lần." under
    "135.000 đồng/lần"; a leading "Tại cơ quan đại diện:" under that label) nor what is no longer true."""
    note = clean(fact.note)
    label = clean(fact.label)
    if label and note.startswith(label):
        note = note[len(label) :].lstrip(" :")
    text = clean(fact.text)
    if note.startswith(text):
        note = note[len(text) :].lstrip(" ;,.")
    stated = set(_AMOUNT.findall(text))
    kept = [
        s
        for s in _SENTENCE.split(note)
        if s and not (stated and set(_AMOUNT.findall(s)) == stated) and _current(s, fact, today)
    ]
    return " ".join(kept).strip()


def _label_in_brackets(label: str) -> str:
    """ " (trực tiếp, trực tuyến)" after the fact of a single line; channel names in lower case."""
    if not label:
        return ""
    if all(part.strip() in CHANNEL_WORDS for part in label.split(",")):
        label = label.lower()
    return f" ({label})"


def _no_amount(facts: Sequence) -> bool:
    """Fees known only as "Có lệ phí, mức thu theo …": the catalog gives no amount a citizen could prepare."""
    return bool(facts) and not any(_AMOUNT.search(clean(f.text)) or clean(f.text).startswith("Miễn") for f in facts)


def _fact_lines(
    facts: Sequence, heading: str, empty: str, proc, today: Optional[date] = None, notes: bool = True
) -> List[str]:
    """The heading with the fact (one line, its label in brackets) or its labelled lines, each with as much of its
    note as fits (``notes``)."""
    if not facts:
        return [f"{heading}: {empty}"]
    single = len(facts) == 1
    if single:
        label = _label_in_brackets(clean(facts[0].label))
        lines = [f"{heading}: {clean(facts[0].text)}{label}."]
    else:
        lines = [f"{heading}:"] + [f"• {clean(f.label) or 'Các cách nộp'}: {clean(f.text)}" for f in facts]
    if not notes:
        return lines
    own = [_own_note(f, today or date.today()) for f in facts]
    shown: set = set()
    for index, note in enumerate(own):
        if not note or note in shown:
            continue
        shown.add(note)
        waiting = sum(1 for later in own[index:] if later and later not in shown) + 1
        room = budget_left(ASPECT_LIMIT, lines, proc) // waiting - len(" (lưu ý: )")
        if room < NOTE_MIN:
            continue
        if single:
            lines.append(f"Lưu ý: {fit(note, room)}")
        else:
            lines[index + 1] += f" ({fit(note, room).rstrip('.;')})"
    return lines


def fee_answer(proc, today: Optional[date] = None) -> str:
    heading = f"Lệ phí {short_name(proc)}"
    if _no_amount(proc.fees):  # the notes only cite the law: say where to ask instead
        return compose(_fact_lines(proc.fees, heading, NO_FEE, proc, notes=False) + [NO_AMOUNT], proc)
    return compose(_fact_lines(proc.fees, heading, NO_FEE, proc, today), proc)


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

"""A fee the record states per channel inside its note, said as a line of its own.

"Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần. Trường hợp … nộp hồ sơ theo hình thức trực tuyến: Kể từ ngày
01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu lệ phí là 115.000 đồng/lần cấp." is one line for every channel
("135.000 đồng/lần"); the citizen asking whether filing online is cheaper reads both amounts:
"• Trực tiếp: 135.000 đồng/lần" and "• Trực tuyến: 115.000 đồng/lần cấp từ ngày 01/12/2023 đến hết ngày 31/12/2025,
sau đó 135.000 đồng/lần" while the period lasts; once it has ended the channel pays the line's amount again:
"• Trực tuyến: 135.000 đồng/lần (mức 115.000 đồng/lần cấp áp dụng đến hết ngày 31/12/2025)". A question naming a
channel ("nộp online", "qua bưu điện") has that channel's line first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import List, Optional, Sequence

from actions.procedures.texts import clean
from nlu.vietnamese_text import fold

CHANNEL_NAMES = {"in_person": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
# a channel as a note names it, and as a citizen does (folded: no diacritics)
_NOTE_CHANNEL = (
    ("online", re.compile(r"\btrực tuyến\b|\bqua mạng\b|\bđiện tử\b", re.IGNORECASE)),
    ("postal", re.compile(r"\bbưu chính\b|\bbưu điện\b", re.IGNORECASE)),
)
_ASKED_CHANNEL = (
    ("online", re.compile(r"\b(?:truc tuyen|online|qua mang|dich vu cong|vneid|tren mang)\b")),
    ("postal", re.compile(r"\b(?:buu chinh|buu dien|gui thu)\b")),
    ("in_person", re.compile(r"\b(?:truc tiep|den noi|mang ho so den)\b")),
)
# an amount with what it is per ("115.000 đồng/lần cấp"): one or two words after the slash
RATE = re.compile(r"\d{1,3}(?:\.\d{3})+\s*đồng(?:/[^\s,;.)(]+(?:\s+(?!từ|kể|đến|và|cho|theo|áp)[^\s,;.)(/]+)?)?")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+")
_PERIOD = re.compile(r"(từ ngày \d{1,2}/\d{1,2}/\d{4})\s*(?:đến hết ngày|đến ngày)\s*(\d{1,2}/\d{1,2}/\d{4})", re.I)
_SENTENCE = re.compile(r"(?<=[.])\s+(?:-\s+)?")


def asked_channel(question: str) -> str:
    """The channel a question names ("đổi bằng lái nộp online có rẻ hơn không" -> "online"); "" when none."""
    folded = fold(question or "")
    return next((kind for kind, pattern in _ASKED_CHANNEL if pattern.search(folded)), "")


def channel_rate(sentence: str, fact, today: date) -> Optional[tuple[str, str]]:
    """(channel, what the sentence says that channel pays, as it holds ``today``) when a note's sentence sets another
    amount for one of the several channels its line holds for; None otherwise."""
    named = [kind for kind, pattern in _NOTE_CHANNEL if pattern.search(sentence)]
    amounts = RATE.findall(sentence)
    own = set(_NUMBER.findall(clean(fact.text)))
    if len(named) != 1 or named[0] not in fact.channels or len(fact.channels) < 2 or len(amounts) != 1:
        return None
    if not own or set(_NUMBER.findall(amounts[0])) & own:
        return None
    period = _PERIOD.search(sentence)
    said = amounts[0].strip()
    if period and _day(period.group(2)) < today:
        said = f"{clean(fact.text)} (mức {said} áp dụng đến hết ngày {period.group(2)})"
    elif period:
        said = f"{said} {period.group(1).lower()} đến hết ngày {period.group(2)}, sau đó {clean(fact.text)}"
    return named[0], said


def _day(text: str) -> date:
    """ "31/12/2025" as a date (a day the record misprints counts as already past)."""
    day, month, year = (int(part) for part in text.split("/"))
    try:
        return date(year, month, day)
    except ValueError:
        return date.min


def by_channel(facts: Sequence, question: str = "", today: Optional[date] = None) -> List:
    """The facts with a line of its own for each channel a note prices apart (the sentence moved out of the note),
    the asked channel's line first."""
    today = today or date.today()
    split: List = []
    for fact in facts:
        label = clean(fact.label)
        plain = not label or all(part.strip() in CHANNEL_NAMES.values() for part in label.split(","))
        sentences = _SENTENCE.split(clean(fact.note)) if plain else []
        rates = {s: rate for s in sentences for rate in [channel_rate(s, fact, today)] if rate}
        if not rates:
            split.append(fact)
            continue
        rest = tuple(kind for kind in fact.channels if kind not in {kind for kind, _ in rates.values()})
        note = " ".join(s for s in sentences if s not in rates)
        split.append(replace(fact, label=", ".join(CHANNEL_NAMES[k] for k in rest), note=note, channels=rest))
        split += [
            replace(fact, label=CHANNEL_NAMES[k], text=said, note="", channels=(k,)) for k, said in rates.values()
        ]
    asked = asked_channel(question)
    return sorted(split, key=lambda f: asked not in f.channels) if asked else split

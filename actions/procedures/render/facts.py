"""Fee and time answers from the facts the knowledge base reads off the whole record (``Procedure.fees``,
``Procedure.times``: labelled, de-duplicated across channels, with the catalog's conditions as ``note``).

"Lệ phí cấp lại giấy phép lái xe: 135.000 đồng/lần." then the conditions as the catalog states them, shortened to
fit one phone screen; several lines are labelled by what they are for (a channel, a case, a place).
"""

from __future__ import annotations

import re
from datetime import date
from typing import List, Optional, Sequence

from actions.procedures.render.channel_fees import RATE, by_channel
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
# a temporary reduction: "Kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 mức thu … bằng 50% mức thu nêu trên"
_SINCE = re.compile(r"từ(?: ngày)? (\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_PERCENT = re.compile(r"bằng (\d{1,2})\s*% mức (?:thu|lệ phí)", re.IGNORECASE)
_EXEMPT = re.compile(r"^(?:[-+•]\s*)?(?:miễn|không thu|không phải nộp)\b", re.IGNORECASE)
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


def _dates(found: Sequence[tuple[str, str, str]]) -> List[date]:
    try:
        return [date(int(year), int(month), int(day)) for day, month, year in found]
    except ValueError:
        return []


def _reduction(sentence: str, fact, today: date) -> Optional[tuple[str, str]]:
    """The reduced amount a sentence of the note sets for today ("25.000 đồng/thẻ căn cước", "31/12/2026"): one
    percentage of the line's one amount, or one other amount the sentence names ("áp dụng mức phí 400.000 đồng/hồ sơ
    kể từ ngày 01/7/2025 đến hết ngày 31/12/2026"), over a period that includes today, not only for online filing."""
    numbers = _NUMBER.findall(clean(fact.text))
    percent, since, until = _PERCENT.findall(sentence), _dates(_SINCE.findall(sentence)), _UNTIL.findall(sentence)
    online_only = "trực tuyến" in sentence.lower() and tuple(fact.channels) != ("online",)
    if len(numbers) != 1 or len(percent) > 1 or len(since) != 1 or len(until) != 1 or online_only:
        return None
    end = _dates(until)
    if not end or not since[0] <= today <= end[0]:
        return None
    if not percent:
        named = [rate for rate in RATE.findall(sentence) if numbers[0] not in rate]
        return (named[0], "/".join(until[0])) if len(RATE.findall(sentence)) == len(named) == 1 else None
    amount = int(numbers[0].replace(".", "")) * int(percent[0]) // 100
    unit = clean(fact.text).split(numbers[0], 1)[1]
    return f"{amount:,}".replace(",", ".") + unit, "/".join(until[0])


def _stated(fact, today: date) -> str:
    """The line's fact as it holds today: "25.000 đồng/thẻ căn cước đến hết ngày 31/12/2026, sau đó 50.000 …"."""
    text = clean(fact.text)
    for sentence in _SENTENCE.split(clean(fact.note)):
        reduced = _reduction(sentence, fact, today)
        if reduced:
            return f"{reduced[0]} đến hết ngày {reduced[1]}, sau đó {text}"
    return text


def _current(sentence: str, fact, today: date) -> bool:
    """Whether a note's sentence still says something true today: an expired temporary rate is left out,
    unless it is the rate the line states (the catalog's own amount may be that expired rate)."""
    if _ONLY_FREE.match(sentence) and clean(fact.text).startswith("Miễn"):
        return False  # "Miễn lệ phí." under "Miễn phí"
    if _reduction(sentence, fact, today):
        return False  # stated on the line
    own_rate = set(_NUMBER.findall(clean(fact.text))) & set(_NUMBER.findall(sentence))
    return not _expired(sentence, today) or bool(own_rate)


def _unwrapped(note: str) -> str:
    """ "(trường hợp được tính là …)." -> "trường hợp được tính là …": the line puts its note in brackets itself."""
    inner = note.rstrip(" .")
    if not (inner.startswith("(") and inner.endswith(")")):
        return note
    depth = 0
    for char in inner[:-1]:
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return note  # "(a) … (b)": two brackets, not one around the whole note
    return inner[1:-1].strip()


def _own_note(fact, today: date) -> str:
    """The fact's note without what the line already says ("Lệ phí cấp GPLX: 135.000 đồng/lần." under
    "135.000 đồng/lần"; a leading "Tại cơ quan đại diện:" under that label) nor what is no longer true."""
    note = clean(fact.note)
    label = clean(fact.label)
    if label and note.startswith(label):
        note = note[len(label) :].lstrip(" :")
    text = clean(fact.text)
    if note.startswith(text):
        note = _unwrapped(note[len(text) :].lstrip(" ;,."))
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
    today = today or date.today()
    single = len(facts) == 1
    if single:
        label = _label_in_brackets(clean(facts[0].label))
        lines = [f"{heading}{label}: {_stated(facts[0], today)}."]
    else:
        lines = [f"{heading}:"] + [f"• {clean(f.label) or 'Các cách nộp'}: {_stated(f, today)}" for f in facts]
    if not notes:
        return lines
    own = [_own_note(f, today) for f in facts]
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


def _exemptions(facts: Sequence) -> List[str]:
    """The notes' exemptions ("Miễn lệ phí đối với trường hợp đăng ký khai tử đúng hạn, …"), once each."""
    found = [s for f in facts for s in _SENTENCE.split(clean(f.note)) if _EXEMPT.match(s)]
    return list(dict.fromkeys(s.rstrip(" .;") + "." for s in found))


def fee_answer(proc, today: Optional[date] = None, question: str = "") -> str:
    """The fee, a channel the record prices apart on a line of its own, the channel the ``question`` names first
    (render.channel_fees)."""
    heading = f"Lệ phí {short_name(proc)}"
    if _no_amount(proc.fees):  # the notes only cite the law: their exemptions, then where to ask
        lines = _fact_lines(proc.fees, heading, NO_FEE, proc, notes=False)
        for exemption in _exemptions(proc.fees):
            lines.append(fit(exemption, budget_left(ASPECT_LIMIT, lines + [NO_AMOUNT], proc)))
        return compose(lines + [NO_AMOUNT], proc)
    return compose(_fact_lines(by_channel(proc.fees, question, today), heading, NO_FEE, proc, today), proc)


def time_answer(proc) -> str:
    heading = f"Thời hạn giải quyết {short_name(proc)}"
    return compose(_fact_lines(proc.times, heading, NO_TIME, proc), proc)


def fee_summary(proc, today: Optional[date] = None) -> str:
    """The fee in a few words for the overview: "135.000 đồng/lần"; several lines joined with their labels; a
    temporary reduction in force today first."""
    return _summary(proc.fees, today or date.today()) or "chưa có thông tin"


def time_summary(proc) -> str:
    return _summary(proc.times, date.today()) or "chưa có thông tin"


def _summary(facts: Sequence, today: date) -> str:
    if len(facts) == 1:
        return _stated(facts[0], today)
    return "; ".join(f"{clean(f.label)}: {_stated(f, today)}" if clean(f.label) else _stated(f, today) for f in facts)

"""Processing times as the catalog states them, completed from the description and the steps text.

The time cell of a channel holds "15 Ngày làm việc", a bare number ("3": the unit was never entered;
"1" is also the portal's placeholder for "nothing entered") or "Không có thông tin". A bare number is
trusted only when the channel's description or the steps text (trình tự thực hiện) states the same
number with a unit ("03 ngày làm việc"), or when the stages the steps time, all in one unit, add up to it
("Trong thời hạn 18 ngày làm việc…", "Trong thời hạn 02 ngày làm việc…" for a cell "20"), or when another channel of
the record states it with a unit (knowledge_base.facts); otherwise the number is kept as the portal gives it
(source BARE, no unit, no days) and said as such, never with a unit the record does not give ("0" is no time).
An empty cell takes the time the steps give for the whole procedure ("trong thời hạn 03 ngày làm việc kể từ ngày
nhận hồ sơ") when they give exactly one. Births and
other same-day procedures state theirs as "nếu tiếp nhận hồ sơ sau 15 giờ thì … trong ngày làm việc tiếp
theo". A time listed among several of one channel ("+ Cấp lại biển số định danh: Không quá 07 ngày làm
việc") is tied to what it is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge_base.text import fold, normalize

UNIT_DAYS = {
    "ngày làm việc": 1.0,
    "ngày": 1.0,
    "giờ làm việc": 1 / 8,
    "giờ": 1 / 24,
    "tuần": 7.0,
    "tháng": 30.0,
    "năm": 365.0,
}
_UNITS = "Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tuần|Tháng|Năm"
_WORD_END = "(?!(?-i:[a-zà-ỹ]))"  # the unit is a whole word; cells run on with a capital ("việcMiễn phí")
TIME = re.compile(rf"(\d+(?:[.,]\d+)?)\s*({_UNITS}){_WORD_END}", re.IGNORECASE)
# The portal shows a bare number (or "Không có thông tin") when no unit or time was entered.
# A time and an amount can run together ("1100 VNĐ": time 1, fee 100 VNĐ; "120,000 VNĐ": time 1, fee 20,000 VNĐ):
# a bare number before an amount is one digit.
_BARE_CELL = re.compile(
    r"(\d)(?=\d[\d.,]*\s*(?:VNĐ|Việt Nam Đồng|Đồng|đồng|USD))|(\d+)(?=\D|$)|Không có thông tin|Không(?=[A-ZĐ\d])"
)
_WHOLE_PROCEDURE = re.compile(
    rf"(?:trong thời hạn|không quá|chậm nhất(?: là)?|trong vòng)\s+(\d+)\s*({_UNITS}){_WORD_END}"
    r"[^.;]{0,40}?kể từ (?:ngày|khi|thời điểm)\s+(?:cơ quan [^.;]{0,30})?(?:nhận|tiếp nhận|thụ lý)"
    r"(?:\s+được|\s+đủ)*\s+hồ sơ",
    re.IGNORECASE,
)
# One stage of the processing in the steps ("Bước 3: Trong thời hạn 18 ngày làm việc kể từ ngày nhận đủ hồ sơ…").
_STAGE = re.compile(
    rf"(?:trong thời hạn|trong vòng)\s+(?:không quá\s+)?(\d+)\s*({_UNITS}){_WORD_END}[^.;]{{0,40}}?kể từ",
    re.IGNORECASE,
)
_SAME_DAY = re.compile(
    r"(?:nếu|trường hợp)\s+(?:tiếp nhận|nhận)\s+hồ sơ\s+sau\s+(\d+)\s*giờ[^.;]{0,120}?"
    r"trong ngày làm việc tiếp theo",
    re.IGNORECASE,
)
SAME_DAY_TEXT = "Trong ngày; nếu hồ sơ được tiếp nhận sau {hour} giờ thì trả kết quả trong ngày làm việc tiếp theo"
_PURPOSE_LINE = re.compile(r"[+•-]\s*([^:+•]{4,120}?):\s*([^+•]+)")
_GENERIC_PURPOSE = re.compile(r"thời (?:hạn|gian)|cách thức|trường hợp", re.IGNORECASE)
# A case right after a time ("03 ngày làm việc với trường hợp …", "…, đối với trường hợp …") or before it in its
# sentence ("Trường hợp phức tạp thì có thể kéo dài hơn nhưng không quá 02 ngày làm việc").
_CASE_AFTER = re.compile(
    r"\s*(?:làm việc\s*)?,?\s*(?:với|đối với|áp dụng (?:với|đối với|cho))\s+(?:các\s+)?trường hợp\s+([^.;:()]{4,})",
    re.IGNORECASE,
)
_CASE_BEFORE = re.compile(
    r"(?:^|\s)(?:đối với |với )?(?:các )?trường hợp\s+([^.;:()]{4,}?)(?:,\s*|\s+)thì\b", re.IGNORECASE
)
_EVERY_CASE = re.compile(r"^hồ sơ (?:hợp lệ|đầy đủ|đủ|đã đầy đủ)", re.IGNORECASE)  # every dossier must be: no case
CASE_LIMIT = 100  # characters of a case kept as a time's label


@dataclass(frozen=True)
class TimeStatement:
    text: str  # what the citizen reads, e.g. "3 ngày làm việc"; "" when unknown
    days: float | None  # in days (hours converted); None when unknown or not a single figure
    working_days: bool
    source: str  # "cell" | "description" | "steps" | BARE | "" — where the figure was read
    purpose: str = ""  # what the time is for when a channel lists several ("Cấp lại biển số định danh")


UNKNOWN = TimeStatement("", None, False, "")
BARE = "bare"  # the source of a number the portal gives without a unit; its text is the number alone
NO_TIME_NUMBER = "0"


def _statement(number: str, unit: str, source: str) -> TimeStatement:
    unit = unit.lower()
    value = float(number.replace(",", "."))
    shown = f"{value:g}".replace(".", ",")
    return TimeStatement(f"{shown} {unit}", value * UNIT_DAYS[unit], "làm việc" in unit, source)


def split_time(cell: str) -> tuple[TimeStatement, str, str]:
    """The time cell at the start of a channel's text: (time, bare number or "", the rest)."""
    found = TIME.match(cell)
    if found:
        return _statement(found.group(1), found.group(2), "cell"), "", cell[found.end() :]
    bare = _BARE_CELL.match(cell)
    if not bare:
        return UNKNOWN, "", cell
    return UNKNOWN, bare.group(1) or bare.group(2) or "", cell[bare.end() :]


def _with_number(number: str, text: str, source: str) -> TimeStatement:
    pattern = re.compile(rf"(?<!\d)0*({int(number)})\s*({_UNITS}){_WORD_END}", re.IGNORECASE)
    found = pattern.search(text)
    return _statement(found.group(1), found.group(2), source) if found else UNKNOWN


def from_steps(steps: str) -> TimeStatement:
    """The time the steps text gives for the whole procedure, when it gives exactly one."""
    same_day = _SAME_DAY.search(steps)
    if same_day:
        return TimeStatement(SAME_DAY_TEXT.format(hour=same_day.group(1)), 1.0, True, "steps")
    found = {(int(m.group(1)), m.group(2).lower()) for m in _WHOLE_PROCEDURE.finditer(steps)}
    if len(found) == 1:
        number, unit = found.pop()
        return _statement(str(number), unit, "steps")
    return UNKNOWN


def _stages_adding_up(bare: str, steps: str) -> TimeStatement:
    """The bare number's unit when the stages of the steps, all in one unit, add up to it (a cell "20" with
    "Bước 3: Trong thời hạn 18 ngày làm việc…", "Bước 4: Trong thời hạn 02 ngày làm việc…")."""
    stages = [(int(m.group(1)), m.group(2).lower()) for m in _STAGE.finditer(steps)]
    units = {unit for _, unit in stages}
    if len(stages) > 1 and len(units) == 1 and sum(n for n, _ in stages) == int(bare):
        return _statement(bare, units.pop(), "steps")
    return UNKNOWN


def resolve(time: TimeStatement, bare: str, description: str, steps: str) -> TimeStatement:
    """The channel's time, completed from its description and the steps text when the cell lacks it; a bare
    number nothing gives a unit to is kept as it stands (source BARE)."""
    if time.text:
        return time
    found = UNKNOWN
    if bare and bare != "1":
        found = _with_number(bare, description, "description")
        found = found if found.text else _with_number(bare, steps, "steps")
        found = found if found.text else _stages_adding_up(bare, steps)
    else:
        stated = TIME.search(description)
        found = _statement(stated.group(1), stated.group(2), "description") if stated else from_steps(steps)
    if found.text or bare in ("", NO_TIME_NUMBER):
        return found
    return TimeStatement(str(int(bare)), None, False, BARE)


def _case_of(time: TimeStatement, description: str) -> str:
    """The case the description ties this time to: "Không quá 03 ngày làm việc với trường hợp công dân có thẻ …" or
    "trường hợp phức tạp thì … không quá 02 ngày làm việc" -> "Trường hợp công dân có thẻ …"."""
    for stated in TIME.finditer(description):
        if _statement(stated.group(1), stated.group(2), "").days != time.days:
            continue
        after = _CASE_AFTER.match(description, stated.end())
        sentence_start = max(description.rfind(mark, 0, stated.start()) for mark in ".;:+•\n") + 1
        before = _CASE_BEFORE.search(description[sentence_start : stated.start()])
        case = after or before
        if case and not _EVERY_CASE.match(case.group(1).strip()):
            return "Trường hợp " + _cut(normalize(case.group(1)).rstrip(" ,"))
    return ""


def _cut(text: str) -> str:
    return text if len(text) <= CASE_LIMIT else text[:CASE_LIMIT].rsplit(" ", 1)[0].rstrip(" ,") + "…"


def purpose(time: TimeStatement, description: str) -> str:
    """What a time is for, when the description lists times per result ("+ Cấp lại biển số: 07 ngày") or ties it
    to a case ("… 03 ngày làm việc với trường hợp …")."""
    if time.days is None:
        return ""
    labels = []
    for label, body in _PURPOSE_LINE.findall(description):
        if _GENERIC_PURPOSE.search(label):
            continue
        stated = TIME.search(body)
        same = stated and _statement(stated.group(1), stated.group(2), "").days == time.days
        if same or (not stated and time.days < 1 and "ngay" in fold(body).split()):
            labels.append(normalize(label))
    return "; ".join(dict.fromkeys(labels)) or _case_of(time, description)

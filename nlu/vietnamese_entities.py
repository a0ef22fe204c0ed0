"""Rule-based extraction of structured entities in Vietnamese chat text.

Dependency-free (stdlib ``re``): ``find_entities(text)`` returns receipt codes (mã hồ sơ), CCCD/CMND numbers,
phone numbers and dates, with character offsets and a normalised ``value``. The Rasa component in
``nlu/vietnamese_entity_extractor.py`` wraps it; the actions can call it directly as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.vietnamese_text import fold

__all__ = ["FoundEntity", "find_entities"]


@dataclass(frozen=True)
class FoundEntity:
    entity: str  # receipt_code | cccd_number | phone | date
    start: int
    end: int
    text: str
    value: str


# Receipt codes: the national portal's "000.00.21.H01-240315-0001", and codes like "H01.21-240315-0001",
# "G22.5-20240315-0012", "MC-2024-000123", "HS2024-00012": letters/digits groups joined by "." or "-",
# with at least 4 digits overall. Plain numbers are CCCD/phone/receipt by context (see below).
_RECEIPT = re.compile(
    r"(?<![\w.\-])(?=[A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*\d)"
    r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+){1,6}(?![\w\-]|\.\w)"
)
_PHONE = re.compile(r"(?<![\d+])(?:\+84|84|0)(?:[ .\-]?\d){9}(?!\d)")
_DIGITS = re.compile(r"(?<![\w.\-])\d(?:[ .]?\d){8,11}(?![\w\-]|\.\d)")
_DATE_NUM = re.compile(r"(?<![\d/.\-])(\d{1,2})[/\-.](\d{1,2})(?:[/\-.](\d{4}|\d{2}))?(?![\d/\-]|\.\d)")
_DATE_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?", re.IGNORECASE)
_RECEIPT_CONTEXT = re.compile(r"(ma\s*(ho\s*so|hs|bien\s*nhan|tra\s*cuu)?|bien\s*nhan|so\s*ho\s*so)\s*[:#]?\s*$")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _valid_date(day: int, month: int, year: int | None) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12 and (year is None or 1900 <= year <= 2100)


def _overlaps(found: list[FoundEntity], start: int, end: int) -> bool:
    return any(not (end <= f.start or start >= f.end) for f in found)


def find_entities(text: str | None) -> list[FoundEntity]:
    if not text:
        return []
    found: list[FoundEntity] = []
    folded = fold(text) if len(fold(text)) == len(text) else None

    # Dates first: "15/03/2024" must not become a receipt code.
    for m in _DATE_NUM.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        year = m.group(3)
        year_i = (2000 + int(year) if len(year) == 2 else int(year)) if year else None
        if "." in m.group(0) and not year:
            continue  # "1.2" is a number, not a date
        if _valid_date(day, month, year_i):
            value = f"{year_i:04d}-{month:02d}-{day:02d}" if year_i else f"{day:02d}/{month:02d}"
            found.append(FoundEntity("date", m.start(), m.end(), m.group(0), value))
    if folded is not None:
        for m in _DATE_WORDS.finditer(folded):
            day, month = int(m.group(1)), int(m.group(2))
            year_i = int(m.group(3)) if m.group(3) else None
            if _valid_date(day, month, year_i) and not _overlaps(found, m.start(), m.end()):
                value = f"{year_i:04d}-{month:02d}-{day:02d}" if year_i else f"{day:02d}/{month:02d}"
                found.append(FoundEntity("date", m.start(), m.end(), text[m.start() : m.end()], value))

    for m in _RECEIPT.finditer(text):
        if _overlaps(found, m.start(), m.end()):
            continue
        token = m.group(0)
        if not re.search(r"[A-Za-z]", token) and re.fullmatch(r"[\d.\- ]+", token):
            # only digits and separators: a phone or CCCD written in groups, or a decimal number
            if len(_digits(token)) in (9, 10, 11, 12):
                continue
            if "-" not in token and token.count(".") <= 1:
                continue
        found.append(FoundEntity("receipt_code", m.start(), m.end(), token, token.upper()))

    for m in _PHONE.finditer(text):
        if _overlaps(found, m.start(), m.end()):
            continue
        digits = _digits(m.group(0))
        if digits.startswith("84"):
            digits = "0" + digits[2:]
        if len(digits) == 10 and digits[1] in "35789":
            found.append(FoundEntity("phone", m.start(), m.end(), m.group(0), digits))

    for m in _DIGITS.finditer(text):
        if _overlaps(found, m.start(), m.end()):
            continue
        digits = _digits(m.group(0))
        before = fold(text[max(0, m.start() - 25) : m.start()])
        if _RECEIPT_CONTEXT.search(before):
            found.append(FoundEntity("receipt_code", m.start(), m.end(), m.group(0), digits))
        elif len(digits) in (9, 12):
            found.append(FoundEntity("cccd_number", m.start(), m.end(), m.group(0), digits))

    return sorted(found, key=lambda f: f.start)

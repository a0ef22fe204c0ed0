"""The legal basis as a clerk cites it: the Law first, then decrees, the Government's decisions, circulars and local
decisions, newer first within a rank, each as its kind, number and a short title; for an answer (``for_answer``) the
kind the citizen asks for first ("theo thông tư nào": the circulars), and texts that only amend others ("sửa đổi, bổ
sung …") after the base texts they amend when not all are listed, so that the main decree is not hidden behind its
amendments.

The catalog lists the basis in no order (fee circulars often first) and titles it unevenly ("Luật 60/2014/QH13",
"Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an sửa đổi …"); a document's kind is read off its number
("…/QH14" is a Law, "…/NĐ-CP" a decree) and its title is cut to what it is about. A Law titled only by its number
takes its name from the other titles of the record when they name exactly one Law ("… biện pháp thi hành Luật Hộ
tịch" under "Luật 60/2014/QH13").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Sequence

from actions.core.replies import shorten
from actions.procedures.texts import clean
from nlu.vietnamese_text import fold

TITLE_LIMIT = 110  # characters of one document's line
# (rank, kind) by the number's issuer code; the first that matches
_KINDS = (
    (0, "Luật", re.compile(r"/(?:\d{4}/)?QH\d{2}$")),
    (1, "Pháp lệnh", re.compile(r"/PL-UBTVQH\d{2}$")),
    (1, "Nghị quyết", re.compile(r"/NQ-(?:UBTV)?QH\d{2}$")),
    (2, "Nghị định", re.compile(r"/(?:NĐ|ND)-CP$")),
    (3, "Nghị quyết", re.compile(r"/NQ-CP$")),
    (3, "Quyết định", re.compile(r"/(?:QĐ|QD)-TTg$")),
    (4, "Thông tư liên tịch", re.compile(r"/TTLT\b")),
    (4, "Thông tư", re.compile(r"/TT\b")),
)
LOCAL_RANK = 5  # a province's decision or resolution, and what the number does not tell
_TRAILING_JUNK = re.compile(r"(QH\d{2})[A-Z]+$")  # "51/2019/QH14QUY": the catalog ran a word into the number
_YEAR = re.compile(r"/((?:19|20)\d{2})/")
_CODE_BOOK = re.compile(r"^Bộ luật\b", re.IGNORECASE)
# The title's opening that repeats the kind, number, date and issuer: "Thông tư số 53/2025/TT-BCAngày 01/7/2025 của
# Bộ Công an " -> ""; "Nghị định 62/2021/NĐ-CP" -> "".
_KIND_WORDS = r"(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Thông tư(?: liên tịch)?)"
NUMBER_REACH = 30  # a number this near the title's start ends its opening ("Hông tư số 06/2025/TT-BTC …")
_OPENING = re.compile(
    rf"^(?:{_KIND_WORDS}\s*)?(?:số\s*)?(?:[\w.]+/\d{{4}}/[\w-]+)?\s*"
    r"(?:,?\s*ngày\s*\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?\s*"
    r"(?:của\s+(?:Bộ trưởng\s+|Thủ tướng\s+)?(?:Bộ\b.{0,40}?|Chính phủ|Quốc hội)"
    r"(?=\s*(?::|quy định|hướng dẫn|sửa đổi|ban hành|về|bãi bỏ|$)))?[\s:,-]*",
    re.IGNORECASE,
)
_NAMED_LAW = re.compile(r"\b(?:Bộ luật|Luật)\s+((?:[A-ZĐÀ-Ỹ]\w*|và|,)(?:\s+(?:[a-zđà-ỹ]\w*|[A-ZĐÀ-Ỹ]\w*))*)")
_LAW_NAME_END = re.compile(r"\s+(?:số|năm|ngày|và|của|quy|hướng|sửa|ban|được|đã)\b.*$")


# the kind of text a question asks for ("theo nghị định nào"); "pháp luật" asks for no Law
_ASKED_KINDS = (
    ("Luật", re.compile(r"(?<!phap )(?<!bo )\bluat\b")),
    ("Nghị định", re.compile(r"\bnghi dinh\b")),
    ("Thông tư", re.compile(r"\bthong tu\b")),
    ("Quyết định", re.compile(r"\bquyet dinh\b")),
    ("Nghị quyết", re.compile(r"\bnghi quyet\b")),
)
_AMENDING = re.compile(r"^(?:\w+\s+)?(?:sửa đổi|bổ sung|sửa đổi, bổ sung)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cited:
    rank: int
    year: int
    kind: str
    number: str
    subject: str  # what the document is about, without its kind, number, date and issuer; "" when unknown


def _number(basis) -> str:
    return _TRAILING_JUNK.sub(r"\1", clean(basis.number))


def _kind(number: str, title: str) -> tuple[int, str]:
    for rank, kind, pattern in _KINDS:
        if pattern.search(number):
            return rank, "Bộ luật" if rank == 0 and _CODE_BOOK.match(title) else kind
    return LOCAL_RANK, ""


def _subject(title: str, number: str) -> str:
    at = title.find(number) if number else -1
    if 0 <= at <= NUMBER_REACH:
        title = title[at + len(number) :]
    subject = _OPENING.sub("", title).strip(" .;:-")
    subject = re.sub(r"\s+", " ", subject)
    if fold(subject) in {"", fold(number)}:
        return ""
    if subject.isupper():  # "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU …"
        subject = subject[:1] + subject[1:].lower()
    return subject


def _law_name(titles: Sequence[str]) -> str:
    """The one Law the titles name ("Luật Hộ tịch"), "" when none or several."""
    names = {}
    for title in titles:
        for match in _NAMED_LAW.finditer(title):
            name = _LAW_NAME_END.sub("", match.group(1)).strip(" ,")
            if name and not re.search(r"\d", name):
                names.setdefault(fold(name), name)
    return next(iter(names.values())) if len(names) == 1 else ""


def cited(legal_basis: Sequence) -> List[Cited]:
    """The record's legal basis in a clerk's order, one entry per number (the first title kept)."""
    found: dict[str, Cited] = {}
    for basis in legal_basis:
        title, number = clean(basis.title), _number(basis)
        if not (title or number):
            continue
        rank, kind = _kind(number, title)
        year = _YEAR.search(f"/{number}/") or _YEAR.search(title)
        subject = _subject(title, number) if kind else title
        key = number or fold(title)
        if key not in found:
            found[key] = Cited(rank, int(year.group(1)) if year else 0, kind, number, subject)
    entries = list(found.values())
    unnamed = [e for e in entries if e.rank == 0 and not e.subject]
    if len(unnamed) == 1:
        named = {fold(e.subject) for e in entries if e.rank == 0 and e.subject}
        others = [clean(b.title) for b in legal_basis if _number(b) != unnamed[0].number]
        name = _law_name(others)
        if name and not any(fold(name) in subject for subject in named):
            entries[entries.index(unnamed[0])] = Cited(0, unnamed[0].year, "Luật", unnamed[0].number, name)
    return sorted(entries, key=lambda e: (e.rank, -e.year))


def asked_kinds(question: str) -> set[str]:
    """The kinds of text a question names ("đăng ký kết hôn theo luật nào, nghị định nào" -> Luật, Nghị định)."""
    folded = fold(question or "")
    return {kind for kind, pattern in _ASKED_KINDS if pattern.search(folded)}


def amending(entry: Cited) -> bool:
    """A text whose subject is amending others ("sửa đổi, bổ sung một số điều của …")."""
    return bool(_AMENDING.match(entry.subject))


def for_answer(entries: Sequence[Cited], question: str = "", shown: int = 0) -> List[Cited]:
    """The clerk's order for an answer listing ``shown`` texts: the kinds asked first (a circular asked for is a
    "Thông tư" or a "Thông tư liên tịch"), then, when not all can be listed, base texts before amending ones; each
    group in the clerk's order."""
    asked = asked_kinds(question)
    hidden = len(entries) > shown

    def key(entry: Cited) -> tuple[bool, bool]:
        is_asked = any(entry.kind.startswith(kind) for kind in asked)
        return not is_asked, hidden and amending(entry)

    return sorted(entries, key=key)  # stable: the clerk's order within each group


def cited_line(entry: Cited, limit: int = TITLE_LIMIT) -> str:
    """ "Luật Cư trú 2020 (68/2020/QH14)", "Nghị định 154/2024/NĐ-CP: quy định chi tiết …" in ``limit`` characters."""
    if not entry.kind:
        return shorten(entry.subject, limit)
    if entry.rank == 0 and entry.subject:
        subject = re.sub(rf"^{entry.kind}\s+", "", entry.subject, flags=re.IGNORECASE)
        return shorten(f"{entry.kind} {subject} ({entry.number})", limit)  # "Luật Cư trú 2020 (…)"
    head = f"{entry.kind} {entry.number}".strip()
    subject = entry.subject[:1].lower() + entry.subject[1:] if entry.subject[1:2].islower() else entry.subject
    return shorten(f"{head}: {subject}" if subject else head, limit)

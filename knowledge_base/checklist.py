"""The documents a dossier needs, as a checklist a form can walk through one item at a time.

A procedure's document table often mixes several cases ("Đăng ký thường trú vào chỗ ở hợp pháp do
thuê, mượn, ở nhờ", "… tại cơ sở tôn giáo"): the headings that describe a case become `cases`, so
the form can ask which applies before listing papers. Linked procedures filed together (liên thông,
"một hồ sơ, ba kết quả") are merged: a paper two procedures need is asked for once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from knowledge_base.case_rows import case_row, substitutes_case
from knowledge_base.citizen_case import subject_of
from knowledge_base.config import PACKAGE_DIR
from knowledge_base.documents import (
    ALTERNATIVE,
    CONDITIONAL,
    REPRESENTATIVE_CASE,
    REQUIRED,
    Paper,
    papers,
    short_name,
    template_label,
)
from knowledge_base.model import Document, Procedure
from knowledge_base.table_rows import note_rows
from knowledge_base.text import fold, words

# Headings that only say "documents to submit", not which citizen's case the papers are for: "Giấy tờ phải nộp",
# "Người yêu cầu chứng thực nộp 01 (một) bộ hồ sơ yêu cầu chứng thực, gồm các giấy tờ sau đây".
_GENERIC_HEADING = re.compile(
    r"^(?:\W|\d|[a-zđ]\))*"
    r"(?:giấy tờ phải (?:nộp|xuất trình)|thành phần hồ sơ|hồ sơ (?:đăng ký |đề nghị )?(?:bao )?gồm|lưu ý"
    r"|(?!trường hợp|đối với)[^,;:]*\bnộp (?:01|một) (?:\(một\) )?bộ hồ sơ\b[^;:]*\bgồm (?:các|những) giấy tờ sau)",
    re.IGNORECASE,
)
SIMILAR = 0.9
_CASE_NUMBER = re.compile(r"^\s*(\d{1,2})\.?\s")  # a case heading's section number
# A procedure that is itself an authorisation ("Ủy quyền lĩnh thay các chế độ bảo hiểm xã hội …"): its authorisation
# letter is everyone's paper, not the case of a citizen who sends someone in his place.
_AUTHORISATION = re.compile(r"^(?:thủ tục\s+)?(?:ủy|uỷ) quyền\b", re.IGNORECASE)


@dataclass(frozen=True)
class ChecklistItem:
    key: str  # stable identifier within the checklist, e.g. "d3"
    name: str  # short name for a phone screen
    detail: str  # the catalog's full wording
    copies: str
    condition: str  # "" when always needed
    case: str  # the case heading it belongs to, "" when it applies to every case
    template: str  # the template's readable file name or form number ("Mẫu CT01"); "" when none
    procedures: tuple[str, ...]  # codes of the procedures that need it
    kind: str = REQUIRED  # REQUIRED | CONDITIONAL (see condition, case) | ALTERNATIVE (see instead_of)
    instead_of: str = ""  # for an alternative: the short name of the paper it replaces

    @property
    def optional(self) -> bool:
        """Whether the form may mark it "không áp dụng": never for a paper required in the common case."""
        return self.kind != REQUIRED or bool(self.case)


@dataclass(frozen=True)
class Checklist:
    procedures: tuple[str, ...]
    items: tuple[ChecklistItem, ...]
    notes: tuple[str, ...] = ()  # rows of the tables that are notes about the papers, not papers
    # in a table written by numbered cases, the common one (the first ordinary case), "" in any other table
    common_case: str = ""

    @property
    def cases(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for item in self.items:
            if item.case:
                seen.setdefault(item.case)
        return tuple(seen)

    @property
    def required(self) -> tuple[ChecklistItem, ...]:
        """Papers everyone brings (the common case), in the catalog's order."""
        return tuple(i for i in self.items if i.kind == REQUIRED and not i.case)

    @property
    def conditional(self) -> tuple[ChecklistItem, ...]:
        """Papers needed only in a case (see condition), the case headings' papers excluded."""
        return tuple(i for i in self.items if i.kind == CONDITIONAL and not i.case)

    def alternatives_for(self, name: str) -> tuple[ChecklistItem, ...]:
        """Papers that may replace the item called `name`."""
        return tuple(i for i in self.items if i.kind == ALTERNATIVE and i.instead_of == name)

    def for_case(self, case: str | None) -> tuple[ChecklistItem, ...]:
        """The items for one case (plus those common to every case); all items when case is None."""
        if case is None:
            return self.items
        return tuple(i for i in self.items if not i.case or i.case == case)


def case_of(document: Document) -> str:
    heading = document.group.strip()
    return "" if not heading or _GENERIC_HEADING.match(heading) else heading


def _similar(a: str, b: str) -> bool:
    """The same paper: one short name's words (three or more) all but contained in the other's."""
    left, right = set(words(fold(a))), set(words(fold(b)))
    smaller = min(len(left), len(right))
    return smaller >= 3 and len(left & right) / smaller >= SIMILAR


def build_checklist(procedures: list[Procedure]) -> Checklist:
    items: list[ChecklistItem] = []
    for procedure in procedures:
        found = [_own_case(paper, procedure.name) for paper in papers(procedure.documents, subject_of(procedure.name))]
        found = [_substitute(paper) for paper in found]
        headings = {case_of(paper.document) for paper in found}
        for paper in found:
            document = paper.document
            name = short_name(paper.name)
            # one heading over every paper is no choice between cases: everyone's ("Người yêu cầu chứng thực phải
            # xuất trình các giấy tờ sau", "Theo quy định tại Điều 6 Nghị định …")
            case = case_of(document) if len(headings) > 1 else ""
            duplicate = next(
                (
                    i
                    for i, item in enumerate(items)
                    if procedure.code not in item.procedures and item.case == case and _similar(item.name, name)
                ),
                None,
            )
            if duplicate is not None:
                items[duplicate] = _merged(items[duplicate], paper.kind, procedure.code)
                continue
            repeated = (name, case, paper.condition, paper.kind, paper.instead_of)  # a row the table lists twice
            own = [item for item in items if procedure.code in item.procedures]
            if any((i.name, i.case, i.condition, i.kind, i.instead_of) == repeated for i in own):
                continue
            items.append(
                ChecklistItem(
                    key=f"d{len(items) + 1}",
                    name=name,
                    detail=paper.detail,
                    copies=document.copies,
                    condition=paper.condition,
                    case=case,
                    template=template_label(document),
                    procedures=(procedure.code,),
                    kind=paper.kind,
                    instead_of=paper.instead_of,
                )
            )
    notes = tuple(dict.fromkeys(note for procedure in procedures for note in note_rows(procedure.documents)))
    by_cases = len(procedures) == 1 and any(case_row(d.name) for d in procedures[0].documents)
    common = _first_case([item.case for item in items if item.case]) if by_cases else ""
    return Checklist(tuple(p.code for p in procedures), tuple(items), notes, common)


def _own_case(paper: Paper, procedure_name: str) -> Paper:
    """The paper with a proxy's case dropped where the procedure itself is the authorisation."""
    if paper.condition == REPRESENTATIVE_CASE and _AUTHORISATION.match(procedure_name):
        return replace(paper, kind=REQUIRED, condition="")
    return paper


def _first_case(cases: list[str]) -> str:
    """The first of a table's cases: the first listed, or the lowest-numbered when the first listed is numbered ("2
    Trường hợp … chào bán thêm" listed before "1 Trường hợp … lần đầu"); "" when there is none."""
    numbered = [(int(found.group(1)), case) for case in cases if (found := _CASE_NUMBER.match(case))]
    if not cases or not _CASE_NUMBER.match(cases[0]):
        return next(iter(cases), "")
    return min(numbered, key=lambda pair: pair[0])[1]


def _substitute(paper: Paper) -> Paper:
    """A paper of a part of substitute papers (knowledge_base.case_rows.substitutes_case): conditional on the
    exception, under no case heading."""
    exception = substitutes_case(paper.document.group)
    if not exception:
        return paper
    kind = CONDITIONAL if paper.kind == REQUIRED else paper.kind
    return replace(paper, kind=kind, condition=paper.condition or exception, document=replace(paper.document, group=""))


def _merged(item: ChecklistItem, kind: str, code: str) -> ChecklistItem:
    """One paper two procedures need: required when either requires it."""
    procedures = item.procedures + (() if code in item.procedures else (code,))
    if kind == REQUIRED and item.kind != REQUIRED:
        return replace(item, procedures=procedures, kind=REQUIRED, condition="", instead_of="")
    return replace(item, procedures=procedures)


@dataclass(frozen=True)
class Bundle:
    id: str
    name: str
    offer_for: tuple[str, ...]  # offered to a citizen who starts one of these procedures
    procedures: tuple[str, ...]  # what is actually filed
    results: tuple[str, ...]
    eligibility: str


@lru_cache(maxsize=1)
def bundles() -> tuple[Bundle, ...]:
    raw = json.loads((PACKAGE_DIR / "data" / "bundles.json").read_text(encoding="utf-8"))
    return tuple(
        Bundle(b["id"], b["name"], tuple(b["offer_for"]), tuple(b["procedures"]), tuple(b["results"]), b["eligibility"])
        for b in raw
    )


def bundles_for(code: str) -> tuple[Bundle, ...]:
    """Linked filings a citizen who starts procedure `code` may choose instead."""
    return tuple(b for b in bundles() if code in b.offer_for)

"""Rows of a document table written by case with section numbers (the social-insurance tables recovered by
knowledge_base.record_fields): "4.1. Trường hợp X, hồ sơ bao gồm: a) A; b) B", "1.7. NLĐ nhận nuôi con nuôi dưới
06 tháng tuổi, hồ sơ … gồm: Bản sao …", "2. Trường hợp gộp sổ BHXH: - A; - B". The row's label is a case and the
rest its papers, not one paper named by the label. The parts of such a table addressed to the employer or to the
social-insurance office ("3.2. Đối với Đơn vị: …", "3.3. Đối với cơ quan BHXH: Lập danh sách …") are not papers a
citizen brings; the participant's own part ("1. Người tham gia: - Tờ khai …") is everyone's. A row "Hồ sơ tương tự
như khoản 1 của mục 3.3" is the papers of the table's first part (``same_as``). A label may name the paper everyone
of its case brings ("1.2. Lao động nữ sinh con là bản sao giấy khai sinh … và giấy tờ khác …: a) …"), and an item
may be sub-numbered ("1.1.1. Bản sao Giấy ra viện") or carry a sub-case's label ("- Đối với TNLĐ: Biên bản …").
A part of substitute papers for an exception ("4. Trường hợp bất khả kháng …, giấy tờ thay thế …") is no citizen's
case (``substitutes_case``); the table's common case is its first ordinary one (knowledge_base.checklist).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"^\d{1,2}(?:\.\d{1,2})*\.\s*"
_CASE_ROW = re.compile(
    _NUMBER + r"(?P<case>(?:Trường hợp|Đối với|Lao động|NLĐ|Người)\s[^:]{3,600}?)"
    r"(?:,?\s*(?:thì\s+)?hồ sơ(?:\s+đề nghị[^:]{0,80}?)?\s+(?:bao gồm|gồm|là)\b\s*:?|:)\s*(?P<papers>\S.*)$",
    re.DOTALL,
)
_NOT_THE_CITIZENS = re.compile(_NUMBER + r"(?:Đối với\s+)?(?:Đơn vị|cơ quan BHXH)\b", re.IGNORECASE)
_PARTICIPANT = re.compile(r"^(?:Đối với\s+)?người tham gia$", re.IGNORECASE)
_CASE_WORDS = re.compile(r"^(?:Đối với\s+)?(?:trường hợp\s+)?", re.IGNORECASE)
# one item of the rest: after a list's dash ("- ", at the start or after a sentence or clause) or a letter ("a) ",
# "a1) "); an item is a paper when it opens with a paper's word, else it is a sub-case or a remark
# "a1) ", or a sub-number ("1.1.1. Bản sao Giấy ra viện …")
_ITEM_CUT = re.compile(r"(?:^|(?<=[.;:]))\s*-\s+|(?:^|(?<=[\s.;:]))(?:[a-zđ]\d?\)|\d{1,2}(?:\.\d{1,2}){1,3}\.)\s+")
# a sub-case's label before its paper: "- Đối với TNLĐ: Biên bản điều tra TNLĐ" (the paper is the row's case's)
_SUB_CASE = re.compile(r"^(?:Đối với|Trường hợp)\s[^:;]{2,80}:\s*(?=\S)", re.IGNORECASE)
_PAPER = re.compile(
    r"^(?:(?:Các|Những)\s+)?(?:Giấy|Phiếu|Văn bản|Bản|Tờ khai|Đơn|Quyết định|Biên bản|Hợp đồng|Sổ|Chứng|Ảnh|Hộ chiếu"
    r"|Thẻ|Danh sách|Báo cáo|Trích lục|Lý lịch|Hóa đơn|Hồ sơ lý lịch)\b",
    re.IGNORECASE,
)
# "1.2. Lao động nữ sinh con … là bản sao giấy khai sinh hoặc … của con và giấy tờ khác trong các trường hợp sau đây:
# a) …": the case, then the paper everyone of that case brings, then the papers of its sub-cases
_LABEL_PAPER = re.compile(
    r"\s(?:hồ sơ\s+)?là\s+(?P<paper>(?:bản|giấy)\b.+?)(?:\s+và giấy tờ khác\b.*)?$", re.I | re.DOTALL
)
# a template's file name the table ran into the paper's last words: "… biên bản giao nhận con.14-HSB.docx01"
_FILE_NAME = re.compile(r"\.?\d*[-\w()]*\.(?:docx?|xlsx?|pdf|rtf|odt)\w*", re.IGNORECASE)
_WHAT_IT_IS = re.compile(r"\s(?:hồ sơ\s+)?là\s+")  # where the case ends: "… là một trong các giấy tờ sau đây"
_SENTENCE_END = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])")
_SAME_AS = re.compile(r"^Hồ sơ (?:tương tự|giống)(?: như)? khoản (\d{1,2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class CaseRow:
    case: str  # "" for the participant's own part (everyone's papers)
    papers: tuple[str, ...]  # each paper's wording, its first sentence


def not_the_citizens(name: str) -> bool:
    """A part of the table for the employer or the social-insurance office."""
    return bool(_NOT_THE_CITIZENS.match(name))


def case_row(name: str) -> CaseRow | None:
    """The case and papers of a numbered case row; None for any other row."""
    found = _CASE_ROW.match(name)
    if not found:
        return None
    label = found.group("case").strip(" ,;")
    items = [_SENTENCE_END.split(part.strip(" ;,."), 1)[0].strip(" ;,.") for part in _ITEM_CUT.split(found["papers"])]
    items = [_SUB_CASE.sub("", _FILE_NAME.sub("", item)) for item in items]
    papers = [item for item in items if _PAPER.match(item) and len(item.split()) >= 2]
    own = _LABEL_PAPER.search(label)
    if own and papers:
        papers = [_capitalised(own.group("paper")), *papers]
    label = _WHAT_IT_IS.split(label, 1)[0]
    if not papers:
        return None
    case = "" if _PARTICIPANT.match(label) else _CASE_WORDS.sub("", label)
    return CaseRow(case, tuple(papers))


def same_as(name: str) -> int:
    """The part (1-based) of the table whose papers the row says this one repeats; 0 when it says none."""
    found = _SAME_AS.match(name)
    return int(found.group(1)) if found else 0


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# A part of the table that is no citizen's case: the papers that replace others in an exception ("4. Trường hợp bất
# khả kháng do thiên tai, thảm họa, dịch bệnh, giấy tờ thay thế các giấy tờ do cơ sở khám bệnh chữa bệnh cấp …
# gồm:"); its papers are conditional on the exception, named without the words about the replaced papers.
_SUBSTITUTES = re.compile(r",?\s*(?:các\s+)?giấy tờ thay thế\b.*$", re.IGNORECASE | re.DOTALL)


def substitutes_case(heading: str) -> str:
    """The exception a part of substitute papers is for ("bất khả kháng do thiên tai, thảm họa, dịch bệnh"), "" for
    any other heading."""
    found = _SUBSTITUTES.search(heading)
    if not found:
        return ""
    return _CASE_WORDS.sub("", heading[: found.start()].strip(" ,;:")).strip()

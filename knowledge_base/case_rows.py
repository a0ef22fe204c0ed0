"""Rows of a document table written by case with section numbers (the social-insurance tables recovered by
knowledge_base.record_fields): "4.1. Trường hợp X, hồ sơ bao gồm: a) A; b) B", "1.7. NLĐ nhận nuôi con nuôi dưới
06 tháng tuổi, hồ sơ … gồm: Bản sao …", "2. Trường hợp gộp sổ BHXH: - A; - B". The row's label is a case and the
rest its papers, not one paper named by the label. The parts of such a table addressed to the employer or to the
social-insurance office ("3.2. Đối với Đơn vị: …", "3.3. Đối với cơ quan BHXH: Lập danh sách …") are not papers a
citizen brings; the participant's own part ("1. Người tham gia: - Tờ khai …") is everyone's. A row "Hồ sơ tương tự
như khoản 1 của mục 3.3" is the papers of the table's first part (``same_as``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"^\d{1,2}(?:\.\d{1,2})*\.\s*"
_CASE_ROW = re.compile(
    _NUMBER + r"(?P<case>(?:Trường hợp|Đối với|Lao động|NLĐ|Người)\s[^:]{3,400}?)"
    r"(?:,?\s*(?:thì\s+)?hồ sơ(?:\s+đề nghị[^:]{0,80}?)?\s+(?:bao gồm|gồm|là)\b\s*:?|:)\s*(?P<papers>\S.*)$",
    re.DOTALL,
)
_NOT_THE_CITIZENS = re.compile(_NUMBER + r"(?:Đối với\s+)?(?:Đơn vị|cơ quan BHXH)\b", re.IGNORECASE)
_PARTICIPANT = re.compile(r"^(?:Đối với\s+)?người tham gia$", re.IGNORECASE)
_CASE_WORDS = re.compile(r"^(?:Đối với\s+)?(?:trường hợp\s+)?", re.IGNORECASE)
# one item of the rest: after a list's dash ("- ", at the start or after a sentence or clause) or a letter ("a) ",
# "a1) "); an item is a paper when it opens with a paper's word, else it is a sub-case or a remark
_ITEM_CUT = re.compile(r"(?:^|(?<=[.;:]))\s*-\s+|(?:^|(?<=[\s.;:]))[a-zđ]\d?\)\s+")
_PAPER = re.compile(
    r"^(?:(?:Các|Những)\s+)?(?:Giấy|Phiếu|Văn bản|Bản|Tờ khai|Đơn|Quyết định|Biên bản|Hợp đồng|Sổ|Chứng|Ảnh|Hộ chiếu"
    r"|Thẻ|Danh sách|Báo cáo|Trích lục|Lý lịch|Hóa đơn|Hồ sơ lý lịch)\b",
    re.IGNORECASE,
)
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
    papers = [item for item in items if _PAPER.match(item) and len(item.split()) >= 2]
    if not papers:
        return None
    case = "" if _PARTICIPANT.match(label) else _CASE_WORDS.sub("", label)
    return CaseRow(case, tuple(papers))


def same_as(name: str) -> int:
    """The part (1-based) of the table whose papers the row says this one repeats; 0 when it says none."""
    found = _SAME_AS.match(name)
    return int(found.group(1)) if found else 0

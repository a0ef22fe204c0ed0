"""Rows of a document table that are no paper, and the papers a "by case" heading row opens.

The portal's tables hold, among the papers, rows of three other kinds:
- a heading that announces the list after it: "* Ngoài giấy tờ nêu trên, tùy từng trường hợp, bên nam, bên nữ phải
  nộp giấy tờ tương ứng sau đây:", "Cung cấp các tài liệu sau:" (10 rows in the catalog). It is no paper; when it
  says the papers depend on the case ("tùy từng trường hợp", "Ngoài giấy tờ nêu trên"), each row after it under the
  same table heading that names its case ("Công dân Việt Nam là công chức, viên chức … phải nộp văn bản của cơ quan
  …") is that case's paper, conditional, not one everyone brings;
- a note about the papers: their validity ("Giá trị sử dụng của giấy tờ … được xác định theo thời hạn …"), the
  number of dossiers ("Số lượng hồ sơ: 01 bộ"), a "Lưu ý", how an authorisation is done ("Việc ủy quyền thực hiện
  theo quy định tại mục (ii)"), who answers for the papers ("Người ủy quyền và người được ủy quyền … chịu trách
  nhiệm trước pháp luật …"), what papers issued abroad must meet ("a) Có bản dịch tiếng Việt được công chứng …",
  "b) Được hợp pháp hóa lãnh sự …"), how the papers are signed ("Đầy đủ chữ ký, con dấu …"), how many dossiers
  are filed ("Người yêu cầu đăng ký nộp 01 bộ hồ sơ …"), "Không quy định" (about 100 rows): a remark the full list
  shows as a note;
- the papers themselves.
"""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge_base.model import Document

_MARK = r"^[\W\d]*(?:[a-zđ]\)\s*)?"  # a list item's mark: "*", "4.", "b)"
# "… phải nộp giấy tờ tương ứng sau đây:" (not "Một trong các giấy tờ sau:", the paper any one of them is)
_LIST_HEADING = re.compile(
    rf"(?!{_MARK}(?:Bản sao\s+)?Một trong){_MARK}[^:]*\b(?:giấy tờ|tài liệu|văn bản|chứng từ)"
    r"(?:\s+tương ứng)?\s+(?:sau đây|sau|như sau)\s*:?\s*$",
    re.IGNORECASE,
)
# the heading of papers that depend on the case: "tùy từng trường hợp", "Ngoài giấy tờ nêu trên"
_DEPENDS = r"tùy\s+(?:từng\s+|theo\s+)?trường hợp"
_BY_CASE = re.compile(
    rf"{_DEPENDS}|{_MARK}ngoài\s+(?:các\s+)?(?:giấy tờ|tài liệu|hồ sơ)\b[^,:]*\btrên\b", re.IGNORECASE
)
_NOTE = re.compile(
    _MARK + r"(?:Giá trị sử dụng|Số lượng hồ sơ|Lưu ý|Ghi chú|Thành phần hồ sơ phải|Không quy định\W*$"
    r"|Việc ủy quyền thực hiện theo[^:]*$|Có bản dịch|Được hợp pháp hóa|Đầy đủ chữ ký"
    r"|Người (?:yêu cầu|đề nghị|có yêu cầu)\b[^:;]{0,60}?\bnộp (?:01|một) bộ hồ sơ)"
    r"|^(?![\W\d]*(?:Giấy|Văn bản|Bản|Đơn|Tờ khai|Hợp đồng))[^;:]{0,120}\bchịu trách nhiệm trước pháp luật",
    re.IGNORECASE,
)
# "Công dân Việt Nam đã ly hôn … tại cơ quan có thẩm quyền của nước ngoài phải nộp bản sao trích lục hộ tịch …":
# the case, then the paper it brings
_CASE_BRINGS = re.compile(
    r"^(?P<case>(?:Công dân|Người|Bên|Cá nhân|Trường hợp|Nếu)\b[^;:]{5,200}?),?\s+(?:thì\s+)?(?:phải|cần)\s+"
    r"(?:nộp|có|xuất trình|bổ sung)(?:\s+thêm)?\s+(?P<paper>\S.+)$",
    re.IGNORECASE | re.DOTALL,
)


def is_note(name: str) -> bool:
    return bool(_NOTE.match(name.strip()))


def is_list_heading(name: str) -> bool:
    return bool(_LIST_HEADING.match(name.strip()))


def _by_case(document: Document) -> Document:
    """A row under a by-case heading: the paper with the case its row names; the row as it is when it names none."""
    if document.condition:
        return document
    found = _CASE_BRINGS.match(document.name.strip())
    if not found:
        return document
    paper = found.group("paper").strip()
    return replace(document, name=paper[:1].upper() + paper[1:], condition=found.group("case").strip())


def paper_rows(documents: tuple[Document, ...]) -> list[Document]:
    """The rows that are papers, those under a by-case heading with their case (see the module's doc)."""
    rows, by_case_group = [], None
    for document in documents:
        if is_list_heading(document.name):
            by_case_group = document.group if _BY_CASE.search(document.name) else None
            continue
        if is_note(document.name):
            continue
        if by_case_group is not None and document.group != by_case_group:
            by_case_group = None
        rows.append(_by_case(document) if by_case_group is not None else document)
    return rows


def note_rows(documents: tuple[Document, ...]) -> tuple[str, ...]:
    """The notes among the rows, as the table words them."""
    return tuple(document.name for document in documents if is_note(document.name))

"""Catalog records whose fields the scraper cut apart at a heading's words inside a section, re-split from the
record's own page text (raw_text).

The page's sections come in a fixed order, each after its heading ("Trình Tự Thực Hiện", "Cách Thức Thực Hiện",
"Thành phần hồ sơ", …). The scraper cut the page at a heading's words wherever they stood, also inside an earlier
section: the steps of the social-insurance procedures "… lập hồ sơ theo quy định tại mục 9.3 (Thành phần hồ sơ) và
nộp cho cơ quan BHXH." ended at "mục 9.3 (", the documents field held the rest of the steps and the document table
was left only in raw_text; a fee note "(Căn cứ pháp lý: Thông tư …)", a step "+ Cơ quan thực hiện chứng thực …", a
table row "… nêu tại mục Yêu cầu, điều kiện thực hiện …" or a condition "+ Căn cứ pháp lý và điều kiện …" cut their
records the same way. Here each heading is looked for only after the previous one, so words inside an earlier
section are passed over, and a field whose text is not its section's (spacing aside) is replaced by it. A record
whose fields all match its page is returned as it is.
"""

from __future__ import annotations

import re

# The record's fields in the page's order, each with the heading its section starts with.
SECTIONS = (
    ("trinh_tu_thuc_hien", "Trình Tự Thực Hiện"),
    ("cach_thuc_thuc_hien", "Cách Thức Thực Hiện"),
    ("thanh_phan_ho_so", "Thành phần hồ sơ"),
    ("can_cu_phap_ly", "Căn cứ pháp lý"),
    ("co_quan_thuc_hien", "Cơ quan thực hiện"),
    ("yeu_cau_dieu_kien", "Yêu cầu, điều kiện thực hiện"),
    ("ket_qua_xu_ly", "Kết quả xử lý"),
)
_SPACES = re.compile(r"\s+")


def page_sections(raw_text: str) -> dict[str, str]:
    """Each field's section of the page text: from the end of its heading to the start of the next heading found,
    each heading looked for after the previous one (a field whose heading is missing is left out)."""
    found, start = [], 0
    for field, heading in SECTIONS:
        at = raw_text.find(heading, start)
        if at >= 0:
            start = at + len(heading)
            found.append((field, at, start))
    ends = [at for _, at, _ in found[1:]] + [len(raw_text)]
    return {field: raw_text[begin:end] for (field, _, begin), end in zip(found, ends)}


def _same(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a or "").strip() == _SPACES.sub(" ", b or "").strip()


def resplit(record: dict) -> dict:
    """The record with each field cut apart from its section replaced by the section's text; the record itself
    when no field was cut."""
    sections = page_sections(record.get("raw_text") or "")
    cut = {field: text for field, text in sections.items() if not _same(record.get(field, ""), text)}
    return {**record, **cut} if cut else record

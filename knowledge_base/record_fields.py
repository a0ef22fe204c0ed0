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

The document tables recovered this way (BHXH's) are tidied for the parser (knowledge_base/parse.py): the remark on
copies they open with ("(Trường hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ. Trường hợp nộp hồ sơ
trực tuyến: …)"), which the parser would read as the first table's case, is left out, and so is a table of that
remark alone; a lettered row that opens with its case ("d) Trường hợp … thì có thêm …") loses its letter, so that
the parser reads the case (the rows' letters are out of order: "d) … b) Đơn đề nghị … a) Sổ BHXH").
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
_TABLE_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_COPIES_REMARK = (
    r"Trường hợp không quy định (?:rõ )?(?:là )?bản chính thì có thể nộp (?:bản chính hoặc )?bản sao hợp lệ"
    r"(?:\.\s*Trường hợp nộp hồ sơ trực tuyến:[^()]*?điện tử)?"
)
_REMARK_BEFORE_TABLE = re.compile(rf"\s*\(?{_COPIES_REMARK}\)?\.?(?={_TABLE_HEADER})")
_REMARK_TABLE = re.compile(rf"{_TABLE_HEADER}{_COPIES_REMARK}\.?\d bản chính,\s*\d bản sao")
# a row's letter after the previous row's count (or the header), before the case the row opens with
_CASE_LETTER = re.compile(r"(Số lượng|bản chính|bản sao|bản chụp)[a-zđ]\)\s*(?=Trường hợp|Đối với)")


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
    if "thanh_phan_ho_so" in cut:
        cut["thanh_phan_ho_so"] = tidy_table(cut["thanh_phan_ho_so"])
    return {**record, **cut} if cut else record


def tidy_table(text: str) -> str:
    """A recovered document table without its remark on copies, and its lettered case rows without their letter."""
    text = _REMARK_TABLE.sub("", _REMARK_BEFORE_TABLE.sub("", text))
    return _CASE_LETTER.sub(r"\1", text)

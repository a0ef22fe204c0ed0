"""Turn the portal's flattened table text into typed Procedure objects.

The catalog's tables were flattened with their cells run together, e.g.
"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến15 Ngày làm việcMiễn phí…". Each parser below
recognises the cell boundaries by what the cells look like; when it cannot, the raw text stays
available on Procedure.raw for display.
"""

from __future__ import annotations

import re

from knowledge_base import fees, times
from knowledge_base.documents import PAPER_WORDS, is_staff_note
from knowledge_base.facts import fee_facts, time_facts
from knowledge_base.model import (
    CHANNEL_IN_PERSON,
    CHANNEL_ONLINE,
    CHANNEL_POSTAL,
    Channel,
    Document,
    LegalBasis,
    Procedure,
)
from knowledge_base.record_fields import resplit
from knowledge_base.text import normalize

NO_INFO = {"không có thông tin", "không", "không có", "-", "--", ""}
CITIZEN_AUDIENCES = {
    "Công dân Việt Nam",
    "Người Việt Nam định cư ở nước ngoài",
    "Người nước ngoài",
    "Người nước ngoài cư trú tại Việt Nam",
}

# ---------------------------------------------------------------- channels, time and fee
_CHANNEL_NAMES = {"Trực tuyến": CHANNEL_ONLINE, "Dịch vụ bưu chính": CHANNEL_POSTAL, "Trực tiếp": CHANNEL_IN_PERSON}
# A channel cell is always followed by its time cell: a number, or "Không (có thông tin)".
_CHANNEL_START = re.compile(r"(Trực tuyến|Dịch vụ bưu chính|Trực tiếp)(?=\d|Không)")
_FEE_PLACE = re.compile(r"^(Tại [^:]{3,120}):")


def parse_channels(text: str, steps: str = "") -> tuple[Channel, ...]:
    """The submission channels of cach_thuc_thuc_hien; `steps` (trinh_tu_thuc_hien) completes missing times."""
    starts = list(_CHANNEL_START.finditer(text or ""))
    channels = []
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        channels.append(_parse_channel(_CHANNEL_NAMES[start.group(1)], text[start.end() : end], steps))
    return tuple(channels)


def _parse_channel(kind: str, cell: str, steps: str) -> Channel:
    time, bare, rest = times.split_time(cell)
    fee = fees.split_fee(rest)
    note = fee.rest.strip()
    time = times.resolve(time, bare, note, steps)
    place = _FEE_PLACE.match(fee.note)
    return Channel(
        kind,
        time.text,
        time.days,
        time.working_days,
        fee.text,
        fee.vnd,
        note,
        fee_note=fee.note,
        fee_for=place.group(1) if place else "",
        time_for=times.purpose(time, note),
        time_source=time.source,
    )


# ---------------------------------------------------------------- documents
_DOC_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# A count is one or two digits; run into a preceding number ("…ngày 25/6/20241 bản chính") it is the last digit.
_COUNT = r"(?:(?<=\d)\d|(?<!\d)\d{1,2})"
# A count inside a row's text ("(01 bản chính hoặc 01 bản sao có chứng thực)") is followed by more words.
_COPIES = re.compile(
    rf"{_COUNT}\s*bản\s*(?:chính|sao|chụp)(?:\s*,\s*\d{{1,2}}\s*bản\s*(?:chính|sao|chụp))*"
    r"(?!\s+[a-zà-ỹ]|\s*[),;])"
)
# A template's file name at the row's end; it may hold a code in brackets run into it and a copy's number
# ("Mau01-ĐN(BHYT) (1).doc").
_TEMPLATE = re.compile(
    r"((?:[^;:.()\]]|(?<=\S)\([A-ZĐ0-9]{1,6}\)){1,60}?(?:\s?\(\d{1,2}\))?\.(?:docx?|xlsx?|pdf|rtf|odt))$", re.IGNORECASE
)
_CONDITION_FIRST = re.compile(
    r"^(?:Trong |Đối với )?(?:trường hợp|nếu)\s+(?P<cond>.+?)(?:,?\s+thì\s+(?:phải\s+)?|(?<!không)\s+phải\s+)"
    r"(?:có\s+(?:thêm\s+)?|nộp\s+(?:thêm\s+|lại\s+)?|bổ sung\s+)?(?P<name>.+)$",
    re.IGNORECASE | re.DOTALL,
)
# The case first, then what it adds: "Công trình tôn giáo thuộc dự án bảo quản, tu bổ di tích…, phải bổ sung văn bản …",
# "Đối với hồ sơ … thuộc dự án …, ngoài các tài liệu quy định tại …, phải bổ sung văn bản …".
_CASE_THEN_ADDED = re.compile(
    r"^(?:Đối với\s+)?(?P<cond>[^;:]{10,250}?),\s+(?:ngoài\s+[^;:]+?,\s+)?(?:thì\s+)?phải\s+"
    r"(?:bổ sung|có thêm|nộp thêm)\s+(?P<name>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_CONDITION_AFTER = re.compile(
    r"^(?P<name>.+?)\s*\(?(?:trong|đối với|áp dụng đối với)\s+trường hợp\s+(?P<cond>.+?)\)?\.?$",
    re.IGNORECASE | re.DOTALL,
)
# A case heading run into its paper: "- Đối với Quân đội nhân dân: Giấy giới thiệu của đơn vị…".
_CASE_LABEL = re.compile(
    r"^(?:Đối với|Trường hợp|Nếu)\s+(?:trường hợp\s+)?(?P<cond>[^:;.]{3,80}?)\s*:[\s+•-]*(?P<name>[A-ZĐÀ-Ỹ].+)$",
    re.DOTALL,
)
# "… (Trong trường hợp X thì A được thay bằng B)", "… Trong trường hợp X thì người yêu cầu phải nộp B": a rule with a
# consequence of its own (another paper, a substitution, an exemption) in the case's first clause, not the paper's
# case; "(trường hợp X thì phải nộp thêm)" with no object is.
_RULE_CLAUSE = re.compile(r"^(?:(?!;|\.\s).)*?\sthì\s+(?P<then>(?:(?!;|\.\s).)*)", re.DOTALL)
_OWN_CONSEQUENCE = re.compile(r"^(?:\w+\s+){0,3}?(?:phải\s+)?(?:nộp|có|bổ sung|kèm theo)(?:\s+thêm)?[\s.)]*$", re.I)
_LEADING_MARK = re.compile(r"^(?:[-+•*]+\s*|\((?:[ivx]{1,4}|\d{1,2})\)\s*)")
_IF_ANY = re.compile(r"\((nếu có)\)", re.IGNORECASE)
# "(nếu có)" after another paper of the row: a later paper of a list ("Danh sách thành viên; danh sách chủ sở hữu
# hưởng lợi (nếu có)"), an item of a listed content ("…: Bằng tốt nghiệp…, Giấy chứng nhận đào tạo nâng cao (nếu
# có)") or an attachment ("Văn bản cam kết kèm bản sao giấy tờ chứng minh (nếu có)"), not a form's "ban hành kèm theo",
# a copy's "bản sao kèm bản chính để đối chiếu" nor "Các tài liệu khác kèm theo (nếu có)".
_IF_ANY_ON_OTHER = re.compile(
    rf";\s*[-+•*]*\s*{PAPER_WORDS}|:[^:]*[,;]|(?<!ban hành )\bkèm\b(?!\s+theo\s*$)(?!\s*$)(?!(?:\s+theo)?\s+bản chính)",
    re.IGNORECASE,
)
# A row that opens a case ("E) Đối với trường hợp …: …", "Khi cơ quan … yêu cầu trình: …") keeps "nếu có" as its case.
_CASE_OPENING = re.compile(r"^(?:\W|\d|[a-zđ]\))*\s*(?:Đối với|Trong trường hợp|trường hợp|nếu|khi)\b", re.I)
_LISTED_PAPERS = re.compile(r":[^;]+;")  # "Hồ sơ thiết kế: A; B; C"
_TRAILING_FORM = re.compile(r"\)?,\s*(Mẫu số [\w/.-]+)$")


def parse_documents(text: str) -> tuple[tuple[Document, ...], tuple[str, ...]]:
    """Documents to bring and the table's remarks for the citizen (rows that are not papers; remarks
    addressed to the receiving officials are left out).

    A row whose quantity is zero ("0 bản chính") is a remark the portal typed into the table,
    unless every row is zero, in which case nobody filled in the quantities.
    """
    sections = (text or "").split(_DOC_HEADER)
    rows = []  # (text, copies, heading)
    heading = _heading(sections[0])
    for body in sections[1:]:
        pos = 0
        for copies in _COPIES.finditer(body):
            rows.append((normalize(body[pos : copies.start()]).strip(" -–+•;"), copies.group(0), heading))
            pos = copies.end()
        heading = _heading(body[pos:])
    any_counted = any(_counted(copies) for _, copies, _ in rows)
    documents, notes = [], []
    for row, copies, group in rows:
        if not row.strip(" .;-") or is_staff_note(row):  # empty cells; remarks for the receiving officials
            continue
        if group.lower().startswith("lưu ý") or (any_counted and not _counted(copies)):
            notes.append(row)
        else:
            documents.append(_document(row, re.sub(r"\s*,\s*", ", ", copies), group))
    return tuple(documents), tuple(notes)


def _counted(copies: str) -> bool:
    return bool(re.search(r"[1-9]\d*\s*bản", copies))


# A numbered part's heading over bullets that describe it: "1. NLĐ tham gia BHXH bắt buộc: - Người SDLĐ lập … - NLĐ
# sinh con … kê khai Mẫu số 14-HSB và kèm theo các trường hợp hồ sơ dưới đây" (the last bullet is no heading).
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.\s+(?P<heading>[^:.;]{3,150}?)\s*:\s*-\s")


def _heading(text: str) -> str:
    """The text between a table's last row and the next table's header: its last sentence or
    bullet is the heading of the next table (e.g. "* Giấy tờ phải nộp:"), or the numbered heading over its bullets."""
    numbered = _NUMBERED_HEADING.match(text.strip(" -*:\n\t"))
    if numbered:
        return normalize(numbered.group("heading"))
    text = re.split(r"\n|\*\s|(?:^|\s)-\s|\.\s", text.strip(" -*:\n\t"))[-1]
    heading = normalize(text.strip(" -*:\n\t")).rstrip(":")
    return heading if len(heading) <= 200 else heading[:200].rsplit(" ", 1)[0] + "…"


# A file name that starts with a number after the row's last sentence: "…Thông tư số 53/2025/TT-BCA)." "1.MuCT01….doc".
_NUMBERED_FILE = re.compile(r"(?<=[.;)])\d{1,2}\.$")


def _template_start(row: str, found: re.Match) -> int | None:
    """Where the template's file name begins: at the cells' run-together boundary ("…khai thácPhương án.docx")
    when there is one, else where the match begins; None when that would leave no name or cut a word."""
    numbered = _NUMBERED_FILE.search(row, 0, found.start())
    if numbered:
        return numbered.start()
    for i in range(found.start() + 1, found.end()):
        after_acronym = row[i - 1].isupper() and row[i + 1 : i + 2].islower()  # "…NĐ-CPMau03.docx"
        if row[i].isupper() and (row[i - 1].islower() or row[i - 1] in ")0123456789" or after_acronym):
            return i
    if found.start() and row[found.start() - 1].isalpha():
        return None  # the match starts inside a word: where the file name begins is unknown
    return found.start() if row[: found.start()].strip(" ;-") else None


# Words a paper's name begins with, whose first letters the catalog sometimes lost ("ản lý lịch", "iấy đề nghị").
_CUT_WORDS = ("Văn bản", "Tờ khai", "Giấy", "Bản", "Đơn")
LOST_LETTERS = (1, 2)


def _restored(name: str) -> str:
    """A name whose first letters were lost, restored: "ăn bản đề nghị …" -> "Văn bản đề nghị …"."""
    if not name[:1].islower():
        return name
    for word in _CUT_WORDS:
        for lost in LOST_LETTERS:
            if len(word) - lost >= 2 and name.startswith(f"{word[lost:]} "):
                return word + name[len(word) - lost :]
    return name


def _document(row: str, copies: str, group: str) -> Document:
    template = ""
    found = _TEMPLATE.search(row)
    start = _template_start(row, found) if found else None
    if start is not None:
        template = row[start:].strip()
        row = row[:start].strip(" ;")
    name, condition = _split_condition(_restored(row))
    return Document(name=name, copies=copies, template=template, condition=condition, group=group)


def _split_condition(row: str) -> tuple[str, str]:
    marked = _LEADING_MARK.sub("", row)  # "(i) Trường hợp …", "++ Đối với …: +++ Tờ khai …"
    label = _CASE_LABEL.match(marked)
    if label:
        return label.group("name").rstrip(";"), label.group("cond").strip()
    first = _CONDITION_FIRST.match(marked) or _CASE_THEN_ADDED.match(marked)
    if first:
        return _capitalise(first.group("name").rstrip(".;")), first.group("cond").strip()
    after = _CONDITION_AFTER.match(row)
    # after a list of papers ("…: 02 bộ bản vẽ…; báo cáo thẩm tra … trong trường hợp …") the case is the last one's
    rule = after and _RULE_CLAUSE.match(after.group("cond"))
    if rule and not _OWN_CONSEQUENCE.match(rule.group("then")):
        after = None
    if after and len(after.group("name")) > 8 and not _LISTED_PAPERS.search(after.group("name")):
        name, cond = after.group("name").rstrip(" ,;"), after.group("cond").strip().rstrip(".;")
        form = _TRAILING_FORM.search(cond)
        if form:  # "Tờ khai … (Dùng cho cá nhân trong trường hợp ủy quyền …), Mẫu số 02/2025/LLTP": the name's form
            closing = ")" if name.count("(") > name.count(")") else ""
            name, cond = f"{name}{closing}, {form.group(1)}", cond[: form.start()]
        return name, cond.rstrip(" ,")
    if_any = _IF_ANY.search(row)
    if if_any and (_CASE_OPENING.match(row) or not _IF_ANY_ON_OTHER.search(row, 0, if_any.start())):
        return row, "nếu có"
    return row.rstrip(";"), ""


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- legal basis
# Each row is a title cell run into its number cell, run into the next row's title: "Luật Cư trú68/2020/QH14Thông tư…".
# A number quoted inside a title is followed by a space or a lower-case word ("Thông tư 16/2024/TT-BCA quy định…",
# "…TT-BCAngày 01/7/2025"); the number cell is followed by the next title, which may start in lower case ("…NĐ-CPsửa
# đổi…") or lose its capital to the number ("…TT-BCANhập cảnh…", "…NĐ-CPThực hiện…").
_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_NUMBER_PART = r"(?:TTg|[A-ZĐ0-9]+)"  # the Prime Minister's "TTg" is the one part with a lower-case letter
_LAW_NUMBER = re.compile(
    rf"\d+(?:\.\d+)?[a-z]?/\d{{4}}/{_NUMBER_PART}(?:-\s?{_NUMBER_PART}|/(?:TTg|[A-ZĐ][A-ZĐ0-9]*))*"
)
# Words that start the next document's title when the cells are run together ("…NĐ-CPThông tư…").
_TITLE_START = re.compile(
    r"(?:Thông|Nghị|Luật|Quyết|Sửa|Hướng|Quy|Văn|Pháp|Lệnh|Chỉ|Công|Hiến|Bộ|Ban)\b", re.IGNORECASE
)
# Issuers a number ends with: a capital run into one of these ("BCAN", "CPT") began the next title.
_ISSUERS = re.compile(
    r"(?:CP|TTg|QH\d{1,2}|BCA|BTC|BTP|BYT|BXD|BQP|BCT|BNV|NHNN|VPCP|BGTVT|BNNMT|BNNPTNT|BLĐTBXH|BKHCN|BKHĐT|BTTTT"
    r"|BTNMT|BGDĐT|BVHTTDL|UBND|HĐND|UBTVQH\d{1,2})$"
)
_QUOTE_CONTINUES = re.compile(r"ngày|năm|của")  # run into a number quoted inside a title
_TRAILING_REPEAT = re.compile(r"^(.*?[A-ZĐ])(\d+)$")  # "TT-BCA57" where "57/…" starts the next number
# A title's year run into the number: "Luật Cư trú 2020" + "68/2020/QH14" read as "202068/2020/QH14".
_GLUED_YEAR = re.compile(r"^((?:19|20)\d\d)(?=\d{1,3}/\d{4}/)")
# A title word run into the end of a title, before its number ("…tại Việt NamLuật" "47/2014/QH13").
_GLUED_TITLE_WORD = re.compile(
    r"(?<=[a-zà-ỹ])(?:Luật|Thông tư|Nghị định|Nghị quyết|Quyết định|Pháp lệnh)(?:\s+số)?:?\s*$"
)


def _trim_number(body: str, match: re.Match) -> tuple[str, int]:
    number, end = match.group(0), match.end()
    last = re.split(r"[-/]\s?", number)[-1]
    if number[-1].isupper() and (
        _TITLE_START.match(body, end - 1)
        or (body[end : end + 1].islower() and _ISSUERS.search(last[:-1]) and not _ISSUERS.search(last))
    ):
        return number[:-1], end - 1
    repeat = _TRAILING_REPEAT.match(last)
    if repeat and body.startswith("/", end):
        # Laws end in the National Assembly's term ("QH14"); anything longer began the next number.
        keep = 2 if repeat.group(1).endswith("QH") else 0
        digits = len(repeat.group(2)) - keep
        if digits > 0:
            return number[:-digits], end - digits
    return number, end


def _quoted(body: str, number: str, start: int, end: int) -> bool:
    """Whether the number at body[start:end] is quoted inside a title (more of the title follows): run into a
    date or an issuer ("…TT-BCAngày 01/7/2025"), or between spaces with lower-case words after it ("Thông tư
    16/2024/TT-BCA quy định…") or a title the number cell repeats it after ("Thông tư số 66/2023/TT-BCA Sửa đổi…
    66/2023/TT-BCA"). A number run into the text before it is the cell ("…Luật thú y35/2016/NĐ-CP sửa đổi…")."""
    rest = body[end:].lstrip()
    if not rest:
        return False
    if _QUOTE_CONTINUES.match(body, end):
        return True
    if not body[end].isspace() or (start > 0 and not body[start - 1].isspace() and not body[start - 1].isdigit()):
        return False
    return not (rest[0].isupper() or rest[0].isdigit()) or number in rest


def _ends_title(body: str, end: int) -> bool:
    """Whether the number ending at `end` ends its title and the number cell follows ("Luật 51/2019/QH14"
    "51/2019/QH14"): the next number is the cell when it is not itself quoted in the next title ("…cách mạng"
    "04/2012/UBTVQH13" "26/2005/PL-UBTVQH11 - Ưu đãi…")."""
    following = _LAW_NUMBER.match(body, end)
    if not following:
        return False
    number, following_end = _trim_number(body, following)
    return not _quoted(body, number, end, following_end) and not _LAW_NUMBER.match(body, following_end)


def _split_glued_year(title: str, number: str) -> tuple[str, str]:
    glued = _GLUED_YEAR.match(number)
    if glued:  # "Luật Cư trú" "202068/2020/QH14": the 2020 law, number 68/2020/QH14
        return f"{title}{'' if title.endswith(('-', '/')) else ' '}{glued.group(1)}".strip(), number[glued.end() :]
    return title, number


def parse_legal_basis(text: str) -> tuple[LegalBasis, ...]:
    body = (text or "").replace(_LEGAL_HEADER, "", 1)
    items, pos, search_from = [], 0, 0
    while match := _LAW_NUMBER.search(body, search_from):
        number, end = _trim_number(body, match)
        search_from = end
        if _quoted(body, number, match.start(), end) or _ends_title(body, end):
            continue  # a number quoted inside the title, not the number cell
        title, number = _split_glued_year(_title(body[pos : match.start()]), number)
        items.append(LegalBasis(title=title or number, number=number))
        pos = end
    tail = _title(body[pos:])
    if tail and tail.lower() not in NO_INFO:
        items.append(LegalBasis(title=tail, number=""))
    return tuple(items)


def _title(cell: str) -> str:
    return _capitalise(_GLUED_TITLE_WORD.sub("", normalize(cell)).strip(" ,;").lstrip("-–: "))


# ---------------------------------------------------------------- simple fields
_RESULT_CODE = re.compile(r"Mã:\s*KQ\.[A-Z0-9.]+")


def parse_results(text: str) -> tuple[str, ...]:
    body = (text or "").split("Từ khóa", 1)[0]
    names = [normalize(part) for part in _RESULT_CODE.split(body)]
    return tuple(n for n in names if n and n.lower() not in NO_INFO)


def split_list(text: str) -> tuple[str, ...]:
    """Split "A, B (x, y), C, d" on top-level commas that start a capitalised item."""
    items, depth, current = [], 0, ""
    for i, char in enumerate(text or ""):
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0 and text[i + 1 :].lstrip()[:1].isupper():
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return tuple(normalize(i) for i in items if normalize(i))


def clean(text: str) -> str:
    text = normalize(text or "")
    return "" if text.lower().strip(" .") in NO_INFO else text


def parse_record(record: dict) -> Procedure:
    record = resplit(record)  # fields the scraper cut apart at a heading's words, re-split from the page text
    documents, notes = parse_documents(record.get("thanh_phan_ho_so", ""))
    audiences = split_list(record.get("doi_tuong_thuc_hien", ""))
    agency = clean(record.get("co_quan_thuc_hien", "")) or clean(record.get("co_quan_co_tham_quyen", ""))
    steps = (record.get("trinh_tu_thuc_hien") or "").strip()
    channels = parse_channels(record.get("cach_thuc_thuc_hien", ""), steps)
    raw_fields = ("cach_thuc_thuc_hien", "thanh_phan_ho_so", "can_cu_phap_ly", "trinh_tu_thuc_hien", "ket_qua_xu_ly")
    return Procedure(
        code=record["ma_thu_tuc"].strip(),
        name=normalize(record["ten_thu_tuc"]),
        levels=split_list(record.get("cap_thuc_hien", "")),
        field=clean(record.get("linh_vuc", "")),
        ministry=record.get("bo_nganh", ""),
        audiences=audiences,
        for_citizens=any(a in CITIZEN_AUDIENCES for a in audiences),
        steps=steps,
        channels=channels,
        documents=documents,
        document_notes=notes,
        legal_basis=parse_legal_basis(record.get("can_cu_phap_ly", "")),
        results=parse_results(record.get("ket_qua_xu_ly", "")),
        conditions=clean(record.get("yeu_cau_dieu_kien", "")),
        related=tuple(x for x in split_list(clean(record.get("thu_tuc_lien_quan", ""))) if x),
        agency=agency,
        address=clean(record.get("dia_chi_tiep_nhan", "")),
        url=record.get("detail_url", ""),
        raw={k: record.get(k, "") for k in raw_fields},
        fees=fee_facts(channels),
        times=time_facts(channels),
    )

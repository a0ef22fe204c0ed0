"""A paper's name as a citizen reads it: the catalog's own short name, the form without its legal address, the
paper without the clause around it (the first answer), or up to its first qualifier (a line that also names its
case)."""

from __future__ import annotations

import re

from actions.core.replies import shorten
from actions.procedures.texts import clean

BRIEF_LIMIT = 60  # characters of a paper's brief name in the list of conditional papers
BRIEF_MIN_WORDS = 4  # a brief name keeps at least this many words ("Giấy khám sức khỏe")
# "Giấy khám sức khỏe của người lái xe do cơ sở …": the paper's own name ends before its first qualifier
_QUALIFIER = re.compile(r"\s+(?:của|do|được|theo|đã|về việc|cấp cho)\s+|,\s*|\s+\(", re.IGNORECASE)
CORE_LIMIT = 80  # characters of a paper's name in the first answer
CORE_MIN_WORDS = 5  # a name cut for the first answer keeps at least this many words ("Ảnh mới chụp không quá 06 tháng")
# where a long name may end in the first answer: "của", "theo", a comma, a bracket ("được", "đã" and "do" start part
# of the paper's identity too often: "Giấy tờ chứng minh thuộc trường hợp được miễn …")
_CORE_CUT = re.compile(r"\s+(?:của|theo)\s+|,\s*|\s+\(", re.IGNORECASE)
# "Văn bản của cơ quan, đơn vị quản lý xác nhận …", "Bản sao Phương án … đã được cơ quan, người có thẩm quyền phê
# duyệt": a name may not end at an owner or author named only by its kind
_BARE_OWNER = re.compile(
    r"\b(?:của|do|được|bởi)\s+(?:các\s+)?(?:cơ quan|đơn vị|tổ chức|cá nhân|người|cơ sở|bên)$", re.IGNORECASE
)
# "Người nước ngoài … phải nộp bản sao hộ chiếu": the clause before the paper; "01 (một) bản sao …": its count
_LEAD_CLAUSE = re.compile(
    r"^(?:đối với người|người|công dân)\b[^;:]*?\b(?:phải nộp|nộp|xuất trình)\s+",
    re.IGNORECASE,
)
_PAPER_START = re.compile(
    r"(?:bản|giấy|đơn|tờ khai|văn bản|phiếu|hộ chiếu|hợp đồng|ảnh|sổ|thẻ|quyết định|biên bản|chứng)\b", re.IGNORECASE
)
_CASE_CLAUSE = re.compile(r"\s+(?:trong|đối với) trường hợp\s+|\s+nếu\s+", re.IGNORECASE)  # the paper's case
_COUNT_LEAD = re.compile(r"^(?:\d{1,2}\s*)?(?:\((?:một|hai|ba)\)|(?:một|hai|ba)\))\s*", re.IGNORECASE)
_FORM_CODE = re.compile(r"\b(?:[Mm]ẫu\s+(?:số\s+)?[\w/.-]*\d[\w/.-]*|[A-Z]{2,3}\d{2}[A-Z]?)(?=[\s,;:)]|$)")
PAPER_MARK = re.compile(r"^\(\d{1,2}\)\s*")  # "(2) Mảnh trích đo bản đồ địa chính thửa đất"
# "… (sau đây gọi tắt là giấy tờ tùy thân)": the catalog's own short name for a paper
_ALIAS = re.compile(r"\(sau đây gọi (?:tắt )?là ([^)]{3,40})\)")
_ALIAS_CHOICES = re.compile(r"/|,|\s+hoặc\s+")
# "… theo mẫu quy định tại Phụ lục XII ban hành kèm theo Thông tư số …": the form's legal address is for staff
_FORM_ADDRESS = re.compile(r"(theo mẫu(?:\s+số\s+[\w/.-]+)?)\s+(?:quy định tại|ban hành kèm theo)\b.*$", re.IGNORECASE)


# a paper named by the papers it lists ("Một trong các giấy tờ sau: A, B…", "Hồ sơ bản giấy gồm: A, B…")
_CHOICES = re.compile(
    r"^(?:(?:(?:Một trong|Bản sao|Bản chính)\s+)?(?:các|những)\b[^:]*\bsau(?: đây)?|Hồ sơ\b[^:]*\bgồm)\s*:\s*\S", re.I
)
# "Xuất trình giấy tờ chứng minh nơi người đó chết …", "Nộp 01 bản chụp giấy chứng nhận …": the paper, not the act
_VERB_LEAD = re.compile(r"^(?:xuất trình|nộp|kèm theo)\s+(?:\d{1,2}\s+)?", re.IGNORECASE)


def paper_name(item) -> str:
    """A paper's name as a citizen reads it in a list: the catalog's own short name ("Giấy tờ tùy thân (Hộ chiếu,
    Thẻ căn cước công dân…)"), the form without its legal address ("Tờ khai … theo mẫu"), the paper without the verb
    that hands it over ("Xuất trình giấy tờ …" -> "Giấy tờ …")."""
    name, detail = PAPER_MARK.sub("", clean(item.name)), PAPER_MARK.sub("", clean(item.detail))
    alias = _ALIAS.search(detail)
    if alias and detail.startswith(name.rstrip("…")):
        choices = [c.strip() for c in _ALIAS_CHOICES.split(detail[: alias.start()]) if c.strip()]
        short = alias.group(1).strip()
        examples = f" ({', '.join(choices[:2])}…)" if len(choices) > 1 else ""
        return short[:1].upper() + short[1:] + examples
    shorter = _FORM_ADDRESS.sub(r"\1", name)
    name = shorter if len(shorter.split()) >= 4 else name
    verb = _VERB_LEAD.match(name)
    if verb and _PAPER_START.match(name, verb.end()):
        name = name[verb.end() :][:1].upper() + name[verb.end() + 1 :]
    return name[:-1] if name.endswith(")") and name.count(")") > name.count("(") else name


def core_name(item) -> str:
    """A paper's name in the first answer: the paper, not the clause around it. A clause that leads to it is left
    out ("Người nước ngoài … phải nộp bản sao hộ chiếu" -> "Bản sao hộ chiếu"), and a long name ends at its first
    _CORE_CUT after CORE_MIN_WORDS words, or right after a form's number ("Phiếu CC01 được tạo lập khi trích xuất …"
    -> "Phiếu CC01"). A case the name holds ("… về cư trú trong trường hợp …") is left out whatever its length."""
    name, detail = paper_name(item), PAPER_MARK.sub("", clean(item.detail))
    if name.endswith("…") and detail.startswith(name[:-1].rstrip()):  # cut by the parser: read its whole wording
        name = detail
    name = _COUNT_LEAD.sub("", name)
    lead = _LEAD_CLAUSE.match(name)
    if lead and _PAPER_START.match(name[lead.end() :]):
        name = name[lead.end() :]
    case = _CASE_CLAUSE.search(name)  # the conditional papers are listed with their case, under their heading
    if case and len(name[: case.start()].split()) >= BRIEF_MIN_WORDS:
        name = name[: case.start()].rstrip(" ,;:")
    name = name[:1].upper() + name[1:].rstrip(" .;,")  # "… thay thế hộ chiếu." ends the sentence, not the name
    if _CHOICES.match(name):  # cut after the papers it lists, not at the first
        return shorten(name.rstrip("…"), CORE_LIMIT)
    if len(name) <= CORE_LIMIT:
        return name
    coded = [  # "Phiếu CC01 được …": a form named by its number in fewer words
        q
        for q in _QUALIFIER.finditer(name)
        if _FORM_CODE.search(name[: q.start()]) and len(name[: q.start()].split()) < CORE_MIN_WORDS
    ]
    cuts = coded or [
        q
        for q in _CORE_CUT.finditer(name)
        if len(name[: q.start()].split()) >= CORE_MIN_WORDS and not _BARE_OWNER.search(name[: q.start()])
    ]
    if not cuts:
        return shorten(name, CORE_LIMIT)
    head = name[: cuts[0].start()].rstrip(" ,;:")
    later = None if coded else _FORM_CODE.search(name, cuts[0].start())  # "… theo Mẫu số 21 …": "(Mẫu số 21)"
    return shorten(head + (f" ({later.group(0)})" if later else ""), CORE_LIMIT)


def paper_brief(item) -> str:
    """A paper's name up to its first qualifier, for a line that also names its case: "Giấy khám sức khỏe của
    người lái xe do cơ sở …" -> "Giấy khám sức khỏe"."""
    name = paper_name(item)
    for qualifier in _QUALIFIER.finditer(name):
        head = name[: qualifier.start()]
        last = head.split(",")[-1]  # "Hợp đồng, văn bản" is no name
        enough = len(last.split()) >= BRIEF_MIN_WORDS and not _BARE_OWNER.search(head)
        if enough and " hoặc " not in head:  # nor "Bản sao hoặc bản sao điện tử"
            name = head
            break
    return shorten(name.rstrip(" ,;:"), BRIEF_LIMIT)

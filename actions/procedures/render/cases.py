"""The structure of a dossier that differs by case: the citizen's cases (not the parts of everyone's dossier), the
papers everyone brings, those every case needs though the catalog lists them under cases, and a case heading as a
short label."""

from __future__ import annotations

import re
from typing import Callable, List, Optional, Sequence, Tuple

from actions.core.replies import shorten
from actions.procedures.render.common import short_name
from actions.procedures.texts import clean
from nlu.vietnamese_text import fold

CASE_LIMIT = 90  # characters of a case heading in a list
_CASE_START = re.compile(  # "(*) ", "(1.1) ", "a) ", "2. " then "Đối với (các) trường hợp …"
    r"^(?:\(\*\)\s*|\(\d{1,2}(?:\.\d{1,2})*\)\s*|[A-Za-z]\)\s*|\d{1,2}[.)]\s*)?"
    r"(?:đối với\s+)?(?:(?:các\s+)?trường hợp\s+)?",
    re.IGNORECASE,
)
_CASE_END = re.compile(r"(?:[,:]?\s*(?:hồ sơ\s+)?(?:bao\s+)?gồm|,?\s+thì\s.*)\s*:?$", re.IGNORECASE)
# "… của mình đối với những trường hợp quy định tại khoản 2 Điều 20 Luật Cư trú": the legal address is for staff
_LEGAL_ADDRESS = re.compile(
    r",?\s+(?:đối với (?:những |các )?trường hợp\s+)?(?:theo\s+)?quy định tại\s+(?:điểm|khoản|Điều)\b.*$", re.IGNORECASE
)
LABEL_MIN_WORDS = 4  # a label cut shorter than this keeps its legal address
PART_WORDS = 6  # a part's heading is at most this many words
_PART = re.compile(r"^(?:[\W\d]*)hồ sơ\b", re.IGNORECASE)
_APPLICATION_FORM = re.compile(r"^(?:to khai|don)\b")  # a folded paper name: the citizen's application form
# the papers a clerk hands over first: the form, or the request written on one ("Phiếu đề nghị …", "Bản khai …")
_REQUEST_FORM = re.compile(_APPLICATION_FORM.pattern + r"|^(?:ban khai|(?:phieu|van ban|giay|ban chinh)? ?de nghi)\b")
# a form's number: "mau so 1 phu luc so ii" (folded)
_FORM_CODE = re.compile(r"\bmau\s*(?:so\s*)?[\w./-]*\d[\w./-]*(?:\s+phu luc\s+(?:so\s+)?[\w./-]+)?")
FORM_MIN_CASES = 2  # an application form listed under this many cases is everyone's
PLAIN_SHARE = 0.85  # of the procedure's name's words a case heading holds to be the plain case
_LISTING = re.compile(r"[,;/]|\bhoặc\b", re.IGNORECASE)  # a name listing several purposes


def case_label(case: str, limit: int = CASE_LIMIT, proc=None) -> str:
    """A case heading as a short label: "Đăng ký tạm trú theo danh sách, hồ sơ gồm:" -> "… theo danh sách";
    "(*) Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo …" -> "Ủy quyền thực hiện thủ tục";
    with ``proc``, without the procedure's name it repeats ("Đăng ký thường trú vào chỗ ở …" -> "Vào chỗ ở …")."""
    label = _CASE_END.sub("", _CASE_START.sub("", clean(case).rstrip(" :.")))
    plain = _LEGAL_ADDRESS.sub("", label)
    label = plain if len(plain.split()) >= LABEL_MIN_WORDS else label
    name = short_name(proc, limit=len(label)) if proc is not None else ""
    if name and label.lower().startswith(name.lower() + " ") and len(label.split()) - len(name.split()) >= 3:
        label = label[len(name) + 1 :]
    return shorten(label[:1].upper() + label[1:], limit)


def is_application_form(item) -> bool:
    return bool(_REQUEST_FORM.match(fold(clean(item.name))))


def forms_first(items: Sequence, name: Callable = lambda item: item.name) -> List:
    """The application forms first (a clerk hands the form over before asking for the papers), each paper (each
    ``name``) once."""
    distinct: dict = {}
    for item in items:
        distinct.setdefault(fold(clean(name(item))), item)
    return sorted(distinct.values(), key=lambda item: not is_application_form(item))


def in_case(checklist, case: str) -> List:
    return [i for i in checklist.items if i.case == case]


def is_part(case: str) -> bool:
    """A short heading that names a part of everyone's dossier ("Hồ sơ thu hồi", "Hồ sơ đăng ký tạm trú gồm"), not
    a citizen's case ("Đăng ký tạm trú theo danh sách", "Hồ sơ đề nghị chấp thuận việc góp vốn để thành lập …")."""
    label = case_label(case)
    return bool(_PART.match(label)) and len(label.split()) <= PART_WORDS


def citizen_cases(checklist) -> List[str]:
    """The citizen's cases, in the catalog's order (the buttons "case-<n>" count in this list)."""
    return [case for case in checklist.cases if not is_part(case)]


def common_groups(checklist) -> List[Tuple[str, List]]:
    """Everyone's papers: the required ones (heading ""), then each part of the dossier under its heading; a paper
    that is also one choice among alternatives is that choice, not a paper of its own."""
    choices = {fold(i.name) for i in checklist.items if i.instead_of and i.case == ""}
    groups = [("", [i for i in checklist.required if fold(i.name) not in choices])]
    groups += [
        (case_label(case), [i for i in in_case(checklist, case) if not i.instead_of])
        for case in checklist.cases
        if is_part(case)
    ]
    return [(heading, items) for heading, items in groups if items]


def common_papers(checklist) -> List:
    return [item for _, items in common_groups(checklist) for item in items]


def shared_papers(checklist) -> List:
    """Papers every case needs though the catalog lists them under cases: those listed in every case, and the
    application form ("Tờ khai …", "Đơn …") when it is the only form the cases list and two or more list it (the
    residence form CT01 is listed under two of six residence cases, and every case files it). A paper the catalog
    also lists as an alternative ("Giấy chứng nhận quyền sử dụng đất" under "Một trong những giấy tờ hợp pháp về
    đất đai") is one choice, not a paper everyone brings."""
    cases = citizen_cases(checklist)
    if len(cases) < 2:
        return []
    by_case = [{fold(i.name): i for i in in_case(checklist, case) if not i.instead_of} for case in cases]
    choices = {fold(i.name) for i in checklist.items if i.instead_of}
    shared = set.intersection(*(set(papers) for papers in by_case)) - choices
    forms = {name for papers in by_case for name in papers if _APPLICATION_FORM.match(name)}
    if len(forms) == 1 and sum(bool(forms & set(papers)) for papers in by_case) >= FORM_MIN_CASES:
        shared |= forms
    found = {name: item for papers in reversed(by_case) for name, item in papers.items() if name in shared}
    return sorted(found.values(), key=checklist.items.index)


def plain_case(checklist, proc) -> Optional[int]:
    """The index among the citizen's cases of the one the procedure's name itself names ("Đăng ký thành lập công ty
    TNHH một thành viên", listed eighth after social enterprises and securities companies): its heading's words are
    the name's, at least PLAIN_SHARE of them; else, in a table written by numbered cases, its common case (the first
    ordinary one: ``Checklist.common_case``), never an exception listed after it; None when the name lists several
    purposes, or no case or several are plain and the table names no common case."""
    if _LISTING.search(clean(proc.name)):
        return None
    named = set(re.findall(r"\w+", fold(clean(proc.name))))
    plain = [
        i
        for i, case in enumerate(citizen_cases(checklist))
        if (words := set(re.findall(r"\w+", fold(case_label(case, len(case)))))) <= named
        and len(words) >= PLAIN_SHARE * len(named)
    ]
    if len(plain) == 1:
        return plain[0]
    cases = citizen_cases(checklist)
    common = getattr(checklist, "common_case", "")
    return cases.index(common) if common in cases else None


def own_papers(checklist, case: str, proc) -> List:
    """The papers ``case`` lists, without one that is also a choice among its alternatives (a land-use certificate
    listed both alone and under "Một trong những giấy tờ hợp pháp về đất đai"), and with the procedure's own
    application form in place of a form the catalog copied from another procedure ("Đơn đề nghị cấp giấy phép sửa
    chữa, cải tạo" under the permit for a new house, whose other cases list "Đơn đề nghị cấp giấy phép xây dựng")."""
    listed = in_case(checklist, case)
    choices = {fold(i.name) for i in listed if i.instead_of}
    own = [i for i in listed if not i.instead_of and fold(i.name) not in choices]
    return [_own_form(checklist, i, proc) if is_application_form(i) else i for i in own]


def _own_form(checklist, form, proc):
    """The same form (the same "Mẫu số …") under another title whose purpose words missing from the procedure's name
    are a strict part of those of ``form``; else ``form``."""
    code = _form_code(form.name)
    if not code:
        return form
    named = set(re.findall(r"\w+", fold(clean(proc.name))))

    def missing(item) -> set:
        return set(_purpose(item.name)) - named

    better = [
        i
        for i in checklist.items
        if not i.instead_of and _form_code(i.name) == code and is_application_form(i) and missing(i) < missing(form)
    ]
    return min(better, key=lambda i: len(missing(i))) if better else form


def _purpose(name: str) -> List[str]:
    """The folded words of a name before its first "theo", comma or bracket ("đơn đề nghị cấp giấy phép xây dựng")."""
    return re.findall(r"\w+", re.split(r"\btheo\b|[,(;]", fold(clean(name)))[0])


def _form_code(name: str) -> str:
    """The form's number as the name gives it ("mau so 1 phu luc so ii"), "" when none."""
    found = _FORM_CODE.search(fold(clean(name)))
    return " ".join(found.group(0).split()) if found else ""


def papers_by_case(checklist, cases: Sequence[str]) -> dict:
    return {case: in_case(checklist, case) for case in cases}

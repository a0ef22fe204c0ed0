"""What each paper of a dossier is to the citizen: required, conditional (with its case) or an alternative.

The catalog writes substitutions in several ways, and none of them is a condition on the paper replaced:
- in the row itself: "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm
  chứng …; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh";
- as a row for the case where another paper is missing: "… chứng minh sự kiện chết đối với trường hợp …
  không có Giấy báo tử" (an alternative of "Giấy báo tử");
- as "B thay cho X" / "B thay thế X";
- as the online form that replaces the paper one ("Mẫu hộ tịch điện tử tương tác …" for "Tờ khai …");
- as a "one of the following" list ("Một trong những giấy tờ … bao gồm: + A. + B.").
A row may also carry papers for a case ("…. Trường hợp X thì hồ sơ còn có A; B": A and B are conditional), say whom
it is for ("… đối với người nước ngoài", "(trừ người có …)"), or state the citizen's own case ("trường hợp người
yêu cầu là cá nhân"), which is no condition on a citizen's form.
Rows the table holds for staff ("Người tiếp nhận có trách nhiệm …") are not papers and not citizen notes. A table
written by numbered cases ("4.1. Trường hợp X, hồ sơ bao gồm: a) A; b) B") is read by knowledge_base.case_rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from knowledge_base.case_rows import case_row, not_the_citizens, same_as
from knowledge_base.citizen_case import SIMILAR_CASE, names_subject, no_citizen_case
from knowledge_base.model import Document
from knowledge_base.table_rows import paper_rows
from knowledge_base.text import fold, words

REQUIRED, CONDITIONAL, ALTERNATIVE = "required", "conditional", "alternative"

_MISSING = r"(?:trường hợp|nếu)\s+(?:không có|chưa có|không còn)\s+"
# The words a paper's name begins with ("Giấy khai sinh", "Bản sao …"), to tell a paper from other words of a row.
PAPER_WORDS = (
    r"(?:Giấy|Phiếu|Văn bản|Bản|Tờ khai|Đơn|Quyết định|Biên bản|Hợp đồng|Sổ|Chứng|Ảnh|Hộ chiếu|Thẻ"
    r"|Hồ sơ|Danh sách|Báo cáo|Trích lục)"
)
# A row's later sentences that open a case: "…. Trường hợp X thì hồ sơ còn có A; B" or "; trường hợp không có…".
# (in brackets: a rule with its consequence, "… (Trong trường hợp X thì A được thay bằng B)")
_CASE_OPENER = r"(?:trong\s+|đối với\s+)?(?:trường hợp|nếu)"
_CLAUSE_START = re.compile(
    rf"[;.]\s*(?={_CASE_OPENER}\s)|\s\((?=(?:trong\s+|đối với\s+)?trường hợp\s[^()]*\sthì\s)", re.IGNORECASE
)
# who must bring the case's papers: "thì người yêu cầu chứng thực phải nộp …"
_CLAUSE_SUBJECT = r"(?:(?:người|tổ chức|cá nhân|thí sinh)\b[^,;]{0,40}?\s)?"
_CASE_CLAUSE = re.compile(
    rf"^{_CASE_OPENER}\s+(?P<case>.+?),?\s+thì\s+{_CLAUSE_SUBJECT}(?:hồ sơ\s+)?(?:còn\s+|phải\s+)?"
    rf"(?:có\s+(?:thêm\s+)?|nộp\s+(?:thêm\s+)?|bổ sung\s+|kèm theo\s+)(?P<papers>{PAPER_WORDS}.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "Quyết định tiếp nhận đối với trẻ em ở cơ sở nuôi dưỡng", "Hộ chiếu (đối với người nước ngoài)"; a closing
# note ("… đối với phương tiện không thuộc đối tượng phải đăng ký (nội dung xác nhận tại mục 2 …).") keeps the case,
# but a form's number ("Tờ khai khấu trừ thuế đối với cá nhân … (Mẫu số 01/TSMH …)") shows the words are its title.
_FOR_WHOM = re.compile(
    r"^(?P<name>[^;]{8,}?)\s*\(?\s*(?:áp dụng\s+)?đối với\s+(?P<case>(?:trẻ em|trẻ|người|cá nhân|công dân|hộ gia đình|"
    r"tổ chức|xe|phương tiện|công trình)\b(?:(?!\sthì\s)[^;()])*?)\)?\s*"
    r"(?:[;.]|$|\((?!\s*(?:theo\s+)?mẫu\b)[^()]*\)[\s.]*$)",
    re.IGNORECASE | re.DOTALL,
)
# "Một trong những giấy tờ … bao gồm: + A. + B." lists the papers any one of which will do.
_ONE_OF = re.compile(r"^Một trong (?:những|các|số)\b[^:+]*?(?:bao gồm|gồm|sau đây|sau)\s*:?\s*(?=\+)", re.IGNORECASE)
_LISTED = re.compile(r"\+\s*([^+]+)")
# "Một số giấy tờ khác: a) Xe cải tạo … thì phải có thêm A; b) Trường hợp …, phải có thêm B": a label over lettered
# cases, each with the papers it adds; the label is no paper.
_LETTERED = re.compile(r"(?<=[:;.])\s*[a-zđ]\)\s+")
_ITEM_CASE = re.compile(
    rf"^(?:{_CASE_OPENER}\s+)?(?P<case>.+?)(?:,|\s+thì)\s+(?:phải\s+)?(?:có|nộp|bổ sung)(?:\s+thêm)?\s+(?P<papers>.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "(trừ người có giấy phép lái xe hạng A1, A, B1)": a class of people who need not bring it.
_EXCEPT_PEOPLE = re.compile(r"\(\s*(trừ (?:người|công dân|cá nhân)\b[^()]+)\)")
_REPRESENTATIVE = re.compile(r"đại diện hợp pháp|giấy ủy quyền|văn bản ủy quyền", re.IGNORECASE)
REPRESENTATIVE_CASE = "ủy quyền cho người khác làm thay"
_ALTERNATIVE_CLAUSE = re.compile(
    rf"^{_MISSING}(?P<missing>.+?),?\s+thì\s+(?:phải\s+)?(?:nộp\s+|có\s+|xuất trình\s+)?(?P<alt>.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "(Trong trường hợp góp vốn bằng phần vốn góp thì Hợp đồng chuyển nhượng vốn được thay bằng bản sao Hợp đồng góp vốn)"
_SUBSTITUTION_CLAUSE = re.compile(
    rf"^{_CASE_OPENER}\s+(?P<case>.+?),?\s+thì\s+(?P<missing>.+?)\s+(?:được\s+)?thay(?:\s+thế)?\s+bằng\s+(?P<alt>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_LACKS = re.compile(r"(?:không có|chưa có|không còn)\s+(?P<missing>[^,;.]+)", re.IGNORECASE)
_REPLACES = re.compile(r"^(?P<alt>.+?)\s+(?:thay cho|thay thế cho|thay thế)\s+(?P<missing>[^,;.()]+)", re.IGNORECASE)
_ONLINE_FORM = re.compile(r"điện tử tương tác", re.IGNORECASE)
_PAPER_FORM = re.compile(r"^(?:Tờ khai|Đơn|Phiếu)\b", re.IGNORECASE)
_CORE_END = re.compile(r"\s(?:hoặc|do|theo|của|được|đã|có)\s|[;,(:]", re.IGNORECASE)
# Remarks addressed to the officials who receive the dossier, not to the citizen.
_STAFF_NOTE = re.compile(
    r"^(?:[-+•*]\s*)?(?:người tiếp nhận|cán bộ|công chức|cơ quan (?:đăng ký|tiếp nhận|giải quyết|có thẩm quyền)"
    r"|bộ phận (?:tiếp nhận|một cửa)|ủy ban nhân dân|đối với giấy tờ xuất trình)"
    r"|người tiếp nhận (?:hồ sơ )?(?:có trách nhiệm|thực hiện)|có trách nhiệm (?:tiếp nhận|kiểm tra|tra cứu)",
    re.IGNORECASE,
)


# A list item's mark before a paper's name: "1.", "- ", "a)", "iv)", or a count spelled out ("02 (hai) ảnh màu").
_ITEM_MARK = re.compile(r"^[\W\d]*(?:(?i:[a-zđ]|[ivx]{2,4}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\)\s*)?")
# "Chứng nhận đăng ký xe (trường hợp đổi chứng nhận) hoặc biển số xe (…)": the name goes on after the first one's case.
_CASE_BEFORE_OR = re.compile(r"\s\((?:trường hợp|đối với|nếu)\b[^()]*\)(?=\s+hoặc\s)", re.IGNORECASE)
_SHORT_NAME_END = re.compile(r"[;:]|\s\((?!\w+\))|,\s(?:trường hợp|nếu|kèm theo)|\.\s", re.IGNORECASE)


# A form's code ("mẫu CT01", "Mẫu số 02/2025/LLTP") within this many characters after the name's cut
_FORM_CODE = re.compile(r"\b(?:mẫu|Mẫu)\s+(?:số\s+)?([A-ZĐ]{2,5}\d{2,3}[a-z]?|\d{1,2}[a-z]?/\d{4}/[A-ZĐ]+)\b")
FORM_CODE_REACH = 80


# A template's file name run into the paper's last word, without a space: "… khoáng sảnMau 03-Phu luc II_37…",
# "… biểu mẫu điện tửDon_TT1", "… theo mẫuTPHS 1.000302 (PA).docx"
_RUN_IN_FILE = re.compile(r"(?<=[a-zà-ỹđ])(?:Mau|Mẫu|Don|TPHS|Phu)(?=[\s_\d-])")
# "Thay thế bằng: văn bản của người làm chứng …": the label of a substitute before its name
_SUBSTITUTE_LABEL = re.compile(r"^(?:thay thế bằng|thay bằng)\s*:\s*", re.IGNORECASE)
# "Một trong các giấy tờ sau: A; B", "Bản sao các giấy tờ sau đây: - A; - B", "Hồ sơ bản giấy gồm: A; B" (no "+"
# list, read by _one_of): the name goes on with the papers it lists
_LISTING = re.compile(
    r"^(?:(?:(?:Một trong|Bản sao|Bản chính)\s+)?(?:các|những)\b[^:+;]{0,60}\bsau(?: đây)?"
    r"|Hồ sơ\b[^:+;]{0,60}\b(?:bao\s+)?gồm)\s*:\s*(?=[^+\s])",
    re.IGNORECASE,
)


def short_name(document_name: str, limit: int = 90) -> str:
    """'Giấy chứng sinh; trường hợp không có…' -> 'Giấy chứng sinh'; a form code cut off is kept
    ('Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành …)' -> '… (mẫu CT01)')."""
    name = _ITEM_MARK.sub("", _SUBSTITUTE_LABEL.sub("", _ITEM_MARK.sub("", document_name)))
    name = _RUN_IN_FILE.split(_CASE_BEFORE_OR.sub("", name), 1)[0].strip()
    listed = _LISTING.match(name)  # "Một trong các giấy tờ sau: Căn cước điện tử; bản chính …": its papers
    if listed:
        name = name[: listed.end()] + re.sub(r"\s*;\s*(?:-\s+)?", ", ", name[listed.end() :]).lstrip("- ")
    cut = _SHORT_NAME_END.search(name, listed.end() if listed else 0)
    code = ""
    if cut and cut.start() >= 8:
        form = _FORM_CODE.search(name, cut.start())
        code = f" (mẫu {form.group(1)})" if form and form.start() - cut.start() < FORM_CODE_REACH else ""
        name = name[: cut.start()]
    name = name.strip(" .,;-")
    if len(name) > limit:
        name = name[:limit].rsplit(" ", 1)[0] + "…"
    return name[:1].upper() + name[1:] + code


# A template's file name a citizen can read: words with spaces or diacritics ("Mẫu số 01 TSMH.docx"), not the
# portal's accent-stripped run ("1.MuCT01banhnhkmtheoThngts53.doc"); for those the form's number in the wording.
_READABLE_FILE = re.compile(r"\s|[À-Ỹà-ỹĐđ]")
_FORM_NUMBER = re.compile(r"\b[Mm]ẫu\s+(?:số\s+)?[A-ZĐ0-9][\w/.-]*[A-Za-z0-9]")


def template_label(document: Document) -> str:
    """The template to name to the citizen: its file name when readable, else the form's number the paper's
    wording gives ("Mẫu CT01"), else ""."""
    stem = re.sub(r"\s*\(\d+\)$", "", document.template.rsplit(".", 1)[0])  # a copy's "(1)" is no word
    if not stem or _READABLE_FILE.search(stem):
        return document.template
    number = _FORM_NUMBER.search(document.name)
    return _capitalised(number.group(0)) if number else ""


@dataclass(frozen=True)
class Paper:
    """One paper of a procedure's dossier, as the form shows it."""

    name: str  # the catalog's wording of this paper (an alternative split out of its row: that clause)
    kind: str  # REQUIRED | CONDITIONAL | ALTERNATIVE
    condition: str  # the case for a conditional; for an alternative, when it is used; "" otherwise
    instead_of: str  # for an alternative, the paper it replaces
    document: Document  # the row it comes from
    detail: str  # the catalog's full wording of this paper (its row, or the clause it was split from)


def is_staff_note(text: str) -> bool:
    return bool(_STAFF_NOTE.search(text.strip()))


def core(name: str) -> str:
    """The paper itself without qualifiers: "Giấy báo tử hoặc giấy tờ thay Giấy báo tử do …" -> "Giấy báo tử"."""
    name = _ITEM_MARK.sub("", name).strip()
    cut = _CORE_END.search(name, 6)
    return (name[: cut.start()] if cut else name).strip(" .;")


def _same_paper(mention: str, name: str) -> bool:
    """Whether a mention ("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử") names the paper `name`."""
    paper = fold(core(name))
    return len(paper) >= 6 and fold(mention).strip().startswith(paper)


def _capitalised(text: str) -> str:
    text = text.strip(" ;.")
    return text[:1].upper() + text[1:]


def _first_sentence(text: str) -> str:
    return re.split(r"\.\s+(?=[A-ZĐ])", text, maxsplit=1)[0].strip(" ;.")


def _in_heading(condition: str, heading: str) -> bool:
    wanted = set(words(fold(condition)))
    return bool(wanted) and len(wanted & set(words(fold(heading)))) >= SIMILAR_CASE * len(wanted)


def _main_paper(document: Document, clauses: list[str], split_headings: set[str], subject: str = "") -> Paper:
    """The paper a row names in its first clause; `clauses` are the row's clauses kept as its wording. A condition
    that restates its case heading is no condition, unless the heading names several cases its rows tell apart
    ("… trong Công an nhân dân, Quân đội nhân dân": "Đối với Quân đội nhân dân: …", "Đối với Công an nhân dân: …");
    nor is one that names the procedure's own subject (`subject`), nor the representative of that subject ("Giấy tờ
    chứng minh là người đại diện hợp pháp của người dưới 14 tuổi" when the card is for a child under 14)."""
    name = "; ".join(clause.strip(" ;.") for clause in clauses)
    # With later "trường hợp …" clauses, a condition found at the row's end is about them, not the paper.
    condition = "" if len(clauses) > 1 else _first_sentence(document.condition)
    excepted = _EXCEPT_PEOPLE.search(name)
    if not condition and excepted:
        condition = excepted.group(1)
    in_heading = _in_heading(condition, document.group) and document.group not in split_headings
    for_whom = _FOR_WHOM.match(name)
    if not condition and for_whom and ". " not in for_whom.group("name"):
        name, condition = for_whom.group("name").strip(" ,;("), for_whom.group("case").strip()
    elif _REPRESENTATIVE.search(short_name(name)) and (not condition or "ủy quyền" in condition):
        condition = "" if names_subject(name, subject) else REPRESENTATIVE_CASE
    if in_heading or no_citizen_case(condition, subject, name):
        condition = ""
    return Paper(
        _capitalised(name), CONDITIONAL if condition else REQUIRED, condition, "", document, _wording(document)
    )


def _wording(document: Document, case_words: str = "(trường hợp") -> str:
    """The row as the catalog words it: the paper, and the case the parser split off it (after ``case_words``)."""
    if not document.condition or document.condition in document.name:  # "… (nếu có)" keeps its words
        return document.name
    closing = ")" if case_words.startswith("(") else ""
    return f"{document.name} {case_words} {document.condition}{closing}"


def _one_of(document: Document) -> list[Paper]:
    """A "one of the following" row: the row is the paper to bring, each listed paper an alternative."""
    head = _ONE_OF.match(document.name)
    if not head:
        return []
    main = head.group(0).strip(" :")
    papers = [Paper(main, REQUIRED, "", "", document, document.name)]
    papers += [
        Paper(_capitalised(listed), ALTERNATIVE, "", short_name(main), document, listed.strip())
        for listed in _LISTED.findall(document.name[head.end() :])
        if listed.strip(" .;")
    ]
    return papers


def _case_items(document: Document) -> list[Paper]:
    """A label over lettered cases ("Một số giấy tờ khác: a) … thì phải có thêm A. Trường hợp … thì … B; b) …"): each
    case's papers, conditional on it; [] when the row is not made of such cases only."""
    label, *items = _LETTERED.split(document.name)
    if len(items) < 2 or not label.rstrip().endswith(":"):
        return []
    found = []
    for item in items:
        first, *rest = _CLAUSE_START.split(item.strip(" ;."))
        case = _ITEM_CASE.match(first.strip(" ;."))
        if not case:
            return []
        clauses = [case] + [_CASE_CLAUSE.match(clause.strip(" ;.")) for clause in rest]
        found += [
            Paper(_capitalised(name), CONDITIONAL, clause.group("case").strip(), "", document, item.strip(" ;."))
            for clause in clauses
            if clause
            for name in _listed_papers(clause.group("papers"))
        ]
    return found


def _split_row(document: Document, split_headings: set[str], subject: str) -> list[Paper]:
    """A row that carries its own alternatives or extra papers for a case becomes one paper each."""
    if not_the_citizens(document.name):
        return []
    by_case = case_row(document.name) or (document.condition and case_row(_wording(document, "trong trường hợp")))
    if by_case:
        kind = CONDITIONAL if by_case.case else REQUIRED
        return [Paper(_capitalised(name), kind, by_case.case, "", document, name) for name in by_case.papers]
    listed = _one_of(document) or _case_items(document)
    if listed:
        return listed
    parts = _CLAUSE_START.split(document.name)
    kept, extra = [parts[0]], []
    for part in parts[1:]:
        part = part.strip(" ;.)") if part.count(")") > part.count("(") else part.strip(" ;.")
        alternative = _ALTERNATIVE_CLAUSE.match(part)
        case = _CASE_CLAUSE.match(part)
        substitute = _SUBSTITUTION_CLAUSE.match(part)
        if substitute and re.match(PAPER_WORDS, substitute.group("alt").strip(), re.IGNORECASE):
            alt = substitute.group("alt").strip(" .;)")
            extra.append(
                Paper(
                    _capitalised(alt),
                    ALTERNATIVE,
                    substitute.group("case").strip(),
                    short_name(parts[0]),
                    document,
                    part,
                )
            )
        elif alternative and re.match(PAPER_WORDS, alternative.group("alt").strip(), re.IGNORECASE):
            extra.append(
                Paper(
                    _capitalised(alternative.group("alt")),
                    ALTERNATIVE,
                    f"không có {alternative.group('missing').strip()}",
                    short_name(parts[0]),
                    document,
                    part,
                )
            )
        elif case:
            extra += [
                Paper(_capitalised(name), CONDITIONAL, case.group("case").strip(), "", document, part)
                for name in _listed_papers(case.group("papers"))
            ]
        else:
            kept.append(part)
    return [_main_paper(document, kept, split_headings, subject)] + extra


def _listed_papers(text: str) -> list[str]:
    """The papers of "A; B; trừ trường hợp …": the first, and each later clause that names a paper."""
    first, *rest = re.split(r";\s*", text)
    return [first] + [name for name in rest if re.match(PAPER_WORDS, name.strip(), re.IGNORECASE)]


def _replaced(paper: Paper, papers: list[Paper]) -> str:
    """The other paper this one stands in for, "" when none."""
    replaces = _REPLACES.match(paper.name)
    mentions = [replaces.group("missing")] if replaces else []
    mentions += [m.group("missing") for m in _LACKS.finditer(paper.condition)]
    for mention in mentions:
        for other in papers:
            if other is not paper and other.kind != ALTERNATIVE and _same_paper(mention, other.name):
                return short_name(other.name)
    return ""


def _paper_form(papers: list[Paper]) -> str:
    """The paper form an online form stands in for: the common case's (required) one, else the first."""
    forms = [p for p in papers if _PAPER_FORM.match(p.name) and not _ONLINE_FORM.search(p.name)]
    form = next((p for p in forms if p.kind == REQUIRED), forms[0] if forms else None)
    return short_name(form.name) if form else ""


def _paper_key(name: str) -> str:
    return " ".join(words(fold(short_name(name))))


def _listed_alternatives(papers: list[Paper]) -> dict[tuple[str, str], str]:
    """(heading, paper) -> the "one of" row listing it: the catalog often repeats a listed paper as a row of its own
    under the same heading ("Một trong những giấy tờ hợp pháp về đất đai … bao gồm: + Giấy chứng nhận quyền sử dụng
    đất …", then "Giấy chứng nhận quyền sử dụng đất …" again), which is that alternative, not one more paper."""
    return {
        (paper.document.group, _paper_key(paper.name)): paper.instead_of
        for paper in papers
        if paper.kind == ALTERNATIVE and _ONE_OF.match(paper.document.name)
    }


def _references_resolved(result: list[Paper]) -> list[Paper]:
    """A row "Hồ sơ tương tự như khoản N …" replaced by the papers of the table's N-th part, under its own heading."""
    parts = list(dict.fromkeys(paper.document.group for paper in result))
    resolved = []
    for paper in result:
        part = same_as(paper.document.name)
        if 0 < part <= len(parts) and parts[part - 1] != paper.document.group:
            resolved += [
                replace(other, document=paper.document)
                for other in result
                if other.document.group == parts[part - 1] and not same_as(other.document.name)
            ]
        else:
            resolved.append(paper)
    return resolved


def papers(documents: tuple[Document, ...], subject: str = "") -> list[Paper]:
    """The dossier's papers with their kinds, in the catalog's order; `subject` is the audience the procedure is
    named for (subject_of); rows that are no paper are left out (knowledge_base.table_rows)."""
    stated = {(d.group, _first_sentence(d.condition)) for d in documents if _in_heading(d.condition, d.group)}
    split_headings = {group for group, _ in stated if sum(g == group for g, _ in stated) > 1}
    rows = paper_rows(documents)
    result = [paper for document in rows for paper in _split_row(document, split_headings, subject)]
    result = [paper for paper in _references_resolved(result) if short_name(paper.name)]  # a row with no name left
    form = _paper_form(result)
    listed = _listed_alternatives(result)
    refined = []
    for paper in result:
        if paper.kind != ALTERNATIVE:
            replaced = _replaced(paper, result)
            # an online form with a case of its own ("… điện tử tương tác (dùng cho trường hợp ủy quyền …)") keeps it
            online = _ONLINE_FORM.search(paper.name) and paper.kind == REQUIRED
            if not replaced and form and online and short_name(paper.name) != form:
                replaced = form
            if not replaced and paper.kind == REQUIRED:
                replaced = listed.get((paper.document.group, _paper_key(paper.name)), "")
            if replaced:
                paper = replace(paper, kind=ALTERNATIVE, instead_of=replaced)
        refined.append(paper)
    return refined

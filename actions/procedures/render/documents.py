"""Document answers from the dossier checklist (``kb_client.checklist``), so the answer and the dossier form agree.

The first answer lists the papers of the common case (at most ``MAX_LINES`` lines, short names, alternatives as
"hoặc"), then the papers needed only in a particular case by a brief name with their case ("Giấy khám sức khỏe (trừ
người có giấy phép lái xe hạng A1, A, B1)") while they fit, and leaves the rest behind buttons: those papers
("conditional"), one case of a dossier that differs by case ("case-<n>"), the list of cases ("cases"), or
everything ("full"). The button payloads are ``/ask_documents{"detail": …}``: the `detail` entity
(bot/domain/base.yml).

The citizen's question (``question``) is read by ``question_match``: when it describes one case of a dossier that
differs by case, that case's papers are answered, named, with a button for the other cases; when nothing selects a
case, the question which case applies is asked (the catalog's first heading is not reliably the common case: a
building permit lists works along a route first and the family house seventh), after the papers every case needs
(``cases.shared_papers``: the residence form CT01 the catalog lists under two of six cases). When it names a paper
("có cần giấy khám sức khỏe không"), or words only a paper's full wording holds ("bản vẽ" in "Hồ sơ thiết kế xây
dựng", quoted), the first line says whether and when that paper is needed, or that the list does not name it
(``paper_answer``); a record by case with no case said answers its plain case (``cases.plain_case``).
"""

from __future__ import annotations

import json
import re
from typing import List, Optional, Sequence

from actions.clients import knowledge_base as kb_client
from actions.core.replies import Button, shorten
from actions.procedures.render.cases import (
    case_label,
    citizen_cases,
    common_groups,
    common_papers,
    forms_first,
    in_case,
    is_part,
    own_papers,
    papers_by_case,
    plain_case,
    shared_papers,
)
from actions.procedures.render.common import DOCUMENTS_LIMIT, budget_left, compose, fit, page_line, short_name
from actions.procedures.render.paper_answer import asked_paper_line, case_note
from actions.procedures.render.paper_names import PAPER_MARK, core_name, paper_brief
from actions.procedures.render.paper_question import without_paper
from actions.procedures.render.place import place_text
from actions.procedures.render.question_match import select_case
from actions.procedures.texts import clean
from common.limits import MAX_REPLY_CHARS
from nlu.vietnamese_text import fold

MAX_LINES = 8  # papers listed in the first answer
# 24 of 2,642 records have no checklist once knowledge_base.record_fields has re-split the records the portal cut
# at "(Thành phần hồ sơ)": 23 tables hold only "--", 1 a result's code. The description of 3 of them names papers
# (knowledge_base.described_papers): those are quoted (DESCRIBED), the others get NO_PAPERS.
NO_PAPERS = (
    "Giấy tờ cần chuẩn bị cho {name}: cơ sở dữ liệu chưa có danh sách giấy tờ. Bạn xem danh sách tại trang chính "
    "thức dưới đây hoặc hỏi {place}."
)
DESCRIBED = "Giấy tờ cần chuẩn bị cho {name}: cơ sở dữ liệu chưa có danh sách giấy tờ, nhưng phần mô tả thủ tục có nêu:"
DESCRIBED_END = "Danh sách đầy đủ có thể còn giấy tờ khác: bạn xem trang chính thức dưới đây hoặc hỏi {place}."
PLACE_LIMIT = 120  # characters of the place named in NO_PAPERS
SHARED_LINES = 3  # everyone's papers listed above the question which case applies
CASES_ROOM = 400  # characters kept for the question which case applies and its cases
CONDITIONAL, FULL, CASE, CASES = "conditional", "full", "case-", "cases"
DETAIL_LIMIT = 250  # characters of a paper's catalog wording in the full list
MORE_PAPERS = "Còn {count} giấy tờ nữa: bấm “Xem đầy đủ”."
CONDITIONAL_HEADING = "Chỉ cần trong trường hợp riêng:"
MORE_CONDITIONAL = "Còn {count} giấy tờ trong trường hợp riêng: bấm “Giấy tờ trong trường hợp riêng”."
OTHER_CASES = "Nếu bạn thuộc trường hợp khác, bấm “Trường hợp khác”."
MAX_ALTERNATIVES = 2  # papers named after "hoặc" in a list ("Xem đầy đủ" names them all)
FULL_LIMIT = 3 * MAX_REPLY_CHARS  # the full list: at most about three messages, then the official page
FULL_CUT = "Danh sách còn dài: bạn xem phần còn lại tại trang chính thức dưới đây."
MAX_NOTES = 5  # the table's notes for citizens in the full list
_COUNT = re.compile(r"(\d+)\s*(bản\s+\w+)")
EXAMPLE_LIMIT = 45  # characters of a case given as an example in the first answer (a longer one is not cut, left out)
EXAMPLE_MIN_WORDS = 2  # a case of one word ("có", from "nếu có") says nothing as an example
_NOTE_LABEL = re.compile(r"^\W*(?:lưu ý|ghi chú)\s*:\s*(?:-\s*)?", re.IGNORECASE)  # under the heading "Lưu ý:"
SHARED_HEADING = "Giấy tờ cần chuẩn bị cho {name}, chung cho mọi trường hợp:"
ASK_CASE = "Tùy trường hợp, bạn cần thêm giấy tờ khác. Bạn thuộc trường hợp nào?"
CASE_BUTTONS = "Các giấy tờ khác của {name} tùy trường hợp: bạn bấm trường hợp của mình bên dưới."


def detail_payload(detail: str) -> str:
    return "/ask_documents" + json.dumps({"detail": detail}, ensure_ascii=False, separators=(",", ":"))


def copies_text(copies: str) -> str:
    """ "0 bản chính, 1 bản sao" -> "1 bản sao"; "01 bản chính" -> "1 bản chính" (counts run into a date or a form
    number are repaired when the catalog is parsed: knowledge_base.parse)."""
    counts = [(int(n), kind) for n, kind in _COUNT.findall(clean(copies))]
    return ", ".join(f"{n} {kind}" for n, kind in counts if n)


def _paper_line(item, checklist, with_condition: bool = False) -> str:
    line = core_name(item)
    copies = copies_text(item.copies)
    if copies:
        line += f" ({copies})"
    alternatives = list(dict.fromkeys(core_name(a) for a in checklist.alternatives_for(item.name)))
    if alternatives:
        more = len(alternatives) - MAX_ALTERNATIVES
        line += " — hoặc: " + "; ".join(alternatives[:MAX_ALTERNATIVES])
        line += f"; … ({more} loại khác)" if more > 0 else ""
    note = case_note(item.condition)
    if with_condition and note:
        line += f" — {note}"
    return line


def _numbered(
    items: Sequence,
    checklist,
    lines: List[str],
    proc,
    limit: int,
    with_condition: bool = False,
    reserve: int = 0,
    start: int = 0,
) -> int:
    """Append numbered papers while they fit in ``limit`` characters less ``reserve`` (for the lines that follow)
    and a "Còn … nữa" line (at most MAX_LINES papers); how many were listed."""
    listed = 0
    for item in items:
        line = f"{start + listed + 1}. {_paper_line(item, checklist, with_condition)}"
        if start + listed == MAX_LINES or len(line) > budget_left(limit, lines, proc) - reserve - len(MORE_PAPERS):
            break
        lines.append(line)
        listed += 1
    return listed


def _more_buttons(conditional: bool = False) -> List[Button]:
    """ "Giấy tờ trong trường hợp riêng" when there are such papers, and "Xem đầy đủ"."""
    buttons = [{"title": "Xem đầy đủ", "payload": detail_payload(FULL)}]
    if conditional:
        buttons.insert(0, {"title": "Giấy tờ trong trường hợp riêng", "payload": detail_payload(CONDITIONAL)})
    return buttons


def _case_buttons(cases: Sequence[str], proc=None) -> List[Button]:
    """One button per case (at most MAX_LINES), numbered as ``citizen_cases`` lists them."""
    return [
        {"title": f"{i}. {case_label(case, 55, proc)}", "payload": detail_payload(f"{CASE}{i}")}
        for i, case in enumerate(cases[:MAX_LINES], 1)
    ]


def _ask_case(proc, checklist, name: str, cases: Sequence[str], lead: str = "") -> tuple[str, List[Button]]:
    """Everyone's papers (``shared_papers``) first, then the question which case applies; after the answer about a
    paper asked (``lead``), the cases are only buttons: the paper was the question."""
    shared = forms_first(shared_papers(checklist), core_name)
    if not shared:
        ask = f"Giấy tờ cần chuẩn bị cho {name} tùy trường hợp của bạn. Bạn thuộc trường hợp nào?"
        lines = [lead, CASE_BUTTONS.format(name=name) if lead else ask]
    else:
        lines = [lead, SHARED_HEADING.format(name=name)]
        for item in shared[:SHARED_LINES]:  # the first always; the others while the cases keep their room
            line = f"• {_paper_line(item, checklist)}"
            if len(lines) > 2 and len(line) > budget_left(DOCUMENTS_LIMIT, lines, proc) - CASES_ROOM:
                break
            lines.append(line)
        lines.append(CASE_BUTTONS.format(name=name) if lead else ASK_CASE)
    if lead:
        return compose(lines, proc), _case_buttons(cases, proc) + _more_buttons()
    shown = 0
    for case in cases[:MAX_LINES]:
        line = f"{shown + 1}. {case_label(case, proc=proc)}"
        if len(line) > budget_left(DOCUMENTS_LIMIT, lines, proc) - 60:
            break
        lines.append(line)
        shown += 1
    if shown < len(cases):
        lines.append(f"… và {len(cases) - shown} trường hợp khác: bấm “Xem đầy đủ”.")
    return compose(lines, proc), _case_buttons(cases[:shown], proc) + _more_buttons()


def cases_answer(proc, checklist) -> tuple[str, List[Button]]:
    """The question which case applies (the button "Trường hợp khác" under one case's papers)."""
    cases = citizen_cases(checklist)
    if len(cases) < 2:
        return documents_answer(proc, checklist)
    return _ask_case(proc, checklist, short_name(proc), cases)


def _conditional_lines(items: Sequence, lines: List[str], proc, reserve: int = 0) -> int:
    """Append the conditional papers by brief name and case ("• Giấy khám sức khỏe (trừ …)") while they fit with
    ``reserve`` characters left for the lines that follow; how many were listed."""
    if not items:
        return 0
    lines.append(CONDITIONAL_HEADING)
    listed = 0
    for item in items[:MAX_LINES]:
        note = case_note(item.condition)
        line = f"• {paper_brief(item)}" + (f" ({note})" if note else "")
        if len(line) > budget_left(DOCUMENTS_LIMIT, lines, proc) - reserve - len(MORE_CONDITIONAL):
            break
        lines.append(line)
        listed += 1
    if not listed:
        lines.pop()
    if listed < len(items):
        lines.append(MORE_CONDITIONAL.format(count=len(items) - listed))
    return listed


def documents_answer(proc, checklist, question: str = "") -> tuple[str, List[Button]]:
    """The first answer: the papers of the common case, or of the case the question describes; the rest behind
    buttons. A paper the question names comes first, with whether and when it is needed."""
    name = short_name(proc)
    if not checklist.items:
        return _without_list(proc, name), []
    cases, common, conditional = citizen_cases(checklist), common_papers(checklist), checklist.conditional
    chosen = select_case(without_paper(question), cases, papers_by_case(checklist, cases), proc)
    chosen = plain_case(checklist, proc) if chosen is None and not common else chosen
    if chosen is not None:
        return case_answer(proc, checklist, chosen + 1, question)
    lead = asked_paper_line(proc, checklist, question)
    if not common and len(cases) > 1:
        return _ask_case(proc, checklist, name, cases, lead)
    if not common and cases:  # one case only: it is everyone's
        common, cases = [i for i in in_case(checklist, cases[0]) if not i.instead_of], []
    lines = [lead, f"Giấy tờ cần chuẩn bị cho {name}:"]
    tail = []
    if cases:
        labels = "; ".join(case_label(case, 50, proc) for case in cases[:2])
        tail.append(f"Có thêm giấy tờ tùy trường hợp ({labels}{'; …' if len(cases) > 2 else ''}): bấm để xem.")
    first = f"• {paper_brief(conditional[0])} ({case_note(conditional[0].condition)})" if conditional else ""
    reserve = sum(len(line) + 1 for line in tail + ([CONDITIONAL_HEADING, first] if conditional else []))
    groups = common_groups(checklist) if common == common_papers(checklist) else [("", common)]
    groups = [(heading, forms_first(items, core_name)) for heading, items in groups]
    common = [item for _, items in groups for item in items]
    listed = 0
    for heading, items in groups:
        if heading and len(groups) > 1:
            lines.append(f"{heading}:")
        count = _numbered(items, checklist, lines, proc, DOCUMENTS_LIMIT, True, reserve, start=listed)
        listed += count
        if count < len(items):
            if count == 0 and heading and len(groups) > 1:
                lines.pop()  # a heading without its papers
            break
    if listed < len(common):
        lines.append(MORE_PAPERS.format(count=len(common) - listed))
    tail_size = sum(len(line) + 1 for line in tail)
    _conditional_lines(conditional, lines, proc, reserve=tail_size)
    lines += tail
    return compose(lines, proc), _more_buttons(bool(conditional)) + _case_buttons(cases, proc)


def _without_list(proc, name: str) -> str:
    """The papers the description names, quoted and said to come from it; else the honest "no list"."""
    place = fit(place_text(proc), PLACE_LIMIT).rstrip(".")
    described = kb_client.described_papers(proc)
    if not described:
        return compose([NO_PAPERS.format(name=name, place=place)], proc)
    quoted = [f"• “{shorten(paper, DETAIL_LIMIT)}”" for paper in described]
    return compose([DESCRIBED.format(name=name), *quoted, DESCRIBED_END.format(place=place)], proc)


def conditional_answer(proc, checklist) -> tuple[str, List[Button]]:
    items = checklist.conditional
    name = short_name(proc)
    if not items:
        return compose([f"Giấy tờ chỉ cần trong trường hợp riêng ({name}): không có."], proc), []
    lines = [f"Giấy tờ chỉ cần trong trường hợp riêng ({name}):"]
    listed = _numbered(items, checklist, lines, proc, DOCUMENTS_LIMIT, with_condition=True)
    if listed < len(items):
        lines.append(MORE_PAPERS.format(count=len(items) - listed))
    return compose(lines, proc), _more_buttons()


def case_answer(proc, checklist, number: int, question: str = "") -> Optional[tuple[str, List[Button]]]:
    """Everyone's papers and those of the citizen's case number ``number`` (1-based, as the buttons count), with a
    button for the other cases; a paper the question names comes first."""
    cases = citizen_cases(checklist)
    if not 1 <= number <= len(cases):
        return None
    case = cases[number - 1]
    own = own_papers(checklist, case, proc)
    listed = {fold(i.name) for i in own}
    papers = common_papers(checklist) + [i for i in shared_papers(checklist) if fold(i.name) not in listed] + own
    named: dict = {}
    for item in papers:
        if not item.instead_of:
            named.setdefault(fold(item.name), item)
    items = forms_first(list(named.values()), core_name)  # a paper both everyone and the case need is listed once
    lead = asked_paper_line(proc, checklist, question, case)
    lines = [lead, f"Giấy tờ cần chuẩn bị cho {short_name(proc)}, trường hợp “{case_label(case, proc=proc)}”:"]
    others = len(cases) > 1
    reserve = len(OTHER_CASES) + 1 if others else 0
    listed = _numbered(items, checklist, lines, proc, DOCUMENTS_LIMIT, with_condition=True, reserve=reserve)
    if listed < len(items):
        lines.append(MORE_PAPERS.format(count=len(items) - listed))
    buttons = _more_buttons()
    if others:
        lines.append(OTHER_CASES)
        buttons.insert(0, {"title": "Trường hợp khác", "payload": detail_payload(CASES)})
    return compose(lines, proc), buttons


def full_answer(proc, checklist) -> tuple[str, List[Button]]:
    """Every paper with the catalog's wording, by case, and the table's notes for citizens (split for chat), up to
    FULL_LIMIT characters; the official page has the rest."""
    groups = [("Giấy tờ cần nộp", checklist.required), ("Chỉ cần trong trường hợp riêng", checklist.conditional)]
    groups += [
        (case_label(case) if is_part(case) else f"Trường hợp “{case_label(case)}”", in_case(checklist, case))
        for case in checklist.cases
    ]
    lines = [f"Danh sách đầy đủ giấy tờ cho {short_name(proc)}:"]
    for heading, items in groups:
        papers = [i for i in items if not i.instead_of]
        if papers:  # a blank line starts a chat message: the title stays with the first group
            lines += ["", f"{heading}:"] if len(lines) > 1 else [f"{heading}:"]
        for number, item in enumerate(papers, 1):
            copies = copies_text(item.copies)
            alternatives = checklist.alternatives_for(item.name)
            wording = clean(item.name) if alternatives else clean(item.detail) or clean(item.name)  # no repeats
            wording = PAPER_MARK.sub("", wording)
            wording = wording[:1].upper() + wording[1:]  # a paper split out of a sentence starts it
            lines.append(f"{number}. {shorten(wording, DETAIL_LIMIT)}" + (f" ({copies})" if copies else ""))
            lines += [f"   hoặc: {shorten(clean(a.name), DETAIL_LIMIT)}" for a in alternatives]
            if sum(len(line) + 1 for line in lines) > FULL_LIMIT:
                return _paragraphs(lines + ["", FULL_CUT], proc), []
    notes = [
        shorten(_NOTE_LABEL.sub("", clean(n)), DETAIL_LIMIT)
        for n in (*getattr(checklist, "notes", ()), *getattr(proc, "document_notes", ()))
        if clean(n)
    ]
    notes = [n for n in notes if not n.endswith(":")][:MAX_NOTES]  # headings of lists the table broke up
    if notes:
        lines += ["", "Lưu ý:"] + [f"• {n}" for n in notes]
    return _paragraphs(lines, proc), []


def _paragraphs(lines: List[str], proc) -> str:
    """Lines with their blank lines kept (the reply is split between paragraphs), the official page last."""
    return "\n".join(lines) + "\n\n" + page_line(proc)

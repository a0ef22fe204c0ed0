"""Document answers from the dossier checklist (``kb_client.checklist``), so the answer and the dossier form agree.

The first answer lists the papers of the common case (at most ``MAX_LINES`` lines, short names, alternatives as
"hoặc"), says in a line how many papers are needed only in a particular case, and leaves the rest behind buttons:
those papers ("conditional"), one case of a dossier that differs by case ("case-<n>"), or everything ("full").
The button payloads are ``/ask_documents{"detail": …}``: the `detail` entity (bot/domain/base.yml).
"""

from __future__ import annotations

import json
import re
from typing import List, Optional, Sequence

from actions.core.replies import Button, shorten
from actions.procedures.render.common import DOCUMENTS_LIMIT, budget_left, compose, page_line, short_name
from actions.procedures.texts import clean, condition_phrase
from common.limits import MAX_REPLY_CHARS

MAX_LINES = 8  # papers listed in the first answer
CONDITIONAL, FULL, CASE = "conditional", "full", "case-"
CASE_LIMIT = 90  # characters of a case heading in a list
CONDITION_LIMIT = 60  # characters of a paper's case in a list ("nếu trẻ em bị bỏ rơi")
DETAIL_LIMIT = 250  # characters of a paper's catalog wording in the full list
MORE_PAPERS = "Còn {count} giấy tờ nữa: bấm “Xem đầy đủ”."
FULL_LIMIT = 3 * MAX_REPLY_CHARS  # the full list: at most about three messages, then the official page
FULL_CUT = "Danh sách còn dài: bạn xem phần còn lại tại trang chính thức dưới đây."
MAX_NOTES = 5  # the table's notes for citizens in the full list
MAX_COPIES = 9  # a count above this is the catalog's garbling (a form number run into the count), not shown
_COUNT = re.compile(r"(\d+)\s*(bản\s+\w+)")


def detail_payload(detail: str) -> str:
    return "/ask_documents" + json.dumps({"detail": detail}, ensure_ascii=False, separators=(",", ":"))


def copies_text(copies: str) -> str:
    """ "0 bản chính, 1 bản sao" -> "1 bản sao"; "01 bản chính" -> "1 bản chính"; unreadable counts -> ""."""
    counts = [(int(n), kind) for n, kind in _COUNT.findall(clean(copies))]
    if any(n > MAX_COPIES for n, _ in counts):
        return ""
    return ", ".join(f"{n} {kind}" for n, kind in counts if n)


def _case_label(case: str, limit: int = CASE_LIMIT) -> str:
    """A case heading as a short label: "Đăng ký tạm trú theo danh sách, hồ sơ gồm:" -> "… theo danh sách"."""
    label = re.sub(r"[,:]?\s*(?:hồ sơ\s+)?(?:bao\s+)?gồm\s*:?$", "", clean(case).rstrip(" :."), flags=re.IGNORECASE)
    return shorten(label, limit)


def _paper_line(item, checklist, with_condition: bool = False) -> str:
    line = clean(item.name)
    copies = copies_text(item.copies)
    if copies:
        line += f" ({copies})"
    alternatives = [shorten(clean(a.name), 70) for a in checklist.alternatives_for(item.name)]
    if alternatives:
        line += " — hoặc: " + "; ".join(alternatives)
    condition = condition_phrase(item.condition)
    if with_condition and condition:
        line += f" — nếu {shorten(condition, CONDITION_LIMIT)}"
    return line


def _numbered(
    items: Sequence, checklist, lines: List[str], proc, limit: int, with_condition: bool = False, reserve: int = 0
) -> int:
    """Append numbered papers while they fit in ``limit`` characters less ``reserve`` (for the lines that follow)
    and a "Còn … nữa" line (at most MAX_LINES papers); how many were listed."""
    listed = 0
    for item in items:
        line = f"{listed + 1}. {_paper_line(item, checklist, with_condition)}"
        if listed == MAX_LINES or len(line) > budget_left(limit, lines, proc) - reserve - len(MORE_PAPERS):
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


def _case_buttons(cases: Sequence[str]) -> List[Button]:
    return [
        {"title": f"{i}. {_case_label(case, 55)}", "payload": detail_payload(f"{CASE}{i}")}
        for i, case in enumerate(cases, 1)
    ]


def documents_answer(proc, checklist) -> tuple[str, List[Button]]:
    """The first answer: the common case's papers, the rest behind buttons."""
    name = short_name(proc)
    if not checklist.items:
        return compose([f"Giấy tờ cần chuẩn bị cho {name}: cơ sở dữ liệu chưa có danh sách giấy tờ."], proc), []
    cases = checklist.cases
    required = checklist.required
    conditional = checklist.conditional
    if len(cases) > 1 and not required:
        lines = [f"Giấy tờ cần chuẩn bị cho {name} tùy trường hợp của bạn. Bạn thuộc trường hợp nào?"]
        shown = 0
        for case in cases[:MAX_LINES]:
            line = f"{shown + 1}. {_case_label(case)}"
            if len(line) > budget_left(DOCUMENTS_LIMIT, lines, proc) - 60:
                break
            lines.append(line)
            shown += 1
        if shown < len(cases):
            lines.append(f"… và {len(cases) - shown} trường hợp khác: bấm “Xem đầy đủ”.")
        return compose(lines, proc), _case_buttons(cases[:shown]) + _more_buttons()
    common = required or [i for i in checklist.for_case(cases[0] if cases else None) if not i.instead_of]
    lines = [f"Giấy tờ cần chuẩn bị cho {name}:"]
    tail = []
    if conditional:
        examples = "; ".join(dict.fromkeys(shorten(condition_phrase(i.condition), 40) for i in conditional[:3]))
        tail.append(f"Ngoài ra có {len(conditional)} giấy tờ chỉ cần trong trường hợp riêng (ví dụ: {examples}).")
    if len(cases) > 1:
        tail.append("Có thêm giấy tờ tùy trường hợp: bạn bấm chọn trường hợp của mình.")
    reserve = sum(len(line) + 1 for line in tail)
    listed = _numbered(common, checklist, lines, proc, DOCUMENTS_LIMIT, with_condition=not required, reserve=reserve)
    lines += tail
    if listed < len(common):
        lines.append(MORE_PAPERS.format(count=len(common) - listed))
    buttons = _more_buttons(bool(conditional)) + (_case_buttons(cases[:MAX_LINES]) if len(cases) > 1 else [])
    return compose(lines, proc), buttons


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


def case_answer(proc, checklist, number: int) -> Optional[tuple[str, List[Button]]]:
    cases = checklist.cases
    if not 1 <= number <= len(cases):
        return None
    case = cases[number - 1]
    items = [i for i in checklist.for_case(case) if not i.instead_of]
    lines = [f"Giấy tờ cần chuẩn bị cho {short_name(proc)}, trường hợp “{_case_label(case)}”:"]
    listed = _numbered(items, checklist, lines, proc, DOCUMENTS_LIMIT, with_condition=True)
    if listed < len(items):
        lines.append(MORE_PAPERS.format(count=len(items) - listed))
    return compose(lines, proc), _more_buttons()


def full_answer(proc, checklist) -> tuple[str, List[Button]]:
    """Every paper with the catalog's wording, by case, and the table's notes for citizens (split for chat), up to
    FULL_LIMIT characters; the official page has the rest."""
    groups = [("Giấy tờ cần nộp", checklist.required), ("Chỉ cần trong trường hợp riêng", checklist.conditional)]
    groups += [
        (f"Trường hợp “{_case_label(case)}”", [i for i in checklist.items if i.case == case])
        for case in checklist.cases
    ]
    lines = [f"Danh sách đầy đủ giấy tờ cho {short_name(proc)}:"]
    for heading, items in groups:
        papers = [i for i in items if not i.instead_of]
        if papers:
            lines += ["", f"{heading}:"]
        for number, item in enumerate(papers, 1):
            copies = copies_text(item.copies)
            alternatives = checklist.alternatives_for(item.name)
            wording = clean(item.name) if alternatives else clean(item.detail) or clean(item.name)  # no repeats
            lines.append(f"{number}. {shorten(wording, DETAIL_LIMIT)}" + (f" ({copies})" if copies else ""))
            lines += [f"   hoặc: {shorten(clean(a.name), DETAIL_LIMIT)}" for a in alternatives]
            if sum(len(line) + 1 for line in lines) > FULL_LIMIT:
                return _paragraphs(lines + ["", FULL_CUT], proc), []
    notes = [shorten(clean(n), DETAIL_LIMIT) for n in getattr(proc, "document_notes", ()) if clean(n)]
    notes = [n for n in notes if not n.endswith(":")][:MAX_NOTES]  # headings of lists the table broke up
    if notes:
        lines += ["", "Lưu ý:"] + [f"• {n}" for n in notes]
    return _paragraphs(lines, proc), []


def _paragraphs(lines: List[str], proc) -> str:
    """Lines with their blank lines kept (the reply is split between paragraphs), the official page last."""
    return "\n".join(lines) + "\n\n" + page_line(proc)

"""Two facts asked in one message ("cấp lại mất bao lâu và phí bao nhiêu", "có được miễn phí không, nộp ở đâu"):
the answer about the first one (render.answer) with the second one's fact under it, both on one phone screen.

The aspects asked come from the reader (aspect.asked_aspects: the explicit open question first). The second fact is
the first line of its own answer ("Lệ phí …: 135.000 đồng/lần.", with its labelled lines when it has several), put
above the official page; the first answer gives up its last detail lines when both would not fit ASPECT_LIMIT (a
document list: DOCUMENTS_LIMIT). A yes/no question about a step (conditions) or the papers is never the second
fact: their answers are no single line.
"""

from __future__ import annotations

from typing import List

from actions.procedures import render
from actions.procedures.aspect import asked_aspects
from actions.procedures.render.common import ASPECT_LIMIT, DOCUMENTS_LIMIT, Reply, budget_left, compose, fit, page_line

SECOND_FACTS = ("fee", "time", "where", "online", "legal")  # aspects whose answer opens with a one-line fact
_ITEM = "•"  # a labelled line of a fact with several ("• Trực tiếp: 5 ngày làm việc")


def second_aspect(question: str, first: str) -> str:
    """The other aspect ``question`` asks beside ``first`` (the one answered), "" when it asks no other one-line
    fact; never beside the overview."""
    if first not in SECOND_FACTS + ("documents",):
        return ""
    others = [aspect for aspect in asked_aspects(question, first) if aspect != first]
    return others[0] if others and others[0] in SECOND_FACTS else ""


def fact_lines(text: str) -> List[str]:
    """The fact an answer opens with: its first line, and the labelled lines under it when it ends with ":"."""
    lines = text.splitlines()
    head = lines[:1]
    if head and head[0].endswith(":"):
        head += _leading_items(lines[1:])
    return head


def _leading_items(lines: List[str]) -> List[str]:
    items: List[str] = []
    for line in lines:
        if not line.startswith(_ITEM):
            break
        items.append(line)
    return items


def with_second_fact(proc, reply: Reply, first: str, question: str) -> Reply:
    """``reply`` (the answer about ``first``) with the fact of the second aspect ``question`` asks, when it asks
    one and the reply does not state it yet."""
    second = second_aspect(question, first)
    page = page_line(proc)
    if not second or not reply.text.endswith(page):
        return reply
    fact = fact_lines(render.aspect_text(proc, second))
    if not fact or fact[0] in reply.text:
        return reply
    limit = ASPECT_LIMIT if len(reply.text) <= ASPECT_LIMIT else DOCUMENTS_LIMIT
    lines = reply.text[: -len(page)].rstrip("\n").splitlines()
    while len(lines) > 1 and len(compose(lines + fact, proc)) > limit:
        lines.pop()  # the first answer's last detail
    fitted = [fit(line, budget_left(limit, lines + fact[:i], proc)) for i, line in enumerate(fact)]
    return Reply(compose(lines + [line for line in fitted if line], proc), reply.buttons)

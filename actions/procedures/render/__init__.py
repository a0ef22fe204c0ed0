"""Answers about a procedure, one aspect at a time, each fitting one phone screen.

``answer(proc, aspect, …)`` is the contract: a Reply whose text starts with the aspect asked and its fact,
names the procedure briefly and ends with the official page (detail_url); a one-aspect text is at most
ASPECT_LIMIT characters, a document list at most DOCUMENTS_LIMIT; details are behind the Reply's buttons.
Aspects: summary, documents, fee, time, where, online, legal, conditions (a sentence of the record: a deadline, who
may go, a condition, a step); a yes/no question about a paper gets the document answer (render.paper_answer).
``detail`` (documents only): "conditional", "full", "cases" or "case-<n>" from the buttons' `detail` entity;
``question`` (documents and conditions): the citizen's words, which may describe their case or name a paper
(render.question_match), or ask what the record states.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from actions.clients import knowledge_base as kb_client
from actions.procedures.render import documents
from actions.procedures.render.common import ASPECT_LIMIT, DOCUMENTS_LIMIT, Reply, page_line
from actions.procedures.render.conditions import conditions_answer
from actions.procedures.render.facts import fee_answer, time_answer
from actions.procedures.render.paper_answer import for_documents
from actions.procedures.render.place import legal_answer, online_answer, summary_answer, where_answer
from actions.procedures.render.variants import variant_note
from actions.procedures.texts import follow_up_buttons

__all__ = ["ASPECT_LIMIT", "DOCUMENTS_LIMIT", "Reply", "answer", "aspect_text", "variant_note"]

MAX_BUTTONS = 10
_TEXTS: Dict[str, Callable[[Any], str]] = {
    "time": time_answer,
    "online": online_answer,
}


def _documents(proc, detail: str, checklist, question: str = "") -> tuple[str, list]:
    checklist = checklist if checklist is not None else kb_client.checklist([proc])
    if detail == documents.CASES:
        return documents.cases_answer(proc, checklist)
    if detail == documents.CONDITIONAL:
        return documents.conditional_answer(proc, checklist)
    if detail == documents.FULL:
        return documents.full_answer(proc, checklist)
    if detail.startswith(documents.CASE) and detail[len(documents.CASE) :].isdigit():
        found = documents.case_answer(proc, checklist, int(detail[len(documents.CASE) :]))
        if found is not None:
            return found
    return documents.documents_answer(proc, checklist, question)


def aspect_text(proc, aspect: str, ward: str = "", detail: str = "", checklist=None) -> str:
    """The text of the answer about ``aspect`` (the overview for an unknown aspect)."""
    return answer(proc, aspect, ward=ward, detail=detail, checklist=checklist).text


def answer(
    proc,
    aspect: str,
    ward: str = "",
    detail: str = "",
    note: str = "",
    checklist=None,
    extra: Optional[List] = None,
    question: str = "",
) -> Reply:
    """The answer about ``aspect`` of ``proc``; ``note`` (e.g. from ``variant_note``) goes above the page line."""
    buttons: List[Dict[str, str]] = []
    if for_documents(proc, aspect, question):  # "có cần giấy X không": the document answer
        aspect = "documents"
    if aspect == "conditions":
        text, buttons = conditions_answer(proc, question)
    elif aspect == "documents":
        text, buttons = _documents(proc, detail or "", checklist, question)
    elif aspect == "where":
        text = where_answer(proc, ward, reserve=len(note) + 1 if note else 0)
    elif aspect == "legal":
        text = legal_answer(proc, reserve=len(note) + 1 if note else 0, question=question)
    elif aspect == "fee":
        text = fee_answer(proc, question=question)
    elif aspect in _TEXTS:
        text = _TEXTS[aspect](proc)
    else:
        aspect = "summary"
        text = summary_answer(proc, reserve=len(note) + 1 if note else 0)
    if note:
        page = page_line(proc)
        text = text[: -len(page)] + f"{note}\n{page}" if text.endswith(page) else f"{text}\n{note}"
    exclude = [aspect] if aspect != "summary" else ["fee", "time", "online"]
    buttons = buttons + list(extra or []) + follow_up_buttons(exclude=exclude)
    return Reply(text, buttons[:MAX_BUTTONS])

"""The answer to a question the record answers in a sentence: a deadline, who may go, a condition, a step.

"Theo quy định của thủ tục đăng ký khai tử: Trong thời hạn 15 ngày kể từ ngày có người chết thì …": the one or two
sentences of the record that best answer the question (knowledge_base.sentences, through the client), shortened at a
clause to QUOTE_LIMIT characters, then the official page. When no sentence answers it, the answer says so honestly
and gives the overview, with "Gặp cán bộ" offered: nothing is invented; a yes/no question about the place ("có phải
về nơi thường trú làm không") the record does not answer in a sentence gets the place answer.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from actions.clients import knowledge_base as kb_client
from actions.core.replies import Button, shorten
from actions.procedures.aspect import asks_place
from actions.procedures.render.common import compose, short_name
from actions.procedures.render.place import summary_answer, where_answer
from actions.procedures.texts import clean

QUOTE_LIMIT = 300  # characters of the quoted sentences
NOT_STATED = (
    "Cơ sở dữ liệu thủ tục không ghi rõ điều này; bạn bấm “Gặp cán bộ” để được trả lời trực tiếp nhé. Thông tin chung:"
)
HUMAN_BUTTON: Button = {"title": "Gặp cán bộ", "payload": "/request_human"}
_CLAUSE_END = re.compile(r"(?<=[;,:)])\s+")


def quote(sentences: Sequence[str], limit: int = QUOTE_LIMIT) -> str:
    """The sentences joined (each capitalised, ending with a full stop) within ``limit`` characters: the second is
    dropped when both do not fit, and a long one is cut after its last whole clause that fits."""
    parts = [_sentence(s) for s in sentences if clean(s)]
    joined = " ".join(parts)
    if len(joined) <= limit or not parts:
        return joined
    first = parts[0]
    if len(first) <= limit:
        return first
    kept = ""
    for clause in _CLAUSE_END.split(first):
        candidate = f"{kept} {clause}".strip()
        if len(candidate) > limit - 1:
            break
        kept = candidate
    return kept.rstrip(",;: ") + "…" if kept else shorten(first, limit)


def _sentence(text: str) -> str:
    text = clean(text).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def conditions_answer(proc, question: str) -> Tuple[str, List[Button]]:
    """The record's sentences answering ``question`` about ``proc``, or the honest overview and "Gặp cán bộ"."""
    sentences = [s.text for s in kb_client.answering_sentences(proc, question)] if question.strip() else []
    if not sentences and asks_place(question):
        return where_answer(proc), []
    if not sentences:
        return f"{NOT_STATED}\n{summary_answer(proc, reserve=len(NOT_STATED) + 1)}", [HUMAN_BUTTON]
    return compose([f"Theo quy định của thủ tục {short_name(proc)}: {quote(sentences)}"], proc), []

"""What every answer shares: the procedure's short name, the official page, sizes, fitting text to a budget.

An answer reads: the aspect asked and its fact first ("Lệ phí cấp lại giấy phép lái xe: 135.000 đồng/lần."),
then a few lines of detail, then the official page (the catalog's detail_url) last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Sequence

from actions.core.replies import Button, shorten
from actions.procedures.texts import clean
from actions.settings import PORTAL

ASPECT_LIMIT = 600  # characters of a one-aspect answer (one phone screen)
DOCUMENTS_LIMIT = 1200  # characters of a document list
PAGE_LABEL = "Trang chính thức"  # the last line: "Trang chính thức (mã 1.001193): https://…"
NAME_LIMIT = 70  # characters of the procedure's name inside a sentence
_SENTENCE = re.compile(r"(?<=[.;])\s+")


@dataclass
class Reply:
    """One answer: its text (split for chat by actions.core.replies.send) and the buttons sent with it."""

    text: str
    buttons: List[Button] = field(default_factory=list)


def short_name(proc, limit: int = NAME_LIMIT) -> str:
    """The name inside a sentence: "Thủ tục đăng ký khai sinh" -> "đăng ký khai sinh"."""
    name = re.sub(r"^thủ tục\s+", "", clean(proc.name).rstrip(" ."), flags=re.IGNORECASE)
    name = shorten(name, limit)
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def page_line(proc) -> str:
    """The last line of every answer: the official page of the procedure."""
    return f"{PAGE_LABEL} (mã {proc.code}): {clean(proc.url) or PORTAL}"


def fit(text: str, budget: int) -> str:
    """``text`` within ``budget`` characters: whole sentences while they fit, else cut at a word with "…"."""
    text = clean(text)
    if len(text) <= budget:
        return text
    kept = ""
    for sentence in _SENTENCE.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > budget:
            break
        kept = candidate
    return kept or shorten(text, max(budget, 1))


def compose(lines: Sequence[str], proc) -> str:
    """The answer's lines (empty ones dropped) with the official page last."""
    return "\n".join([line for line in lines if line] + [page_line(proc)])


def budget_left(limit: int, lines: Sequence[str], proc) -> int:
    """Characters still free in an answer of ``limit`` characters holding ``lines`` and the page line."""
    return limit - len(compose(lines, proc)) - 1

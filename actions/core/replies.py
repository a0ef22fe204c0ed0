"""Sending a reply: split into chat messages of at most MAX_REPLY_CHARS, the buttons with the last part.

A reply is split on meaning: between paragraphs (blank lines) first, then between lines (list items), then
between sentences, and only inside a sentence between words; never inside a word.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from common.limits import MAX_REPLY_CHARS

Button = Dict[str, str]

_SEPARATORS = ("\n\n", "\n")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


def shorten(text: str, limit: int) -> str:
    """Whitespace collapsed; cut at a word with "…" when longer than ``limit`` characters."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def _pieces(text: str, level: int) -> List[str]:
    """``text`` cut at the separator of ``level``: paragraphs, lines, sentences, words."""
    if level < len(_SEPARATORS):
        return text.split(_SEPARATORS[level])
    if level == len(_SEPARATORS):
        return _SENTENCE_END.split(text)
    return text.split(" ")


def _joiner(level: int) -> str:
    return _SEPARATORS[level] if level < len(_SEPARATORS) else " "


def split_reply(text: str, limit: int = MAX_REPLY_CHARS, level: int = 0) -> List[str]:
    """``text`` as chat messages of at most ``limit`` characters, cut at the coarsest boundary that fits."""
    text = (text or "").strip()
    if len(text) <= limit:
        return [text] if text else []
    if level > len(_SEPARATORS) + 1:  # a single word longer than a message
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    parts: List[str] = []
    current = ""
    for piece in _pieces(text, level):
        candidate = f"{current}{_joiner(level)}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
            continue
        if current.strip():
            parts.append(current)
        if len(piece) <= limit:
            current = piece
        else:
            parts.extend(split_reply(piece, limit, level + 1))
            current = ""
    if current.strip():
        parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def send(dispatcher, text: str, buttons: Optional[List[Button]] = None) -> None:
    """Send ``text`` split for chat; the buttons go with the last part."""
    parts = split_reply(text)
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and buttons:
            dispatcher.utter_message(text=part, buttons=buttons)
        else:
            dispatcher.utter_message(text=part)

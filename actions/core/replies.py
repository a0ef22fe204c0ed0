"""Sending a reply: cut for chat (``common.chat_text``), the buttons with the last part."""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from actions.settings import MAX_MESSAGE_CHARS
from common.chat_text import split_message

Button = Dict[str, str]


def shorten(text: str, limit: int) -> str:
    """Whitespace collapsed; cut at a word with "…" when longer than ``limit`` characters."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def send(dispatcher, text: str, buttons: Optional[List[Button]] = None) -> None:
    """Send ``text`` split for chat; the buttons go with the last part."""
    parts = split_message(text, MAX_MESSAGE_CHARS)
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and buttons:
            dispatcher.utter_message(text=part, buttons=buttons)
        else:
            dispatcher.utter_message(text=part)

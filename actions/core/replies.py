"""Sending a reply: cut for chat (``common.chat_text``), the buttons with the last part."""

from __future__ import annotations

from typing import Dict, List, Optional

from actions.settings import MAX_MESSAGE_CHARS
from common.chat_text import split_message

Button = Dict[str, str]


def send(dispatcher, text: str, buttons: Optional[List[Button]] = None) -> None:
    """Send ``text`` split for chat; the buttons go with the last part."""
    parts = split_message(text, MAX_MESSAGE_CHARS)
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and buttons:
            dispatcher.utter_message(text=part, buttons=buttons)
        else:
            dispatcher.utter_message(text=part)

"""What the bot says, as Telegram messages; what a citizen taps or sends, as the bot's input.

- Text is cut at line breaks under Telegram's 4,096-character limit; the buttons go with the last part.
- Buttons become an inline keyboard, one button a row (titles are Vietnamese phrases, easier to tap on a phone).
  Telegram keeps at most 64 bytes of ``callback_data``: longer payloads are kept here under a short key
  (``k:<hash>``); a key this process no longer knows (it restarted) is reported as ``None``.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from common.chat_text import split_message

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_BYTES = 64
KEY_PREFIX = "k:"


class ButtonPayloads:
    """Button payloads too long for ``callback_data``, by short key (the most recent ``capacity`` of them)."""

    def __init__(self, capacity: int = 20_000) -> None:
        self.capacity = capacity
        self._by_key: OrderedDict[str, str] = OrderedDict()

    def callback_data(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= CALLBACK_DATA_BYTES and not payload.startswith(KEY_PREFIX):
            return payload
        key = KEY_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
        self._by_key[key] = payload
        self._by_key.move_to_end(key)
        while len(self._by_key) > self.capacity:
            self._by_key.popitem(last=False)
        return key

    def payload(self, callback_data: str) -> Optional[str]:
        if callback_data.startswith(KEY_PREFIX):
            return self._by_key.get(callback_data)
        return callback_data


@dataclass(frozen=True)
class Outgoing:
    text: str
    keyboard: Optional[InlineKeyboardMarkup] = None


def keyboard(buttons: Iterable[dict[str, Any]], payloads: ButtonPayloads) -> Optional[InlineKeyboardMarkup]:
    rows = [
        [
            InlineKeyboardButton(
                str(b.get("title") or b["payload"])[:100], callback_data=payloads.callback_data(str(b["payload"]))
            )
        ]
        for b in buttons
        if b.get("payload")
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def to_telegram(messages: Iterable[dict[str, Any]], payloads: ButtonPayloads) -> list[Outgoing]:
    """The bot's REST-format messages as Telegram messages (custom JSON, which is for the web chat, is left out)."""
    outgoing: list[Outgoing] = []
    for message in messages:
        parts = split_message(str(message.get("text") or ""), TELEGRAM_TEXT_LIMIT)
        markup = keyboard(message.get("buttons") or [], payloads)
        if markup is not None and not parts:
            parts = ["Bạn chọn một mục bên dưới:"]
        for i, part in enumerate(parts):
            outgoing.append(Outgoing(part, markup if i == len(parts) - 1 else None))
    return outgoing

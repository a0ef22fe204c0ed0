"""What the bot says, as Zalo OA messages; what a Zalo citizen types back, as the bot's input.

- Text: at most 2,000 characters a message (Zalo's limit), cut where the meaning allows: between paragraphs, else
  between lines, else after a sentence, else between words.
- Buttons: a small choice (at most ``MAX_TEMPLATE_BUTTONS`` buttons with short titles) goes with the last part as
  template buttons (``oa.query.hide``: the tap sends the payload back as a hidden text message). A bigger choice
  becomes a numbered list the citizen answers by typing the number; the numbers continue across the messages of
  one answer, and ``Offered`` keeps what each number means (stored per chat in the backend, so any rasa server
  maps the next message). Button payloads are the bot's own commands (connectors/shared/message_policy.py lets them
  through).
- An ``image`` URL in a bot message is sent as a media template. Custom JSON (for the web chat) is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

TEXT_LIMIT = 2000
MAX_TEMPLATE_BUTTONS = 5
MAX_BUTTON_TITLE = 100
CHOOSE_ONE = "Bạn chọn một mục bên dưới:"
TYPE_A_NUMBER = "Bạn nhắn số để chọn:"
# Cut points, from the one that keeps the most meaning together to the least.
_SEPARATORS = ("\n\n", "\n", ". ", "; ", ", ", " ")
_NUMBER = re.compile(r"^\s*(?:số\s*)?(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut at the most meaningful boundary that fits."""
    text = (text or "").strip()
    if not text:
        return []
    if len(text) <= limit:
        return [text]
    for separator in _SEPARATORS:
        pieces = text.split(separator)
        if len(pieces) > 1:
            mark = separator.rstrip()  # a sentence's full stop stays with its sentence
            return _pack([p + mark for p in pieces[:-1]] + pieces[-1:], separator[len(mark) :], limit)
    return [text[i : i + limit] for i in range(0, len(text), limit)]  # one unbroken word


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    """Greedy: join pieces while they fit; a piece too long alone is split at the next finer boundary."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}{separator}{piece}" if current else piece
        if len(joined.strip()) <= limit:
            current = joined
            continue
        if current.strip():
            parts.append(current.strip())
        if len(piece.strip()) <= limit:
            current = piece
        else:
            parts.extend(split_text(piece, limit))
            current = ""
    if current.strip():
        parts.append(current.strip())
    return parts


@dataclass(frozen=True)
class Outgoing:
    """One Zalo message: ``message`` is the body's ``message`` object."""

    message: dict[str, Any]

    @property
    def text(self) -> str:
        return self.message.get("text", "")


@dataclass
class Offered:
    """The numbered choices one answer offered (number i is index i - 1)."""

    numbered: list[str] = field(default_factory=list)


def _template_buttons(buttons: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "template",
        "payload": {
            "buttons": [
                {"title": str(b.get("title") or b["payload"]), "type": "oa.query.hide", "payload": str(b["payload"])}
                for b in buttons
            ]
        },
    }


def _small(buttons: list[dict[str, Any]]) -> bool:
    return len(buttons) <= MAX_TEMPLATE_BUTTONS and all(
        len(str(b.get("title") or b["payload"])) <= MAX_BUTTON_TITLE for b in buttons
    )


def _numbered(buttons: list[dict[str, Any]], offered: Offered) -> str:
    lines = [TYPE_A_NUMBER]
    for button in buttons:
        offered.numbered.append(str(button["payload"]))
        lines.append(f"{len(offered.numbered)}. {button.get('title') or button['payload']}")
    return "\n".join(lines)


def to_zalo(messages: Iterable[dict[str, Any]]) -> tuple[list[Outgoing], Offered]:
    """The bot's REST-format messages as Zalo messages, and the choices they offer."""
    outgoing: list[Outgoing] = []
    offered = Offered()
    for message in messages:
        buttons = [b for b in (message.get("buttons") or []) if b.get("payload")]
        text = str(message.get("text") or "")
        attachment = None
        if buttons and _small(buttons):
            attachment = _template_buttons(buttons)
            text = text or CHOOSE_ONE
        elif buttons:
            text = f"{text}\n\n{_numbered(buttons, offered)}" if text else _numbered(buttons, offered)
        parts = split_text(text)
        for i, part in enumerate(parts):
            body: dict[str, Any] = {"text": part}
            if attachment is not None and i == len(parts) - 1:
                body["attachment"] = attachment
            outgoing.append(Outgoing(body))
        if message.get("image"):
            outgoing.append(
                Outgoing(
                    {
                        "attachment": {
                            "type": "template",
                            "payload": {
                                "template_type": "media",
                                "elements": [{"media_type": "image", "url": str(message["image"])}],
                            },
                        }
                    }
                )
            )
    return outgoing, offered


def choice_for(text: str, offered: dict[str, Any]) -> Optional[str]:
    """The payload of a typed number ("2", "2.", "số 2") among the numbered choices last offered, else None."""
    match = _NUMBER.match(text or "")
    numbered = offered.get("numbered") or []
    if match is None:
        return None
    index = int(match.group(1)) - 1
    return str(numbered[index]) if 0 <= index < len(numbered) else None

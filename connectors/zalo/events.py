"""Zalo webhook events as the channel handles them (standard library only).

Handled: ``user_send_text``, ``user_send_image``, ``user_send_file``, ``follow``, ``user_click_chatnow``; anything
else (stickers, locations, ``user_seen_message``, ``unfollow``, the ``oa_send_*`` echoes of the OA's own messages...)
is acknowledged and ignored. Ids stay strings (Zalo's overflow 53-bit integers). Each event has a key that is the
same when Zalo retries or someone replays it: the message's ``msg_id``, else the event name, user and timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Optional


class Kind(StrEnum):
    TEXT = "user_send_text"
    IMAGE = "user_send_image"
    FILE = "user_send_file"
    FOLLOW = "follow"
    CHAT_NOW = "user_click_chatnow"


CITIZEN_MESSAGES = frozenset({Kind.TEXT, Kind.IMAGE, Kind.FILE, Kind.CHAT_NOW})


@dataclass(frozen=True)
class ZaloEvent:
    kind: Kind
    user_id: str
    key: str
    text: str = ""
    attachment_url: str = ""
    attachment_name: str = ""

    @property
    def citizen_message(self) -> bool:
        """The citizen wrote to the OA (starts Zalo's 48 h / 7 day windows again)."""
        return self.kind in CITIZEN_MESSAGES


def _id(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def parse(body: dict[str, Any]) -> Optional[ZaloEvent]:
    """The event to handle, or None to acknowledge and ignore."""
    try:
        kind = Kind(body.get("event_name"))
    except ValueError:
        return None
    message = _dict(body.get("message"))
    if kind is Kind.FOLLOW:
        user_id = _id(_dict(body.get("follower")).get("id"))
    elif kind is Kind.CHAT_NOW:
        user_id = _id(body.get("user_id")) or _id(_dict(body.get("sender")).get("id"))
    else:
        user_id = _id(_dict(body.get("sender")).get("id"))
    if not user_id:
        return None
    msg_id = _id(message.get("msg_id"))
    key = f"msg:{msg_id}" if msg_id else f"{kind.value}:{user_id}:{_id(body.get('timestamp'))}"
    if kind is Kind.TEXT:
        text = message.get("text")
        return ZaloEvent(kind, user_id, key, text=text) if isinstance(text, str) and text.strip() else None
    if kind in (Kind.IMAGE, Kind.FILE):
        attachments = message.get("attachments")
        first = _dict(attachments[0]) if isinstance(attachments, list) and attachments else {}
        payload = _dict(first.get("payload"))
        url = payload.get("url")
        if not isinstance(url, str) or not url:
            return None
        name = payload.get("name") if isinstance(payload.get("name"), str) else ""
        return ZaloEvent(kind, user_id, key, attachment_url=url, attachment_name=name)
    return ZaloEvent(kind, user_id, key)

"""The forms' file payload: ``/attach_document{"file_name", "mime", "data_base64"}`` (a chat message)."""

from __future__ import annotations

import base64
import json

from common.limits import ATTACH_PREFIX

ALLOWED_MIME = ("image/jpeg", "image/png", "application/pdf")


def attachment_message(file_name: str, mime: str, data: bytes) -> str:
    """The message a channel sends to rasa for a file the citizen attached."""
    body = {"file_name": file_name, "mime": mime, "data_base64": base64.b64encode(data).decode("ascii")}
    return ATTACH_PREFIX + json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def is_attachment(text: str) -> bool:
    return text.startswith(ATTACH_PREFIX)

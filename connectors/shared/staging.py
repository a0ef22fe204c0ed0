"""A file a citizen sends, stored in the backend before the bot sees it.

The file payload ``/attach_document{"file_name", "mime", "data_base64"}`` (``common.attachments``) is decoded here
and stored with ``POST /api/files`` as the chat's own (``channel``, ``sender``: only that chat may file it then).

- ``stage``: for the bot. It gets ``/attach_document{"file_name", "mime"}`` and ``metadata.motcua.staged_file`` =
  what ``store`` gives, instead of up to 14 MB of base64: rasa runs its whole NLU pipeline on a message's text
  (3 MB of base64: 18 s with the server blocked for every citizen) and keeps the text in the tracker store. If the
  backend cannot be reached the payload goes to the bot whole, whose forms retry.
- ``ticket_note``: for hotline staff while a handoff ticket is open: a note naming the stored file.
- ``store``: ``(file name, mime, stored)``, stored being the backend's answer (``stored_file_id``...) or
  ``{"refused": "unreadable" | "empty" | "format", "detail"}``. BackendUnavailable and RateLimited go to the caller.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from typing import Any, Dict, Optional

from common.limits import ATTACH_PREFIX, UPLOAD_MAX_TEXT
from connectors.shared.backend_client import BackendClient, BackendError, BackendUnavailable, RateLimited
from connectors.shared.message_policy import clean_text

logger = logging.getLogger("connectors.staging")

UNNAMED_FILE = "tep"
MAX_FILE_NAME_CHARS = 200
MAX_MIME_CHARS = 100


def decode(text: str) -> tuple[str, str, bytes]:
    """(file name, mime, bytes) of a ``/attach_document{...}`` payload; ValueError when it is unreadable."""
    try:
        payload = json.loads(text[len(ATTACH_PREFIX) :])
        name = clean_text(str(payload.get("file_name") or ""))[:MAX_FILE_NAME_CHARS] or UNNAMED_FILE
        mime = clean_text(str(payload.get("mime") or ""))[:MAX_MIME_CHARS]
        data = base64.b64decode(re.sub(r"^data:[^,]*,", "", str(payload.get("data_base64") or "")), validate=True)
    except (TypeError, AttributeError, binascii.Error) as exc:
        raise ValueError("unreadable attachment") from exc
    return name, mime, data


async def store(backend: BackendClient, channel: str, sender: str, text: str) -> tuple[str, str, Dict[str, Any]]:
    """Store the file of a ``/attach_document{...}`` payload in the backend as the chat's: ``(name, mime, stored)``."""
    try:
        name, mime, data = decode(text)
    except ValueError:
        return UNNAMED_FILE, "", {"refused": "unreadable"}
    if not data:
        return name, mime, {"refused": "empty"}
    try:
        return name, mime, await backend.upload_file(channel, sender, name, data, mime or None)
    except BackendError as exc:
        if isinstance(exc, (BackendUnavailable, RateLimited)):
            raise
        return name, mime, {"refused": "format", "detail": str(exc)}


def ticket_note(name: str, stored: Dict[str, Any]) -> str:
    """The note a handoff ticket gets for a file the citizen sent while staff handle the chat."""
    refused = stored.get("refused")
    if refused == "unreadable":
        return "[Công dân gửi một tệp nhưng tệp bị lỗi, không đọc được]"
    if refused == "empty":
        return f"[Công dân gửi tệp rỗng: {name}]"
    if refused:
        return f"[Công dân gửi tệp {name} nhưng hệ thống không nhận (chỉ nhận JPEG, PNG, PDF tối đa {UPLOAD_MAX_TEXT})]"
    file_id = stored.get("stored_file_id")
    return f"[Tệp đính kèm: {name}, tệp số {file_id} (tải tại /api/files/{file_id})]"


async def stage(backend: BackendClient, channel: str, sender: str, text: str) -> tuple[str, Optional[Dict[str, Any]]]:
    """``(text for the bot, staged_file)`` for a ``/attach_document{...}`` payload (see the module's docstring)."""
    try:
        name, mime, stored = await store(backend, channel, sender, text)
    except (BackendUnavailable, RateLimited) as exc:
        logger.warning("backend unavailable, a file goes to the bot whole (its form uploads it later): %s", exc)
        return text, None
    if stored.get("refused") == "unreadable":
        return ATTACH_PREFIX + "{}", stored
    return ATTACH_PREFIX + json.dumps({"file_name": name, "mime": mime}, ensure_ascii=False), stored

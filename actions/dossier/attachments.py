"""A file the citizen attached (the /attach_document payload of common.attachments, or a file the web channel
staged): checked, then stored in the backend for this chat. The dossier and feedback forms both use ``upload``.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from typing import Any, Dict, Optional, Tuple

from rasa_sdk import Tracker

from actions.clients import backend as backend_client
from actions.core.chat import channel_of, motcua_metadata, sender_of
from common import fields
from common.attachments import ALLOWED_MIME
from common.limits import UPLOAD_MAX_BYTES, UPLOAD_MAX_TEXT

BROKEN_FILE = "Tệp gửi lên bị lỗi, tôi không đọc được. Bạn gửi lại giúp tôi nhé."

logger = logging.getLogger(__name__)


EMPTY_FILE = "Tệp gửi lên bị rỗng. Bạn gửi lại giúp tôi nhé."


def decode_attachment(tracker: Tracker) -> Tuple[Optional[bytes], str, str, Optional[str]]:
    """(data, file_name, mime, error) from the attach_document payload's entities."""
    entities = {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}
    name = str(entities.get("file_name") or "tep_dinh_kem")[: fields.FILE_NAME]
    mime = str(entities.get("mime") or "").lower()
    raw = entities.get("data_base64")
    if not raw:
        return None, name, mime, "Tôi chưa nhận được nội dung tệp. Bạn gửi lại ảnh/tệp giúp tôi nhé."
    raw = re.sub(r"^data:[^,]*,", "", str(raw).strip())
    if len(raw) > (UPLOAD_MAX_BYTES * 4) // 3 + 8:  # the backend checks the decoded size again
        return (
            None,
            name,
            mime,
            f"Tệp quá lớn (tối đa {UPLOAD_MAX_TEXT}). Bạn chụp lại ảnh nhỏ hơn hoặc gửi tệp PDF nhẹ hơn nhé.",
        )
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        return None, name, mime, BROKEN_FILE
    if not data:
        return None, name, mime, EMPTY_FILE
    if mime and mime not in ALLOWED_MIME:
        return (
            None,
            name,
            mime,
            "Tôi chỉ nhận ảnh JPEG, PNG hoặc tệp PDF. Bạn chụp ảnh hoặc chuyển sang PDF rồi gửi lại nhé.",
        )
    return data, name, mime, None


STAGED_REFUSALS = {
    "unreadable": BROKEN_FILE,
    "empty": EMPTY_FILE,
    "format": f"Tệp chưa được nhận. Tôi chỉ nhận ảnh JPEG, PNG hoặc tệp PDF (tối đa {UPLOAD_MAX_TEXT}). Bạn gửi lại "
    "giúp tôi nhé.",
}


def staged_file(tracker: Tracker) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The file the web/REST/Telegram channel already stored in the backend (connectors/shared/staging.py), if any:
    (stored file, None), (None, reason to tell the citizen) or (None, None) when nothing was staged."""
    staged = motcua_metadata(tracker).get("staged_file")
    if not isinstance(staged, dict):
        return None, None
    if staged.get("stored_file_id"):
        return staged, None
    return None, STAGED_REFUSALS.get(str(staged.get("refused")), STAGED_REFUSALS["format"])


async def upload(tracker: Tracker) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The attachment, stored in the backend: (stored file, None) or (None, reason to tell the citizen)."""
    stored, error = staged_file(tracker)
    if stored or error:
        return stored, error
    data, name, mime, error = decode_attachment(tracker)
    if error:
        return None, error
    try:
        stored = await backend_client.upload_file(channel_of(tracker), sender_of(tracker), name, data, mime or None)
    except backend_client.BackendUnavailable:
        return None, (
            "Hệ thống nhận tệp đang tạm gián đoạn nên tôi chưa lưu được ảnh/tệp này. Bạn gửi lại sau ít phút, "
            "hoặc chọn “Mang bản giấy khi đến” để làm tiếp."
        )
    except backend_client.BackendError as exc:
        if exc.status in (413, 415, 400, 422):
            return (
                None,
                f"Tệp chưa được nhận: {exc.detail} Bạn gửi lại ảnh JPEG, PNG hoặc tệp PDF (tối đa {UPLOAD_MAX_TEXT}) "
                "nhé.",
            )
        logger.warning("upload refused: %s", exc)
        return None, "Tệp chưa được nhận. Bạn gửi lại giúp tôi, hoặc chọn “Mang bản giấy khi đến”."
    return stored, None

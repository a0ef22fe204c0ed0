"""Zalo webhook signatures: ``X-ZEvent-Signature: mac=<hex sha256(app_id + raw body + timestamp + OA secret key)>``
(the OA secret key, not the app secret). The formula is Zalo's; keep it here only."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-ZEvent-Signature"
PREFIX = "mac="


def mac(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    material = app_id.encode("utf-8") + raw_body + timestamp.encode("utf-8") + oa_secret_key.encode("utf-8")
    return hashlib.sha256(material).hexdigest()


def verify(header: str | None, app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> bool:
    """Constant-time check of the header against the body; False when anything is missing."""
    if not header or not app_id or not oa_secret_key or not header.startswith(PREFIX):
        return False
    expected = mac(app_id, raw_body, timestamp, oa_secret_key)
    given = header[len(PREFIX) :].strip().lower().encode("ascii", "replace")
    return hmac.compare_digest(given, expected.encode("ascii"))

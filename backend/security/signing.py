"""Claims signed with HMAC-SHA256: ``<payload b64url>.<signature b64url>``, the payload compact JSON.

Used by the API's bearer tokens and the console's session cookie (each with its own key).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json


class BadSignature(Exception):
    pass


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, payload: str) -> str:
    return _b64encode(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def sign_claims(key: bytes, claims: dict) -> str:
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_sign(key, payload)}"


def read_claims(key: bytes, value: str) -> dict:
    """The claims of a value made by ``sign_claims`` with ``key``.

    BadSignature if it was not; ValueError, TypeError or UnicodeError if it is malformed.
    """
    payload, signature = value.split(".")
    if not hmac.compare_digest(signature, _sign(key, payload)):
        raise BadSignature("bad signature")
    return json.loads(_b64decode(payload))

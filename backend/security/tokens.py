"""Signed, expiring bearer tokens: ``<payload b64url>.<HMAC-SHA256 b64url>``."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    username: str
    role: str
    expires_at: int


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, payload: str) -> str:
    return _b64encode(hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest())


def issue_token(
    secret: bytes, *, user_id: int, username: str, role: str, ttl_seconds: int, now: float | None = None
) -> str:
    issued = int(time.time() if now is None else now)
    claims = {"sub": user_id, "name": username, "role": role, "iat": issued, "exp": issued + ttl_seconds}
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_sign(secret, payload)}"


def verify_token(secret: bytes, token: str, now: float | None = None) -> TokenClaims:
    try:
        payload, signature = token.split(".")
        if not hmac.compare_digest(signature, _sign(secret, payload)):
            raise InvalidToken("bad signature")
        claims = json.loads(_b64decode(payload))
        result = TokenClaims(
            user_id=int(claims["sub"]),
            username=str(claims["name"]),
            role=str(claims["role"]),
            expires_at=int(claims["exp"]),
        )
    except InvalidToken:
        raise
    except (ValueError, KeyError, TypeError, UnicodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if result.expires_at <= (time.time() if now is None else now):
        raise InvalidToken("expired")
    return result

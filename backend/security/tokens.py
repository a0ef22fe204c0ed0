"""Signed, expiring bearer tokens: ``<payload b64url>.<HMAC-SHA256 b64url>``."""

from __future__ import annotations

import time
from dataclasses import dataclass

from backend.security.signing import BadSignature, read_claims, sign_claims


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    username: str
    role: str
    expires_at: int


def issue_token(
    secret: bytes, *, user_id: int, username: str, role: str, ttl_seconds: int, now: float | None = None
) -> str:
    issued = int(time.time() if now is None else now)
    claims = {"sub": user_id, "name": username, "role": role, "iat": issued, "exp": issued + ttl_seconds}
    return sign_claims(secret, claims)


def verify_token(secret: bytes, token: str, now: float | None = None) -> TokenClaims:
    try:
        claims = read_claims(secret, token)
        result = TokenClaims(
            user_id=int(claims["sub"]),
            username=str(claims["name"]),
            role=str(claims["role"]),
            expires_at=int(claims["exp"]),
        )
    except BadSignature:
        raise InvalidToken("bad signature") from None
    except (ValueError, KeyError, TypeError, UnicodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if result.expires_at <= (time.time() if now is None else now):
        raise InvalidToken("expired")
    return result

"""Console sessions: a cookie signed with a key derived from the backend secret, carrying a CSRF token.

Cookie value: ``<payload b64url>.<HMAC-SHA256 b64url>``; payload ``{"sub", "name", "csrf", "exp"}``.
The key is HMAC(token_secret, "motcua-console-session"), so a bearer token of the API
is never accepted as a session cookie, nor the other way round.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from backend.security.signing import BadSignature, read_claims, sign_claims

SESSION_COOKIE = "motcua_console"
LOGIN_CSRF_COOKIE = "motcua_login_csrf"
COOKIE_PATH = "/console"


class InvalidSession(Exception):
    pass


@dataclass(frozen=True)
class ConsoleSession:
    user_id: int
    username: str
    csrf: str
    expires_at: int


def session_key(token_secret: bytes) -> bytes:
    return hmac.new(token_secret, b"motcua-console-session", hashlib.sha256).digest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def issue_session(token_secret: bytes, user_id: int, username: str, ttl_seconds: int, now: float | None = None) -> tuple[str, ConsoleSession]:
    issued = int(time.time() if now is None else now)
    session = ConsoleSession(user_id, username, new_csrf_token(), issued + ttl_seconds)
    claims = {"sub": user_id, "name": username, "csrf": session.csrf, "iat": issued, "exp": session.expires_at}
    return sign_claims(session_key(token_secret), claims), session


def read_session(token_secret: bytes, cookie: str | None, now: float | None = None) -> ConsoleSession:
    if not cookie:
        raise InvalidSession("no session")
    try:
        claims = read_claims(session_key(token_secret), cookie)
        session = ConsoleSession(int(claims["sub"]), str(claims["name"]), str(claims["csrf"]), int(claims["exp"]))
    except BadSignature:
        raise InvalidSession("bad signature") from None
    except (ValueError, KeyError, TypeError, UnicodeError) as exc:
        raise InvalidSession("malformed session") from exc
    if session.expires_at <= (time.time() if now is None else now):
        raise InvalidSession("expired")
    return session


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode(), given.encode())

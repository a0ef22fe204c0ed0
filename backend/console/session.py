"""Console sessions: a cookie signed with a key derived from the backend secret, carrying a CSRF token.

Cookie value: ``<payload b64url>.<HMAC-SHA256 b64url>``; payload ``{"sub", "name", "csrf", "exp"}``.
The key is HMAC(token_secret, "motcua-console-session"), so a bearer token of the API
is never accepted as a session cookie, nor the other way round.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

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


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def session_key(token_secret: bytes) -> bytes:
    return hmac.new(token_secret, b"motcua-console-session", hashlib.sha256).digest()


def _sign(key: bytes, payload: str) -> str:
    return _b64encode(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def issue_session(token_secret: bytes, user_id: int, username: str, ttl_seconds: int, now: float | None = None) -> tuple[str, ConsoleSession]:
    issued = int(time.time() if now is None else now)
    session = ConsoleSession(user_id, username, new_csrf_token(), issued + ttl_seconds)
    claims = {"sub": user_id, "name": username, "csrf": session.csrf, "iat": issued, "exp": session.expires_at}
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_sign(session_key(token_secret), payload)}", session


def read_session(token_secret: bytes, cookie: str | None, now: float | None = None) -> ConsoleSession:
    if not cookie:
        raise InvalidSession("no session")
    try:
        payload, signature = cookie.split(".")
        if not hmac.compare_digest(signature, _sign(session_key(token_secret), payload)):
            raise InvalidSession("bad signature")
        claims = json.loads(_b64decode(payload))
        session = ConsoleSession(int(claims["sub"]), str(claims["name"]), str(claims["csrf"]), int(claims["exp"]))
    except InvalidSession:
        raise
    except (ValueError, KeyError, TypeError, UnicodeError) as exc:
        raise InvalidSession("malformed session") from exc
    if session.expires_at <= (time.time() if now is None else now):
        raise InvalidSession("expired")
    return session


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode(), given.encode())

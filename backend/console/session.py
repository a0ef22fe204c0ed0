"""Console sessions kept server-side (table ``console_sessions``), so logging out or deactivating
an account ends them: a copied cookie stops working at once.

The cookie carries a random token (256 bits); the table keeps its SHA-256 (a stolen database
holds no usable cookie), the user, the session's CSRF token and its expiry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.models import ConsoleSession
from backend.timeutil import utcnow

SESSION_COOKIE = "motcua_console"
LOGIN_CSRF_COOKIE = "motcua_login_csrf"
COOKIE_PATH = "/console"


class InvalidSession(Exception):
    pass


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def _session_id(cookie: str) -> str:
    return hashlib.sha256(cookie.encode("utf-8", "replace")).hexdigest()


def issue_session(db: Session, user_id: int, ttl_seconds: int) -> tuple[str, ConsoleSession]:
    """A new session for the user, committed; ``(cookie value, session)``. Expired sessions are dropped."""
    cookie = secrets.token_urlsafe(32)
    now = utcnow()
    db.execute(delete(ConsoleSession).where(ConsoleSession.expires_at <= now))
    record = ConsoleSession(
        id=_session_id(cookie),
        user_id=user_id,
        csrf=new_csrf_token(),
        created_at=now,
        expires_at=now + timedelta(seconds=ttl_seconds),
    )
    db.add(record)
    db.commit()
    return cookie, record


def read_session(db: Session, cookie: str | None) -> ConsoleSession:
    if not cookie:
        raise InvalidSession("no session")
    record = db.scalars(
        select(ConsoleSession).where(ConsoleSession.id == _session_id(cookie), ConsoleSession.expires_at > utcnow())
    ).first()
    if record is None:
        raise InvalidSession("unknown or expired session")
    return record


def end_session(db: Session, cookie: str | None) -> None:
    if cookie:
        db.execute(delete(ConsoleSession).where(ConsoleSession.id == _session_id(cookie)))
        db.commit()


def end_user_sessions(db: Session, user_id: int) -> None:
    """Every session of the user ends (deactivation); within the caller's transaction."""
    db.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode(), given.encode())

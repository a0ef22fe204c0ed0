"""Staff, admin and volunteer accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.console.session import end_user_sessions
from backend.errors import Conflict
from backend.models import User
from backend.security.passwords import DUMMY_HASH, hash_password, verify_password
from backend.services.volunteers import end_all_links
from backend.vocabulary import Role


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def create_user(
    session: Session, username: str, password: str, role: Role | str, display_name: str | None = None
) -> User:
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=Role(role).value,
        display_name=display_name,
        active=True,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"Tên đăng nhập '{username}' đã tồn tại.") from None
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost either way)."""
    user = find_user(session, username)
    if user is None:
        verify_password(password, DUMMY_HASH)
        return None
    if not verify_password(password, user.password_hash) or not user.active:
        return None
    return user


def deactivate_user(session: Session, user: User) -> None:
    """Lock the account: its console sessions and its volunteer chat links end at once."""
    user.active = False
    end_user_sessions(session, user.id)
    end_all_links(session, user.id)
    session.commit()

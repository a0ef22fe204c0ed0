"""Volunteers (tổ công nghệ số) proving who they are: a one-time code from the console links a chat
to their account for one shift; filing on a resident's behalf takes the volunteer from that link.

Codes: 6 digits from ``secrets``, valid ``VOLUNTEER_CODE_TTL_SECONDS``, single use, stored as
HMAC-SHA256 with the server secret, at most ``VOLUNTEER_CODES_PER_HOUR`` per volunteer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from backend.errors import TooManyAttempts
from backend.models import User, VolunteerCode, VolunteerLink
from backend.security.limits import (
    HOUR,
    VOLUNTEER_CODE_DIGITS,
    VOLUNTEER_CODE_TTL_SECONDS,
    VOLUNTEER_CODES_PER_HOUR,
)
from backend.timeutil import utcnow
from backend.vocabulary import Role

TOO_MANY_CODES = "Bạn đã tạo quá nhiều mã trong một giờ, vui lòng thử lại sau."


def code_hash(secret: bytes, code: str) -> str:
    return hmac.new(secret, b"volunteer-code:" + code.encode(), hashlib.sha256).hexdigest()


def _live_code(session: Session, digest: str, now: datetime) -> VolunteerCode | None:
    statement = select(VolunteerCode).where(
        VolunteerCode.code_hash == digest, VolunteerCode.used_at.is_(None), VolunteerCode.expires_at > now
    )
    return session.scalars(statement).first()


def issue_code(session: Session, secret: bytes, user: User) -> tuple[str, VolunteerCode]:
    """A new one-time code for ``user`` (a volunteer); ``(code, record)``; TooManyAttempts past the hourly cap."""
    now = utcnow()
    hour_ago = now - timedelta(seconds=HOUR)
    session.execute(delete(VolunteerCode).where(VolunteerCode.expires_at < hour_ago))  # out of the hourly count too
    recent = session.scalar(
        select(func.count())
        .select_from(VolunteerCode)
        .where(VolunteerCode.user_id == user.id, VolunteerCode.created_at > hour_ago)
    )
    if recent >= VOLUNTEER_CODES_PER_HOUR:
        raise TooManyAttempts(TOO_MANY_CODES)
    while True:  # two live codes never share a value, so a code names one volunteer
        code = f"{secrets.randbelow(10**VOLUNTEER_CODE_DIGITS):0{VOLUNTEER_CODE_DIGITS}d}"
        if _live_code(session, code_hash(secret, code), now) is None:
            break
    record = VolunteerCode(
        user_id=user.id,
        code_hash=code_hash(secret, code),
        created_at=now,
        expires_at=now + timedelta(seconds=VOLUNTEER_CODE_TTL_SECONDS),
    )
    session.add(record)
    session.commit()
    return code, record


def redeem_code(
    session: Session, secret: bytes, code: str, channel: str, sender_id: str, shift_hours: float
) -> VolunteerLink | None:
    """Link the chat to the volunteer whose live code this is (using the code up); None for any bad code."""
    now = utcnow()
    record = _live_code(session, code_hash(secret, code.strip()), now) if code.strip().isdigit() else None
    user = session.get(User, record.user_id) if record else None
    if record is None or user is None or not user.active or user.role != Role.VOLUNTEER:
        session.rollback()
        return None
    used = session.execute(
        update(VolunteerCode).where(VolunteerCode.id == record.id, VolunteerCode.used_at.is_(None)).values(used_at=now)
    )
    if used.rowcount != 1:  # a concurrent request used it first
        session.rollback()
        return None
    _end_chat_links(session, channel, sender_id, now)
    link = VolunteerLink(
        user_id=user.id,
        channel=channel,
        sender_id=sender_id,
        created_at=now,
        expires_at=now + timedelta(hours=shift_hours),
    )
    session.add(link)
    try:
        session.commit()
    except IntegrityError:  # another code linked the same chat at the same moment: this one stays unused
        session.rollback()
        return None
    session.refresh(link, ["user"])
    return link


def _live_links():
    return (
        select(VolunteerLink)
        .join(VolunteerLink.user)
        .where(VolunteerLink.ended_at.is_(None), VolunteerLink.expires_at > utcnow(), User.active.is_(True))
        .options(selectinload(VolunteerLink.user))
    )


def active_link(session: Session, channel: str, sender_id: str | None) -> VolunteerLink | None:
    """The chat's live link (not ended, shift not over, volunteer still active), if any."""
    if not sender_id:
        return None
    statement = _live_links().where(VolunteerLink.channel == channel, VolunteerLink.sender_id == sender_id)
    return session.scalars(statement).first()


def links_of(session: Session, user_id: int) -> list[VolunteerLink]:
    statement = _live_links().where(VolunteerLink.user_id == user_id).order_by(VolunteerLink.id.desc())
    return list(session.scalars(statement))


def _end_chat_links(session: Session, channel: str, sender_id: str, now: datetime) -> None:
    session.execute(
        update(VolunteerLink)
        .where(VolunteerLink.channel == channel, VolunteerLink.sender_id == sender_id, VolunteerLink.ended_at.is_(None))
        .values(ended_at=now)
    )


def end_chat_link(session: Session, channel: str, sender_id: str) -> None:
    """Kết thúc ca from the chat (idempotent)."""
    _end_chat_links(session, channel, sender_id, utcnow())
    session.commit()


def end_user_link(session: Session, user_id: int, link_id: int) -> None:
    """Kết thúc ca from the console: one of the volunteer's own links (others' are left alone)."""
    session.execute(
        update(VolunteerLink)
        .where(VolunteerLink.id == link_id, VolunteerLink.user_id == user_id, VolunteerLink.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    session.commit()


def end_all_links(session: Session, user_id: int) -> None:
    """Every link of the user ends (deactivation); within the caller's transaction."""
    session.execute(
        update(VolunteerLink)
        .where(VolunteerLink.user_id == user_id, VolunteerLink.ended_at.is_(None))
        .values(ended_at=utcnow())
    )

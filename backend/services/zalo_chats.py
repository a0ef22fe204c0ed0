"""Zalo webhook events and contacts, shared by every rasa server through the backend.

- ``take_event``: the first server to present an event's key (Zalo's ``msg_id``) takes it; a retry, a replay or a
  second server presenting the same key is told it is not new (the key is the primary key: the database decides).
  A citizen's message also records when they last wrote (Zalo's 48 h / 7 day windows) and returns the choices the
  last answer offered them, so any server can map a typed number to its choice.
- ``offer_choices``: the numbered choices an answer offered (the citizen answers by typing the number).
- ``erase_chat``: a deletion request of a Zalo chat; retention (``backend/services/retention.py``) deletes contacts
  silent longer than the retention period and event keys older than ``EVENT_RETENTION``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.models import ZaloContact, ZaloEvent
from backend.services.personal_data import ERASED
from backend.timeutil import as_utc, utcnow
from backend.zalo_config import EVENT_MAX_AGE

# Longer than the age of any event the Zalo receiver still takes (connectors/zalo/receiver.py ignores older ones).
EVENT_RETENTION = EVENT_MAX_AGE + timedelta(days=1)


@dataclass(frozen=True)
class TakenEvent:
    new: bool
    choices: dict = field(default_factory=dict)


def _insert(session: Session):
    return postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _touch_contact(session: Session, sender_id: str, now: datetime) -> None:
    statement = _insert(session)(ZaloContact).values(sender_id=sender_id, last_message_at=now, choices={})
    session.execute(
        statement.on_conflict_do_update(index_elements=[ZaloContact.sender_id], set_={"last_message_at": now})
    )


def take_event(session: Session, event_key: str, sender_id: str, citizen_message: bool) -> TakenEvent:
    """Take one webhook event; ``citizen_message`` records the citizen's activity (not for follow/unfollow)."""
    now = utcnow()
    session.add(ZaloEvent(event_key=event_key, sender_id=sender_id, received_at=now))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return TakenEvent(new=False)
    if citizen_message:
        _touch_contact(session, sender_id, now)
    session.execute(delete(ZaloEvent).where(ZaloEvent.received_at < now - EVENT_RETENTION))
    choices = session.scalar(select(ZaloContact.choices).where(ZaloContact.sender_id == sender_id))
    session.commit()
    return TakenEvent(new=True, choices=choices or {})


def offer_choices(session: Session, sender_id: str, numbered: list[str]) -> None:
    choices = {"numbered": numbered}
    statement = _insert(session)(ZaloContact).values(sender_id=sender_id, last_message_at=utcnow(), choices=choices)
    session.execute(statement.on_conflict_do_update(index_elements=[ZaloContact.sender_id], set_={"choices": choices}))
    session.commit()


def last_message_at(session: Session, sender_id: str) -> datetime | None:
    value = session.scalar(select(ZaloContact.last_message_at).where(ZaloContact.sender_id == sender_id))
    return as_utc(value) if value is not None else None


def erase_chat(session: Session, sender_id: str) -> int:
    """Forget a Zalo chat within the caller's transaction: its contact row is deleted and its taken events lose the
    chat's id (the keys stay until ``EVENT_RETENTION`` so that a retried event is still recognised); rows touched."""
    contacts = session.execute(delete(ZaloContact).where(ZaloContact.sender_id == sender_id)).rowcount
    events = session.execute(update(ZaloEvent).where(ZaloEvent.sender_id == sender_id).values(sender_id=ERASED))
    return contacts + events.rowcount

"""Messages waiting to be delivered to citizens on their chat channel."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.errors import NotFound
from backend.models import OutboxMessage
from backend.timeutil import utcnow


def enqueue(
    session: Session,
    channel: str,
    recipient: str,
    text: str,
    dossier_id: int | None = None,
    ticket_id: int | None = None,
) -> OutboxMessage:
    message = OutboxMessage(
        channel=channel, recipient=recipient, text=text, dossier_id=dossier_id, ticket_id=ticket_id, attempts=0
    )
    session.add(message)
    return message


def pending(
    session: Session, channel: str | None = None, recipient: str | None = None, limit: int = 100
) -> list[OutboxMessage]:
    statement = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    if channel is not None:
        statement = statement.where(OutboxMessage.channel == channel)
    if recipient is not None:
        statement = statement.where(OutboxMessage.recipient == recipient)
    return list(session.scalars(statement.order_by(OutboxMessage.id).limit(limit)))


def acknowledge(session: Session, message_id: int, delivered: bool) -> OutboxMessage:
    """Record one delivery attempt; a delivered message is no longer pending."""
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update()).first()
    if message is None:
        raise NotFound("Không tìm thấy tin nhắn.")
    if message.sent_at is None:
        message.attempts += 1
        if delivered:
            message.sent_at = utcnow()
    session.commit()
    return message


def take(session: Session, channel: str, recipient: str, limit: int = 50) -> list[OutboxMessage]:
    """Hand over the pending messages of one chat and mark them delivered, oldest first.

    For channels whose client polls (the web chat): the messages are marked sent
    when returned, so each is handed out once (two concurrent polls never both
    get it: PostgreSQL skips the rows the other transaction locked, SQLite holds
    the write lock).
    """
    statement = (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.channel == channel,
            OutboxMessage.recipient == recipient,
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    messages = list(session.scalars(statement))
    now = utcnow()
    for message in messages:
        message.attempts += 1
        message.sent_at = now
    session.commit()
    return messages

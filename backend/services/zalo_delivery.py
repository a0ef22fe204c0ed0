"""Delivery of the outbox's ``zalo`` messages (staff replies, closing messages, status notifications) by the Zalo
delivery process (connectors/zalo_delivery.py), at least once and never twice at the same time.

``claim`` hands out pending messages with a lease (their rows locked while claiming: concurrent claimers skip
them); while the lease runs no one else gets the message. The process then reports each outcome:

- ``sent``: the outbox message is marked delivered (with Zalo's message id);
- ``retry`` (rate limit, Zalo or network down): claimed again after ``retry_after_seconds``, given up after
  ``MAX_ATTEMPTS`` attempts;
- ``undeliverable`` (Zalo refused it: invalid parameter, not a follower, inactive, no interaction for 7 days):
  recorded with the reason, never retried, and noted on the ticket so staff see it. The message is not lost: it
  stays in the outbox, undelivered.

A message to a citizen whose last message is older than 7 days is recorded undeliverable at claim time without
calling Zalo. A process that dies between sending and reporting lets its lease expire: the message is sent again
(at least once).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from backend.errors import NotFound
from backend.models import OutboxMessage, TicketMessage, ZaloContact, ZaloDelivery
from backend.timeutil import as_utc, utcnow
from backend.vocabulary import MessageAuthor
from backend.zalo_config import CHANNEL, PAID_WINDOW

MAX_ATTEMPTS = 8
WINDOW_CLOSED_REASON = "Quá 7 ngày kể từ tin nhắn cuối của công dân: Zalo không cho gửi tin tư vấn."
GAVE_UP_REASON = "Không gửi được sau {attempts} lần thử."


class DeliveryStatus(StrEnum):
    SENDING = "sending"
    RETRY = "retry"
    SENT = "sent"
    UNDELIVERABLE = "undeliverable"


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    UNDELIVERABLE = "undeliverable"


def undeliverable_note(reason: str) -> str:
    return f"Tin nhắn chưa gửi được tới công dân qua Zalo: {reason}"


def _window_closed(session: Session, message: OutboxMessage, now: datetime) -> bool:
    last = session.scalar(select(ZaloContact.last_message_at).where(ZaloContact.sender_id == message.recipient))
    return last is not None and as_utc(last) + PAID_WINDOW <= now


def _give_up(session: Session, message: OutboxMessage, delivery: ZaloDelivery, reason: str, now: datetime) -> None:
    delivery.status = DeliveryStatus.UNDELIVERABLE.value
    delivery.reason = reason[:300]
    delivery.claimed_until = delivery.next_attempt_at = None
    delivery.updated_at = now
    if message.ticket_id is not None:
        session.add(
            TicketMessage(
                ticket_id=message.ticket_id,
                author=MessageAuthor.SYSTEM.value,
                text=undeliverable_note(reason),
                created_at=now,
            )
        )


def claim(session: Session, limit: int, lease_seconds: float) -> list[OutboxMessage]:
    now = utcnow()
    due = or_(
        ZaloDelivery.outbox_message_id.is_(None),
        and_(ZaloDelivery.status == DeliveryStatus.SENDING.value, ZaloDelivery.claimed_until <= now),
        and_(ZaloDelivery.status == DeliveryStatus.RETRY.value, ZaloDelivery.next_attempt_at <= now),
    )
    statement = (
        select(OutboxMessage)
        .outerjoin(ZaloDelivery, ZaloDelivery.outbox_message_id == OutboxMessage.id)
        .where(OutboxMessage.channel == CHANNEL, OutboxMessage.sent_at.is_(None), due)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxMessage)
    )
    claimed = []
    for message in list(session.scalars(statement)):
        delivery = session.get(ZaloDelivery, message.id)
        if delivery is None:
            delivery = ZaloDelivery(outbox_message_id=message.id, status=DeliveryStatus.SENDING.value)
            session.add(delivery)
        if _window_closed(session, message, now):
            _give_up(session, message, delivery, WINDOW_CLOSED_REASON, now)
            continue
        delivery.status = DeliveryStatus.SENDING.value
        delivery.claimed_until = now + timedelta(seconds=lease_seconds)
        delivery.updated_at = now
        claimed.append(message)
    session.commit()
    return claimed


def report(
    session: Session,
    message_id: int,
    outcome: Outcome,
    *,
    error_code: int | None = None,
    reason: str | None = None,
    zalo_message_id: str | None = None,
    retry_after_seconds: float = 30,
) -> ZaloDelivery:
    """Record the outcome of one claimed delivery; a report for a message no longer being sent changes nothing."""
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update()).first()
    delivery = session.get(ZaloDelivery, message_id)
    if message is None or delivery is None:
        session.rollback()
        raise NotFound("Không tìm thấy tin nhắn.")
    if delivery.status != DeliveryStatus.SENDING.value or message.sent_at is not None:
        session.commit()
        return delivery
    now = utcnow()
    message.attempts += 1
    delivery.error_code = error_code
    delivery.updated_at = now
    if outcome is Outcome.SENT:
        message.sent_at = now
        delivery.status = DeliveryStatus.SENT.value
        delivery.zalo_message_id = zalo_message_id
        delivery.claimed_until = None
    elif outcome is Outcome.UNDELIVERABLE:
        _give_up(session, message, delivery, reason or "Zalo từ chối tin nhắn.", now)
    elif message.attempts >= MAX_ATTEMPTS:
        _give_up(session, message, delivery, GAVE_UP_REASON.format(attempts=message.attempts), now)
    else:
        delivery.status = DeliveryStatus.RETRY.value
        delivery.reason = (reason or "")[:300] or None
        delivery.claimed_until = None
        delivery.next_attempt_at = now + timedelta(seconds=retry_after_seconds)
    session.commit()
    return delivery


def undeliverable_for_ticket(session: Session, ticket_id: int) -> list[ZaloDelivery]:
    statement = (
        select(ZaloDelivery)
        .join(OutboxMessage, OutboxMessage.id == ZaloDelivery.outbox_message_id)
        .where(OutboxMessage.ticket_id == ticket_id, ZaloDelivery.status == DeliveryStatus.UNDELIVERABLE.value)
        .order_by(OutboxMessage.id)
        .options(selectinload(ZaloDelivery.message))
    )
    return list(session.scalars(statement))

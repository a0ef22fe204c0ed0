"""Handoff to hotline staff: tickets, the messages relayed both ways, closing.

At most one ticket per chat (channel, sender_id) is open at a time, enforced by
a partial unique index: a request that loses a race to open one gets the
winner's ticket. Staff replies and the closing message go to the citizen's
chat through the outbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from backend.errors import Conflict, InvalidInput, NotFound
from backend.models import Feedback, Rating, Ticket, TicketMessage, User
from backend.schemas import TicketCreate
from backend.services import outbox
from backend.services.sla import due_at
from backend.timeutil import utcnow
from backend.vocabulary import (
    PRIORITY_RANK,
    MessageAuthor,
    TicketCategory,
    TicketPriority,
    TicketReason,
    TicketStatus,
)

MAX_ATTEMPTS = 3
# After staff close a ticket, the citizen's next messages carry "awaiting rating" for this long.
RATING_WINDOW = timedelta(hours=24)

NOT_FOUND = "Không tìm thấy yêu cầu hỗ trợ."
ALREADY_CLOSED = "Yêu cầu hỗ trợ này đã kết thúc."
STAFF_PREFIX = "Cán bộ hỗ trợ"


def closing_text(ticket_id: int) -> str:
    return (
        f"Cán bộ đã kết thúc cuộc hỗ trợ (yêu cầu số {ticket_id}). Trợ lý tự động sẽ tiếp tục hỗ trợ ông/bà "
        "trong cuộc trò chuyện này.\nÔng/bà vui lòng đánh giá mức độ hài lòng bằng cách trả lời một số từ "
        "1 (rất không hài lòng) đến 5 (rất hài lòng), có thể kèm góp ý."
    )


def reply_text(text: str) -> str:
    return f"{STAFF_PREFIX}: {text}"


_LOAD = (
    selectinload(Ticket.messages).selectinload(TicketMessage.author_user),
    selectinload(Ticket.feedback),
    selectinload(Ticket.assigned_to),
    selectinload(Ticket.closed_by),
)


def get_ticket(session: Session, ticket_id: int) -> Ticket:
    ticket = session.scalars(select(Ticket).where(Ticket.id == ticket_id).options(*_LOAD)).first()
    if ticket is None:
        raise NotFound(NOT_FOUND)
    return ticket


def find_open(session: Session, channel: str, sender_id: str) -> Ticket | None:
    statement = select(Ticket).where(
        Ticket.channel == channel, Ticket.sender_id == sender_id, Ticket.status == TicketStatus.OPEN.value
    )
    return session.scalars(statement.options(*_LOAD)).first()


def awaiting_rating(session: Session, channel: str, sender_id: str, now: datetime | None = None) -> Ticket | None:
    """The chat's ticket closed within RATING_WINDOW and not rated yet, if any."""
    now = now or utcnow()
    statement = (
        select(Ticket)
        .where(
            Ticket.channel == channel,
            Ticket.sender_id == sender_id,
            Ticket.status == TicketStatus.CLOSED.value,
            Ticket.closed_at >= now - RATING_WINDOW,
            ~exists().where(Rating.ticket_id == Ticket.id),
        )
        .order_by(Ticket.closed_at.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def _defaults(data: TicketCreate, feedback: Feedback | None) -> tuple[str, str]:
    category = (
        data.category.value if data.category else (feedback.category if feedback else TicketCategory.SUPPORT.value)
    )
    if data.priority is not None:
        priority = data.priority.value
    elif data.reason == TicketReason.URGENT_COMPLAINT or (feedback is not None and feedback.urgent):
        priority = TicketPriority.URGENT.value
    else:
        priority = TicketPriority.NORMAL.value
    return category, priority


def open_ticket(session: Session, data: TicketCreate, sla_hours: Mapping[str, float]) -> tuple[Ticket, bool]:
    """Open a ticket for the chat, or return the one already open there: ``(ticket, created)``."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        existing = find_open(session, data.channel.value, data.sender_id)
        if existing is not None:
            session.commit()
            return existing, False
        feedback = None
        if data.feedback_code:
            feedback = session.scalars(select(Feedback).where(Feedback.tracking_code == data.feedback_code)).first()
            if feedback is None:
                session.rollback()
                raise InvalidInput(f"Không tìm thấy phản ánh {data.feedback_code}.")
        category, priority = _defaults(data, feedback)
        now = utcnow()
        ticket = Ticket(
            channel=data.channel.value,
            sender_id=data.sender_id,
            reason=data.reason.value,
            category=category,
            priority=priority,
            status=TicketStatus.OPEN.value,
            summary=data.summary,
            transcript=[
                {"author": e.author, "text": e.text, "at": e.at.isoformat() if e.at else None} for e in data.transcript
            ],
            feedback_id=feedback.id if feedback else None,
            opened_at=now,
            last_message_at=now,
            sla_due_at=due_at(sla_hours, category, priority, now),
        )
        session.add(ticket)
        try:
            session.commit()
        except IntegrityError:  # another request opened one for this chat meanwhile
            session.rollback()
            if attempt == MAX_ATTEMPTS:
                raise Conflict("Hệ thống đang bận, vui lòng thử lại sau ít phút.") from None
            continue
        ticket = get_ticket(session, ticket.id)
        session.commit()
        return ticket, True
    raise AssertionError("unreachable")


def _locked(session: Session, ticket_id: int) -> Ticket:
    ticket = session.scalars(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).first()
    if ticket is None:
        session.rollback()
        raise NotFound(NOT_FOUND)
    return ticket


def add_citizen_message(session: Session, ticket_id: int, channel: str, sender_id: str, text: str) -> TicketMessage:
    """Relay a citizen's chat message to their open ticket."""
    ticket = _locked(session, ticket_id)
    if ticket.channel != channel or ticket.sender_id != sender_id:
        session.rollback()
        raise NotFound(NOT_FOUND)
    if ticket.status != TicketStatus.OPEN.value:
        session.rollback()
        raise Conflict(ALREADY_CLOSED)
    now = utcnow()
    message = TicketMessage(ticket_id=ticket.id, author=MessageAuthor.CITIZEN.value, text=text, created_at=now)
    session.add(message)
    ticket.last_message_at = now
    session.commit()
    return message


def reply(session: Session, ticket_id: int, text: str, actor: User) -> TicketMessage:
    """A staff reply: kept on the ticket and sent to the citizen's chat."""
    ticket = _locked(session, ticket_id)
    if ticket.status != TicketStatus.OPEN.value:
        session.rollback()
        raise Conflict(ALREADY_CLOSED)
    now = utcnow()
    message = TicketMessage(
        ticket_id=ticket.id, author=MessageAuthor.STAFF.value, author_user_id=actor.id, text=text, created_at=now
    )
    session.add(message)
    ticket.last_message_at = now
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    if ticket.assigned_user_id is None:
        ticket.assigned_user_id = actor.id
    outbox.enqueue(session, ticket.channel, ticket.sender_id, reply_text(text), ticket_id=ticket.id)
    session.commit()
    return message


def close(session: Session, ticket_id: int, note: str | None, actor: User) -> Ticket:
    """Close the ticket: the bot answers the chat again and the citizen is asked for a rating."""
    ticket = _locked(session, ticket_id)
    if ticket.status != TicketStatus.OPEN.value:
        session.rollback()
        raise Conflict(ALREADY_CLOSED)
    now = utcnow()
    ticket.status = TicketStatus.CLOSED.value
    ticket.closed_at = now
    ticket.closed_by_user_id = actor.id
    if ticket.assigned_user_id is None:
        ticket.assigned_user_id = actor.id
    system_text = f"{actor.username} đã đóng yêu cầu." + (f" Ghi chú: {note}" if note else "")
    session.add(TicketMessage(ticket_id=ticket.id, author=MessageAuthor.SYSTEM.value, text=system_text, created_at=now))
    outbox.enqueue(session, ticket.channel, ticket.sender_id, closing_text(ticket.id), ticket_id=ticket.id)
    session.commit()
    return get_ticket(session, ticket_id)


def list_tickets(session: Session, status: TicketStatus | None = TicketStatus.OPEN, limit: int = 200) -> list[Ticket]:
    """Tickets by SLA deadline (earliest first), then priority; closed ones newest first."""
    statement = select(Ticket).options(selectinload(Ticket.assigned_to), selectinload(Ticket.feedback))
    if status is not None:
        statement = statement.where(Ticket.status == status.value)
    if status == TicketStatus.CLOSED:
        statement = statement.order_by(Ticket.closed_at.desc(), Ticket.id.desc())
    else:
        statement = statement.order_by(Ticket.sla_due_at, Ticket.id)
    tickets = list(session.scalars(statement.limit(limit)))
    if status != TicketStatus.CLOSED:
        tickets.sort(
            key=lambda t: (t.status != TicketStatus.OPEN.value, t.sla_due_at, PRIORITY_RANK.get(t.priority, 9))
        )
    return tickets

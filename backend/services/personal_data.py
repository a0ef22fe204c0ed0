"""Anonymising one chat's conversation data: shared by deletion requests and retention.

What a conversation leaves in the backend: handoff tickets (transcript, summary, messages), unanswered
questions, rating comments and sender ids (analytics), outbox texts. Dossiers and feedback are records
of the administration and stay.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from backend.models import OutboxMessage, Rating, Ticket, TicketMessage, UnansweredQuestion
from backend.timeutil import utcnow
from backend.vocabulary import TicketStatus

ERASED = "(đã xóa)"


def erase_chat_conversation(session: Session, channel: str, sender_id: str) -> dict[str, int]:
    """Anonymise what the chat said and was told, within the caller's transaction; counts per kind.

    Closed tickets also lose the chat's id; an open one keeps it so that staff can still answer."""
    tickets = select(Ticket.id).where(Ticket.channel == channel, Ticket.sender_id == sender_id)
    counts = {
        "ticket_messages": session.execute(
            update(TicketMessage).where(TicketMessage.ticket_id.in_(tickets)).values(text=ERASED)
        ).rowcount,
        "tickets": session.execute(
            update(Ticket).where(Ticket.id.in_(tickets)).values(transcript=[], summary=None)
        ).rowcount,
        "closed_ticket_senders": session.execute(
            update(Ticket)
            .where(Ticket.id.in_(tickets), Ticket.status == TicketStatus.CLOSED.value)
            .values(sender_id=ERASED)
        ).rowcount,
        "unanswered": session.execute(
            delete(UnansweredQuestion).where(
                UnansweredQuestion.channel == channel, UnansweredQuestion.sender_id == sender_id
            )
        ).rowcount,
        "ratings": session.execute(
            update(Rating)
            .where(Rating.channel == channel, Rating.sender_id == sender_id)
            .values(comment=None, sender_id=ERASED)
        ).rowcount,
        "outbox": _erase_outbox(session, channel, sender_id, utcnow()),
    }
    session.flush()
    return counts


def _erase_outbox(session: Session, channel: str, sender_id: str, now: datetime) -> int:
    mine = (OutboxMessage.channel == channel, OutboxMessage.recipient == sender_id)
    session.execute(update(OutboxMessage).where(*mine, OutboxMessage.sent_at.is_(None)).values(sent_at=now))
    return session.execute(update(OutboxMessage).where(*mine).values(text=ERASED, recipient=ERASED)).rowcount

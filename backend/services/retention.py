"""Retention (``python -m backend retention``): conversations and unused uploads older than N days are
deleted or anonymised; dossiers, feedback and the files they use stay.

- closed handoff tickets whose last message is older: transcript, summary and chat id erased, messages too;
- unanswered questions: deleted; delivered outbox messages: deleted;
- ratings: comment and sender id erased (the score stays for the statistics);
- uploads no dossier, personal-store document or feedback uses: deleted (row and file);
- Zalo contacts (chat id, choices offered) whose citizen has not written since the cutoff: deleted;
- Zalo event keys (webhook deduplication, with the chat's id): deleted after ``EVENT_RETENTION`` (a few days,
  as long as Zalo may retry), whatever the period;
- rasa tracker-store events older than the cutoff: deleted (``backend/tracker_store.py``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from backend.models import (
    OutboxMessage,
    Rating,
    StoredFile,
    Ticket,
    TicketMessage,
    UnansweredQuestion,
    ZaloContact,
    ZaloEvent,
)
from backend.services.files import delete_unreferenced
from backend.services.personal_data import ERASED
from backend.services.zalo_chats import EVENT_RETENTION
from backend.timeutil import utcnow
from backend.tracker_store import delete_events
from backend.vocabulary import TicketStatus


def _apply(session: Session, statement, dry_run: bool) -> int:
    """Rows ``statement`` (an UPDATE or DELETE with a WHERE) touches; with ``dry_run`` only counted."""
    if dry_run:
        table = statement.table
        return int(session.scalar(select(func.count()).select_from(table).where(statement.whereclause)))
    return int(session.execute(statement).rowcount)


def _erase_old_tickets(session: Session, old_tickets, dry_run: bool) -> int:
    """Old closed tickets lose their transcript, summary and the chat's id (the figures stay)."""
    tickets = [
        t
        for t in session.scalars(select(Ticket).where(Ticket.id.in_(old_tickets)))
        if t.transcript or t.summary or t.sender_id != ERASED
    ]
    if not dry_run:
        for ticket in tickets:
            ticket.transcript, ticket.summary, ticket.sender_id = [], None, ERASED
    return len(tickets)


def run_retention(
    session: Session,
    upload_dir: Path,
    tracker_db_url: str,
    days: int,
    dry_run: bool = False,
    now: datetime | None = None,
) -> dict[str, int]:
    """Apply the retention period and commit; returns counts per kind (what would be done with ``dry_run``)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    old_tickets = select(Ticket.id).where(Ticket.status == TicketStatus.CLOSED.value, Ticket.last_message_at < cutoff)
    counts = {
        "tickets": _erase_old_tickets(session, old_tickets, dry_run),
        "ticket_messages": _apply(
            session,
            update(TicketMessage)
            .where(TicketMessage.ticket_id.in_(old_tickets), TicketMessage.text != ERASED)
            .values(text=ERASED),
            dry_run,
        ),
        "unanswered_questions": _apply(
            session, delete(UnansweredQuestion).where(UnansweredQuestion.created_at < cutoff), dry_run
        ),
        "outbox_delivered": _apply(
            session,
            delete(OutboxMessage).where(OutboxMessage.sent_at.is_not(None), OutboxMessage.created_at < cutoff),
            dry_run,
        ),
        "rating_senders": _apply(
            session,
            update(Rating)
            .where(Rating.created_at < cutoff, Rating.sender_id != ERASED)
            .values(sender_id=ERASED, comment=None),
            dry_run,
        ),
        "uploads": delete_unreferenced(
            session, upload_dir, select(StoredFile.id).where(StoredFile.created_at < cutoff), dry_run
        ),
        "zalo_contacts": _apply(session, delete(ZaloContact).where(ZaloContact.last_message_at < cutoff), dry_run),
        "zalo_events": _apply(session, delete(ZaloEvent).where(ZaloEvent.received_at < now - EVENT_RETENTION), dry_run),
        "tracker_events": delete_events(tracker_db_url, before=cutoff.timestamp(), dry_run=dry_run),
    }
    if dry_run:
        session.rollback()
    else:
        session.commit()
    return counts

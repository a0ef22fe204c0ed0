"""Satisfaction ratings (1-5) of a filed dossier or a finished handoff."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.errors import Conflict, NotFound
from backend.models import Dossier, Rating, Ticket
from backend.schemas import RatingCreate
from backend.timeutil import utcnow
from backend.vocabulary import RatingSubject, TicketStatus


def submit_rating(session: Session, data: RatingCreate) -> tuple[Rating, bool]:
    """Record a rating; the same chat rating the same subject again replaces its score: ``(rating, created)``."""
    if data.ticket_id is not None:
        ticket = session.get(Ticket, data.ticket_id)
        if ticket is None or ticket.channel != data.channel.value or ticket.sender_id != data.sender_id:
            session.rollback()
            raise NotFound("Không tìm thấy yêu cầu hỗ trợ.")
        if ticket.status != TicketStatus.CLOSED.value:
            session.rollback()
            raise Conflict("Chỉ đánh giá được sau khi cuộc hỗ trợ kết thúc.")
        subject, match = RatingSubject.TICKET, Rating.ticket_id == data.ticket_id
    else:
        exists = session.scalars(select(Dossier.id).where(Dossier.receipt_code == data.receipt_code)).first()
        if exists is None:
            session.rollback()
            raise NotFound(f"Không tìm thấy hồ sơ {data.receipt_code}.")
        subject, match = RatingSubject.DOSSIER, Rating.receipt_code == data.receipt_code

    now = utcnow()
    rating = session.scalars(
        select(Rating).where(match, Rating.channel == data.channel.value, Rating.sender_id == data.sender_id)
    ).first()
    created = rating is None
    if rating is None:
        rating = Rating(
            subject=subject.value,
            receipt_code=data.receipt_code,
            ticket_id=data.ticket_id,
            channel=data.channel.value,
            sender_id=data.sender_id,
            created_at=now,
        )
        session.add(rating)
    rating.score = data.score
    rating.comment = data.comment
    rating.updated_at = now
    session.commit()
    return rating, created

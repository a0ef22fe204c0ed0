"""Feedback (phản ánh, kiến nghị): recording with a tracking code, look-up, status changes."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from backend.errors import InvalidInput, NotFound
from backend.models import Feedback, FeedbackStatusChange, User
from backend.schemas import FeedbackCreate
from backend.services.files import usable_file
from backend.services.idempotency import create_once
from backend.services.sla import due_at
from backend.services.transitions import StatusFlow, record_status_change
from backend.timeutil import local_year, utcnow
from backend.tracking import is_tracking_code, next_tracking_code
from backend.vocabulary import (
    FEEDBACK_STATUS_LABELS,
    FEEDBACK_TRANSITIONS,
    FeedbackStatus,
    TicketPriority,
)

MAX_ATTEMPTS = 5
OPEN_STATUSES = (FeedbackStatus.NEW.value, FeedbackStatus.PROCESSING.value)

_LOAD = (selectinload(Feedback.history), selectinload(Feedback.stored_file))


def feedback_status_label(status: str) -> str:
    return FEEDBACK_STATUS_LABELS[FeedbackStatus(status)]


def get_by_code(session: Session, code: str) -> Feedback:
    """The feedback with this code; NotFound also for a code whose check digit is wrong."""
    statement = select(Feedback).where(Feedback.tracking_code == code).options(*_LOAD)
    feedback = session.scalars(statement).first() if is_tracking_code(code) else None
    if feedback is None:
        raise NotFound(f"Không tìm thấy phản ánh {code}.")
    return feedback


def _find_by_key(session: Session, key: str | None) -> Feedback | None:
    if key is None:
        return None
    return session.scalars(select(Feedback).where(Feedback.idempotency_key == key).options(*_LOAD)).first()


def create_feedback(session: Session, data: FeedbackCreate, sla_hours: Mapping[str, float]) -> tuple[Feedback, bool]:
    """Record feedback; ``(feedback, created)``. Idempotent on ``idempotency_key`` when given."""
    return create_once(
        session,
        find=lambda: _find_by_key(session, data.idempotency_key),
        insert=lambda: _insert(session, data, sla_hours),
        reload=lambda feedback: get_by_code(session, feedback.tracking_code),
        busy_message="Hệ thống đang bận, vui lòng gửi lại phản ánh sau ít phút.",
        attempts=MAX_ATTEMPTS,
    )


def _insert(session: Session, data: FeedbackCreate, sla_hours: Mapping[str, float]) -> Feedback:
    attachment = data.stored_file_id
    if attachment is not None and usable_file(session, attachment, data.channel.value, data.sender_id) is None:
        raise InvalidInput("Không tìm thấy tệp đính kèm đã tải lên.")
    now = utcnow()
    contact = data.contact
    priority = TicketPriority.URGENT if data.urgent else TicketPriority.NORMAL
    feedback = Feedback(
        tracking_code=next_tracking_code(session, local_year(now)),
        category=data.category.value,
        content=data.content,
        receipt_code=data.receipt_code,
        procedure_code=data.procedure_code,
        procedure_name=data.procedure_name,
        place=data.place,
        anonymous=data.anonymous,
        contact_name=contact.name if contact else None,
        contact_phone=contact.phone if contact else None,
        contact_email=contact.email if contact else None,
        stored_file_id=data.stored_file_id,
        urgent=data.urgent,
        status=FeedbackStatus.NEW.value,
        channel=data.channel.value,
        sender_id=data.sender_id,
        consent_at=data.consent_at,
        idempotency_key=data.idempotency_key,
        created_at=now,
        updated_at=now,
        due_at=due_at(sla_hours, data.category.value, priority.value, now),
    )
    feedback.history.append(
        FeedbackStatusChange(
            from_status=None,
            to_status=FeedbackStatus.NEW.value,
            note=f"Tiếp nhận phản ánh qua kênh {data.channel.value}.",
            changed_by="citizen",
            changed_at=now,
        )
    )
    session.add(feedback)
    session.flush()
    return feedback


def notification_text(code: str, status: FeedbackStatus, note: str | None) -> str:
    text = f"Phản ánh {code} của ông/bà đã chuyển sang trạng thái: {FEEDBACK_STATUS_LABELS[status]}."
    if note:
        text += f"\nTrả lời của cơ quan: {note}"
    return text


def _recipient(feedback: Feedback) -> tuple[str, str] | None:
    return (feedback.channel, feedback.sender_id) if feedback.sender_id else None


FEEDBACK_FLOW = StatusFlow(
    model=Feedback,
    code=Feedback.tracking_code,
    noun="phản ánh",
    statuses=FeedbackStatus,
    transitions=FEEDBACK_TRANSITIONS,
    label=feedback_status_label,
    history=FeedbackStatusChange,
    history_key="feedback_id",
    notification_text=notification_text,
    recipient=_recipient,
)


def change_status(session: Session, code: str, new_status: FeedbackStatus, note: str | None, actor: User) -> Feedback:
    record_status_change(session, FEEDBACK_FLOW, code, new_status, note, actor)
    return get_by_code(session, code)


def list_feedback(
    session: Session, status: FeedbackStatus | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Feedback], int]:
    statement = select(Feedback)
    count = select(func.count()).select_from(Feedback)
    if status is not None:
        statement = statement.where(Feedback.status == status.value)
        count = count.where(Feedback.status == status.value)
    items = list(session.scalars(statement.order_by(Feedback.id.desc()).limit(limit).offset(offset)))
    return items, int(session.execute(count).scalar_one())


def open_feedback_by_deadline(session: Session, limit: int = 200) -> list[Feedback]:
    """Feedback not yet answered, earliest deadline first (the staff queue)."""
    statement = (
        select(Feedback).where(Feedback.status.in_(OPEN_STATUSES)).order_by(Feedback.due_at, Feedback.id).limit(limit)
    )
    return list(session.scalars(statement))

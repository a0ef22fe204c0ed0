"""Response shapes of feedback, handoff tickets, ratings and analytics.

The bot (service token) sees a feedback's contact masked; staff see it whole.
Anonymous feedback has no contact at all.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from backend.api.views import STAFF_LABEL, HistoryOut, history_view
from backend.masking import mask_tail
from backend.models import Feedback, Rating, Ticket, TicketMessage
from backend.timeutil import utcnow
from backend.vocabulary import (
    FEEDBACK_CATEGORY_LABELS,
    FEEDBACK_STATUS_LABELS,
    TICKET_CATEGORY_LABELS,
    TICKET_PRIORITY_LABELS,
    TICKET_REASON_LABELS,
    TICKET_STATUS_LABELS,
    FeedbackCategory,
    FeedbackStatus,
    TicketCategory,
    TicketPriority,
    TicketReason,
    TicketStatus,
)


class ContactOut(BaseModel):
    name: str | None
    phone: str | None
    email: str | None


# The fields of HistoryOut, under its own name in the OpenAPI schema (no docstring: it would show there).
class FeedbackHistoryOut(HistoryOut):
    pass


class FeedbackOut(BaseModel):
    tracking_code: str
    category: str
    category_label: str
    content: str
    receipt_code: str | None
    procedure_code: str | None
    procedure_name: str | None
    place: str | None
    anonymous: bool
    contact: ContactOut | None
    stored_file_id: int | None
    urgent: bool
    status: str
    status_label: str
    channel: str
    consent_at: datetime | None = None
    history: list[FeedbackHistoryOut]
    created_at: datetime
    due_at: datetime
    verified: bool = False  # looked up by another chat after the phone check: no staff notes


class FeedbackSummary(BaseModel):
    tracking_code: str
    category: str
    category_label: str
    status: str
    status_label: str
    urgent: bool
    created_at: datetime
    due_at: datetime
    overdue: bool


class FeedbackPage(BaseModel):
    items: list[FeedbackSummary]
    total: int


class TranscriptEntryOut(BaseModel):
    author: str
    text: str
    at: str | None = None


class TicketMessageOut(BaseModel):
    id: int
    ticket_id: int
    author: str
    by: str | None
    text: str
    at: datetime


class TicketSummary(BaseModel):
    id: int
    channel: str
    sender_id: str
    reason: str
    reason_label: str
    category: str
    category_label: str
    priority: str
    priority_label: str
    status: str
    status_label: str
    summary: str | None
    feedback_code: str | None
    assigned_to: str | None
    opened_at: datetime
    sla_due_at: datetime
    overdue: bool
    last_message_at: datetime
    closed_at: datetime | None


class TicketOut(TicketSummary):
    transcript: list[TranscriptEntryOut]
    messages: list[TicketMessageOut]


class OpenTicketOut(BaseModel):
    """For the channel adapters: is a person handling this chat, and is a rating awaited."""

    open: bool
    ticket: TicketSummary | None
    awaiting_rating_ticket_id: int | None = None


class RatingOut(BaseModel):
    id: int
    score: int
    comment: str | None
    subject: str
    receipt_code: str | None
    ticket_id: int | None
    created_at: datetime


class RecordedOut(BaseModel):
    id: int | None = None
    count: int | None = None


def _contact(feedback: Feedback, staff: bool) -> ContactOut | None:
    if feedback.anonymous or not (feedback.contact_name or feedback.contact_phone or feedback.contact_email):
        return None
    if staff:
        return ContactOut(name=feedback.contact_name, phone=feedback.contact_phone, email=feedback.contact_email)
    email = feedback.contact_email
    if email:
        local, _, domain = email.partition("@")
        email = f"{local[:1]}***@{domain}"
    return ContactOut(name=feedback.contact_name, phone=mask_tail(feedback.contact_phone), email=email)


def feedback_view(feedback: Feedback, staff: bool) -> FeedbackOut:
    return FeedbackOut(
        tracking_code=feedback.tracking_code,
        category=feedback.category,
        category_label=FEEDBACK_CATEGORY_LABELS[FeedbackCategory(feedback.category)],
        content=feedback.content,
        receipt_code=feedback.receipt_code,
        procedure_code=feedback.procedure_code,
        procedure_name=feedback.procedure_name,
        place=feedback.place,
        anonymous=feedback.anonymous,
        contact=_contact(feedback, staff),
        stored_file_id=feedback.stored_file_id,
        urgent=feedback.urgent,
        status=feedback.status,
        status_label=FEEDBACK_STATUS_LABELS[FeedbackStatus(feedback.status)],
        channel=feedback.channel,
        consent_at=feedback.consent_at,
        history=history_view(
            feedback.history,
            lambda status: FEEDBACK_STATUS_LABELS[FeedbackStatus(status)],
            lambda h: h.changed_by if staff or h.changed_by_user_id is None else STAFF_LABEL,
            FeedbackHistoryOut,
        ),
        created_at=feedback.created_at,
        due_at=feedback.due_at,
    )


def feedback_summary(feedback: Feedback, now: datetime | None = None) -> FeedbackSummary:
    now = now or utcnow()
    return FeedbackSummary(
        tracking_code=feedback.tracking_code,
        category=feedback.category,
        category_label=FEEDBACK_CATEGORY_LABELS[FeedbackCategory(feedback.category)],
        status=feedback.status,
        status_label=FEEDBACK_STATUS_LABELS[FeedbackStatus(feedback.status)],
        urgent=feedback.urgent,
        created_at=feedback.created_at,
        due_at=feedback.due_at,
        overdue=feedback.status in ("new", "processing") and feedback.due_at < now,
    )


def _summary_fields(ticket: Ticket, now: datetime) -> dict:
    return {
        "id": ticket.id,
        "channel": ticket.channel,
        "sender_id": ticket.sender_id,
        "reason": ticket.reason,
        "reason_label": TICKET_REASON_LABELS[TicketReason(ticket.reason)],
        "category": ticket.category,
        "category_label": TICKET_CATEGORY_LABELS[TicketCategory(ticket.category)],
        "priority": ticket.priority,
        "priority_label": TICKET_PRIORITY_LABELS[TicketPriority(ticket.priority)],
        "status": ticket.status,
        "status_label": TICKET_STATUS_LABELS[TicketStatus(ticket.status)],
        "summary": ticket.summary,
        "feedback_code": ticket.feedback.tracking_code if ticket.feedback else None,
        "assigned_to": ticket.assigned_to.username if ticket.assigned_to else None,
        "opened_at": ticket.opened_at,
        "sla_due_at": ticket.sla_due_at,
        "overdue": ticket.status == TicketStatus.OPEN.value and ticket.sla_due_at < now,
        "last_message_at": ticket.last_message_at,
        "closed_at": ticket.closed_at,
    }


def ticket_summary(ticket: Ticket, now: datetime | None = None) -> TicketSummary:
    return TicketSummary(**_summary_fields(ticket, now or utcnow()))


def ticket_message_view(message: TicketMessage) -> TicketMessageOut:
    return TicketMessageOut(
        id=message.id,
        ticket_id=message.ticket_id,
        author=message.author,
        by=message.author_user.username if message.author_user else None,
        text=message.text,
        at=message.created_at,
    )


def ticket_view(ticket: Ticket, now: datetime | None = None) -> TicketOut:
    return TicketOut(
        **_summary_fields(ticket, now or utcnow()),
        transcript=[TranscriptEntryOut(**entry) for entry in (ticket.transcript or [])],
        messages=[ticket_message_view(m) for m in ticket.messages],
    )


def rating_view(rating: Rating) -> RatingOut:
    return RatingOut(
        id=rating.id,
        score=rating.score,
        comment=rating.comment,
        subject=rating.subject,
        receipt_code=rating.receipt_code,
        ticket_id=rating.ticket_id,
        created_at=rating.created_at,
    )

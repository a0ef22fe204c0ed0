"""What the dashboard shows: unanswered questions, most-asked procedures, dossier and ticket figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.models import (
    Dossier,
    DossierStatusChange,
    Feedback,
    ProcedureQueryCount,
    Rating,
    Ticket,
    UnansweredQuestion,
)
from backend.schemas import ProcedureQueryIn, UnansweredIn
from backend.services.feedback import OPEN_STATUSES
from backend.timeutil import as_utc, utcnow
from backend.vocabulary import DossierStatus, TicketStatus, status_label

_SPACES = re.compile(r"\s+")


def normalize_question(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()[:300]


def record_unanswered(session: Session, data: UnansweredIn) -> UnansweredQuestion:
    row = UnansweredQuestion(
        text=data.text,
        normalized=normalize_question(data.text),
        reason=data.reason,
        channel=data.channel.value if data.channel else None,
        sender_id=data.sender_id,
        created_at=utcnow(),
    )
    session.add(row)
    session.commit()
    return row


def record_procedure_query(session: Session, data: ProcedureQueryIn) -> ProcedureQueryCount:
    """Count one question about a procedure (atomic upsert; the latest name wins)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    statement = (
        insert(ProcedureQueryCount)
        .values(procedure_code=data.procedure_code, procedure_name=data.procedure_name, count=1, last_asked_at=now)
        .on_conflict_do_update(
            index_elements=[ProcedureQueryCount.procedure_code],
            set_={
                "count": ProcedureQueryCount.count + 1,
                "procedure_name": data.procedure_name,
                "last_asked_at": now,
            },
        )
        .returning(ProcedureQueryCount.count)
    )
    count = int(session.execute(statement).scalar_one())
    session.commit()
    return ProcedureQueryCount(
        procedure_code=data.procedure_code, procedure_name=data.procedure_name, count=count, last_asked_at=now
    )


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class QuestionCount:
    text: str
    count: int
    last_at: datetime


@dataclass
class ProcedureCount:
    procedure_code: str
    procedure_name: str
    count: int


@dataclass
class Dashboard:
    dossiers_by_status: list[StatusCount]
    dossiers_total: int
    completed_with_deadline: int
    completed_on_time: int
    on_time_rate: float | None  # share of completed dossiers (with a deadline) finished by it
    open_overdue_dossiers: int
    ratings_count: int
    average_rating: float | None
    average_rating_dossiers: float | None
    average_rating_tickets: float | None
    top_procedures: list[ProcedureCount]
    unanswered: list[QuestionCount]
    open_tickets: int
    overdue_tickets: int
    open_feedback: int
    overdue_feedback: int
    generated_at: datetime = field(default_factory=utcnow)


def _average(session: Session, *conditions) -> tuple[float | None, int]:
    avg, count = session.execute(select(func.avg(Rating.score), func.count(Rating.id)).where(*conditions)).one()
    return (round(float(avg), 2) if avg is not None else None), int(count)


def dashboard(session: Session, top: int = 10, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    counts = dict(session.execute(select(Dossier.status, func.count()).group_by(Dossier.status)).all())
    by_status = [StatusCount(s.value, status_label(s.value), int(counts.get(s.value, 0))) for s in DossierStatus]

    completed_at = (
        select(DossierStatusChange.dossier_id, func.max(DossierStatusChange.changed_at).label("at"))
        .where(DossierStatusChange.to_status == DossierStatus.COMPLETED.value)
        .group_by(DossierStatusChange.dossier_id)
        .subquery()
    )
    completed = session.execute(
        select(func.count(), func.sum(case((completed_at.c.at <= Dossier.due_at, 1), else_=0)))
        .select_from(Dossier)
        .join(completed_at, completed_at.c.dossier_id == Dossier.id)
        .where(Dossier.status == DossierStatus.COMPLETED.value, Dossier.due_at.is_not(None))
    ).one()
    with_deadline, on_time = int(completed[0] or 0), int(completed[1] or 0)
    open_statuses = [DossierStatus.RECEIVED.value, DossierStatus.PROCESSING.value, DossierStatus.NEED_MORE_INFO.value]
    overdue_dossiers = session.execute(
        select(func.count()).where(Dossier.status.in_(open_statuses), Dossier.due_at < now)
    ).scalar_one()

    average, rating_count = _average(session)
    average_dossiers, _ = _average(session, Rating.subject == "dossier")
    average_tickets, _ = _average(session, Rating.subject == "ticket")

    procedures = session.execute(
        select(ProcedureQueryCount.procedure_code, ProcedureQueryCount.procedure_name, ProcedureQueryCount.count)
        .order_by(ProcedureQueryCount.count.desc(), ProcedureQueryCount.procedure_code)
        .limit(top)
    ).all()
    questions = session.execute(
        select(
            func.min(UnansweredQuestion.text),
            func.count(UnansweredQuestion.id),
            func.max(UnansweredQuestion.created_at),
        )
        .group_by(UnansweredQuestion.normalized)
        .order_by(func.count(UnansweredQuestion.id).desc(), func.max(UnansweredQuestion.created_at).desc())
        .limit(top * 2)
    ).all()

    open_tickets = session.execute(select(func.count()).where(Ticket.status == TicketStatus.OPEN.value)).scalar_one()
    overdue_tickets = session.execute(
        select(func.count()).where(and_(Ticket.status == TicketStatus.OPEN.value, Ticket.sla_due_at < now))
    ).scalar_one()
    open_feedback = session.execute(select(func.count()).where(Feedback.status.in_(OPEN_STATUSES))).scalar_one()
    overdue_feedback = session.execute(
        select(func.count()).where(Feedback.status.in_(OPEN_STATUSES), Feedback.due_at < now)
    ).scalar_one()

    return Dashboard(
        dossiers_by_status=by_status,
        dossiers_total=sum(c.count for c in by_status),
        completed_with_deadline=with_deadline,
        completed_on_time=on_time,
        on_time_rate=(on_time / with_deadline) if with_deadline else None,
        open_overdue_dossiers=int(overdue_dossiers),
        ratings_count=rating_count,
        average_rating=average,
        average_rating_dossiers=average_dossiers,
        average_rating_tickets=average_tickets,
        top_procedures=[ProcedureCount(code, name, int(count)) for code, name, count in procedures],
        unanswered=[QuestionCount(text, int(count), as_utc(last)) for text, count, last in questions],
        open_tickets=int(open_tickets),
        overdue_tickets=int(overdue_tickets),
        open_feedback=int(open_feedback),
        overdue_feedback=int(overdue_feedback),
    )

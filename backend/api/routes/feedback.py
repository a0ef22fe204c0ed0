"""Feedback (phản ánh, kiến nghị): filed by the bot, tracked by code, handled by staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backend.api.deps import ReadSessionDep, ServiceDep, ServiceOrStaffDep, SessionDep, SettingsDep, StaffDep
from backend.api.lookup_access import LookupChat, lookup_access, shaped_for
from backend.api.ratelimits import limit_sender
from backend.api.responses import created_or_existing
from backend.api.support_views import FeedbackOut, FeedbackPage, feedback_summary, feedback_view
from backend.schemas import FeedbackCreate, FeedbackStatusChangeIn
from backend.services import feedback as service
from backend.vocabulary import FeedbackStatus

router = APIRouter(prefix="/api/feedback", tags=["feedback"])


@router.post(
    "",
    status_code=201,
    response_model=FeedbackOut,
    summary="Record feedback (service token); returns the tracking code PA-<year>-<number>",
    responses={200: {"model": FeedbackOut, "description": "Already recorded with this idempotency_key"}},
)
def file_feedback(
    body: FeedbackCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    _s: ServiceDep,
) -> FeedbackOut:
    limit_sender(request, body.channel.value, body.sender_id)
    feedback, created = service.create_feedback(session, body, settings.sla_hours)
    created_or_existing(response, created)
    return feedback_view(feedback, staff=False)


@router.get("", response_model=FeedbackPage, summary="List feedback, newest first (staff)")
def browse_feedback(
    session: ReadSessionDep,
    _staff: StaffDep,
    status: FeedbackStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> FeedbackPage:
    items, total = service.list_feedback(session, status, limit, offset)
    return FeedbackPage(items=[feedback_summary(f) for f in items], total=total)


@router.get(
    "/{code}",
    response_model=FeedbackOut,
    summary="Status of feedback by tracking code (staff; or service token for the filing chat or after the check)",
)
def read_feedback(
    code: str, request: Request, session: ReadSessionDep, caller: ServiceOrStaffDep, chat: LookupChat
) -> FeedbackOut:
    feedback = service.get_by_code(session, code)
    proofs = () if feedback.anonymous else (feedback.contact_phone,)
    access = lookup_access(
        request, caller, feedback.tracking_code, (feedback.channel, feedback.sender_id), proofs, chat
    )
    return shaped_for(feedback_view(feedback, staff=caller.is_staff), access)


@router.patch("/{code}", response_model=FeedbackOut, summary="Change status (staff); notifies the citizen")
def update_feedback(code: str, body: FeedbackStatusChangeIn, session: SessionDep, staff: StaffDep) -> FeedbackOut:
    return feedback_view(service.change_status(session, code, body.status, body.note, staff), staff=True)

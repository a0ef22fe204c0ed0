"""What the assistant could not answer and which procedures are asked about (bot), and the dashboard (staff)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request

from backend.api.deps import ReadSessionDep, ServiceDep, SessionDep, StaffDep
from backend.api.ratelimits import limit_sender
from backend.api.support_views import RecordedOut
from backend.schemas import ProcedureQueryIn, UnansweredIn
from backend.services import analytics

router = APIRouter(prefix="/api/analytics", tags=["analytics"])


@router.post(
    "/unanswered", status_code=201, response_model=RecordedOut, summary="Log a question the assistant could not answer"
)
def unanswered(body: UnansweredIn, request: Request, session: SessionDep, _s: ServiceDep) -> RecordedOut:
    limit_sender(request, body.channel.value if body.channel else None, body.sender_id)
    return RecordedOut(id=analytics.record_unanswered(session, body).id)


@router.post(
    "/procedure-queries", status_code=201, response_model=RecordedOut, summary="Count a question about a procedure"
)
def procedure_query(body: ProcedureQueryIn, request: Request, session: SessionDep, _s: ServiceDep) -> RecordedOut:
    limit_sender(request, body.channel.value if body.channel else None, body.sender_id)
    return RecordedOut(count=analytics.record_procedure_query(session, body).count)


@router.get("/dashboard", summary="Dossiers by status, on-time rate, satisfaction, top procedures, unanswered (staff)")
def dashboard(session: ReadSessionDep, _staff: StaffDep) -> dict:
    return asdict(analytics.dashboard(session))

"""What the Zalo channel and its delivery process need from the backend (service token): the OA's access token
(refreshed under a lock every server shares), webhook deduplication and the citizen's last message, the choices an
answer offered, and the outbox's Zalo deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response
from pydantic import BaseModel, Field

from backend.api.deps import ServiceDep, SessionDep
from backend.api.views import OutboxMessageOut, outbox_view
from backend.services import zalo_chats, zalo_delivery, zalo_tokens

router = APIRouter(prefix="/api/zalo", tags=["zalo"])

SenderId = Annotated[str, Field(min_length=1, max_length=128)]
Payloads = Annotated[list[Annotated[str, Field(max_length=2000)]], Field(max_length=50)]


class AccessTokenOut(BaseModel):
    access_token: str
    expires_at: datetime


class RefreshIn(BaseModel):
    stale_access_token: str | None = Field(default=None, max_length=2000)


class EventIn(BaseModel):
    event_key: str = Field(min_length=1, max_length=160)
    sender_id: SenderId
    citizen_message: bool = True


class EventOut(BaseModel):
    new: bool
    choices: dict


class ChoicesIn(BaseModel):
    numbered: Payloads = []


class ClaimIn(BaseModel):
    limit: int = Field(default=20, ge=1, le=200)
    lease_seconds: float = Field(default=60, ge=5, le=3600)


class ReportIn(BaseModel):
    outcome: zalo_delivery.Outcome
    error_code: int | None = None
    reason: str | None = Field(default=None, max_length=300)
    zalo_message_id: str | None = Field(default=None, max_length=64)
    retry_after_seconds: float = Field(default=30, ge=0, le=86_400)


class ReportOut(BaseModel):
    outbox_message_id: int
    status: str
    reason: str | None


def _token_answer(get) -> AccessTokenOut:
    try:
        token = get()
    except zalo_tokens.ZaloNotConfigured as exc:
        raise HTTPException(status_code=503, detail=f"Zalo chưa được cấu hình: {exc}") from None
    except zalo_tokens.RefreshFailed as exc:
        raise HTTPException(status_code=502, detail=str(exc)) from None
    return AccessTokenOut(access_token=token.access_token, expires_at=token.expires_at)


@router.get("/token", response_model=AccessTokenOut, summary="The OA access token to use (refreshed if expired)")
def access_token(session: SessionDep, _s: ServiceDep) -> AccessTokenOut:
    return _token_answer(lambda: zalo_tokens.current(session))


@router.post(
    "/token/refresh",
    response_model=AccessTokenOut,
    summary="Refresh the token Zalo refused (-216/-220); returns a newer one if another server refreshed",
)
def refresh_token(body: RefreshIn, session: SessionDep, _s: ServiceDep) -> AccessTokenOut:
    return _token_answer(lambda: zalo_tokens.refresh(session, body.stale_access_token))


@router.post("/events", response_model=EventOut, summary="Take a webhook event once (dedupe on msg_id)")
def take_event(body: EventIn, session: SessionDep, _s: ServiceDep) -> EventOut:
    taken = zalo_chats.take_event(session, body.event_key, body.sender_id, body.citizen_message)
    return EventOut(new=taken.new, choices=taken.choices)


@router.put("/contacts/{sender_id}/choices", status_code=204, summary="The numbered choices the last answer offered")
def offer_choices(
    body: ChoicesIn, session: SessionDep, _s: ServiceDep, sender_id: Annotated[str, Path(max_length=128)]
) -> Response:
    zalo_chats.offer_choices(session, sender_id, body.numbered)
    return Response(status_code=204)


@router.post("/outbox/claim", response_model=list[OutboxMessageOut], summary="Claim pending Zalo messages (lease)")
def claim(body: ClaimIn, session: SessionDep, _s: ServiceDep) -> list[OutboxMessageOut]:
    return [outbox_view(m) for m in zalo_delivery.claim(session, body.limit, body.lease_seconds)]


@router.post("/outbox/{message_id}/report", response_model=ReportOut, summary="The outcome of a claimed delivery")
def report(message_id: int, body: ReportIn, session: SessionDep, _s: ServiceDep) -> ReportOut:
    delivery = zalo_delivery.report(
        session,
        message_id,
        body.outcome,
        error_code=body.error_code,
        reason=body.reason,
        zalo_message_id=body.zalo_message_id,
        retry_after_seconds=body.retry_after_seconds,
    )
    return ReportOut(outbox_message_id=message_id, status=delivery.status, reason=delivery.reason)

"""A chat asking for its personal data to be deleted ("xóa dữ liệu của tôi"); staff carry it out in the console."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from backend.api.deps import ServiceDep, SessionDep
from backend.api.ratelimits import limit_sender
from backend.api.responses import created_or_existing
from backend.schemas import ChatIn
from backend.services.deletion import request_deletion

router = APIRouter(prefix="/api/deletion-requests", tags=["personal data"])


class DeletionRequestOut(BaseModel):
    id: int
    status: str
    created_at: datetime
    due_at: datetime


@router.post(
    "",
    status_code=201,
    response_model=DeletionRequestOut,
    summary="Record the chat's request to delete its personal data (200: already pending)",
    responses={200: {"model": DeletionRequestOut, "description": "The chat's pending request"}},
)
def ask_deletion(
    body: ChatIn, request: Request, response: Response, session: SessionDep, _s: ServiceDep
) -> DeletionRequestOut:
    limit_sender(request, body.channel.value, body.sender_id)
    record, created = request_deletion(session, body.channel.value, body.sender_id)
    created_or_existing(response, created)
    return DeletionRequestOut(id=record.id, status=record.status, created_at=record.created_at, due_at=record.due_at)

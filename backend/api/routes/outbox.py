"""Pending messages for channel adapters to deliver, and their acknowledgement."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from backend.api.deps import ReadSessionDep, ServiceDep, SessionDep
from backend.api.views import OutboxMessageOut, outbox_view
from backend.schemas import OutboxAck, OutboxCreateIn, OutboxTakeIn
from backend.services import dossiers, outbox
from backend.vocabulary import Channel

router = APIRouter(prefix="/api/outbox", tags=["outbox"])


@router.get("", response_model=list[OutboxMessageOut], summary="Pending messages (service token)")
def pending_messages(
    session: ReadSessionDep,
    _s: ServiceDep,
    channel: Channel | None = None,
    sender_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OutboxMessageOut]:
    return [outbox_view(m) for m in outbox.pending(session, channel, sender_id, limit)]


@router.post(
    "", status_code=201, response_model=OutboxMessageOut, summary="Queue a message for one chat (service token)"
)
def queue_message(body: OutboxCreateIn, session: SessionDep, _s: ServiceDep) -> OutboxMessageOut:
    dossier = dossiers.get_by_code(session, body.receipt_code) if body.receipt_code else None
    message = outbox.enqueue(
        session, body.channel.value, body.sender_id, body.text, dossier_id=dossier.id if dossier else None
    )
    session.commit()
    session.refresh(message, ["dossier"])
    return outbox_view(message)


@router.post("/{message_id}/ack", response_model=OutboxMessageOut, summary="Report a delivery attempt")
def acknowledge(
    message_id: int, session: SessionDep, _s: ServiceDep, body: Annotated[OutboxAck | None, Body()] = None
) -> OutboxMessageOut:
    message = outbox.acknowledge(session, message_id, delivered=True if body is None else body.delivered)
    return outbox_view(message)


@router.post(
    "/take",
    response_model=list[OutboxMessageOut],
    summary="Hand over one chat's pending messages and mark them delivered (service token; polling web chat)",
)
def take_messages(
    body: OutboxTakeIn, read_session: ReadSessionDep, session: SessionDep, _s: ServiceDep
) -> list[OutboxMessageOut]:
    # Most polls find nothing: answer those from a read transaction, without the write lock.
    if not outbox.pending(read_session, body.channel.value, body.sender_id, limit=1):
        return []
    return [outbox_view(m) for m in outbox.take(session, body.channel.value, body.sender_id, body.limit)]

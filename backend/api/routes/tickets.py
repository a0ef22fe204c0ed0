"""Handoff tickets: opened and fed by the bot and channel adapters, answered and closed by staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response

from backend.api.deps import ReadSessionDep, ServiceDep, ServiceOrStaffDep, SessionDep, SettingsDep, StaffDep
from backend.api.ratelimits import limit_sender
from backend.api.responses import created_or_existing
from backend.api.support_views import (
    OpenTicketOut,
    TicketMessageOut,
    TicketOut,
    TicketSummary,
    ticket_message_view,
    ticket_summary,
    ticket_view,
)
from backend.schemas import StaffReplyIn, TicketCloseIn, TicketCreate, TicketMessageIn
from backend.services import tickets as service
from backend.vocabulary import Channel, TicketStatus

router = APIRouter(prefix="/api/tickets", tags=["tickets"])


@router.post(
    "",
    status_code=201,
    response_model=TicketOut,
    summary="Hand the chat over to staff (service token); returns the chat's open ticket if there is one",
    responses={200: {"model": TicketOut, "description": "This chat already has an open ticket"}},
)
def open_ticket(
    body: TicketCreate, request: Request, response: Response, session: SessionDep, settings: SettingsDep, _s: ServiceDep
) -> TicketOut:
    limit_sender(request, body.channel.value, body.sender_id)
    ticket, created = service.open_ticket(session, body, settings.sla_hours)
    created_or_existing(response, created)
    return ticket_view(ticket)


@router.get("/open", response_model=OpenTicketOut, summary="The chat's open ticket, if any (service token)")
def open_for_sender(
    channel: Channel,
    sender_id: Annotated[str, Query(min_length=1, max_length=128)],
    session: ReadSessionDep,
    _s: ServiceDep,
) -> OpenTicketOut:
    ticket = service.find_open(session, channel.value, sender_id)
    if ticket is not None:
        return OpenTicketOut(open=True, ticket=ticket_summary(ticket))
    rated = service.awaiting_rating(session, channel.value, sender_id)
    return OpenTicketOut(open=False, ticket=None, awaiting_rating_ticket_id=rated.id if rated else None)


@router.get("", response_model=list[TicketSummary], summary="Tickets by SLA deadline, overdue first (staff)")
def list_tickets(
    session: ReadSessionDep,
    _staff: StaffDep,
    status: TicketStatus | None = TicketStatus.OPEN,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[TicketSummary]:
    return [ticket_summary(t) for t in service.list_tickets(session, status, limit)]


@router.get(
    "/{ticket_id}", response_model=TicketOut, summary="A ticket with transcript and messages (staff or service)"
)
def read_ticket(ticket_id: int, session: ReadSessionDep, _caller: ServiceOrStaffDep) -> TicketOut:
    return ticket_view(service.get_ticket(session, ticket_id))


@router.post(
    "/{ticket_id}/messages",
    status_code=201,
    response_model=TicketMessageOut,
    summary="Relay the citizen's chat message to their open ticket (service token); 409 once closed",
)
def relay_message(
    ticket_id: int, body: TicketMessageIn, request: Request, session: SessionDep, _s: ServiceDep
) -> TicketMessageOut:
    limit_sender(request, body.channel.value, body.sender_id)
    message = service.add_citizen_message(session, ticket_id, body.channel.value, body.sender_id, body.text)
    return ticket_message_view(message)


@router.post(
    "/{ticket_id}/reply",
    status_code=201,
    response_model=TicketMessageOut,
    summary="Answer the citizen (staff); delivered to their chat through the outbox",
)
def staff_reply(ticket_id: int, body: StaffReplyIn, session: SessionDep, staff: StaffDep) -> TicketMessageOut:
    return ticket_message_view(service.reply(session, ticket_id, body.text, staff))


@router.post(
    "/{ticket_id}/close",
    response_model=TicketOut,
    summary="Close (staff): the bot answers the chat again and asks the citizen for a 1-5 rating",
)
def close_ticket(
    ticket_id: int, session: SessionDep, staff: StaffDep, body: Annotated[TicketCloseIn | None, Body()] = None
) -> TicketOut:
    return ticket_view(service.close(session, ticket_id, body.note if body else None, staff))

"""Dossiers: filing (bot), lookup (bot and staff), listing and status changes (staff).

Lookup by receipt code needs the service token or a staff token: the bot
answers citizens who give a code, and staff process dossiers. Anonymous
callers get 401. For the bot, CCCD and phone are masked and the address is
left out, and the bot must name the chat asking (backend/api/lookup_access.py):
knowing a receipt code does not prove who is asking.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from backend.api.deps import ReadSessionDep, ServiceDep, ServiceOrStaffDep, SessionDep, StaffDep
from backend.api.lookup_access import LookupChat, lookup_access, shaped_for
from backend.api.responses import created_or_existing
from backend.api.views import DossierOut, DossierPage, dossier_summary, dossier_view
from backend.schemas import DossierCreate, StatusChangeIn
from backend.services.dossiers import create_dossier, get_by_code, list_dossiers
from backend.services.status import change_status
from backend.vocabulary import DossierStatus

router = APIRouter(prefix="/api/dossiers", tags=["dossiers"])


@router.post(
    "",
    status_code=201,
    response_model=DossierOut,
    summary="File a dossier (service token); idempotent on idempotency_key",
    responses={200: {"model": DossierOut, "description": "Already filed with this idempotency_key"}},
)
def file_dossier(body: DossierCreate, response: Response, session: SessionDep, _service: ServiceDep) -> DossierOut:
    dossier, created = create_dossier(session, body)
    created_or_existing(response, created)
    return dossier_view(dossier, staff=False)


@router.get("", response_model=DossierPage, summary="List dossiers (staff)")
def browse_dossiers(
    session: ReadSessionDep,
    _staff: StaffDep,
    status: DossierStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DossierPage:
    items, total = list_dossiers(session, status, limit, offset)
    return DossierPage(items=[dossier_summary(d) for d in items], total=total)


@router.get(
    "/{receipt_code}",
    response_model=DossierOut,
    summary="Look up a dossier (staff; or service token for the chat that filed it or one that passes the check)",
)
def read_dossier(
    receipt_code: str, request: Request, session: ReadSessionDep, caller: ServiceOrStaffDep, chat: LookupChat
) -> DossierOut:
    dossier = get_by_code(session, receipt_code)
    filed_from = (dossier.channel, dossier.sender_id)
    proofs = (dossier.citizen.cccd, dossier.citizen.phone)
    access = lookup_access(request, caller, dossier.receipt_code, filed_from, proofs, chat)
    return shaped_for(dossier_view(dossier, staff=caller.is_staff), access)


@router.patch("/{receipt_code}", response_model=DossierOut, summary="Change status (staff); notifies the citizen")
def update_status(receipt_code: str, body: StatusChangeIn, session: SessionDep, staff: StaffDep) -> DossierOut:
    change_status(session, receipt_code, body.status, body.note, staff)
    return dossier_view(get_by_code(session, receipt_code), staff=True)

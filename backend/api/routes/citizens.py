"""A citizen as seen from a chat identity: profile, dossiers ("hồ sơ của tôi"), stored documents."""

from __future__ import annotations

from fastapi import APIRouter, Response

from backend.api.deps import ReadSessionDep, ServiceDep, SessionDep
from backend.api.responses import created_or_existing
from backend.api.views import (
    CitizenOut,
    DossierSummary,
    StoredDocumentOut,
    citizen_view,
    dossier_summary,
    stored_document_view,
)
from backend.schemas import StoredDocumentCreate
from backend.services import citizens, documents, dossiers
from backend.vocabulary import Channel

router = APIRouter(prefix="/api/citizens", tags=["citizens"])


@router.get("/by-sender/{channel}/{sender_id}", response_model=list[CitizenOut], summary="Citizens using this chat")
def citizens_by_sender(channel: Channel, sender_id: str, session: ReadSessionDep, _s: ServiceDep) -> list[CitizenOut]:
    return [citizen_view(c) for c in citizens.find_by_sender(session, channel, sender_id)]


@router.get("/by-sender/{channel}/{sender_id}/dossiers", response_model=list[DossierSummary], summary="Hồ sơ của tôi")
def dossiers_by_sender(
    channel: Channel, sender_id: str, session: ReadSessionDep, _s: ServiceDep
) -> list[DossierSummary]:
    return [dossier_summary(d) for d in dossiers.list_for_sender(session, channel, sender_id)]


@router.get(
    "/by-sender/{channel}/{sender_id}/documents",
    response_model=list[StoredDocumentOut],
    summary="Documents in the personal store of the citizens using this chat",
)
def documents_by_sender(
    channel: Channel, sender_id: str, session: ReadSessionDep, _s: ServiceDep
) -> list[StoredDocumentOut]:
    ids = [c.id for c in citizens.find_by_sender(session, channel, sender_id)]
    return [stored_document_view(d) for d in documents.list_for_citizens(session, ids)]


@router.post(
    "/{citizen_id}/documents",
    status_code=201,
    response_model=StoredDocumentOut,
    summary="Keep an uploaded file in the personal store of a citizen record this chat owns (else 404)",
)
def add_document(
    citizen_id: int, body: StoredDocumentCreate, response: Response, session: SessionDep, _s: ServiceDep
) -> StoredDocumentOut:
    chat = (body.channel.value, body.sender_id)
    document, created = documents.add_document(session, chat, citizen_id, body.kind, body.name, body.stored_file_id)
    created_or_existing(response, created)
    session.refresh(document, ["stored_file"])
    return stored_document_view(document)

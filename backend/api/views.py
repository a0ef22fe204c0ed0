"""Response shapes and how records are turned into them.

Callers that are not staff (the bot, with the service token) see CCCD and
phone masked, no street address, and "Cán bộ" instead of staff usernames.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from backend.masking import mask_tail
from backend.models import Citizen, Dossier, OutboxMessage, StoredDocument, StoredFile, User
from backend.vocabulary import DELIVERY_LABELS, DeliveryMethod, status_label

STAFF_LABEL = "Cán bộ"


class ApplicantOut(BaseModel):
    citizen_id: int
    full_name: str
    cccd: str | None
    phone: str | None
    address: str | None
    ward: str | None


class DocumentOut(BaseModel):
    name: str
    provision: str
    stored_file_id: int | None
    stored_document_id: int | None


class HistoryOut(BaseModel):
    from_status: str | None
    from_label: str | None
    to_status: str
    to_label: str
    note: str | None
    by: str
    at: datetime


class DossierOut(BaseModel):
    receipt_code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    channel: str
    delivery_method: str
    delivery_label: str
    applicant: ApplicantOut
    filed_by_volunteer: str | None
    consent_recorded: bool
    consent_at: datetime | None = None
    documents: list[DocumentOut]
    history: list[HistoryOut]
    created_at: datetime
    due_at: datetime | None
    verified: bool = False  # looked up by another chat after the CCCD/phone check: no staff notes


class DossierSummary(BaseModel):
    receipt_code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    created_at: datetime
    due_at: datetime | None


class DossierPage(BaseModel):
    items: list[DossierSummary]
    total: int


class CitizenOut(BaseModel):
    id: int
    full_name: str
    cccd: str | None
    phone: str | None
    ward: str | None


class StoredFileOut(BaseModel):
    stored_file_id: int
    sha256: str
    size: int
    mime: str
    original_name: str
    deduplicated: bool


class StoredDocumentOut(BaseModel):
    id: int
    citizen_id: int
    kind: str
    name: str
    stored_file_id: int
    mime: str | None = None
    created_at: datetime


class OutboxMessageOut(BaseModel):
    id: int
    channel: str
    sender_id: str
    text: str
    receipt_code: str | None
    ticket_id: int | None = None
    created_at: datetime
    sent_at: datetime | None
    attempts: int


class UserOut(BaseModel):
    id: int
    username: str
    role: str
    active: bool


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


def history_view(
    changes: Iterable, label: Callable[[str], str], by: Callable[[Any], str], shape: type[HistoryOut] = HistoryOut
) -> list[HistoryOut]:
    """A record's status changes (``*StatusChange`` rows) with Vietnamese labels; ``by`` names who made each."""
    return [
        shape(
            from_status=h.from_status,
            from_label=label(h.from_status) if h.from_status else None,
            to_status=h.to_status,
            to_label=label(h.to_status),
            note=h.note,
            by=by(h),
            at=h.changed_at,
        )
        for h in changes
    ]


def applicant_view(citizen: Citizen, staff: bool) -> ApplicantOut:
    return ApplicantOut(
        citizen_id=citizen.id,
        full_name=citizen.full_name,
        cccd=citizen.cccd if staff else mask_tail(citizen.cccd),
        phone=citizen.phone if staff else mask_tail(citizen.phone),
        address=citizen.address if staff else None,
        ward=citizen.ward,
    )


def dossier_view(dossier: Dossier, staff: bool) -> DossierOut:
    def by(change) -> str:
        if staff or change.changed_by_user_id is None or change.changed_by.startswith("volunteer:"):
            return change.changed_by
        return STAFF_LABEL

    return DossierOut(
        receipt_code=dossier.receipt_code,
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name,
        status=dossier.status,
        status_label=status_label(dossier.status),
        channel=dossier.channel,
        delivery_method=dossier.delivery_method,
        delivery_label=DELIVERY_LABELS[DeliveryMethod(dossier.delivery_method)],
        applicant=applicant_view(dossier.citizen, staff),
        filed_by_volunteer=dossier.filed_by.username if dossier.filed_by else None,
        consent_recorded=dossier.consent_recorded,
        consent_at=dossier.consent_at,
        documents=[
            DocumentOut(
                name=d.name,
                provision=d.provision,
                stored_file_id=d.stored_file_id,
                stored_document_id=d.stored_document_id,
            )
            for d in dossier.documents
        ],
        history=history_view(dossier.history, status_label, by),
        created_at=dossier.created_at,
        due_at=dossier.due_at,
    )


def dossier_summary(dossier: Dossier) -> DossierSummary:
    return DossierSummary(
        receipt_code=dossier.receipt_code,
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name,
        status=dossier.status,
        status_label=status_label(dossier.status),
        created_at=dossier.created_at,
        due_at=dossier.due_at,
    )


def citizen_view(citizen: Citizen) -> CitizenOut:
    return CitizenOut(
        id=citizen.id,
        full_name=citizen.full_name,
        cccd=mask_tail(citizen.cccd),
        phone=mask_tail(citizen.phone),
        ward=citizen.ward,
    )


def stored_file_view(stored: StoredFile, created: bool) -> StoredFileOut:
    return StoredFileOut(
        stored_file_id=stored.id,
        sha256=stored.sha256,
        size=stored.size,
        mime=stored.mime,
        original_name=stored.original_name,
        deduplicated=not created,
    )


def stored_document_view(document: StoredDocument) -> StoredDocumentOut:
    return StoredDocumentOut(
        id=document.id,
        citizen_id=document.citizen_id,
        kind=document.kind,
        name=document.name,
        stored_file_id=document.stored_file_id,
        mime=document.stored_file.mime if document.stored_file else None,
        created_at=document.created_at,
    )


def outbox_view(message: OutboxMessage) -> OutboxMessageOut:
    return OutboxMessageOut(
        id=message.id,
        channel=message.channel,
        sender_id=message.recipient,
        text=message.text,
        receipt_code=message.dossier.receipt_code if message.dossier else None,
        ticket_id=message.ticket_id,
        created_at=message.created_at,
        sent_at=message.sent_at,
        attempts=message.attempts,
    )


def user_view(user: User) -> UserOut:
    return UserOut(id=user.id, username=user.username, role=user.role, active=user.active)

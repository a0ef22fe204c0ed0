"""The citizen's personal document store (kho dữ liệu cá nhân)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from backend.errors import InvalidInput, NotFound
from backend.models import Citizen, StoredDocument
from backend.services.files import usable_file


def _existing(session: Session, citizen_id: int, kind: str, stored_file_id: int) -> StoredDocument | None:
    return session.scalars(
        select(StoredDocument).where(
            StoredDocument.citizen_id == citizen_id,
            StoredDocument.kind == kind,
            StoredDocument.stored_file_id == stored_file_id,
        )
    ).first()


def keep_in_store(
    session: Session, citizen_id: int, kind: str, name: str, stored_file_id: int
) -> tuple[StoredDocument, bool]:
    """Add a file to the citizen's store (within the caller's transaction); ``(document, created)``."""
    existing = _existing(session, citizen_id, kind, stored_file_id)
    if existing is not None:
        return existing, False
    document = StoredDocument(citizen_id=citizen_id, kind=kind, name=name, stored_file_id=stored_file_id)
    session.add(document)
    session.flush()
    return document, True


def add_document(
    session: Session, chat: tuple[str, str], citizen_id: int, kind: str, name: str, stored_file_id: int
) -> tuple[StoredDocument, bool]:
    """Keep a file in the store of a citizen record the chat ``(channel, sender_id)`` owns; another chat's
    record is answered like an unknown one, a file the chat may not use like an unknown file."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or (citizen.channel, citizen.sender_id) != chat:
        raise NotFound("Không tìm thấy công dân.")
    if usable_file(session, stored_file_id, *chat) is None:
        raise InvalidInput("Không tìm thấy tệp đã tải lên.")
    try:
        document, created = keep_in_store(session, citizen_id, kind, name, stored_file_id)
        session.commit()
    except IntegrityError:  # the same document stored by a concurrent request
        session.rollback()
        document, created = _existing(session, citizen_id, kind, stored_file_id), False
        if document is None:
            raise
    return document, created


def list_for_citizens(session: Session, citizen_ids: list[int]) -> list[StoredDocument]:
    if not citizen_ids:
        return []
    return list(
        session.scalars(
            select(StoredDocument)
            .where(StoredDocument.citizen_id.in_(citizen_ids))
            .options(selectinload(StoredDocument.stored_file))
            .order_by(StoredDocument.id.desc())
        )
    )

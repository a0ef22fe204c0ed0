"""Deletion requests ("xóa dữ liệu của tôi", Nghị định 13/2023/NĐ-CP): a chat asks, staff carry it out.

Carrying one out: the chat's personal-store documents and the files nothing else uses are deleted;
its citizen records are anonymised, except those a dossier in progress still needs (kept and noted);
its conversation data is anonymised (``personal_data.erase_chat_conversation``), and the contact of its
closed feedback (feedback still being answered keeps it); its rasa
conversation is deleted from the tracker store. The uploads only this chat made and nothing uses are deleted,
the others lose the chat's ownership (``files.forget_owner``); a Zalo chat's contact row and event senders go too
(``zalo_chats.erase_chat``). Dossiers stay.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from backend.errors import Conflict, NotFound
from backend.models import Citizen, DeletionRequest, Dossier, Feedback, StoredDocument, User
from backend.security.limits import DELETION_DEADLINE_HOURS
from backend.services.citizens import find_by_sender
from backend.services.files import delete_unreferenced, forget_owner
from backend.services.personal_data import ERASED, erase_chat_conversation
from backend.services.zalo_chats import erase_chat as erase_zalo_chat
from backend.timeutil import utcnow
from backend.tracker_store import delete_events
from backend.vocabulary import Channel, DeletionStatus, FeedbackStatus, dossier_in_progress


def _pending(session: Session, channel: str, sender_id: str) -> DeletionRequest | None:
    return session.scalars(
        select(DeletionRequest).where(
            DeletionRequest.channel == channel,
            DeletionRequest.sender_id == sender_id,
            DeletionRequest.status == DeletionStatus.PENDING.value,
        )
    ).first()


def request_deletion(session: Session, channel: str, sender_id: str) -> tuple[DeletionRequest, bool]:
    """The chat's pending request, created if there is none; ``(request, created)``."""
    existing = _pending(session, channel, sender_id)
    if existing is not None:
        session.commit()
        return existing, False
    now = utcnow()
    record = DeletionRequest(
        channel=channel,
        sender_id=sender_id,
        status=DeletionStatus.PENDING.value,
        created_at=now,
        due_at=now + timedelta(hours=DELETION_DEADLINE_HOURS),
    )
    session.add(record)
    try:
        session.commit()
    except IntegrityError:  # a concurrent request of the same chat won
        session.rollback()
        winner = _pending(session, channel, sender_id)
        if winner is None:
            raise
        return winner, False
    return record, True


def list_requests(session: Session, limit: int = 200) -> list[DeletionRequest]:
    """Pending first, earliest deadline first (overdue on top), then the done ones, newest first."""
    pending_first = case((DeletionRequest.status == DeletionStatus.PENDING.value, 0), else_=1)
    statement = (
        select(DeletionRequest)
        .options(selectinload(DeletionRequest.done_by))
        .order_by(pending_first, DeletionRequest.due_at, DeletionRequest.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def _anonymise(citizen: Citizen) -> None:
    citizen.full_name = ERASED
    citizen.cccd = citizen.phone = citizen.address = None


def carry_out(session: Session, request_id: int, actor: User, upload_dir: Path, tracker_db_url: str) -> DeletionRequest:
    record = session.get(DeletionRequest, request_id)
    if record is None:
        raise NotFound("Không tìm thấy yêu cầu xóa dữ liệu.")
    if record.status != DeletionStatus.PENDING.value:
        raise Conflict("Yêu cầu này đã được thực hiện.")
    citizens = find_by_sender(session, record.channel, record.sender_id)
    ids = [c.id for c in citizens]
    documents = select(StoredDocument.stored_file_id).where(StoredDocument.citizen_id.in_(ids))
    file_ids = list(session.scalars(documents))
    session.execute(delete(StoredDocument).where(StoredDocument.citizen_id.in_(ids)))
    files = delete_unreferenced(session, upload_dir, file_ids)
    files += forget_owner(session, upload_dir, record.channel, record.sender_id)
    kept = []
    for citizen in citizens:
        statuses = session.scalars(select(Dossier.status).where(Dossier.citizen_id == citizen.id))
        if any(dossier_in_progress(s) for s in statuses):
            kept.append(citizen.id)
        else:
            _anonymise(citizen)
    counts = erase_chat_conversation(session, record.channel, record.sender_id)
    zalo_rows = erase_zalo_chat(session, record.sender_id) if record.channel == Channel.ZALO.value else 0
    closed_feedback = session.execute(
        update(Feedback)
        .where(
            Feedback.channel == record.channel,
            Feedback.sender_id == record.sender_id,
            Feedback.status == FeedbackStatus.CLOSED.value,
        )
        .values(contact_name=None, contact_phone=None, contact_email=None)
    ).rowcount
    session.commit()
    events = delete_events(tracker_db_url, sender_ids=[record.sender_id])
    note = (
        f"Đã xóa {len(file_ids)} giấy tờ trong kho ({files} tệp), ẩn danh {len(citizens) - len(kept)} hồ sơ công dân, "
        f"{counts['tickets']} yêu cầu hỗ trợ, {counts['outbox']} tin nhắn, {closed_feedback} liên hệ phản ánh đã đóng, "
        f"{events} sự kiện hội thoại."
    )
    if zalo_rows:
        note += f" Xóa hoặc ẩn danh {zalo_rows} bản ghi kênh Zalo."
    if kept:
        note += f" Giữ thông tin {len(kept)} người nộp vì hồ sơ đang giải quyết."
    record.status = DeletionStatus.DONE.value
    record.done_at = utcnow()
    record.done_by_user_id = actor.id
    record.note = note
    session.commit()
    return record

"""Filing dossiers (idempotent) and reading them back."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from backend.errors import InvalidInput, NotFound, VolunteerLinkRequired
from backend.models import Citizen, Dossier, DossierDocument, DossierStatusChange, StoredDocument, User
from backend.receipt import is_receipt_code, next_receipt_code
from backend.schemas import DocumentIn, DossierCreate
from backend.services.citizens import resolve_applicant
from backend.services.documents import keep_in_store
from backend.services.files import usable_file
from backend.services.idempotency import create_once
from backend.services.volunteers import active_link
from backend.timeutil import add_working_days, local_year, utcnow
from backend.vocabulary import DossierStatus, Provision

# Unique violations other than on the idempotency key (the same random receipt code drawn by a
# concurrent request, say) are retried this many times before giving up.
MAX_ATTEMPTS = 5

_FULL_LOAD = (
    selectinload(Dossier.citizen),
    selectinload(Dossier.filed_by),
    selectinload(Dossier.documents),
    selectinload(Dossier.history),
)


def find_by_idempotency_key(session: Session, key: str) -> Dossier | None:
    return session.scalars(select(Dossier).where(Dossier.idempotency_key == key).options(*_FULL_LOAD)).first()


def get_by_code(session: Session, receipt_code: str) -> Dossier:
    """The dossier with this code; NotFound also for a code whose check digit is wrong."""
    dossier = (
        None
        if not is_receipt_code(receipt_code)
        else session.scalars(select(Dossier).where(Dossier.receipt_code == receipt_code).options(*_FULL_LOAD)).first()
    )
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ {receipt_code}.")
    return dossier


def create_dossier(session: Session, data: DossierCreate) -> tuple[Dossier, bool]:
    """File a dossier; returns ``(dossier, created)``.

    A request repeating an idempotency key gets the dossier first filed with it,
    also when both arrive at the same time: the loser of the race hits the
    unique constraint, rolls back and reads the winner's dossier.
    """
    return create_once(
        session,
        find=lambda: find_by_idempotency_key(session, data.idempotency_key),
        insert=lambda: _insert(session, data),
        reload=lambda dossier: get_by_code(session, dossier.receipt_code),
        busy_message="Hệ thống đang bận, vui lòng gửi lại hồ sơ sau ít phút.",
        attempts=MAX_ATTEMPTS,
    )


def _volunteer(session: Session, data: DossierCreate) -> User | None:
    """The volunteer filing on a resident's behalf: the one this chat is linked to (a typed name proves nothing)."""
    if not data.on_behalf:
        return None
    link = active_link(session, data.channel.value, data.sender_id)
    if link is None:
        raise VolunteerLinkRequired("Cần liên kết tài khoản tổ công nghệ số trước khi nộp hộ.")
    return link.user


def _insert(session: Session, data: DossierCreate) -> Dossier:
    volunteer = _volunteer(session, data)
    citizen = resolve_applicant(session, data.applicant, data.channel, data.sender_id, on_behalf=volunteer is not None)
    documents = [_document(session, data, citizen, item) for item in data.documents]

    now = utcnow()
    dossier = Dossier(
        receipt_code=next_receipt_code(session, local_year(now)),
        procedure_code=data.procedure_code,
        procedure_name=data.procedure_name,
        status=DossierStatus.RECEIVED.value,
        citizen=citizen,
        channel=data.channel.value,
        sender_id=data.sender_id,
        delivery_method=data.delivery_method.value,
        filed_by=volunteer,
        consent_recorded=volunteer is not None,
        consent_at=data.consent_at,
        idempotency_key=data.idempotency_key,
        created_at=now,
        updated_at=now,
        due_at=add_working_days(now, data.processing_days) if data.processing_days is not None else None,
        documents=documents,
    )
    dossier.history.append(
        DossierStatusChange(
            from_status=None,
            to_status=DossierStatus.RECEIVED.value,
            note=f"Tiếp nhận hồ sơ qua kênh {data.channel.value}.",
            changed_by_user_id=volunteer.id if volunteer else None,
            changed_by=f"volunteer:{volunteer.username}" if volunteer else "citizen",
            changed_at=now,
        )
    )
    session.add(dossier)
    session.flush()
    return dossier


def _document(session: Session, data: DossierCreate, citizen: Citizen, item: DocumentIn) -> DossierDocument:
    stored_file_id = None
    stored_document_id = None
    if item.provision == Provision.UPLOADED:
        if usable_file(session, item.stored_file_id, data.channel.value, data.sender_id) is None:
            raise InvalidInput(f"Không tìm thấy tệp đã tải lên cho giấy tờ '{item.name}'.")
        stored_file_id = item.stored_file_id
        if item.keep_in_store:
            keep_in_store(session, citizen.id, item.kind or item.name, item.name, stored_file_id)
    elif item.provision == Provision.REUSED:
        stored = session.get(StoredDocument, item.stored_document_id)
        if stored is None or stored.citizen_id != citizen.id:
            raise InvalidInput(f"Giấy tờ '{item.name}' không có trong kho dữ liệu của người nộp.")
        stored_document_id = stored.id
        stored_file_id = stored.stored_file_id
    return DossierDocument(
        name=item.name,
        provision=item.provision.value,
        stored_file_id=stored_file_id,
        stored_document_id=stored_document_id,
    )


def list_for_sender(session: Session, channel: str, sender_id: str) -> list[Dossier]:
    """Dossiers filed from this chat."""
    statement = (
        select(Dossier)
        .where(and_(Dossier.channel == channel, Dossier.sender_id == sender_id))
        .order_by(Dossier.id.desc())
    )
    return list(session.scalars(statement))


def list_dossiers(session: Session, status: DossierStatus | None, limit: int, offset: int) -> tuple[list[Dossier], int]:
    statement = select(Dossier)
    count = select(func.count()).select_from(Dossier)
    if status is not None:
        statement = statement.where(Dossier.status == status.value)
        count = count.where(Dossier.status == status.value)
    items = list(session.scalars(statement.order_by(Dossier.id.desc()).limit(limit).offset(offset)))
    return items, int(session.execute(count).scalar_one())

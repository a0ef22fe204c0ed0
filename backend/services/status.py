"""Staff moving a dossier through its statuses, with history and a message to the citizen."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.errors import Conflict, NotFound
from backend.models import Dossier, DossierStatusChange, User
from backend.services import outbox
from backend.timeutil import utcnow
from backend.vocabulary import ALLOWED_TRANSITIONS, DossierStatus, status_label


def notification_text(receipt_code: str, status: DossierStatus, note: str | None) -> str:
    text = f"Hồ sơ {receipt_code} của ông/bà đã chuyển sang trạng thái: {status_label(status)}."
    if note:
        text += f"\nGhi chú của cán bộ: {note}"
    return text


def notification_target(dossier: Dossier) -> tuple[str, str] | None:
    """The chat (channel, sender_id) to notify: the citizen's own, else the one the dossier came from."""
    citizen = dossier.citizen
    if citizen.channel and citizen.sender_id:
        return citizen.channel, citizen.sender_id
    if dossier.sender_id:
        return dossier.channel, dossier.sender_id
    return None


def change_status(
    session: Session, receipt_code: str, new_status: DossierStatus, note: str | None, actor: User
) -> Dossier:
    dossier = session.scalars(
        select(Dossier).where(Dossier.receipt_code == receipt_code).with_for_update()
    ).first()
    if dossier is None:
        session.rollback()
        raise NotFound(f"Không tìm thấy hồ sơ {receipt_code}.")
    current = DossierStatus(dossier.status)
    if new_status not in ALLOWED_TRANSITIONS[current]:
        session.rollback()
        raise Conflict(
            f"Không thể chuyển hồ sơ từ trạng thái '{status_label(current)}' sang '{status_label(new_status)}'."
        )
    now = utcnow()
    dossier.status = new_status.value
    dossier.updated_at = now
    session.add(
        DossierStatusChange(
            dossier_id=dossier.id,
            from_status=current.value,
            to_status=new_status.value,
            note=note,
            changed_by_user_id=actor.id,
            changed_by=actor.username,
            changed_at=now,
        )
    )
    target = notification_target(dossier)
    if target is not None:
        outbox.enqueue(session, target[0], target[1], notification_text(receipt_code, new_status, note), dossier.id)
    session.commit()
    return dossier

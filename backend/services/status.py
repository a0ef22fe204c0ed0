"""Staff moving a dossier through its statuses, with history and a message to the citizen."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.models import Dossier, DossierStatusChange, User
from backend.services.transitions import StatusFlow, record_status_change
from backend.vocabulary import ALLOWED_TRANSITIONS, DossierStatus, status_label


def notification_text(receipt_code: str, status: DossierStatus, note: str | None) -> str:
    text = f"Hồ sơ {receipt_code} của ông/bà đã chuyển sang trạng thái: {status_label(status)}."
    if note:
        text += f"\nGhi chú của cán bộ: {note}"
    return text


def notification_target(dossier: Dossier) -> tuple[str, str] | None:
    """The chat (channel, sender_id) to notify: the one that filed the dossier, and only that one."""
    return (dossier.channel, dossier.sender_id) if dossier.sender_id else None


DOSSIER_FLOW = StatusFlow(
    model=Dossier,
    code=Dossier.receipt_code,
    noun="hồ sơ",
    statuses=DossierStatus,
    transitions=ALLOWED_TRANSITIONS,
    label=status_label,
    history=DossierStatusChange,
    history_key="dossier_id",
    notification_text=notification_text,
    recipient=notification_target,
    outbox_key="dossier_id",
)


def change_status(
    session: Session, receipt_code: str, new_status: DossierStatus, note: str | None, actor: User
) -> Dossier:
    return record_status_change(session, DOSSIER_FLOW, receipt_code, new_status, note, actor)

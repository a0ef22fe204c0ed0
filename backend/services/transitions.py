"""Staff moving a record (dossier, feedback) to another status: the allowed-transition check,
the history row and the message to the citizen's chat, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.errors import Conflict, NotFound
from backend.models import User
from backend.services import outbox
from backend.timeutil import utcnow


@dataclass(frozen=True)
class StatusFlow:
    """One kind of record with statuses that staff change."""

    model: type
    code: Any  # the column a record is looked up by, e.g. ``Dossier.receipt_code``
    noun: str  # in the messages: "hồ sơ", "phản ánh"
    statuses: type[StrEnum]
    transitions: Mapping[Any, frozenset]  # status -> the statuses it may move to
    label: Callable[[str], str]  # Vietnamese label of a status
    history: type  # the status-change model; ``history_key`` is its foreign key to the record
    history_key: str
    notification_text: Callable[[str, Any, str | None], str]  # (code, new status, note) -> message
    recipient: Callable[[Any], tuple[str, str] | None]  # the chat (channel, sender_id) to notify, if any
    outbox_key: str | None = None  # the outbox message's link to the record, if it has one


def record_status_change(
    session: Session, flow: StatusFlow, code: str, new_status: StrEnum, note: str | None, actor: User
):
    """Lock the record, check the transition, write status + history + outbox message, commit; the record."""
    record = session.scalars(select(flow.model).where(flow.code == code).with_for_update()).first()
    if record is None:
        session.rollback()
        raise NotFound(f"Không tìm thấy {flow.noun} {code}.")
    current = flow.statuses(record.status)
    if new_status not in flow.transitions[current]:
        session.rollback()
        raise Conflict(
            f"Không thể chuyển {flow.noun} từ trạng thái '{flow.label(current)}' sang '{flow.label(new_status)}'."
        )
    now = utcnow()
    record.status = new_status.value
    record.updated_at = now
    session.add(
        flow.history(
            **{flow.history_key: record.id},
            from_status=current.value,
            to_status=new_status.value,
            note=note,
            changed_by_user_id=actor.id,
            changed_by=actor.username,
            changed_at=now,
        )
    )
    target = flow.recipient(record)
    if target is not None:
        channel, sender_id = target
        links = {flow.outbox_key: record.id} if flow.outbox_key else {}
        outbox.enqueue(session, channel, sender_id, flow.notification_text(code, new_status, note), **links)
    session.commit()
    return record

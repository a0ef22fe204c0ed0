"""Finding or recording the citizen a dossier is filed for.

A citizen record belongs to the chat (channel, sender_id) that created it: only that chat
sees it, its stored papers and its dossiers. Typing a CCCD proves nothing, so a CCCD that
another chat's record holds gives this chat a record of its own; no record ever moves to
another chat and no filing changes another chat's record. A volunteer filing for a resident
creates a record bound to no chat, never merged with any other.
"""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from backend.models import Citizen
from backend.schemas import ApplicantIn


def find_by_sender(session: Session, channel: str, sender_id: str) -> list[Citizen]:
    """Citizen records owned by the chat (channel, sender_id), newest first."""
    statement = (
        select(Citizen)
        .where(and_(Citizen.channel == channel, Citizen.sender_id == sender_id))
        .order_by(Citizen.id.desc())
    )
    return list(session.scalars(statement))


def _own_record(session: Session, applicant: ApplicantIn, channel: str, sender_id: str) -> Citizen | None:
    """This chat's record of the same person: same CCCD, or (no CCCD) same name without CCCD."""
    same_person = (
        Citizen.cccd == applicant.cccd
        if applicant.cccd
        else and_(Citizen.cccd.is_(None), Citizen.full_name == applicant.full_name)
    )
    statement = select(Citizen).where(Citizen.channel == channel, Citizen.sender_id == sender_id, same_person)
    return session.scalars(statement.order_by(Citizen.id.desc())).first()


def resolve_applicant(
    session: Session, applicant: ApplicantIn, channel: str, sender_id: str | None, on_behalf: bool
) -> Citizen:
    """The citizen record for ``applicant``: this chat's own one brought up to date, else a new one."""
    owned = bool(sender_id) and not on_behalf
    citizen = _own_record(session, applicant, channel, sender_id) if owned else None
    if citizen is None:
        citizen = Citizen(
            full_name=applicant.full_name,
            cccd=applicant.cccd,
            channel=channel if owned else None,
            sender_id=sender_id if owned else None,
        )
        session.add(citizen)
    else:
        citizen.full_name = applicant.full_name
    for field in ("phone", "address", "ward"):
        value = getattr(applicant, field)
        if value is not None:
            setattr(citizen, field, value)
    session.flush()
    return citizen

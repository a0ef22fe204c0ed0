"""Finding or recording the citizen a dossier is filed for."""
from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from backend.models import Citizen
from backend.schemas import ApplicantIn


def find_by_sender(session: Session, channel: str, sender_id: str) -> list[Citizen]:
    """Citizens whose own chat identity is (channel, sender_id), newest first."""
    statement = (
        select(Citizen)
        .where(and_(Citizen.channel == channel, Citizen.sender_id == sender_id))
        .order_by(Citizen.id.desc())
    )
    return list(session.scalars(statement))


def resolve_applicant(
    session: Session, applicant: ApplicantIn, channel: str, sender_id: str | None, on_behalf: bool
) -> Citizen:
    """The citizen record for ``applicant``, created or brought up to date.

    A citizen is identified by CCCD when given; without one, by the chat
    identity and full name. When a volunteer files on someone's behalf, the chat
    identity is the volunteer's, so it is not recorded as the citizen's.
    May raise IntegrityError when another transaction records the same CCCD
    at the same time; the caller retries.
    """
    citizen: Citizen | None = None
    if applicant.cccd:
        citizen = session.scalars(select(Citizen).where(Citizen.cccd == applicant.cccd)).first()
    elif sender_id and not on_behalf:
        citizen = session.scalars(
            select(Citizen).where(
                Citizen.channel == channel,
                Citizen.sender_id == sender_id,
                Citizen.cccd.is_(None),
                Citizen.full_name == applicant.full_name,
            )
        ).first()

    if citizen is None:
        citizen = Citizen(full_name=applicant.full_name, cccd=applicant.cccd)
        session.add(citizen)
    else:
        citizen.full_name = applicant.full_name
    for field in ("phone", "address", "ward"):
        value = getattr(applicant, field)
        if value is not None:
            setattr(citizen, field, value)
    if sender_id and not on_behalf:
        citizen.channel, citizen.sender_id = channel, sender_id
    session.flush()
    return citizen

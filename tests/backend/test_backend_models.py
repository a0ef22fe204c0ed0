from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.models import Citizen, Dossier, DossierStatusChange, User
from backend.security.passwords import hash_password


def _citizen(**kw) -> Citizen:
    return Citizen(full_name=kw.pop("full_name", "Trần Văn Bình"), **kw)


def _dossier(citizen: Citizen, **kw) -> Dossier:
    values = dict(
        receipt_code="HS-2026-000001",
        procedure_code="1.000001",
        procedure_name="Thủ tục thử",
        status="received",
        citizen=citizen,
        channel="zalo",
        delivery_method="postal",
        idempotency_key="model-key-1",
    )
    values.update(kw)
    return Dossier(**values)


def test_dossier_with_history_round_trip(session) -> None:
    citizen = _citizen(cccd="012345678901", channel="zalo", sender_id="z-1")
    dossier = _dossier(citizen)
    dossier.history.append(DossierStatusChange(from_status=None, to_status="received", changed_by="citizen"))
    session.add(dossier)
    session.commit()
    session.expire_all()

    loaded = session.scalars(select(Dossier).where(Dossier.receipt_code == "HS-2026-000001")).one()
    assert loaded.citizen.cccd == "012345678901"
    assert [h.to_status for h in loaded.history] == ["received"]
    assert loaded.created_at.tzinfo is not None
    assert loaded.consent_recorded is False


def test_datetimes_come_back_as_utc(session) -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=7)))
    citizen = _citizen(created_at=moment)
    session.add(citizen)
    session.commit()
    session.expire_all()
    loaded = session.get(Citizen, citizen.id)
    assert loaded.created_at == moment
    assert loaded.created_at.utcoffset() == timedelta(0)
    assert loaded.created_at.tzinfo == UTC


def test_two_chats_may_each_have_a_record_with_the_same_cccd(session) -> None:
    """Issue 9: a typed CCCD proves nothing, so each chat keeps its own applicant record."""
    session.add(_citizen(cccd="012345678901", channel="telegram", sender_id="tg-1"))
    session.add(_citizen(cccd="012345678901", full_name="Người khác", channel="web", sender_id="web-2"))
    session.commit()
    assert len(session.scalars(select(Citizen).where(Citizen.cccd == "012345678901")).all()) == 2


def test_many_citizens_without_cccd_are_allowed(session) -> None:
    session.add_all([_citizen(), _citizen()])
    session.commit()
    assert len(session.scalars(select(Citizen)).all()) == 2


@pytest.mark.parametrize(
    "field, value",
    [("status", "lost"), ("channel", "fax"), ("delivery_method", "pigeon")],
)
def test_database_refuses_values_outside_the_vocabulary(session, field, value) -> None:
    session.add(_dossier(_citizen(), **{field: value}))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_volunteer_filing_requires_consent_in_database(session) -> None:
    volunteer = User(username="tnv", password_hash=hash_password("x" * 8), role="volunteer")
    session.add(_dossier(_citizen(), filed_by=volunteer, consent_recorded=False))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_idempotency_key_is_unique(session) -> None:
    session.add(_dossier(_citizen(), receipt_code="HS-2026-000001"))
    session.commit()
    session.add(_dossier(_citizen(), receipt_code="HS-2026-000002"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()

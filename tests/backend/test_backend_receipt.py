import threading
from datetime import UTC, datetime

from backend.receipt import RECEIPT_CODE_RE, format_receipt_code, next_number
from backend.schemas import DossierCreate
from backend.services import dossiers as dossier_service
from backend_helpers import dossier_payload


def test_format() -> None:
    assert format_receipt_code(2026, 123) == "HS-2026-000123"
    assert RECEIPT_CODE_RE.match("HS-2026-000123")
    assert format_receipt_code(2026, 1_234_567) == "HS-2026-1234567"


def test_numbers_are_sequential_per_year(session) -> None:
    assert [next_number(session, 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number(session, 2027) == 1
    session.commit()
    assert next_number(session, 2026) == 4


def test_rolled_back_transaction_gives_its_number_back(session) -> None:
    assert next_number(session, 2026) == 1
    session.commit()
    assert next_number(session, 2026) == 2
    session.rollback()
    assert next_number(session, 2026) == 2


def test_concurrent_transactions_never_share_a_number(sessions) -> None:
    threads, per_thread = 6, 5
    results: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                with sessions() as s:
                    value = next_number(s, 2026)
                    s.commit()
                with lock:
                    results.append(value)
        except BaseException as exc:  # reported below
            errors.append(exc)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, threads * per_thread + 1))


def test_dossier_codes_follow_the_vietnam_calendar_year(session, monkeypatch) -> None:
    # 17:30 UTC on 31 December is already 00:30 on 1 January in Vietnam.
    monkeypatch.setattr(dossier_service, "utcnow", lambda: datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    first, _ = dossier_service.create_dossier(session, DossierCreate(**dossier_payload("year-key-1")))
    monkeypatch.setattr(dossier_service, "utcnow", lambda: datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    second, _ = dossier_service.create_dossier(session, DossierCreate(**dossier_payload("year-key-2")))
    third, _ = dossier_service.create_dossier(session, DossierCreate(**dossier_payload("year-key-3")))
    assert first.receipt_code == "HS-2027-000001"
    assert second.receipt_code == "HS-2026-000001"
    assert third.receipt_code == "HS-2026-000002"

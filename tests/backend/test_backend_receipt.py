"""Receipt and feedback codes: random with a Luhn check digit (issue 9: sequential codes were guessable)."""

import re
from datetime import UTC, datetime

import pytest
from backend_helpers import dossier_payload

from backend import codes
from backend.receipt import RECEIPT_CODE_RE, is_receipt_code
from backend.schemas import DossierCreate
from backend.services import dossiers as dossier_service
from backend.tracking import is_tracking_code


def test_luhn_check_digit_of_a_known_number() -> None:
    assert codes.luhn_check_digit("7992739871") == "3"


def test_new_codes_are_random_nine_digits_with_a_valid_check_digit() -> None:
    made = [codes.new_code("HS", 2026) for _ in range(200)]
    assert all(re.fullmatch(r"HS-2026-\d{9}", code) and RECEIPT_CODE_RE.match(code) for code in made)
    assert all(is_receipt_code(code) for code in made)
    assert len(set(made)) == len(made)
    numbers = sorted(int(code[-9:-1]) for code in made)
    # Not a sequence: the gaps are large (random over 10^8).
    assert max(b - a for a, b in zip(numbers, numbers[1:])) > 1000


@pytest.mark.parametrize("position", range(8, 17))
def test_one_wrong_digit_fails_the_check(position) -> None:
    code = codes.new_code("HS", 2026)
    wrong = code[:position] + str((int(code[position]) + 1) % 10) + code[position + 1 :]
    assert not is_receipt_code(wrong)


def test_old_sequential_codes_stay_valid_and_prefixes_do_not_mix() -> None:
    assert is_receipt_code("HS-2026-000123")
    assert is_tracking_code("PA-2026-000042")
    assert not is_receipt_code(codes.new_code("PA", 2026))
    assert not is_receipt_code("HS-2026-12")


def test_a_code_already_taken_is_drawn_again(monkeypatch) -> None:
    drawn = iter(["HS-2026-000000000", "HS-2026-111111111"])
    monkeypatch.setattr(codes, "new_code", lambda prefix, year: next(drawn))
    assert codes.unused_code("HS", 2026, taken=lambda code: code.endswith("000000000")) == "HS-2026-111111111"


def test_dossier_codes_follow_the_vietnam_calendar_year(session, monkeypatch) -> None:
    # 17:30 UTC on 31 December is already 00:30 on 1 January in Vietnam.
    monkeypatch.setattr(dossier_service, "utcnow", lambda: datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    first, _ = dossier_service.create_dossier(session, DossierCreate(**dossier_payload("year-key-1")))
    monkeypatch.setattr(dossier_service, "utcnow", lambda: datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    second, _ = dossier_service.create_dossier(session, DossierCreate(**dossier_payload("year-key-2")))
    assert first.receipt_code.startswith("HS-2027-")
    assert second.receipt_code.startswith("HS-2026-")
    assert is_receipt_code(first.receipt_code) and is_receipt_code(second.receipt_code)


def test_a_code_with_a_wrong_check_digit_is_unknown_even_if_stored(client, service_headers, sessions) -> None:
    """A code failing its check is answered 404 without looking it up (so no partial-match guessing)."""
    filed = client.post("/api/dossiers", json=dossier_payload("check-key-1"), headers=service_headers).json()
    code = filed["receipt_code"]
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    chat = {"channel": "telegram", "sender_id": "tg-1001"}
    assert client.get(f"/api/dossiers/{code}", params=chat, headers=service_headers).status_code == 200
    assert client.get(f"/api/dossiers/{wrong}", params=chat, headers=service_headers).status_code == 404

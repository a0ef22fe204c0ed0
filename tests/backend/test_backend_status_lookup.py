"""Issue 9: status look-up by code only for the chat that filed it, or after a 4-digit check.

Before: any chat asking "tra cứu hồ sơ HS-2026-0000NN" got the procedure, status, dates and the staff
note word for word (PA- codes likewise).
"""

from __future__ import annotations

import pytest
from backend_helpers import dossier_payload
from support_helpers import feedback_payload

OWNER = {"channel": "telegram", "sender_id": "tg-1001"}
STRANGER = {"channel": "web", "sender_id": "web-stranger"}
NOTE = "Thiếu bản sao giấy khai sinh"


@pytest.fixture
def dossier_code(client, service_headers, staff_headers) -> str:
    code = client.post("/api/dossiers", json=dossier_payload(), headers=service_headers).json()["receipt_code"]
    change = {"status": "need_more_info", "note": NOTE}
    assert client.patch(f"/api/dossiers/{code}", json=change, headers=staff_headers).status_code == 200
    return code


def _get(client, headers, code, chat=None, verify=None, kind="dossiers"):
    params = dict(chat or {})
    if verify is not None:
        params["verify"] = verify
    return client.get(f"/api/{kind}/{code}", params=params, headers=headers)


def test_the_filing_chat_sees_the_staff_notes(client, service_headers, dossier_code) -> None:
    response = _get(client, service_headers, dossier_code, OWNER)
    assert response.status_code == 200
    assert NOTE in [h["note"] for h in response.json()["history"]]
    assert response.json()["verified"] is False


def test_a_stranger_without_the_check_learns_nothing(client, service_headers, dossier_code) -> None:
    response = _get(client, service_headers, dossier_code, STRANGER)
    assert response.status_code == 403
    assert response.json()["code"] == "verification_required"
    assert NOTE not in response.text and "Đăng ký khai sinh" not in response.text


@pytest.mark.parametrize("verify", ["4567", "5678"])  # last 4 of the CCCD, last 4 of the phone
def test_a_stranger_passing_the_check_sees_the_status_without_staff_notes(
    client, service_headers, dossier_code, verify
) -> None:
    response = _get(client, service_headers, dossier_code, STRANGER, verify)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verified"] is True and body["status"] == "need_more_info"
    assert all(h["note"] is None for h in body["history"]) and NOTE not in response.text


def test_a_wrong_check_is_refused_and_counted_per_chat(client, service_headers, dossier_code) -> None:
    statuses = [_get(client, service_headers, dossier_code, STRANGER, "0000").status_code for _ in range(5)]
    assert statuses == [403] * 5
    assert _get(client, service_headers, dossier_code, STRANGER, "0001").json()["code"] == "too_many_attempts"
    # Blocked even with the right digits now: guessing cannot continue.
    blocked = _get(client, service_headers, dossier_code, STRANGER, "4567")
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    # The owner is not affected.
    assert _get(client, service_headers, dossier_code, OWNER).status_code == 200


def test_failures_are_also_counted_per_code_across_chats(client, service_headers, dossier_code) -> None:
    for i in range(10):
        chat = {"channel": "web", "sender_id": f"web-guesser-{i}"}
        response = _get(client, service_headers, dossier_code, chat, f"{i:04d}")
        assert response.json()["code"] == "verification_failed"
    fresh = _get(client, service_headers, dossier_code, {"channel": "web", "sender_id": "web-new"}, "4567")
    assert fresh.status_code == 429 and fresh.json()["code"] == "too_many_attempts"


def test_unknown_code_and_bad_check_digit_are_404(client, service_headers, dossier_code) -> None:
    wrong = dossier_code[:-1] + str((int(dossier_code[-1]) + 1) % 10)
    assert _get(client, service_headers, wrong, STRANGER, "4567").status_code == 404
    assert _get(client, service_headers, "HS-2026-123456789", OWNER).status_code == 404


def test_the_service_must_name_the_chat(client, service_headers, staff_headers, dossier_code) -> None:
    assert _get(client, service_headers, dossier_code).status_code == 422
    assert _get(client, service_headers, dossier_code, {"channel": "telegram"}).status_code == 422
    staff = _get(client, staff_headers, dossier_code)
    assert staff.status_code == 200 and NOTE in staff.text and "001203004567" in staff.text


def test_feedback_lookup_checks_the_contact_phone(client, service_headers, staff_headers) -> None:
    code = client.post("/api/feedback", json=feedback_payload(), headers=service_headers).json()["tracking_code"]
    answer = {"status": "answered", "note": "Đã xử lý cán bộ vi phạm"}
    assert client.patch(f"/api/feedback/{code}", json=answer, headers=staff_headers).status_code == 200
    owner = {"channel": "web", "sender_id": "web-citizen-1"}
    assert "Đã xử lý cán bộ vi phạm" in _get(client, service_headers, code, owner, kind="feedback").text
    stranger = _get(client, service_headers, code, STRANGER, kind="feedback")
    assert stranger.status_code == 403 and stranger.json()["code"] == "verification_required"
    verified = _get(client, service_headers, code, STRANGER, "5678", kind="feedback")
    assert verified.status_code == 200 and "Đã xử lý cán bộ vi phạm" not in verified.text


def test_anonymous_feedback_is_for_the_filing_chat_only(client, service_headers) -> None:
    payload = feedback_payload(anonymous=True, contact=None)
    code = client.post("/api/feedback", json=payload, headers=service_headers).json()["tracking_code"]
    owner = {"channel": "web", "sender_id": "web-citizen-1"}
    assert _get(client, service_headers, code, owner, kind="feedback").status_code == 200
    refused = _get(client, service_headers, code, STRANGER, "5678", kind="feedback")
    assert refused.status_code == 403 and refused.json()["code"] == "verification_failed"

"""Feedback (phản ánh, kiến nghị): tracking codes, validation, masking, status changes with history."""

from __future__ import annotations

import re

import pytest
from backend_helpers import SERVICE_TOKEN
from support_helpers import feedback_payload

from backend.services.analytics import normalize_question

CODE_RE = re.compile(r"^PA-\d{4}-\d{9}$")
OWNER = {"channel": "web", "sender_id": "web-citizen-1"}


def test_filing_returns_a_tracking_code_and_masks_contact_for_the_bot(client, service_headers) -> None:
    response = client.post("/api/feedback", json=feedback_payload(), headers=service_headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert CODE_RE.match(body["tracking_code"])
    assert body["status"] == "new" and body["status_label"] == "Đã tiếp nhận"
    assert body["category_label"] == "Chậm trễ"
    assert body["contact"] == {"name": "Nguyễn Văn An", "phone": "*******678", "email": "a***@example.vn"}
    assert body["history"][0]["to_label"] == "Đã tiếp nhận"
    # the due date comes from the SLA table (cham_tre: 24 h by default)
    assert body["due_at"] > body["created_at"]

    looked_up = client.get(f"/api/feedback/{body['tracking_code']}", params=OWNER, headers=service_headers)
    assert looked_up.status_code == 200
    assert looked_up.json()["contact"]["phone"] == "*******678"


def test_codes_are_not_sequential(client, service_headers) -> None:
    """Issue 9: PA- codes were numbered 1, 2, 3... so any chat could read the next one."""
    codes = [
        client.post("/api/feedback", json=feedback_payload(sender_id=f"s{i}"), headers=service_headers).json()[
            "tracking_code"
        ]
        for i in range(3)
    ]
    numbers = [int(c.rsplit("-", 1)[1]) for c in codes]
    assert numbers != [numbers[0], numbers[0] + 1, numbers[0] + 2]
    assert all(CODE_RE.match(c) for c in codes) and len(set(codes)) == 3


def test_anonymous_feedback_has_no_contact(client, service_headers) -> None:
    payload = feedback_payload(anonymous=True, contact=None, sender_id=None)
    response = client.post("/api/feedback", json=payload, headers=service_headers)
    assert response.status_code == 201
    assert response.json()["anonymous"] is True and response.json()["contact"] is None


def test_anonymous_feedback_with_contact_is_rejected(client, service_headers) -> None:
    response = client.post("/api/feedback", json=feedback_payload(anonymous=True), headers=service_headers)
    assert response.status_code == 422
    assert "ẩn danh" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "khong_ton_tai"},
        {"content": ""},
        {"channel": "fax"},
        {"contact": {"phone": "12ab"}},
        {"contact": {"email": "not-an-email"}},
        {"unexpected": "field"},
    ],
)
def test_invalid_feedback_is_422_in_vietnamese(client, service_headers, overrides) -> None:
    response = client.post("/api/feedback", json=feedback_payload(**overrides), headers=service_headers)
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_attachment_must_exist(client, service_headers) -> None:
    response = client.post("/api/feedback", json=feedback_payload(stored_file_id=999), headers=service_headers)
    assert response.status_code == 422
    assert response.json()["detail"] == "Không tìm thấy tệp đính kèm đã tải lên."


def test_attachment_is_linked(client, service_headers) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    uploaded = client.post("/api/files", files={"file": ("anh.png", png, "image/png")}, headers=service_headers)
    file_id = uploaded.json()["stored_file_id"]
    response = client.post("/api/feedback", json=feedback_payload(stored_file_id=file_id), headers=service_headers)
    assert response.status_code == 201
    assert response.json()["stored_file_id"] == file_id


def test_idempotency_key_returns_the_first_feedback(client, service_headers) -> None:
    payload = feedback_payload(idempotency_key="fb-key-000001")
    first = client.post("/api/feedback", json=payload, headers=service_headers)
    second = client.post("/api/feedback", json=payload, headers=service_headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["tracking_code"] == second.json()["tracking_code"]


def test_unknown_code_is_404(client, service_headers) -> None:
    response = client.get("/api/feedback/PA-2026-999999", params=OWNER, headers=service_headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy phản ánh PA-2026-999999."


def test_staff_change_status_writes_history_and_notifies_the_citizen(client, service_headers, staff_headers) -> None:
    code = client.post("/api/feedback", json=feedback_payload(), headers=service_headers).json()["tracking_code"]
    response = client.patch(
        f"/api/feedback/{code}",
        json={"status": "answered", "note": "Hồ sơ đã được trả ngày 20/11."},
        headers=staff_headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status_label"] == "Đã trả lời"
    assert [h["to_status"] for h in body["history"]] == ["new", "answered"]
    assert body["history"][-1]["by"] == "canbo"
    assert body["contact"]["phone"] == "0912345678"  # staff see it whole

    outbox = client.get("/api/outbox", params={"channel": "web", "sender_id": "web-citizen-1"}, headers=service_headers)
    texts = [m["text"] for m in outbox.json()]
    assert any(code in t and "Đã trả lời" in t and "20/11" in t for t in texts)

    # the bot sees staff as "Cán bộ", not their user names
    seen_by_bot = client.get(f"/api/feedback/{code}", params=OWNER, headers=service_headers).json()
    assert seen_by_bot["history"][-1]["by"] == "Cán bộ"


def test_closed_feedback_cannot_move(client, service_headers, staff_headers) -> None:
    code = client.post("/api/feedback", json=feedback_payload(), headers=service_headers).json()["tracking_code"]
    assert client.patch(f"/api/feedback/{code}", json={"status": "closed"}, headers=staff_headers).status_code == 200
    response = client.patch(f"/api/feedback/{code}", json={"status": "processing"}, headers=staff_headers)
    assert response.status_code == 409
    assert "Đã đóng" in response.json()["detail"]


def test_staff_list_feedback(client, service_headers, staff_headers) -> None:
    client.post("/api/feedback", json=feedback_payload(urgent=True), headers=service_headers)
    listing = client.get("/api/feedback", headers=staff_headers)
    assert listing.status_code == 200
    assert listing.json()["total"] == 1
    assert listing.json()["items"][0]["urgent"] is True


def test_wrong_token_cannot_file(client) -> None:
    response = client.post("/api/feedback", json=feedback_payload(), headers={"X-Service-Token": SERVICE_TOKEN + "x"})
    assert response.status_code == 401


def test_question_normalisation() -> None:
    assert normalize_question("  Làm   sao\tđăng ký ") == "làm sao đăng ký"

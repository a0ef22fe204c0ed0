from backend_helpers import dossier_payload
from sqlalchemy import select

from backend.models import DossierStatusChange, OutboxMessage


def _file(client, service_headers, key="status-key-1", **overrides) -> str:
    response = client.post("/api/dossiers", json=dossier_payload(key, **overrides), headers=service_headers)
    assert response.status_code == 201
    return response.json()["receipt_code"]


def test_status_change_records_history_and_queues_a_message(client, service_headers, staff_headers, sessions) -> None:
    code = _file(client, service_headers)
    response = client.patch(
        f"/api/dossiers/{code}", json={"status": "need_more_info", "note": "Thiếu bản sao CCCD"}, headers=staff_headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "need_more_info"
    assert body["status_label"] == "Cần bổ sung hồ sơ"
    last = body["history"][-1]
    assert (last["from_status"], last["to_status"], last["note"], last["by"]) == (
        "received",
        "need_more_info",
        "Thiếu bản sao CCCD",
        "canbo",
    )

    with sessions() as s:
        changes = s.scalars(select(DossierStatusChange).order_by(DossierStatusChange.id)).all()
        assert [(c.from_status, c.to_status) for c in changes] == [(None, "received"), ("received", "need_more_info")]
        messages = s.scalars(select(OutboxMessage)).all()
    assert len(messages) == 1
    message = messages[0]
    assert (message.channel, message.recipient, message.sent_at, message.attempts) == ("telegram", "tg-1001", None, 0)
    assert message.text.startswith(f"Hồ sơ {code} của ông/bà đã chuyển sang trạng thái: Cần bổ sung hồ sơ.")
    assert "Thiếu bản sao CCCD" in message.text


def test_bot_sees_history_without_staff_usernames(client, service_headers, staff_headers) -> None:
    code = _file(client, service_headers)
    client.patch(f"/api/dossiers/{code}", json={"status": "processing"}, headers=staff_headers)
    owner = {"channel": "telegram", "sender_id": "tg-1001"}
    history = client.get(f"/api/dossiers/{code}", params=owner, headers=service_headers).json()["history"]
    assert [h["by"] for h in history] == ["citizen", "Cán bộ"]


def test_forbidden_transition_is_409_and_changes_nothing(client, service_headers, staff_headers, sessions) -> None:
    code = _file(client, service_headers)
    assert client.patch(f"/api/dossiers/{code}", json={"status": "completed"}, headers=staff_headers).status_code == 200
    response = client.patch(f"/api/dossiers/{code}", json={"status": "processing"}, headers=staff_headers)
    assert response.status_code == 409
    assert response.json()["detail"] == "Không thể chuyển hồ sơ từ trạng thái 'Đã có kết quả' sang 'Đang xử lý'."
    with sessions() as s:
        assert len(s.scalars(select(OutboxMessage)).all()) == 1
        assert len(s.scalars(select(DossierStatusChange)).all()) == 2


def test_status_change_of_unknown_dossier_is_404(client, staff_headers) -> None:
    response = client.patch("/api/dossiers/HS-2026-123456", json={"status": "processing"}, headers=staff_headers)
    assert response.status_code == 404


def test_no_message_without_a_chat_identity(client, service_headers, staff_headers, sessions) -> None:
    code = _file(client, service_headers, channel="web", sender_id=None)
    client.patch(f"/api/dossiers/{code}", json={"status": "processing"}, headers=staff_headers)
    with sessions() as s:
        assert s.scalars(select(OutboxMessage)).all() == []


def test_channel_adapter_fetches_and_acknowledges_messages(client, service_headers, staff_headers) -> None:
    telegram_code = _file(client, service_headers)
    zalo = dossier_payload("status-key-2", channel="zalo", sender_id="z-77")
    zalo["applicant"]["cccd"] = "079000000002"
    zalo_code = client.post("/api/dossiers", json=zalo, headers=service_headers).json()["receipt_code"]
    for code in (telegram_code, zalo_code):
        client.patch(f"/api/dossiers/{code}", json={"status": "processing"}, headers=staff_headers)

    pending = client.get("/api/outbox?channel=telegram&sender_id=tg-1001", headers=service_headers).json()
    assert [(m["channel"], m["sender_id"], m["receipt_code"]) for m in pending] == [
        ("telegram", "tg-1001", telegram_code)
    ]
    assert len(client.get("/api/outbox", headers=service_headers).json()) == 2

    message_id = pending[0]["id"]
    failed = client.post(f"/api/outbox/{message_id}/ack", json={"delivered": False}, headers=service_headers)
    assert failed.status_code == 200
    assert (failed.json()["attempts"], failed.json()["sent_at"]) == (1, None)
    assert len(client.get("/api/outbox?channel=telegram", headers=service_headers).json()) == 1

    delivered = client.post(f"/api/outbox/{message_id}/ack", headers=service_headers)
    assert delivered.json()["attempts"] == 2
    assert delivered.json()["sent_at"] is not None
    assert client.get("/api/outbox?channel=telegram", headers=service_headers).json() == []
    again = client.post(f"/api/outbox/{message_id}/ack", headers=service_headers)
    assert again.json()["attempts"] == 2

    assert client.post("/api/outbox/999999/ack", headers=service_headers).status_code == 404

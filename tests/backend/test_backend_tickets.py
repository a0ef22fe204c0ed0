"""Handoff tickets: opening (one per chat), SLA deadlines, relaying, staff replies through the outbox, closing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from backend_helpers import settings_env
from fastapi.testclient import TestClient
from support_helpers import feedback_payload, ticket_payload

from backend.api.app import create_app
from backend.settings import load_settings


def _hours(body: dict) -> float:
    opened = datetime.fromisoformat(body["opened_at"])
    due = datetime.fromisoformat(body["sla_due_at"])
    return round((due - opened) / timedelta(hours=1), 3)


def _open(client, headers, **overrides) -> dict:
    response = client.post("/api/tickets", json=ticket_payload(**overrides), headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_open_ticket_with_transcript_and_default_sla(client, service_headers) -> None:
    response = client.post("/api/tickets", json=ticket_payload(), headers=service_headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "open" and body["status_label"] == "Đang mở"
    assert body["category"] == "ho_tro" and body["priority"] == "normal"
    assert body["reason_label"] == "Công dân yêu cầu gặp cán bộ"
    assert [e["author"] for e in body["transcript"]] == ["citizen", "bot"]
    assert _hours(body) == 4  # ho_tro default
    assert body["overdue"] is False


def test_second_open_returns_the_existing_ticket(client, service_headers) -> None:
    first = client.post("/api/tickets", json=ticket_payload(), headers=service_headers)
    second = client.post("/api/tickets", json=ticket_payload(reason="fallback"), headers=service_headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    other_chat = client.post("/api/tickets", json=ticket_payload(sender_id="someone-else"), headers=service_headers)
    assert other_chat.status_code == 201 and other_chat.json()["id"] != first.json()["id"]


def test_urgent_complaint_links_feedback_and_uses_the_urgent_deadline(client, service_headers) -> None:
    code = client.post(
        "/api/feedback", json=feedback_payload(category="thai_do_can_bo", urgent=True), headers=service_headers
    ).json()["tracking_code"]
    body = _open(client, service_headers, reason="urgent_complaint", feedback_code=code)
    assert body["feedback_code"] == code
    assert body["category"] == "thai_do_can_bo"
    assert body["priority"] == "urgent" and body["priority_label"] == "Khẩn"
    assert _hours(body) == 2  # khan_cap default, shorter than thai_do_can_bo's 24 h


def test_unknown_feedback_code_is_rejected(client, service_headers) -> None:
    response = client.post("/api/tickets", json=ticket_payload(feedback_code="PA-2026-424242"), headers=service_headers)
    assert response.status_code == 422


def test_sla_table_is_configurable(tmp_path, migrated_url, service_headers) -> None:
    env = {**settings_env(migrated_url, tmp_path), "MOTCUA_SLA_HOURS": "cham_tre=6,ho_tro=0.5"}
    with TestClient(create_app(load_settings(env))) as client:
        assert _hours(_open(client, service_headers, category="cham_tre")) == 6
        assert _hours(_open(client, service_headers, sender_id="b")) == 0.5
        assert _hours(_open(client, service_headers, sender_id="c", category="de_xuat")) == 72  # default kept


def test_open_lookup_for_the_channel(client, service_headers) -> None:
    params = {"channel": "web", "sender_id": "web-citizen-1"}
    assert client.get("/api/tickets/open", params=params, headers=service_headers).json() == {
        "open": False,
        "ticket": None,
        "awaiting_rating_ticket_id": None,
    }
    ticket = _open(client, service_headers)
    found = client.get("/api/tickets/open", params=params, headers=service_headers).json()
    assert found["open"] is True and found["ticket"]["id"] == ticket["id"]
    assert (
        client.get("/api/tickets/open", params={**params, "channel": "rest"}, headers=service_headers).json()["open"]
        is False
    )


def test_relay_reply_close_round_trip(client, service_headers, staff_headers) -> None:
    ticket = _open(client, service_headers)
    tid = ticket["id"]
    relayed = client.post(
        f"/api/tickets/{tid}/messages",
        json={"channel": "web", "sender_id": "web-citizen-1", "text": "Hồ sơ của tôi đến đâu rồi?"},
        headers=service_headers,
    )
    assert relayed.status_code == 201 and relayed.json()["author"] == "citizen"

    queue = client.get("/api/tickets", headers=staff_headers)
    assert [t["id"] for t in queue.json()] == [tid]

    reply = client.post(f"/api/tickets/{tid}/reply", json={"text": "Hồ sơ đang được thẩm định."}, headers=staff_headers)
    assert reply.status_code == 201 and reply.json()["by"] == "canbo"

    seen = client.get(f"/api/tickets/{tid}", headers=staff_headers).json()
    assert [(m["author"], m["text"]) for m in seen["messages"]] == [
        ("citizen", "Hồ sơ của tôi đến đâu rồi?"),
        ("staff", "Hồ sơ đang được thẩm định."),
    ]
    assert seen["assigned_to"] == "canbo"

    taken = client.post(
        "/api/outbox/take", json={"channel": "web", "sender_id": "web-citizen-1"}, headers=service_headers
    )
    assert [m["text"] for m in taken.json()] == ["Cán bộ hỗ trợ: Hồ sơ đang được thẩm định."]
    assert taken.json()[0]["ticket_id"] == tid
    # taken once: a second poll gets nothing
    assert (
        client.post(
            "/api/outbox/take", json={"channel": "web", "sender_id": "web-citizen-1"}, headers=service_headers
        ).json()
        == []
    )

    closed = client.post(f"/api/tickets/{tid}/close", json={"note": "đã giải đáp"}, headers=staff_headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["messages"][-1]["author"] == "system"
    closing = client.post(
        "/api/outbox/take", json={"channel": "web", "sender_id": "web-citizen-1"}, headers=service_headers
    ).json()
    assert (
        len(closing) == 1
        and "đánh giá" in closing[0]["text"]
        and "1" in closing[0]["text"]
        and "5" in closing[0]["text"]
    )

    # the bot takes over again; the channel learns a rating is awaited
    lookup = client.get(
        "/api/tickets/open", params={"channel": "web", "sender_id": "web-citizen-1"}, headers=service_headers
    )
    assert lookup.json() == {"open": False, "ticket": None, "awaiting_rating_ticket_id": tid}

    # relaying to a closed ticket is refused, and so are replies and a second close
    again = client.post(
        f"/api/tickets/{tid}/messages",
        json={"channel": "web", "sender_id": "web-citizen-1", "text": "còn đó không?"},
        headers=service_headers,
    )
    assert again.status_code == 409 and again.json()["detail"] == "Yêu cầu hỗ trợ này đã kết thúc."
    assert client.post(f"/api/tickets/{tid}/reply", json={"text": "x"}, headers=staff_headers).status_code == 409
    assert client.post(f"/api/tickets/{tid}/close", headers=staff_headers).status_code == 409

    # after closing, the same chat can be handed over again: a new ticket
    assert _open(client, service_headers)["id"] != tid


def test_relay_from_another_chat_is_404(client, service_headers) -> None:
    tid = _open(client, service_headers)["id"]
    response = client.post(
        f"/api/tickets/{tid}/messages",
        json={"channel": "web", "sender_id": "intruder", "text": "xin chào"},
        headers=service_headers,
    )
    assert response.status_code == 404


def test_queue_is_ordered_by_sla_deadline(client, service_headers, staff_headers) -> None:
    normal = _open(client, service_headers, sender_id="a", category="de_xuat")  # 72 h
    urgent = _open(client, service_headers, sender_id="b", reason="urgent_complaint")  # 2 h
    support = _open(client, service_headers, sender_id="c")  # 4 h
    order = [t["id"] for t in client.get("/api/tickets", headers=staff_headers).json()]
    assert order == [urgent["id"], support["id"], normal["id"]]


def test_closed_tickets_listing(client, service_headers, staff_headers) -> None:
    tid = _open(client, service_headers)["id"]
    client.post(f"/api/tickets/{tid}/close", headers=staff_headers)
    assert client.get("/api/tickets", headers=staff_headers).json() == []
    closed = client.get("/api/tickets", params={"status": "closed"}, headers=staff_headers).json()
    assert [t["id"] for t in closed] == [tid]


@pytest.mark.parametrize(
    "overrides",
    [{"reason": "bored"}, {"channel": "fax"}, {"sender_id": ""}, {"transcript": [{"author": "hacker", "text": "x"}]}],
)
def test_invalid_ticket_is_422(client, service_headers, overrides) -> None:
    assert client.post("/api/tickets", json=ticket_payload(**overrides), headers=service_headers).status_code == 422


def test_unknown_ticket_is_404(client, staff_headers) -> None:
    assert client.get("/api/tickets/999", headers=staff_headers).status_code == 404
    assert client.post("/api/tickets/999/reply", json={"text": "x"}, headers=staff_headers).status_code == 404


def test_sla_setting_rejects_unknown_categories_and_bad_numbers() -> None:
    from backend.settings import DEFAULT_SLA_HOURS, parse_sla_hours

    assert parse_sla_hours(None) == DEFAULT_SLA_HOURS
    assert parse_sla_hours(" cham_tre = 12 , ")["cham_tre"] == 12
    for bad in ("khong_co=3", "cham_tre", "cham_tre=0", "cham_tre=abc"):
        with pytest.raises(ValueError):
            parse_sla_hours(bad)

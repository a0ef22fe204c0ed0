"""Ratings, unanswered questions, procedure query counts and the dashboard figures."""

from __future__ import annotations

from datetime import timedelta

from backend_helpers import dossier_payload
from sqlalchemy import select
from support_helpers import ticket_payload

from backend.models import Dossier, DossierStatusChange
from backend.timeutil import utcnow


def _closed_ticket(client, service_headers, staff_headers, sender_id="web-citizen-1") -> int:
    tid = client.post("/api/tickets", json=ticket_payload(sender_id=sender_id), headers=service_headers).json()["id"]
    assert client.post(f"/api/tickets/{tid}/close", headers=staff_headers).status_code == 200
    return tid


def test_rate_a_finished_handoff(client, service_headers, staff_headers) -> None:
    tid = _closed_ticket(client, service_headers, staff_headers)
    body = {
        "score": 4,
        "comment": "Cán bộ nhiệt tình",
        "ticket_id": tid,
        "channel": "web",
        "sender_id": "web-citizen-1",
    }
    first = client.post("/api/ratings", json=body, headers=service_headers)
    assert first.status_code == 201 and first.json()["subject"] == "ticket"
    # rating again replaces the score
    second = client.post("/api/ratings", json={**body, "score": 5}, headers=service_headers)
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"] and second.json()["score"] == 5
    # the rating request is no longer pending for the channel
    lookup = client.get(
        "/api/tickets/open", params={"channel": "web", "sender_id": "web-citizen-1"}, headers=service_headers
    )
    assert lookup.json()["awaiting_rating_ticket_id"] is None


def test_rating_an_open_ticket_or_another_chats_ticket_is_refused(client, service_headers, staff_headers) -> None:
    tid = client.post("/api/tickets", json=ticket_payload(), headers=service_headers).json()["id"]
    body = {"score": 3, "ticket_id": tid, "channel": "web", "sender_id": "web-citizen-1"}
    assert client.post("/api/ratings", json=body, headers=service_headers).status_code == 409
    client.post(f"/api/tickets/{tid}/close", headers=staff_headers)
    assert client.post("/api/ratings", json={**body, "sender_id": "other"}, headers=service_headers).status_code == 404


def test_rate_a_filed_dossier(client, service_headers) -> None:
    code = client.post("/api/dossiers", json=dossier_payload(), headers=service_headers).json()["receipt_code"]
    body = {"score": 5, "receipt_code": code, "channel": "telegram", "sender_id": "tg-1001"}
    response = client.post("/api/ratings", json=body, headers=service_headers)
    assert response.status_code == 201 and response.json()["receipt_code"] == code
    missing = client.post("/api/ratings", json={**body, "receipt_code": "HS-2026-999999"}, headers=service_headers)
    assert missing.status_code == 404


def test_rating_needs_exactly_one_subject_and_a_score_in_range(client, service_headers) -> None:
    base = {"channel": "web", "sender_id": "x"}
    for body in (
        {**base, "score": 3},
        {**base, "score": 3, "ticket_id": 1, "receipt_code": "HS-2026-000001"},
        {**base, "score": 0, "ticket_id": 1},
        {**base, "score": 6, "ticket_id": 1},
    ):
        assert client.post("/api/ratings", json=body, headers=service_headers).status_code == 422


def test_analytics_logging_and_dashboard(client, service_headers, staff_headers, sessions) -> None:
    for text in ("Làm sao nuôi chó  ở chung cư?", "làm sao nuôi chó ở chung cư?", "Xin số điện thoại chủ tịch"):
        response = client.post(
            "/api/analytics/unanswered",
            json={"text": text, "reason": "fallback", "channel": "web", "sender_id": "u"},
            headers=service_headers,
        )
        assert response.status_code == 201
    for _ in range(3):
        client.post(
            "/api/analytics/procedure-queries",
            json={"procedure_code": "1.001193", "procedure_name": "Đăng ký khai sinh"},
            headers=service_headers,
        )
    counted = client.post(
        "/api/analytics/procedure-queries",
        json={"procedure_code": "1.004227", "procedure_name": "Cấp bản sao trích lục"},
        headers=service_headers,
    )
    assert counted.json()["count"] == 1

    # two completed dossiers: one on time, one late; one still open and overdue
    codes = [
        client.post(
            "/api/dossiers", json=dossier_payload(f"dash-key-{i}", processing_days=5), headers=service_headers
        ).json()["receipt_code"]
        for i in range(3)
    ]
    for code in codes[:2]:
        assert (
            client.patch(f"/api/dossiers/{code}", json={"status": "completed"}, headers=staff_headers).status_code
            == 200
        )
    with sessions() as s:
        late = s.scalars(select(Dossier).where(Dossier.receipt_code == codes[1])).one()
        late.due_at = utcnow() - timedelta(days=1)
        s.scalars(select(Dossier).where(Dossier.receipt_code == codes[2])).one().due_at = utcnow() - timedelta(hours=1)
        s.commit()
        assert s.scalars(select(DossierStatusChange).where(DossierStatusChange.to_status == "completed")).all()

    tid = _closed_ticket(client, service_headers, staff_headers)
    client.post(
        "/api/ratings",
        json={"score": 2, "ticket_id": tid, "channel": "web", "sender_id": "web-citizen-1"},
        headers=service_headers,
    )
    client.post(
        "/api/ratings",
        json={"score": 5, "receipt_code": codes[0], "channel": "telegram", "sender_id": "tg-1001"},
        headers=service_headers,
    )

    data = client.get("/api/analytics/dashboard", headers=staff_headers).json()
    by_status = {c["status"]: c["count"] for c in data["dossiers_by_status"]}
    assert by_status["completed"] == 2 and by_status["received"] == 1 and data["dossiers_total"] == 3
    assert (data["completed_on_time"], data["completed_with_deadline"]) == (1, 2)
    assert data["on_time_rate"] == 0.5
    assert data["open_overdue_dossiers"] == 1
    assert data["average_rating"] == 3.5 and data["ratings_count"] == 2
    assert data["average_rating_tickets"] == 2 and data["average_rating_dossiers"] == 5
    assert data["top_procedures"][0] == {
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "count": 3,
    }
    assert data["unanswered"][0]["count"] == 2  # same question, different spacing and case
    assert len(data["unanswered"]) == 2

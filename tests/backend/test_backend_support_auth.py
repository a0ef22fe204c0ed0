"""Who may call the feedback, ticket, rating and analytics endpoints: 401 without credentials,
403 with a valid token of the wrong kind (staff on service endpoints, the bot or a volunteer on staff ones)."""

from __future__ import annotations

import pytest
from support_helpers import feedback_payload, ticket_payload

SERVICE_ONLY = [
    ("post", "/api/feedback", feedback_payload()),
    ("post", "/api/tickets", ticket_payload()),
    ("get", "/api/tickets/open?channel=web&sender_id=a", None),
    ("post", "/api/tickets/1/messages", {"channel": "web", "sender_id": "a", "text": "x"}),
    ("post", "/api/ratings", {"score": 5, "ticket_id": 1, "channel": "web", "sender_id": "a"}),
    ("post", "/api/analytics/unanswered", {"text": "x"}),
    ("post", "/api/analytics/procedure-queries", {"procedure_code": "1", "procedure_name": "x"}),
    ("post", "/api/outbox/take", {"channel": "web", "sender_id": "a"}),
]
STAFF_ONLY = [
    ("get", "/api/tickets", None),
    ("post", "/api/tickets/1/reply", {"text": "x"}),
    ("post", "/api/tickets/1/close", None),
    ("get", "/api/feedback", None),
    ("patch", "/api/feedback/PA-2026-000001", {"status": "closed"}),
    ("get", "/api/analytics/dashboard", None),
]
SERVICE_OR_STAFF = [
    ("get", "/api/feedback/PA-2026-000001", None),
    ("get", "/api/tickets/1", None),
]
ALL = SERVICE_ONLY + STAFF_ONLY + SERVICE_OR_STAFF


def _call(client, method, path, body, headers=None):
    return client.request(method.upper(), path, json=body, headers=headers or {})


@pytest.mark.parametrize("method, path, body", ALL)
def test_anonymous_is_401(client, method, path, body) -> None:
    response = _call(client, method, path, body)
    assert response.status_code == 401
    assert response.json()["detail"] == "Cần đăng nhập hoặc mã xác thực hợp lệ."


@pytest.mark.parametrize("method, path, body", ALL)
def test_wrong_service_token_is_401(client, method, path, body) -> None:
    assert _call(client, method, path, body, {"X-Service-Token": "sai"}).status_code == 401


@pytest.mark.parametrize("method, path, body", SERVICE_ONLY)
def test_staff_on_service_endpoint_is_403(client, staff_headers, method, path, body) -> None:
    assert _call(client, method, path, body, staff_headers).status_code == 403


@pytest.mark.parametrize("method, path, body", STAFF_ONLY)
def test_service_token_on_staff_endpoint_is_401(client, service_headers, method, path, body) -> None:
    # the bot is not a person: staff endpoints want a logged-in user, as the dossier endpoints do
    assert _call(client, method, path, body, service_headers).status_code == 401


@pytest.mark.parametrize("method, path, body", STAFF_ONLY + SERVICE_OR_STAFF)
def test_volunteer_on_staff_endpoint_is_403(client, volunteer_headers, method, path, body) -> None:
    assert _call(client, method, path, body, volunteer_headers).status_code == 403

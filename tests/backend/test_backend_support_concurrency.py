"""Races against a real server: one open ticket per chat, distinct feedback codes, outbox handed out once."""

from __future__ import annotations

import httpx
from backend_helpers import PASSWORD, SERVICE_TOKEN, TOKEN_SECRET, count_rows, together
from support_helpers import feedback_payload, ticket_payload

from backend.db import make_engine, make_sessionmaker
from backend.models import Ticket
from backend.security.tokens import issue_token
from backend.services.users import create_user
from backend.tracking import is_tracking_code

WORKERS = 8
HEADERS = {"X-Service-Token": SERVICE_TOKEN}


def test_concurrent_handoffs_of_one_chat_open_one_ticket(live_server, database_url) -> None:
    url = f"{live_server.base_url}/api/tickets"
    responses = together(WORKERS, lambda http, i: http.post(url, json=ticket_payload("race-chat"), headers=HEADERS))
    assert sorted(r.status_code for r in responses) == [200] * (WORKERS - 1) + [201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert count_rows(database_url, Ticket) == 1


def test_concurrent_feedback_gets_distinct_codes(live_server) -> None:
    url = f"{live_server.base_url}/api/feedback"
    responses = together(
        WORKERS, lambda http, i: http.post(url, json=feedback_payload(sender_id=f"s{i}"), headers=HEADERS)
    )
    assert [r.status_code for r in responses] == [201] * WORKERS, [r.text for r in responses]
    codes = {r.json()["tracking_code"] for r in responses}
    assert len(codes) == WORKERS and all(is_tracking_code(code) for code in codes)


def _staff_headers(database_url: str) -> dict[str, str]:
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            user = create_user(session, "canbo-race", PASSWORD, "staff")
    finally:
        engine.dispose()
    token = issue_token(TOKEN_SECRET.encode(), user_id=user.id, username=user.username, role=user.role, ttl_seconds=600)
    return {"Authorization": f"Bearer {token}"}


def test_concurrent_polls_hand_each_message_out_once(live_server, database_url) -> None:
    base = live_server.base_url
    staff = _staff_headers(database_url)
    with httpx.Client(base_url=base, timeout=30) as http:
        tid = http.post("/api/tickets", json=ticket_payload("poller"), headers=HEADERS).json()["id"]
        for i in range(5):
            assert (
                http.post(f"/api/tickets/{tid}/reply", json={"text": f"trả lời {i}"}, headers=staff).status_code == 201
            )
    responses = together(
        WORKERS,
        lambda http, i: http.post(
            f"{base}/api/outbox/take", json={"channel": "web", "sender_id": "poller"}, headers=HEADERS
        ),
    )
    assert all(r.status_code == 200 for r in responses)
    texts = [m["text"] for r in responses for m in r.json()]
    assert sorted(texts) == [f"Cán bộ hỗ trợ: trả lời {i}" for i in range(5)]

"""The backend's Zalo parts: tokens refreshed once under a shared lock (two server processes at the same moment),
a failed refresh shown in the console, webhook events taken once, the outbox's Zalo deliveries (lease, sent,
undeliverable on the ticket, the 7-day window) and the reply window staff see on a Zalo ticket."""

from __future__ import annotations

from datetime import timedelta

import pytest
from backend_helpers import start_server, together
from sqlalchemy import select
from support_helpers import console_login, csrf_from, ticket_payload

from backend.models import TicketMessage, ZaloContact, ZaloDelivery, ZaloToken
from backend.services.zalo_delivery import WINDOW_CLOSED_REASON
from backend.services.zalo_window import WindowState, reply_window
from backend.timeutil import utcnow
from backend.zalo_config import FREE_WINDOW, PAID_WINDOW, WINDOW_WARNING
from tests.fake_zalo import APP_ID, APP_SECRET, FakeZalo

SENDER = "zl-8120000000000000001"


@pytest.fixture
def fake_zalo(monkeypatch):
    fake = FakeZalo(first_refresh_token="rt-0").start()
    monkeypatch.setenv("ZALO_APP_ID", APP_ID)
    monkeypatch.setenv("ZALO_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("ZALO_OAUTH_BASE", fake.base_url)
    monkeypatch.setenv("ZALO_REFRESH_TOKEN", "rt-0")
    yield fake
    fake.stop()


def _stale_token(sessions, refresh_token: str = "rt-0") -> None:
    with sessions() as session:
        session.add(
            ZaloToken(
                id=1,
                access_token="at-old",
                access_expires_at=utcnow() - timedelta(hours=1),
                refresh_token=refresh_token,
                refresh_count=0,
            )
        )
        session.commit()


def test_two_servers_refreshing_the_same_stale_token_at_once_call_zalo_once(
    fake_zalo, migrated_url, sessions, service_headers, tmp_path
):
    _stale_token(sessions)
    fake_zalo.oauth_delay = 0.5  # both requests are inside the refresh at the same time
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    servers = [start_server(migrated_url, tmp_path / name) for name in ("a", "b")]
    try:
        answers = together(
            2,
            lambda http, i: http.post(
                f"{servers[i].base_url}/api/zalo/token/refresh",
                json={"stale_access_token": "at-old"},
                headers=service_headers,
            ),
        )
    finally:
        for server in servers:
            server.stop()
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    assert {a.json()["access_token"] for a in answers} == {"at-1"}
    assert fake_zalo.oauth_calls == [{"refresh_token": "rt-0", "ok": True}]
    with sessions() as session:
        row = session.get(ZaloToken, 1)
        assert (row.refresh_token, row.refresh_count, row.last_error) == ("rt-1", 1, None)  # stored before use


def test_the_first_token_comes_from_the_configured_refresh_token_and_is_reused(fake_zalo, client, service_headers):
    first = client.get("/api/zalo/token", headers=service_headers)
    again = client.get("/api/zalo/token", headers=service_headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["access_token"] == again.json()["access_token"] == "at-1"
    assert len(fake_zalo.oauth_calls) == 1
    # a caller holding an older token than the current one gets the current one without a refresh
    assert (
        client.post("/api/zalo/token/refresh", json={"stale_access_token": "at-0"}, headers=service_headers).json()[
            "access_token"
        ]
        == "at-1"
    )
    assert len(fake_zalo.oauth_calls) == 1


def test_a_failed_refresh_is_recorded_and_shown_to_staff(fake_zalo, client, sessions, service_headers, staff_headers):
    _stale_token(sessions, refresh_token="rt-already-spent")
    answer = client.post("/api/zalo/token/refresh", json={"stale_access_token": "at-old"}, headers=service_headers)
    assert answer.status_code == 502 and "Refresh token không hợp lệ" in answer.json()["detail"]
    with sessions() as session:
        assert "Refresh token không hợp lệ" in session.get(ZaloToken, 1).last_error
    console_login(client, "canbo")
    page = client.get("/console/zalo")
    assert page.status_code == 200 and "Lỗi làm mới" in page.text and "Refresh token không hợp lệ" in page.text


def test_an_admin_can_enter_a_new_refresh_token_and_staff_cannot(
    fake_zalo, client, sessions, service_headers, staff_headers, admin_headers
):
    _stale_token(sessions, refresh_token="rt-already-spent")
    console_login(client, "canbo")
    csrf = csrf_from(client.get("/console/zalo").text)
    refused = client.post(
        "/console/zalo/refresh-token", data={"refresh_token": "rt-0", "csrf_token": csrf}, follow_redirects=False
    )
    assert refused.status_code == 403
    client.cookies.clear()
    console_login(client, "quantri")
    csrf = csrf_from(client.get("/console/zalo").text)
    saved = client.post(
        "/console/zalo/refresh-token", data={"refresh_token": "rt-0", "csrf_token": csrf}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert client.get("/api/zalo/token", headers=service_headers).json()["access_token"] == "at-1"
    assert fake_zalo.oauth_calls == [{"refresh_token": "rt-0", "ok": True}]


def test_without_zalo_settings_the_token_endpoint_says_so(client, service_headers, monkeypatch):
    monkeypatch.delenv("ZALO_APP_ID", raising=False)
    assert client.get("/api/zalo/token", headers=service_headers).status_code == 503


def test_an_event_is_taken_once_and_records_the_citizens_last_message(client, sessions, service_headers):
    body = {"event_key": "msg:10000000000000000001", "sender_id": SENDER, "citizen_message": True}
    assert client.post("/api/zalo/events", json=body, headers=service_headers).json() == {"new": True, "choices": {}}
    assert client.post("/api/zalo/events", json=body, headers=service_headers).json()["new"] is False
    choices = {"numbered": ['/choose_option{"i": 1}', '/choose_option{"i": 2}']}
    assert client.put(f"/api/zalo/contacts/{SENDER}/choices", json=choices, headers=service_headers).status_code == 204
    body["event_key"] = "msg:10000000000000000002"
    taken = client.post("/api/zalo/events", json=body, headers=service_headers).json()
    assert taken == {"new": True, "choices": choices}
    with sessions() as session:
        assert session.get(ZaloContact, SENDER).last_message_at > utcnow() - timedelta(minutes=1)
    assert client.post("/api/zalo/events", json=body).status_code == 401


def _zalo_ticket(client, service_headers, staff_headers, text: str) -> int:
    ticket = client.post("/api/tickets", json=ticket_payload(SENDER, channel="zalo"), headers=service_headers).json()
    reply = client.post(f"/api/tickets/{ticket['id']}/reply", json={"text": text}, headers=staff_headers)
    assert reply.status_code == 201
    return ticket["id"]


def _claim(client, service_headers) -> list[dict]:
    answer = client.post("/api/zalo/outbox/claim", json={"limit": 10, "lease_seconds": 60}, headers=service_headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_claimed_message_is_not_handed_out_twice_and_a_sent_one_is_done(client, service_headers, staff_headers):
    client.post("/api/zalo/events", json={"event_key": "msg:1", "sender_id": SENDER}, headers=service_headers)
    _zalo_ticket(client, service_headers, staff_headers, "Chào bạn, tôi là cán bộ Lan.")
    [item] = _claim(client, service_headers)
    assert item["text"] == "Cán bộ hỗ trợ: Chào bạn, tôi là cán bộ Lan." and item["sender_id"] == SENDER
    assert _claim(client, service_headers) == []  # leased
    report = client.post(
        f"/api/zalo/outbox/{item['id']}/report",
        json={"outcome": "sent", "zalo_message_id": "zm1"},
        headers=service_headers,
    )
    assert report.json()["status"] == "sent"
    assert client.get("/api/outbox", params={"channel": "zalo"}, headers=service_headers).json() == []
    # a late second report changes nothing
    again = client.post(f"/api/zalo/outbox/{item['id']}/report", json={"outcome": "retry"}, headers=service_headers)
    assert again.json()["status"] == "sent"


def test_a_refused_reply_is_recorded_on_the_ticket_and_never_retried(client, sessions, service_headers, staff_headers):
    client.post("/api/zalo/events", json={"event_key": "msg:2", "sender_id": SENDER}, headers=service_headers)
    ticket_id = _zalo_ticket(client, service_headers, staff_headers, "Bạn còn cần hỗ trợ không?")
    [item] = _claim(client, service_headers)
    body = {"outcome": "undeliverable", "error_code": -230, "reason": "Công dân không tương tác trong 7 ngày."}
    assert (
        client.post(f"/api/zalo/outbox/{item['id']}/report", json=body, headers=service_headers).json()["status"]
        == "undeliverable"
    )
    assert _claim(client, service_headers) == []
    pending = client.get("/api/outbox", params={"channel": "zalo"}, headers=service_headers).json()
    assert [m["id"] for m in pending] == [item["id"]]  # not lost: still there, undelivered
    ticket = client.get(f"/api/tickets/{ticket_id}", headers=staff_headers).json()
    assert ticket["messages"][-1]["author"] == "system"
    assert "Công dân không tương tác trong 7 ngày." in ticket["messages"][-1]["text"]
    console_login(client, "canbo")
    page = client.get(f"/console/tickets/{ticket_id}").text
    assert "Tin nhắn chưa gửi được" in page and "mã lỗi -230" in page and "Trả lời miễn phí đến" in page


def test_a_rate_limited_message_waits_before_it_is_claimed_again(client, service_headers, staff_headers):
    client.post("/api/zalo/events", json={"event_key": "msg:3", "sender_id": SENDER}, headers=service_headers)
    _zalo_ticket(client, service_headers, staff_headers, "Xin chờ một chút.")
    [item] = _claim(client, service_headers)
    body = {"outcome": "retry", "error_code": -32, "retry_after_seconds": 3600}
    assert (
        client.post(f"/api/zalo/outbox/{item['id']}/report", json=body, headers=service_headers).json()["status"]
        == "retry"
    )
    assert _claim(client, service_headers) == []


def test_a_reply_after_seven_days_is_recorded_undeliverable_without_calling_zalo(
    client, sessions, service_headers, staff_headers
):
    with sessions() as session:
        session.add(
            ZaloContact(sender_id=SENDER, last_message_at=utcnow() - PAID_WINDOW - timedelta(hours=1), choices={})
        )
        session.commit()
    ticket_id = _zalo_ticket(client, service_headers, staff_headers, "Xin lỗi đã trả lời muộn.")
    assert _claim(client, service_headers) == []
    with sessions() as session:
        [delivery] = session.scalars(select(ZaloDelivery)).all()
        assert (delivery.status, delivery.reason) == ("undeliverable", WINDOW_CLOSED_REASON)
        notes = session.scalars(select(TicketMessage.text).where(TicketMessage.ticket_id == ticket_id)).all()
        assert any(WINDOW_CLOSED_REASON in note for note in notes)
    console_login(client, "canbo")
    assert "Zalo không nhận tin trả lời" in client.get(f"/console/tickets/{ticket_id}").text


def test_the_reply_window_warns_before_each_period_ends():
    now = utcnow()
    fresh = reply_window(now - timedelta(hours=1), now)
    assert (fresh.state, fresh.warning) == (WindowState.FREE, False)
    assert fresh.free_until == now - timedelta(hours=1) + FREE_WINDOW
    closing_free = reply_window(now - FREE_WINDOW + WINDOW_WARNING - timedelta(minutes=1), now)
    assert (closing_free.state, closing_free.warning) == (WindowState.FREE, True)
    paid = reply_window(now - FREE_WINDOW - timedelta(hours=1), now)
    assert (paid.state, paid.warning) == (WindowState.PAID, False)
    closing = reply_window(now - PAID_WINDOW + timedelta(hours=1), now)
    assert (closing.state, closing.warning) == (WindowState.PAID, True)
    assert reply_window(now - PAID_WINDOW, now).state == WindowState.CLOSED

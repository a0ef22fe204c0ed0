"""The staff console: login, sessions, CSRF, roles, and every page working for staff."""

from __future__ import annotations

import re
import secrets

import pytest
from backend_helpers import PASSWORD, dossier_payload, settings_env
from fastapi.testclient import TestClient
from support_helpers import console_login, csrf_from, feedback_payload, ticket_payload

from backend.api.app import create_app
from backend.console.session import SESSION_COOKIE, issue_session
from backend.settings import load_settings

GET_PAGES = [
    "/console/queue",
    "/console/tickets/1",
    "/console/dossiers",
    "/console/feedback",
    "/console/feedback/PA-2026-000001",
    "/console/dashboard",
    "/console/users",
    "/console/files/1",
]
POST_ACTIONS = [
    "/console/tickets/1/reply",
    "/console/tickets/1/close",
    "/console/dossiers/HS-2026-000001/status",
    "/console/feedback/PA-2026-000001/status",
    "/console/users",
    "/console/logout",
]


@pytest.mark.parametrize("path", GET_PAGES)
def test_pages_redirect_to_login_without_a_session(client, path) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=")


@pytest.mark.parametrize("path", POST_ACTIONS)
def test_actions_are_401_without_a_session(client, path) -> None:
    response = client.post(path, data={"csrf_token": "x", "text": "x", "status": "closed"}, follow_redirects=False)
    assert response.status_code == 401
    assert "đăng nhập" in response.text.lower()


@pytest.mark.parametrize("path", GET_PAGES)
def test_a_forged_or_expired_cookie_is_not_a_session(client, sessions, staff_headers, path) -> None:
    with sessions() as s:
        expired, _ = issue_session(s, 1, -10)
    for cookie in (secrets.token_urlsafe(32), expired, "garbage", expired[:-1]):
        client.cookies.set(SESSION_COOKIE, cookie, path="/console")
        assert client.get(path, follow_redirects=False).status_code == 303
    client.cookies.clear()


def test_an_api_bearer_token_is_not_a_session(client, staff_headers) -> None:
    token = staff_headers["Authorization"].split()[1]
    client.cookies.set(SESSION_COOKIE, token, path="/console")
    assert client.get("/console/queue", follow_redirects=False).status_code == 303
    # and the bearer header alone does not open the console
    client.cookies.clear()
    assert client.get("/console/queue", headers=staff_headers, follow_redirects=False).status_code == 303


def test_login_sets_a_hardened_cookie_and_logout_ends_the_session(client, staff_headers) -> None:
    token = csrf_from(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"username": "canbo", "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/console/queue"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/console" in cookie
    page = client.get("/console/queue")
    assert page.status_code == 200 and "Hàng chờ" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]

    logout = client.post("/console/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert logout.status_code == 303
    assert client.get("/console/queue", follow_redirects=False).status_code == 303


def test_bad_password_and_missing_login_csrf(client, staff_headers) -> None:
    token = csrf_from(client.get("/console/login").text)
    wrong = client.post("/console/login", data={"username": "canbo", "password": "sai-mat-khau", "csrf_token": token})
    assert wrong.status_code == 401 and "không đúng" in wrong.text
    no_csrf = client.post("/console/login", data={"username": "canbo", "password": PASSWORD, "csrf_token": "khac"})
    assert no_csrf.status_code == 403
    assert SESSION_COOKIE not in no_csrf.cookies


def test_login_redirects_back_but_never_off_site(client, staff_headers) -> None:
    for target, expected in (
        ("/console/dashboard", "/console/dashboard"),
        ("https://evil.example/", "/console/queue"),
        ("//evil.example", "/console/queue"),
    ):
        client.cookies.clear()
        token = csrf_from(client.get("/console/login").text)
        response = client.post(
            "/console/login",
            data={"username": "canbo", "password": PASSWORD, "csrf_token": token, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_volunteer_logs_in_to_the_volunteer_page_only(client, volunteer_headers) -> None:
    token = csrf_from(client.get("/console/login").text)
    response = client.post(
        "/console/login",
        data={"username": "tinhnguyen", "password": PASSWORD, "csrf_token": token, "next": "/console/queue"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/console/volunteer"
    page = client.get("/console/volunteer")
    assert page.status_code == 200 and "Mã liên kết tổ công nghệ số" in page.text
    assert 'href="/console/queue"' not in page.text


def test_volunteer_session_gets_403_on_staff_pages(client, settings, sessions, volunteer_headers) -> None:
    from backend.models import User

    with sessions() as s:
        user = s.query(User).filter_by(username="tinhnguyen").one()
        cookie, _ = issue_session(s, user.id, 600)
    client.cookies.set(SESSION_COOKIE, cookie, path="/console")
    for path in GET_PAGES[:4] + ["/console/users", "/console/deletion-requests"]:
        assert client.get(path, follow_redirects=False).status_code == 403


def test_staff_gets_403_on_admin_pages_and_admin_manages_users(client, staff_headers, admin_headers) -> None:
    csrf = console_login(client, "canbo")
    assert client.get("/console/users").status_code == 403
    refused = client.post(
        "/console/users", data={"csrf_token": csrf, "username": "moi", "password": "mat-khau-du-dai", "role": "admin"}
    )
    assert refused.status_code == 403
    assert "Người dùng" not in client.get("/console/queue").text.split("<main>")[0]

    client.cookies.clear()
    csrf = console_login(client, "quantri")
    page = client.get("/console/users")
    assert page.status_code == 200 and "canbo" in page.text
    created = client.post(
        "/console/users",
        data={"csrf_token": csrf, "username": "moi", "password": "mat-khau-du-dai", "role": "staff"},
        follow_redirects=False,
    )
    assert created.status_code == 303 and "user_created" in created.headers["location"]
    assert "moi" in client.get("/console/users").text
    duplicate = client.post(
        "/console/users",
        data={"csrf_token": csrf, "username": "moi", "password": "mat-khau-du-dai", "role": "staff"},
        follow_redirects=False,
    )
    assert "err=exists" in duplicate.headers["location"]


@pytest.mark.parametrize("path", POST_ACTIONS)
def test_every_post_needs_the_csrf_token(client, staff_headers, path) -> None:
    console_login(client, "canbo")
    for data in ({}, {"csrf_token": "sai"}):
        response = client.post(path, data={**data, "text": "x", "status": "closed"}, follow_redirects=False)
        assert response.status_code == 403, (path, data)
        assert "CSRF" in response.text


def test_a_cross_site_origin_is_refused_even_with_the_token(client, staff_headers, service_headers) -> None:
    tid = client.post("/api/tickets", json=ticket_payload(), headers=service_headers).json()["id"]
    csrf = console_login(client, "canbo")
    response = client.post(
        f"/console/tickets/{tid}/reply",
        data={"csrf_token": csrf, "text": "x"},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_the_csrf_token_of_another_session_does_not_work(
    settings, staff_headers, admin_headers, service_headers
) -> None:
    app = create_app(settings)
    with TestClient(app) as one, TestClient(app) as two:
        tid = one.post("/api/tickets", json=ticket_payload(), headers=service_headers).json()["id"]
        console_login(one, "canbo")
        other_csrf = console_login(two, "quantri")
        response = one.post(
            f"/console/tickets/{tid}/reply", data={"csrf_token": other_csrf, "text": "x"}, follow_redirects=False
        )
        assert response.status_code == 403


def test_queue_lists_tickets_and_complaints_by_deadline_with_overdue_highlighted(
    client, staff_headers, service_headers, sessions
) -> None:
    from datetime import timedelta

    from backend.models import Ticket
    from backend.timeutil import utcnow

    late = client.post("/api/tickets", json=ticket_payload(sender_id="late"), headers=service_headers).json()["id"]
    soon = client.post(
        "/api/tickets", json=ticket_payload(sender_id="soon", reason="urgent_complaint"), headers=service_headers
    ).json()["id"]
    code = client.post("/api/feedback", json=feedback_payload(category="de_xuat"), headers=service_headers).json()[
        "tracking_code"
    ]
    with sessions() as s:
        s.get(Ticket, late).sla_due_at = utcnow() - timedelta(hours=3)
        s.commit()
    console_login(client, "canbo")
    html = client.get("/console/queue").text
    rows = re.findall(r'<tr class="([^"]*)" data-kind="(\w+)" data-(?:id|code)="([^"]+)"', html)
    assert [(kind, ref) for _cls, kind, ref in rows] == [
        ("ticket", str(late)),
        ("ticket", str(soon)),
        ("feedback", code),
    ]
    assert rows[0][0] == "overdue" and rows[1][0] == ""
    assert "1 quá hạn" in html and "quá hạn 3 giờ" in html


def test_answering_and_closing_a_ticket_from_its_page(client, staff_headers, service_headers) -> None:
    ticket = client.post("/api/tickets", json=ticket_payload(), headers=service_headers).json()
    client.post(
        f"/api/tickets/{ticket['id']}/messages",
        json={"channel": "web", "sender_id": "web-citizen-1", "text": "Tôi cần <b>gấp</b>"},
        headers=service_headers,
    )
    console_login(client, "canbo")
    page = client.get(f"/console/tickets/{ticket['id']}")
    assert page.status_code == 200
    assert "cho tôi gặp cán bộ" in page.text  # transcript
    assert "Tôi cần &lt;b&gt;gấp&lt;/b&gt;" in page.text  # escaped
    csrf = csrf_from(page.text)
    sent = client.post(
        f"/console/tickets/{ticket['id']}/reply",
        data={"csrf_token": csrf, "text": "Chào anh, tôi đã nhận."},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    page = client.get(sent.headers["location"])
    assert "Đã gửi trả lời" in page.text and "Chào anh, tôi đã nhận." in page.text
    outbox = client.get(
        "/api/outbox", params={"channel": "web", "sender_id": "web-citizen-1"}, headers=service_headers
    ).json()
    assert [m["text"] for m in outbox] == ["Cán bộ hỗ trợ: Chào anh, tôi đã nhận."]

    closed = client.post(
        f"/console/tickets/{ticket['id']}/close", data={"csrf_token": csrf, "note": "xong"}, follow_redirects=False
    )
    page = client.get(closed.headers["location"])
    assert "Đã đóng" in page.text and 'action="/console/tickets/%d/reply"' % ticket["id"] not in page.text
    late_reply = client.post(
        f"/console/tickets/{ticket['id']}/reply", data={"csrf_token": csrf, "text": "x"}, follow_redirects=False
    )
    assert "err=closed" in late_reply.headers["location"]


def test_dossier_status_change_from_the_list(client, staff_headers, service_headers) -> None:
    code = client.post("/api/dossiers", json=dossier_payload(), headers=service_headers).json()["receipt_code"]
    csrf = console_login(client, "canbo")
    listing = client.get("/console/dossiers")
    assert code in listing.text and "Nguyễn Thị Lan" in listing.text
    changed = client.post(
        f"/console/dossiers/{code}/status",
        data={"csrf_token": csrf, "status": "processing", "note": "Đang thẩm định"},
        follow_redirects=False,
    )
    assert changed.status_code == 303 and "msg=status_changed" in changed.headers["location"]
    assert client.get(f"/api/dossiers/{code}", headers=staff_headers).json()["status"] == "processing"
    filtered = client.get("/console/dossiers?status=processing").text
    assert code in filtered
    refused = client.post(
        f"/console/dossiers/{code}/status", data={"csrf_token": csrf, "status": "received"}, follow_redirects=False
    )
    assert "err=transition" in refused.headers["location"]


def test_feedback_pages_and_answer(client, staff_headers, service_headers) -> None:
    code = client.post("/api/feedback", json=feedback_payload(), headers=service_headers).json()["tracking_code"]
    csrf = console_login(client, "canbo")
    assert code in client.get("/console/feedback").text
    page = client.get(f"/console/feedback/{code}")
    assert page.status_code == 200 and "0912345678" in page.text and "Chậm trễ" in page.text
    answered = client.post(
        f"/console/feedback/{code}/status",
        data={"csrf_token": csrf, "status": "answered", "note": "Đã xử lý"},
        follow_redirects=False,
    )
    assert "msg=status_changed" in answered.headers["location"]
    assert client.get(f"/api/feedback/{code}", headers=staff_headers).json()["status"] == "answered"
    assert client.get("/console/feedback/PA-2026-999999").status_code == 404


def test_dashboard_page_shows_the_figures(client, staff_headers, service_headers) -> None:
    client.post("/api/analytics/unanswered", json={"text": "Thủ tục nuôi mèo?"}, headers=service_headers)
    client.post(
        "/api/analytics/procedure-queries",
        json={"procedure_code": "1.001193", "procedure_name": "Đăng ký khai sinh"},
        headers=service_headers,
    )
    console_login(client, "canbo")
    html = client.get("/console/dashboard").text
    for text in (
        "Hồ sơ theo trạng thái",
        "Trả đúng hạn",
        "Hài lòng trung bình",
        "Đăng ký khai sinh",
        "Thủ tục nuôi mèo?",
    ):
        assert text in html


def test_login_is_rate_limited(tmp_path, migrated_url, sessions) -> None:
    env = {**settings_env(migrated_url, tmp_path), "MOTCUA_LOGIN_RATE_LIMIT_PER_MINUTE": "3"}
    with TestClient(create_app(load_settings(env))) as client:
        statuses = []
        for _ in range(5):
            token = csrf_from(client.get("/console/login").text)
            statuses.append(
                client.post(
                    "/console/login", data={"username": "ai-do", "password": "sai-mat-khau", "csrf_token": token}
                ).status_code
            )
        assert statuses == [401, 401, 401, 429, 429]
        api = client.post("/api/auth/login", json={"username": "ai-do", "password": "x"})
        assert api.status_code == 429 and "Retry-After" in api.headers


def test_static_css_is_served_without_a_session(client) -> None:
    response = client.get("/console/static/console.css")
    assert response.status_code == 200 and "@media" in response.text

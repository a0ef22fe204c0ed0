"""Payload builders and console helpers for the feedback / ticket / console tests."""

from __future__ import annotations

import re

from backend_helpers import PASSWORD
from fastapi.testclient import TestClient

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def feedback_payload(**overrides) -> dict:
    payload = {
        "category": "cham_tre",
        "content": "Hồ sơ khai sinh của tôi trễ hẹn hai tuần mà không ai báo.",
        "receipt_code": "HS-2026-000001",
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "place": "UBND phường Hoàn Kiếm",
        "contact": {"name": "Nguyễn Văn An", "phone": "0912 345 678", "email": "an@example.vn"},
        "channel": "web",
        "sender_id": "web-citizen-1",
    }
    payload.update(overrides)
    return payload


def ticket_payload(sender_id: str = "web-citizen-1", **overrides) -> dict:
    payload = {
        "channel": "web",
        "sender_id": sender_id,
        "reason": "request",
        "summary": "Muốn hỏi cán bộ về hồ sơ khai sinh",
        "transcript": [
            {"author": "citizen", "text": "cho tôi gặp cán bộ"},
            {"author": "bot", "text": "Tôi sẽ chuyển bạn tới cán bộ hỗ trợ."},
        ],
    }
    payload.update(overrides)
    return payload


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def console_login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token (from the queue page)."""
    token = csrf_from(client.get("/console/login").text)
    response = client.post(
        "/console/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/console/queue"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get("/console/queue")
    assert page.status_code == 200
    return csrf_from(page.text)

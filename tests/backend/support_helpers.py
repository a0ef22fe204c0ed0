"""Payload builders and console helpers for the feedback / ticket / console tests."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from backend_helpers import PASSWORD

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


class Server:
    """A real ``python -m backend serve`` on 127.0.0.1 and a free port (stop() to end it)."""

    def __init__(self, database_url: str, tmp_path, log_level: str = "warning", extra_env: dict | None = None) -> None:
        import os
        import socket
        import subprocess
        import sys
        import time

        import httpx

        from backend.settings import PROJECT_ROOT
        from backend_helpers import settings_env

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {**os.environ, **settings_env(database_url, tmp_path), **(extra_env or {})}
        self.log_path = tmp_path / f"server-{port}.log"
        self.base_url = f"http://127.0.0.1:{port}"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", log_level],
                cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.base_url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")
            time.sleep(0.1)

    def stop(self) -> str:
        import subprocess

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log_path.read_text(encoding="utf-8")

"""Constants, payload builders and helpers shared by the backend tests."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import func, select

from backend.db import make_engine
from tests.servers import ServerProcess, backend_settings, start_backend

SERVICE_TOKEN = "test-service-token-0123456789"
TOKEN_SECRET = "test-token-secret-0123456789"
UPLOAD_LIMIT = 200 * 1024
PASSWORD = "mat-khau-an-toan-1"


def dossier_payload(key: str = "key-00000001", **overrides) -> dict:
    payload = {
        "idempotency_key": key,
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "applicant": {
            "full_name": "Nguyễn Thị Lan",
            "cccd": "001203004567",
            "phone": "0912 345 678",
            "address": "12 Hàng Bạc",
            "ward": "Phường Hoàn Kiếm",
        },
        "channel": "telegram",
        "sender_id": "tg-1001",
        "delivery_method": "office",
        "documents": [{"name": "Tờ khai đăng ký khai sinh", "provision": "paper_at_office"}],
    }
    payload.update(overrides)
    return payload


def settings_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **backend_settings(database_url, tmp_path, SERVICE_TOKEN, TOKEN_SECRET),
        "UPLOAD_MAX_BYTES": str(UPLOAD_LIMIT),
    }


def start_server(database_url: str, tmp_path: Path, log_level: str = "warning") -> ServerProcess:
    """A real ``python -m backend serve`` (it migrates first) with the test settings; ``stop()`` returns its log."""
    env = {**os.environ, **settings_env(database_url, tmp_path)}
    return start_backend(sys.executable, env, tmp_path / "server.log", log_level, timeout=60)


def together(count: int, call):
    """Run ``call(http, i)`` for i in range(count) from ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)

    def run(i):
        with httpx.Client(timeout=60) as http:
            barrier.wait(timeout=30)
            return call(http, i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def count_rows(database_url: str, model) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(model)).scalar_one()
    finally:
        engine.dispose()


def volunteer_code(settings, sessions, username: str) -> str:
    """A fresh one-time code of the volunteer ``username`` (as the console page creates it)."""
    from backend.services.users import find_user
    from backend.services.volunteers import issue_code

    with sessions() as session:
        code, _record = issue_code(session, settings.token_secret, find_user(session, username))
    return code


def link_volunteer(client, settings, sessions, username: str, channel: str, sender_id: str):
    """Link the chat to the volunteer as the bot does when the volunteer types the code; the response."""
    body = {"channel": channel, "sender_id": sender_id, "code": volunteer_code(settings, sessions, username)}
    return client.post("/api/volunteer-links", json=body, headers={"X-Service-Token": SERVICE_TOKEN})

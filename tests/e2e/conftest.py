"""The servers the end-to-end tests share: the backend, the action server and `rasa run` (web, REST, Telegram
bridge and Zalo channels from credentials.yml, in-memory tracker store), real processes on free ports of 127.0.0.1,
started once per test session; the Zalo channel talks to a fake Zalo (tests/fake_zalo.py)."""

from __future__ import annotations

import os
import sys

import httpx
import pytest

from connectors.shared.replies import BUSY
from tests.fake_zalo import FakeZalo, zalo_env
from tests.servers import (
    RasaServer,
    backend_settings,
    create_user,
    service_headers,
    start_action_server,
    start_backend,
    start_rasa,
    trained_model,
    web_session,
)

START_TIMEOUT = float(os.environ.get("E2E_START_TIMEOUT", "300"))
SERVICE_TOKEN = "e2e-handoff-service-token-0123"
TOKEN_SECRET = "e2e-handoff-token-secret-0123"
PASSWORD = "mat-khau-an-toan-1"
RELAYED = "Đã chuyển tin nhắn của bạn tới cán bộ hỗ trợ"


class HandoffStack:
    def __init__(self, rasa: RasaServer, backend: str, zalo: FakeZalo) -> None:
        self.rasa_server = rasa
        self.zalo = zalo  # the fake Zalo the rasa server's Zalo channel and the backend talk to
        self.rasa, self.backend = rasa.base_url, backend
        self.service = service_headers(SERVICE_TOKEN)  # the backend's service API and the rest/telegram channels
        login = httpx.post(f"{backend}/api/auth/login", json={"username": "canbo", "password": PASSWORD}, timeout=10)
        assert login.status_code == 200, login.text
        self.staff = {"Authorization": f"Bearer {login.json()['access_token']}"}

    def rasa_api(self, path: str) -> str:
        """The URL of rasa's HTTP API ``path`` with its token."""
        return self.rasa_server.api(path)

    def web_session(self) -> dict[str, str]:
        """The ``Cookie`` header of a new web chat; its sender id is the cookie value's first part."""
        return web_session(self.rasa)


@pytest.fixture(scope="session")
def handoff_stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("handoff-e2e")
    zalo = FakeZalo().start()
    env = {
        **os.environ,
        **backend_settings(f"sqlite:///{tmp / 'motcua.db'}", tmp, SERVICE_TOKEN, TOKEN_SECRET),
        **zalo_env(zalo),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    model = trained_model(env)
    processes = []
    try:
        backend = start_backend(sys.executable, env, tmp / "backend.log")
        processes.append(backend)
        create_user(sys.executable, env, "canbo", PASSWORD)
        env.update(MOTCUA_BACKEND_URL=backend.base_url, MOTCUA_SERVICE_TOKEN=SERVICE_TOKEN)
        actions = start_action_server(env, tmp / "actions.log", START_TIMEOUT)
        processes.append(actions)
        endpoints = tmp / "endpoints.yml"  # in-memory tracker store: nothing left behind
        endpoints.write_text(f'action_endpoint:\n  url: "{actions.base_url}/webhook"\n', encoding="utf-8")
        rasa = start_rasa(model, endpoints, env, tmp / "rasa.log", START_TIMEOUT)
        processes.append(rasa)
        # the first search waits for the knowledge base to load in the action server (the channel says it is busy
        # meanwhile)
        for _ in range(int(START_TIMEOUT // 10)):
            warm = httpx.post(
                f"{rasa.base_url}/webhooks/rest/webhook",
                headers=service_headers(SERVICE_TOKEN),
                json={"sender": "warmup", "message": "đăng ký tạm trú"},
                timeout=START_TIMEOUT,
            )
            assert warm.status_code == 200, warm.text
            if BUSY not in [m.get("text") for m in warm.json()]:
                break
        yield HandoffStack(rasa, backend.base_url, zalo)
    except Exception:
        for process in processes:
            sys.stderr.write(f"--- {process.log_path.name} ---\n{process.log()[-4000:]}\n")
        raise
    finally:
        for process in reversed(processes):
            process.stop()
        zalo.stop()

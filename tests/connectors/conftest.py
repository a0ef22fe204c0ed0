"""Fixtures for the connector tests (run with .venv-rasa: `.venv-rasa/bin/python -m pytest tests/connectors`).

Standard library only here: the app venv's pytest also collects this folder, and skips its tests."""
from __future__ import annotations

import pytest

from connector_helpers import PASSWORD, SERVICE_TOKEN, http_json, start_backend, start_connector


class Stack:
    def __init__(self, backend: str, connector: str) -> None:
        self.backend = backend
        self.connector = connector
        self.service = {"X-Service-Token": SERVICE_TOKEN}
        status, body = http_json("POST", f"{backend}/api/auth/login", {"username": "canbo", "password": PASSWORD})
        assert status == 200, body
        self.staff = {"Authorization": f"Bearer {body['access_token']}"}

    def say(self, sender: str, text: str, path: str = "web", **extra):
        return http_json("POST", f"{self.connector}/webhooks/{path}/webhook", {"sender": sender, "message": text, **extra})

    def poll(self, sender: str, path: str = "web"):
        return http_json("GET", f"{self.connector}/webhooks/{path}/outbox?sender={sender}")

    def open_ticket(self, sender: str, channel: str = "web", **extra) -> dict:
        body = {"channel": channel, "sender_id": sender, "reason": "request", "transcript": [], **extra}
        status, ticket = http_json("POST", f"{self.backend}/api/tickets", body, self.service)
        assert status in (200, 201), ticket
        return ticket


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("backend")
    process, base = start_backend(tmp)
    yield base
    process.stop()


@pytest.fixture(scope="module")
def stack(backend, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("connector")
    process, base = start_connector(tmp, backend)
    stack = Stack(backend, base)
    stack.process = process
    yield stack
    process.stop()

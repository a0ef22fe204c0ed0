"""Fixtures for the connector tests (run with .venv-rasa: `.venv-rasa/bin/python -m pytest tests/connectors`).

Standard library only here: the app venv's pytest also collects this folder, and skips its tests."""

from __future__ import annotations

import pytest
from connector_helpers import PASSWORD, SERVICE_TOKEN, WebChat, http_json, start_backend, start_connector


class Stack:
    def __init__(self, backend: str, connector: str) -> None:
        self.backend = backend
        self.connector = connector
        self.service = {"X-Service-Token": SERVICE_TOKEN}
        status, body = http_json("POST", f"{backend}/api/auth/login", {"username": "canbo", "password": PASSWORD})
        assert status == 200, body
        self.staff = {"Authorization": f"Bearer {body['access_token']}"}
        self._chats: dict[str, WebChat] = {}

    def chat(self, name: str) -> WebChat:
        """The web chat called ``name`` in this test module (its own session)."""
        if name not in self._chats:
            self._chats[name] = WebChat(self.connector)
        return self._chats[name]

    def say(self, sender: str, text, path: str = "web", **extra):
        """``text`` from the web chat ``sender`` (by name), or as ``sender`` on the service-token channels."""
        if path == "web":
            return self.chat(sender).say(text, **extra)
        body = {"sender": sender, "message": text, **extra}
        return http_json("POST", f"{self.connector}/webhooks/{path}/webhook", body, self.service)

    def poll(self, sender: str, path: str = "web"):
        if path == "web":
            return self.chat(sender).poll()
        return http_json("GET", f"{self.connector}/webhooks/{path}/outbox?sender={sender}", headers=self.service)

    def sender(self, name: str, channel: str = "web") -> str:
        """The sender id the backend knows the chat ``name`` by."""
        return self.chat(name).sender if channel == "web" else name

    def open_ticket(self, name: str, channel: str = "web", **extra) -> dict:
        body = {
            "channel": channel,
            "sender_id": self.sender(name, channel),
            "reason": "request",
            "transcript": [],
            **extra,
        }
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

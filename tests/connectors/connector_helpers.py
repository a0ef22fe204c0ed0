"""Standard-library helpers for the connector tests: real servers in subprocesses, JSON over HTTP.

The backend runs with the app venv (``.venv``), the connector with the interpreter running
the tests (``.venv-rasa``).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers import (
    APP_PYTHON,
    ServerProcess,
    backend_settings,
    create_user,
    free_port,  # noqa: F401 - the tests import it from here
    session_sender,
    web_session,
)
from tests.servers import start_backend as start_backend_server
from tests.servers import start_connector as start_connector_server

SERVICE_TOKEN = "connector-test-service-token-0123"
TOKEN_SECRET = "connector-test-token-secret-0123"
PASSWORD = "mat-khau-an-toan-1"


def http_raw(
    method: str, url: str, data: bytes | None = None, headers: dict | None = None, timeout: float = 30
) -> tuple[int, object, dict]:
    """(status, JSON body or text, headers) of a request with a raw body (``Content-Type: application/json``
    unless ``headers`` say otherwise)."""
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, got = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, got = error.code, error.read(), error.headers
    try:
        return status, json.loads(raw) if raw else None, got
    except ValueError:
        return status, raw.decode("utf-8", "replace"), got


def http_json(method: str, url: str, body=None, headers: dict | None = None, timeout: float = 30) -> tuple[int, object]:
    data = None if body is None else json.dumps(body).encode("utf-8")
    status, answer, _ = http_raw(method, url, data, headers, timeout)
    return status, answer


class WebChat:
    """A web chat with its own session cookie on the connector (or rasa server) at ``base``."""

    def __init__(self, base: str, sender: str | None = None) -> None:
        self.base = base
        self.cookie = web_session(base, sender)
        self.sender = session_sender(self.cookie)

    def say(self, text, **extra):
        return http_json("POST", f"{self.base}/webhooks/web/webhook", {"message": text, **extra}, self.cookie)

    def poll(self):
        return http_json("GET", f"{self.base}/webhooks/web/outbox", headers=self.cookie)


def start_backend(tmp: Path) -> tuple[ServerProcess, str]:
    env = {**os.environ, **backend_settings(f"sqlite:///{tmp / 'backend.db'}", tmp, SERVICE_TOKEN, TOKEN_SECRET)}
    process = start_backend_server(APP_PYTHON, env, tmp / "backend.log")
    create_user(APP_PYTHON, env, "canbo", PASSWORD)
    return process, process.base_url


def start_connector(
    tmp: Path, backend_url: str, *extra: str, name: str = "connector", env: dict | None = None
) -> tuple[ServerProcess, str]:
    process = start_connector_server(sys.executable, backend_url, SERVICE_TOKEN, tmp / f"{name}.log", *extra, env=env)
    return process, process.base_url

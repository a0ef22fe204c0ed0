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
)
from tests.servers import start_backend as start_backend_server
from tests.servers import start_connector as start_connector_server

SERVICE_TOKEN = "connector-test-service-token-0123"
TOKEN_SECRET = "connector-test-token-secret-0123"
PASSWORD = "mat-khau-an-toan-1"


def http_json(method: str, url: str, body=None, headers: dict | None = None, timeout: float = 30) -> tuple[int, object]:
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw) if raw else None
        except ValueError:
            return error.code, raw.decode("utf-8", "replace")


def start_backend(tmp: Path) -> tuple[ServerProcess, str]:
    env = {**os.environ, **backend_settings(f"sqlite:///{tmp / 'backend.db'}", tmp, SERVICE_TOKEN, TOKEN_SECRET)}
    process = start_backend_server(APP_PYTHON, env, tmp / "backend.log")
    create_user(APP_PYTHON, env, "canbo", PASSWORD)
    return process, process.base_url


def start_connector(tmp: Path, backend_url: str, *extra: str, name: str = "connector") -> tuple[ServerProcess, str]:
    process = start_connector_server(sys.executable, backend_url, SERVICE_TOKEN, tmp / f"{name}.log", *extra)
    return process, process.base_url

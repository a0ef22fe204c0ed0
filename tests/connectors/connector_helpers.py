"""Standard-library helpers for the connector tests: real servers in subprocesses, JSON over HTTP.

The backend runs with the app venv (``.venv``), the connector with the interpreter running
the tests (``.venv-rasa``).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
SERVICE_TOKEN = "connector-test-service-token-0123"
TOKEN_SECRET = "connector-test-token-secret-0123"
PASSWORD = "mat-khau-an-toan-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


class Process:
    def __init__(self, args: list[str], env: dict, log_path: Path, health_url: str, timeout: float = 90) -> None:
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{args[:3]} exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(health_url, timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{args[:3]} did not start:\n{self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log()


def start_backend(tmp: Path) -> tuple[Process, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'backend.db'}",
        "MOTCUA_VAR_DIR": str(tmp / "var"),
        "UPLOAD_DIR": str(tmp / "uploads"),
        "SERVICE_TOKEN": SERVICE_TOKEN,
        "TOKEN_SECRET": TOKEN_SECRET,
    }
    base = f"http://127.0.0.1:{port}"
    process = Process(
        [str(APP_PYTHON), "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env, tmp / "backend.log", f"{base}/api/health",
    )
    subprocess.run(
        [str(APP_PYTHON), "-m", "backend", "create-user", "canbo", "--role", "staff"],
        input=PASSWORD + "\n", text=True, cwd=ROOT, env=env, check=True, capture_output=True,
    )
    return process, base


def start_connector(tmp: Path, backend_url: str, *extra: str, name: str = "connector") -> tuple[Process, str]:
    port = free_port()
    env = {**os.environ, "MOTCUA_SERVICE_TOKEN": SERVICE_TOKEN, "PYTHONWARNINGS": "ignore"}
    base = f"http://127.0.0.1:{port}"
    process = Process(
        [sys.executable, "-m", "connectors.standalone", "--port", str(port), "--backend-url", backend_url, *extra],
        env, tmp / f"{name}.log", f"{base}/webhooks/web/",
    )
    return process, base

"""Real servers in subprocesses, for the tests and bench/: a free port, start and wait until healthy, stop.

Standard library only: tests/connectors imports it under .venv-rasa (no httpx, fastapi or sqlalchemy
there). Import it as ``tests.servers`` (the project root is on sys.path in both venvs).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


# the action server's Sanic settings: rasa's aiohttp client keeps idle connections 15 s, so the server keeps them
# longer (Sanic's default, 5 s, closes connections rasa is about to reuse: "Cannot write to closing transport")
ACTION_SERVER_SANIC = {"SANIC_HOST": "127.0.0.1", "SANIC_KEEP_ALIVE_TIMEOUT": "30"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """``args`` run from the project root, output to ``log_path``; returns once ``base_url + health`` answers 200.

    Raises RuntimeError (with the log) if the process exits first or is not up within ``timeout`` seconds.
    """

    def __init__(
        self, args: list[str], env: dict, log_path: Path, base_url: str, health: str, timeout: float = 90
    ) -> None:
        self.base_url = base_url
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{args[:3]} exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(base_url + health, timeout=1) as response:
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
        """Terminate (kill after 20 s); the log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log()


def backend_settings(database_url: str, tmp: Path, service_token: str, token_secret: str) -> dict[str, str]:
    """The backend's settings (environment variables) for a test: database, files under ``tmp``, secrets."""
    return {
        "DATABASE_URL": database_url,
        "MOTCUA_VAR_DIR": str(tmp / "var"),
        "UPLOAD_DIR": str(tmp / "uploads"),
        "SERVICE_TOKEN": service_token,
        "TOKEN_SECRET": token_secret,
    }


def start_backend(
    python: str | Path, env: dict, log_path: Path, log_level: str = "warning", timeout: float = 90
) -> ServerProcess:
    """``python -m backend serve`` (it migrates first) on 127.0.0.1 and a free port."""
    port = free_port()
    return ServerProcess(
        [str(python), "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", log_level],
        env,
        log_path,
        f"http://127.0.0.1:{port}",
        "/api/health",
        timeout,
    )


def create_user(python: str | Path, env: dict, username: str, password: str, role: str = "staff") -> None:
    """``python -m backend create-user`` against the database of ``env``."""
    subprocess.run(
        [str(python), "-m", "backend", "create-user", username, "--role", role],
        input=password + "\n",
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def start_connector(
    python: str | Path,
    backend_url: str,
    service_token: str,
    log_path: Path,
    *extra: str,
    timeout: float = 90,
    env: dict | None = None,
) -> ServerProcess:
    """The web channel connector (``connectors.standalone``, rasa venv) on a free port, in front of ``backend_url``."""
    port = free_port()
    env = {
        "MOTCUA_WEB_SESSION_SECRET": secrets.token_urlsafe(24),
        **os.environ,
        **(env or {}),
        "MOTCUA_SERVICE_TOKEN": service_token,
        "PYTHONWARNINGS": "ignore",
    }
    return ServerProcess(
        [str(python), "-m", "connectors.standalone", "--port", str(port), "--backend-url", backend_url, *extra],
        env,
        log_path,
        f"http://127.0.0.1:{port}",
        "/webhooks/web/",
        timeout,
    )


def trained_model(env: dict | None = None) -> str:
    """The path of the current Rasa model (``scripts/train`` trains it first if its inputs changed)."""
    done = subprocess.run(
        ["bash", "scripts/train"], cwd=ROOT, env=env or os.environ.copy(), capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def start_action_server(env: dict, log_path: Path, timeout: float = 300) -> ServerProcess:
    """The rasa-sdk action server (app venv) on 127.0.0.1 and a free port; ``.base_url + '/webhook'`` for rasa."""
    port = free_port()
    env = {**env, **ACTION_SERVER_SANIC}
    return ServerProcess(
        [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "-p", str(port)],
        env,
        log_path,
        f"http://127.0.0.1:{port}",
        "/health",
        timeout,
    )


class RasaServer(ServerProcess):
    """``rasa run`` whose HTTP API (``/status``, ``/conversations/...``, ``/model/...``) needs ``auth_token``."""

    backend_url = ""  # the backend it talks to, when started by bot_stack (a Zalo receiver needs it too)

    def __init__(
        self, args: list[str], env: dict, log_path: Path, base_url: str, auth_token: str, timeout: float
    ) -> None:
        self.auth_token = auth_token
        super().__init__(args, env, log_path, base_url, "/status?token=" + auth_token, timeout)

    def api(self, path: str) -> str:
        """The URL of an API ``path`` with the token (``rasa run --auth-token`` reads it from the query)."""
        return f"{self.base_url}{path}{'&' if '?' in path else '?'}token={self.auth_token}"


def start_rasa(
    model: str,
    endpoints: Path,
    env: dict,
    log_path: Path,
    timeout: float = 300,
    auth_token: str | None = None,
    credentials: str | Path = "credentials.yml",
) -> RasaServer:
    """``rasa run`` with the channels of ``credentials`` and its API behind ``auth_token`` (a random one by
    default) on 127.0.0.1 and a free port; the request size limit and log masking come from the channels."""
    port = free_port()
    env = {**env, "RASA_TELEMETRY_ENABLED": "false"}
    auth_token = auth_token or secrets.token_urlsafe(24)
    return RasaServer(
        [
            str(ROOT / ".venv-rasa" / "bin" / "rasa"),
            "run",
            "--model",
            model,
            "--enable-api",
            f"--auth-token={auth_token}",  # one argument: a token may start with "-"
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(credentials),
        ],
        env,
        log_path,
        f"http://127.0.0.1:{port}",
        auth_token,
        timeout,
    )


def service_headers(service_token: str) -> dict[str, str]:
    """The headers of a trusted caller of the rest and telegram channels (and of the backend's service API)."""
    return {"X-Service-Token": service_token}


def web_session(base_url: str, sender: str | None = None) -> dict[str, str]:
    """A new web chat session on the rasa server (or connector) at ``base_url``: the ``Cookie`` header to send.

    ``sender`` is honoured only by a server in development mode (``MOTCUA_DEV=1``)."""
    body = json.dumps({"sender": sender} if sender else {}).encode("utf-8")
    request = urllib.request.Request(
        f"{base_url}/webhooks/web/session", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
    return {"Cookie": cookie}


def status_of_a_declared_body(base_url: str, path: str, content_length: int, headers: dict[str, str]) -> int:
    """The HTTP status a server answers to a POST that declares ``content_length`` bytes of body and sends only the
    first kilobyte: a server that limits bodies answers at once (413) instead of waiting for the rest."""
    host, port = base_url.removeprefix("http://").split(":")
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/json",
        f"Content-Length: {content_length}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + b'{"message": "' + b"a" * 1000)
        return int(connection.recv(200).split(b"\r\n")[0].split()[1])


def session_sender(cookie_headers: dict[str, str]) -> str:
    """The sender id of the web chat whose session ``web_session`` gave (the cookie value's first part)."""
    return cookie_headers["Cookie"].split("=", 1)[1].split(".")[0]


@contextmanager
def bot_stack(
    tmp: Path,
    service_token: str,
    token_secret: str,
    extra_env: dict | None = None,
    credentials: str | Path = "credentials.yml",
    timeout: float = 600,
) -> Iterator[RasaServer]:
    """Backend (SQLite under ``tmp``), action server and ``rasa run`` (in-memory tracker store) on free ports of
    127.0.0.1, as the e2e tests run them, for the benchmarks; yields the rasa server, stops all three on exit."""
    env = {
        **os.environ,
        **backend_settings(f"sqlite:///{tmp / 'motcua.db'}", tmp, service_token, token_secret),
        **(extra_env or {}),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    model = trained_model(env)
    processes: list[ServerProcess] = []
    try:
        backend = start_backend(APP_PYTHON, env, tmp / "backend.log")
        processes.append(backend)
        env.update(MOTCUA_BACKEND_URL=backend.base_url, MOTCUA_SERVICE_TOKEN=service_token)
        actions = start_action_server(env, tmp / "actions.log", timeout)
        processes.append(actions)
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "{actions.base_url}/webhook"\n', encoding="utf-8")
        rasa = start_rasa(model, endpoints, env, tmp / "rasa.log", timeout, credentials=credentials)
        processes.append(rasa)
        rasa.backend_url = backend.base_url
        print(f"servers ready ({model}); logs in {tmp}", flush=True)
        yield rasa
    finally:
        for process in reversed(processes):
            process.stop()

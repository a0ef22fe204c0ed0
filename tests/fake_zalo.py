"""A local fake of Zalo for the real connector code, on 127.0.0.1 (standard library only: both venvs use it).

- The OA API: ``POST /v3.0/oa/message/cs`` checks the ``access_token`` header (unknown → -216, expired → -220),
  refuses text over 2,000 characters (-201), citizens who unfollowed (-213) or went silent for 7 days (-230), and
  rate-limits on demand (-32); what it accepts is recorded per user (``sent``, ``wait_for``).
- The OAuth server: ``POST /v4/oa/access_token`` (form ``refresh_token``, ``app_id``, ``grant_type``, header
  ``secret_key``) gives a new access token and a new refresh token and invalidates the old refresh token (single
  use); ``oauth_calls`` counts the calls, ``oauth_delay`` makes each one slow (races).
- An attachment host: ``GET /files/<name>`` serves what ``host_file`` registered.
- Zalo's webhook sender: ``post_event`` signs an event (``X-ZEvent-Signature``) and posts it, retrying a failed
  delivery on a short schedule with the ``num_retry`` header; ``text``, ``image``, ``follow``... build events.

Point the connector at it with ``ZALO_API_BASE=ZALO_OAUTH_BASE=<base_url>`` and ``ZALO_ATTACHMENT_HOSTS=127.0.0.1``
(``zalo_env``); ``start_receiver`` starts the Zalo receiver process (connectors/zalo/receiver.py) pointed at it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Optional

from tests.servers import RASA_PYTHON, ServerProcess, free_port

APP_ID = "4318809023456789012"
APP_SECRET = "fake-app-secret-0123"
OA_SECRET_KEY = "fake-oa-secret-key-0123"
OA_ID = "579745863508352884"
TEXT_LIMIT = 2000
SEVEN_DAYS = 7 * 24 * 3600


def sign(body: bytes, timestamp: str, app_id: str = APP_ID, key: str = OA_SECRET_KEY) -> str:
    return "mac=" + hashlib.sha256(app_id.encode() + body + timestamp.encode() + key.encode()).hexdigest()


class FakeZalo:
    def __init__(self, first_refresh_token: str = "rt-0", access_lifetime: int = 90_000) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.access_lifetime = access_lifetime
        self.refresh_token = first_refresh_token
        self.access_tokens: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self.oauth_calls: list[dict] = []  # every OAuth call: {"refresh_token", "ok"}
        self.oauth_delay = 0.0
        self.sent: list[dict] = []  # accepted messages: {"user_id", "message", "message_id", "at" (monotonic)}
        self._sent_to: dict[str, list[dict]] = {}  # the same, by user
        self.refused: list[dict] = []  # {"user_id", "error", "message"}
        self.send_calls = 0
        self.rate_limit_next = 0  # the next n sends get -32
        self.unfollowed: set[str] = set()
        self.last_interaction: dict[str, float] = {}  # user -> epoch seconds of their last message
        self.files: dict[str, tuple[bytes, str]] = {}
        self.webhook_url = ""
        self.retry_delays = (0.3, 0.6, 1.0)  # Zalo's real schedule is 30 s, 5 min, 15 min...
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._msg_ids = itertools.count(10_000_000_000_000_000)  # beyond 2**53
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                name = self.path.partition("/files/")[2]
                if self.path.startswith("/files/") and name in fake.files:
                    data, mime = fake.files[name]
                    self._answer(200, data, mime)
                else:
                    self._answer(404, b"{}")

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/v3.0/oa/message/cs":
                    answer = fake._send(self.headers.get("access_token") or "", json.loads(raw or b"{}"))
                elif self.path == "/v4/oa/access_token":
                    form = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
                    answer = fake._oauth(self.headers.get("secret_key") or "", form)
                else:
                    self._answer(404, b"{}")
                    return
                self._answer(200, json.dumps(answer).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle ------------------------------------------------------------------------------------

    def start(self) -> "FakeZalo":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the OA API -----------------------------------------------------------------------------------

    def _send(self, token: str, body: dict) -> dict:
        user_id = str((body.get("recipient") or {}).get("user_id") or "")
        message = body.get("message") or {}
        with self._lock:
            self.send_calls += 1
            expiry = self.access_tokens.get(token)
            if expiry is None:
                return self._refuse(user_id, -216, message)
            if expiry <= time.time():
                return self._refuse(user_id, -220, message)
            if self.rate_limit_next > 0:
                self.rate_limit_next -= 1
                return self._refuse(user_id, -32, message)
            if len(message.get("text") or "") > TEXT_LIMIT:
                return self._refuse(user_id, -201, message)
            if user_id in self.unfollowed:
                return self._refuse(user_id, -213, message)
            if time.time() - self.last_interaction.get(user_id, time.time()) > SEVEN_DAYS:
                return self._refuse(user_id, -230, message)
            message_id = f"zm{next(self._ids)}"
            record = {"user_id": user_id, "message": message, "message_id": message_id, "at": time.monotonic()}
            self.sent.append(record)
            self._sent_to.setdefault(user_id, []).append(record)
        return {"error": 0, "message": "Success", "data": {"message_id": message_id, "user_id": user_id}}

    def _refuse(self, user_id: str, error: int, message: dict) -> dict:
        self.refused.append({"user_id": user_id, "error": error, "message": message})
        return {"error": error, "message": f"fake error {error}"}

    def _oauth(self, secret_key: str, form: dict) -> dict:
        time.sleep(self.oauth_delay)
        with self._lock:
            ok = (
                secret_key == APP_SECRET
                and form.get("app_id") == APP_ID
                and form.get("grant_type") == "refresh_token"
                and form.get("refresh_token") == self.refresh_token
            )
            self.oauth_calls.append({"refresh_token": form.get("refresh_token"), "ok": ok})
            if not ok:
                return {
                    "error": -14014,
                    "error_name": "Invalid refresh token",
                    "error_description": "Refresh token không hợp lệ hoặc đã dùng.",
                }
            number = len(self.oauth_calls)
            access, self.refresh_token = f"at-{number}", f"rt-{number}"
            self.access_tokens[access] = time.time() + self.access_lifetime
        return {"access_token": access, "refresh_token": self.refresh_token, "expires_in": str(self.access_lifetime)}

    def expire_access_tokens(self) -> None:
        with self._lock:
            for token in self.access_tokens:
                self.access_tokens[token] = 0

    # --- what the OA sent -----------------------------------------------------------------------------

    def records(self, user_id: str) -> list[dict]:
        """What was sent to ``user_id``: ``{"message", "message_id", "at"...}``, oldest first."""
        with self._lock:
            return list(self._sent_to.get(user_id, ()))

    def messages(self, user_id: str) -> list[dict]:
        return [record["message"] for record in self.records(user_id)]

    def texts(self, user_id: str) -> list[str]:
        return [m.get("text") or "" for m in self.messages(user_id)]

    def wait_for(self, user_id: str, seen: int, predicate: Callable[[dict], bool], timeout: float = 60) -> dict:
        """The first message to ``user_id`` after the first ``seen`` ones that matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages(user_id)[seen:]:
                if predicate(message):
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no matching message to {user_id}; got {self.texts(user_id)[seen:]}")

    def wait_quiet(self, user_id: str, seconds: float = 1.0, timeout: float = 120) -> list[str]:
        """Wait until nothing new reaches ``user_id`` for ``seconds``; the texts so far."""
        deadline = time.monotonic() + timeout
        count, since = len(self.messages(user_id)), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now_count = len(self.messages(user_id))
            if now_count != count:
                count, since = now_count, time.monotonic()
            elif time.monotonic() - since >= seconds:
                break
        return self.texts(user_id)

    # --- attachments ----------------------------------------------------------------------------------

    def host_file(self, name: str, data: bytes, mime: str) -> str:
        self.files[name] = (data, mime)
        return f"{self.base_url}/files/{name}"

    # --- the webhook sender ---------------------------------------------------------------------------

    def event(self, event_name: str, user_id: str, **fields: Any) -> dict:
        self.last_interaction[user_id] = time.time()
        return {
            "app_id": APP_ID,
            "user_id_by_app": f"app-{user_id}",
            "event_name": event_name,
            "timestamp": str(int(time.time() * 1000)),
            **fields,
        }

    def text(self, user_id: str, text: str, msg_id: Optional[str] = None) -> dict:
        return self.event(
            "user_send_text",
            user_id,
            sender={"id": user_id},
            recipient={"id": OA_ID},
            message={"msg_id": msg_id or self.new_msg_id(), "text": text},
        )

    def image(self, user_id: str, url: str, kind: str = "image") -> dict:
        payload = {"url": url, "thumbnail": url}
        if kind == "file":
            payload.update(name=url.rsplit("/", 1)[-1], size="1000", type="pdf")
        return self.event(
            f"user_send_{kind}",
            user_id,
            sender={"id": user_id},
            recipient={"id": OA_ID},
            message={"msg_id": self.new_msg_id(), "attachments": [{"type": kind, "payload": payload}]},
        )

    def follow(self, user_id: str) -> dict:
        return self.event("follow", user_id, oa_id=OA_ID, follower={"id": user_id}, source="oa_profile")

    def new_msg_id(self) -> str:
        return str(next(self._msg_ids))

    def post_event(
        self, body: dict | bytes, signature: Optional[str] = "sign", retries: bool = True, url: Optional[str] = None
    ) -> list[int]:
        """Post an event as Zalo does; the HTTP statuses of each attempt. ``signature``: "sign" to sign it, None
        for no header, any other string sent as it is (a forgery)."""
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        timestamp = json.loads(raw).get("timestamp", "") if isinstance(body, bytes) else body.get("timestamp", "")
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            headers["X-ZEvent-Signature"] = sign(raw, str(timestamp))
        elif signature is not None:
            headers["X-ZEvent-Signature"] = signature
        statuses: list[int] = []
        for attempt in range(len(self.retry_delays) + 1 if retries else 1):
            if attempt:
                time.sleep(self.retry_delays[attempt - 1])
                headers["num_retry"] = str(attempt)
            request = urllib.request.Request(url or self.webhook_url, data=raw, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
            except OSError:
                statuses.append(0)
            if statuses[-1] == 200:
                break
        return statuses


def zalo_env(fake: FakeZalo) -> dict[str, str]:
    """The Zalo settings (backend/zalo_config.py) of every process that talks to ``fake``."""
    return {
        "ZALO_APP_ID": APP_ID,
        "ZALO_APP_SECRET": APP_SECRET,
        "ZALO_OA_SECRET_KEY": OA_SECRET_KEY,
        "ZALO_REFRESH_TOKEN": fake.refresh_token,
        "ZALO_API_BASE": fake.base_url,
        "ZALO_OAUTH_BASE": fake.base_url,
        "ZALO_ATTACHMENT_HOSTS": "127.0.0.1",
    }


def start_receiver(
    fake: FakeZalo,
    log_path: Path,
    inbox: Path,
    rasa_url: str,
    backend_url: str,
    service_token: str,
    env: dict | None = None,
    port: int | None = None,
    timeout: float = 60,
) -> ServerProcess:
    """``python -m connectors.zalo.receiver`` on 127.0.0.1 (a free port unless given), its inbox at ``inbox``,
    pointed at ``fake``, the backend and the rasa server (or connector) at ``rasa_url``."""
    port = port or free_port()
    env = {
        **(os.environ if env is None else env),
        **zalo_env(fake),
        "MOTCUA_RASA_URL": rasa_url,
        "MOTCUA_BACKEND_URL": backend_url,
        "MOTCUA_SERVICE_TOKEN": service_token,
        "MOTCUA_ZALO_INBOX": str(inbox),
    }
    return ServerProcess(
        [str(RASA_PYTHON), "-m", "connectors.zalo.receiver", "--port", str(port)],
        env,
        log_path,
        f"http://127.0.0.1:{port}",
        "/health",
        timeout,
    )

"""Driving dossier_form the way rasa's FormAction does, without a rasa server (.venv).

``FormDriver`` keeps the slots of one conversation; ``run(action, text, intent)`` runs an ordinary action,
``activate()`` and ``say()`` run ``validate_dossier_form`` on rasa's temporary tracker (events up to the
citizen's message, then ``SlotSet(requested_slot)`` and ``ActionExecuted(dossier_form)``), apply its events,
then run the ``action_ask_<slot>`` of the next requested slot, or ``action_dossier_finish`` once the form stops.
Also: a real backend on 127.0.0.1 (tests.servers.start_backend) for the actions' backend_client.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: Dict[str, Any] = {"forms": {}, "slots": {}}  # bot/domain/*.yml merged (forms share slots such as consent)
for _path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
    _part = yaml.safe_load(_path.read_text(encoding="utf-8")) or {}
    DOMAIN["forms"].update(_part.get("forms") or {})
    DOMAIN["slots"].update(_part.get("slots") or {})


def user_event(
    text: str,
    intent: str,
    entities: Iterable[dict] = (),
    channel: str = "rest",
    metadata: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "timestamp": time.time(),
        "input_channel": channel,
        "metadata": metadata or {},
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": list(entities)},
    }


def apply(slots: Dict[str, Any], events: List[Dict[str, Any]]) -> None:
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def payloads(messages: List[Dict[str, Any]]) -> List[str]:
    return [b["payload"] for m in messages for b in (m.get("buttons") or [])]


class FormDriver:
    def __init__(self, sender: Optional[str] = None, slots: Optional[Dict[str, Any]] = None, channel: str = "rest"):
        self.sender = sender or f"test-{secrets.token_hex(4)}"
        self.slots: Dict[str, Any] = dict(slots or {})
        self.events: List[Dict[str, Any]] = []
        self.channel = channel
        self.active = False
        self.messages: List[Dict[str, Any]] = []
        self.last_events: List[Dict[str, Any]] = []

    # ---- trackers
    def _tracker(self, latest: Dict[str, Any], extra: Iterable[Dict[str, Any]] = ()) -> Tracker:
        events = list(self.events) + list(extra)
        return Tracker(
            sender_id=self.sender,
            slots=dict(self.slots),
            latest_message=latest["parse_data"] | {"text": latest["text"], "metadata": latest.get("metadata") or {}},
            events=events,
            paused=False,
            followup_action=None,
            active_loop={"name": "dossier_form"} if self.active else {},
            latest_action_name="action_listen",
        )

    def _latest(self) -> Dict[str, Any]:
        return next(e for e in reversed(self.events) if e.get("event") == "user")

    def _run(self, action, tracker: Tracker) -> List[Dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, DOMAIN)) or []
        self.messages += dispatcher.messages
        apply(self.slots, events)
        self.events += events
        return events

    # ---- conversation
    def message(
        self, text: str, intent: str = "", entities: Iterable[dict] = (), metadata: Optional[dict] = None
    ) -> None:
        self.events.append(user_event(text, intent, entities, self.channel, metadata))
        self.messages = []

    def run(
        self, action, text: Optional[str] = None, intent: str = "", entities: Iterable[dict] = ()
    ) -> List[Dict[str, Any]]:
        """Run an ordinary action (after a new citizen message when ``text`` is given)."""
        if text is not None:
            self.message(text, intent, entities)
        self.last_events = self._run(action, self._tracker(self._latest()))
        return self.last_events

    def _validate(self) -> List[Dict[str, Any]]:
        from actions.dossier.form import ValidateDossierForm

        extra = [
            {"event": "slot", "name": "requested_slot", "value": self.slots.get("requested_slot")},
            {"event": "action", "name": "dossier_form"},
        ]
        return self._run(ValidateDossierForm(), self._tracker(self._latest(), extra))

    def _after_validation(self) -> None:
        requested = self.slots.get("requested_slot")
        if requested is None:
            from actions.dossier.submit import ActionDossierFinish

            self.active = False
            self._run(ActionDossierFinish(), self._tracker(self._latest()))
            return
        from actions.core.asking import AskSlot
        from actions.dossier import questions
        from actions.privacy.privacy import CONSENT_SLOT, ActionAskPrivacyConsentAt

        asks = {
            cls.slot: cls
            for cls in vars(questions).values()
            if isinstance(cls, type) and issubclass(cls, AskSlot) and cls is not AskSlot
        }
        ask = {**asks, CONSENT_SLOT: ActionAskPrivacyConsentAt}[requested]
        self._run(ask(), self._tracker(self._latest()))

    def activate(self) -> str:
        """The form's first run after a start action: validate prefilled slots, ask the first question."""
        self.active = True
        self.slots["requested_slot"] = None
        self._validate()
        self._after_validation()
        return texts(self.messages)

    def say(self, text: str, intent: str = "", entities: Iterable[dict] = (), metadata: Optional[dict] = None) -> str:
        """A citizen's message inside the active form (with the channel's ``metadata``); the bot's reply text."""
        assert self.active, "the form is not active"
        self.message(text, intent, entities, metadata)
        self._validate()
        self._after_validation()
        return texts(self.messages)

    @property
    def requested(self) -> Optional[str]:
        return self.slots.get("requested_slot")


# ------------------------------------------------------------------------------------------ backend
STAFF_PASSWORD = "mat-khau-can-bo-1"


class Backend:
    """A real backend (SQLite in a temporary directory) and the environment the actions need to call it."""

    def __init__(self, tmp: Path):
        from tests.servers import APP_PYTHON, backend_settings

        self.token = secrets.token_urlsafe(24)
        self.tmp = tmp
        self.database = tmp / "motcua.db"
        self.env = {
            **os.environ,
            **backend_settings(f"sqlite:///{self.database}", tmp, self.token, secrets.token_urlsafe(24)),
        }
        self.python = APP_PYTHON
        self.server = None
        self.url = None
        self._saved_env = {k: os.environ.get(k) for k in ("MOTCUA_BACKEND_URL", "MOTCUA_SERVICE_TOKEN")}
        self.start()

    def start(self, port: Optional[int] = None) -> None:
        from tests.servers import ServerProcess, start_backend

        if port is None:
            self.server = start_backend(self.python, self.env, self.tmp / "backend.log")
            self.url = self.server.base_url
        else:
            self.server = ServerProcess(
                [
                    str(self.python),
                    "-m",
                    "backend",
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                self.env,
                self.tmp / "backend.log",
                f"http://127.0.0.1:{port}",
                "/api/health",
                90,
            )
        os.environ["MOTCUA_BACKEND_URL"] = self.url
        os.environ["MOTCUA_SERVICE_TOKEN"] = self.token

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def close(self) -> None:
        """Stop for good and give the actions' environment back."""
        self.stop()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def get(self, path: str):
        import httpx

        return httpx.get(self.url + path, headers={"X-Service-Token": self.token}, timeout=10)

    def dossier(self, code: str, sender: str, channel: str = "rest") -> Dict[str, Any]:
        """The dossier as the chat that filed it sees it (the service token needs the chat since issue 9)."""
        answer = self.get(f"/api/dossiers/{code}?channel={channel}&sender_id={sender}")
        answer.raise_for_status()
        return answer.json()

    def post_file(self, name: str, data: bytes, mime: str) -> Dict[str, Any]:
        """Store a file as a channel does before the bot sees it (connectors/shared/staging.py)."""
        import httpx

        answer = httpx.post(
            self.url + "/api/files",
            files={"file": (name, data, mime)},
            headers={"X-Service-Token": self.token},
            timeout=10,
        )
        answer.raise_for_status()
        return answer.json()

    def add_user(self, username: str, role: str) -> None:
        from tests.servers import create_user

        create_user(self.python, self.env, username, STAFF_PASSWORD, role=role)

    def staff_headers(self) -> Dict[str, str]:
        """A bearer token of a staff account (created on first use)."""
        import httpx

        login = {"username": "canbo.e2e", "password": STAFF_PASSWORD}
        answer = httpx.post(self.url + "/api/auth/login", json=login, timeout=10)
        if answer.status_code != 200:
            self.add_user("canbo.e2e", "staff")
            answer = httpx.post(self.url + "/api/auth/login", json=login, timeout=10)
        answer.raise_for_status()
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def volunteer_code(self, username: str) -> str:
        """A one-time link code for the volunteer ``username``, as the console page "Mã liên kết" issues it."""
        from sqlalchemy import select

        from backend.db import make_engine
        from backend.models import User
        from backend.services import volunteers

        engine = make_engine(f"sqlite:///{self.database}")
        try:
            with Session(engine) as session:
                user = session.scalars(select(User).where(User.username == username)).one()
                code, _ = volunteers.issue_code(session, self.env["TOKEN_SECRET"].encode("utf-8"), user)
        finally:
            engine.dispose()
        return code

    def ratings(self) -> List[Tuple[str, int]]:
        import sqlite3

        with sqlite3.connect(self.database) as db:
            return db.execute(
                "select receipt_code, score from ratings where subject = 'dossier' order by id"
            ).fetchall()

    def count_dossiers(self) -> int:
        import sqlite3

        with sqlite3.connect(self.database) as db:
            return db.execute("select count(*) from dossiers").fetchone()[0]


# ------------------------------------------------------------------------------------------ the whole stack
class Stack:
    """Backend + action server + ``rasa run`` (trained model, REST channel) on free ports of 127.0.0.1.

    For tests/e2e/test_dossier_e2e.py and bench/dossier_load.py. ``tracker_store="sql"`` keeps conversations
    in SQLite (as scripts/run does); reminders retry kept dossiers every ``retry_seconds``.
    """

    def __init__(
        self, tmp: Path, retry_seconds: float = 2.0, tracker_store: str = "memory", start_timeout: float = 400
    ):
        import subprocess

        from tests.servers import ServerProcess, free_port, service_headers, start_rasa

        self.tmp = tmp
        self.backend = Backend(tmp)
        env = {
            **self.backend.env,
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            "MOTCUA_BACKEND_URL": self.backend.url,
            "MOTCUA_SERVICE_TOKEN": self.backend.token,
            "MOTCUA_PENDING_DIR": str(tmp / "pending"),
            "MOTCUA_DOSSIER_RETRY_SECONDS": str(retry_seconds),
            "PYTHONWARNINGS": "ignore",
        }
        train = subprocess.run(["bash", "scripts/train"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        self.model = train.stdout.strip().splitlines()[-1]
        actions_port = free_port()
        endpoints = f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        if tracker_store == "sql":
            endpoints += f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp / "rasa_tracker.db"}"\n'
        (tmp / "endpoints.yml").write_text(endpoints, encoding="utf-8")
        self.processes = []
        try:
            self.actions = ServerProcess(
                [
                    str(ROOT / ".venv" / "bin" / "python"),
                    "-m",
                    "rasa_sdk",
                    "--actions",
                    "actions",
                    "-p",
                    str(actions_port),
                ],
                env,
                tmp / "actions.log",
                f"http://127.0.0.1:{actions_port}",
                "/health",
                start_timeout,
            )
            self.processes.append(self.actions)
            self.rasa = start_rasa(self.model, tmp / "endpoints.yml", env, tmp / "rasa.log", start_timeout)
            self.processes.append(self.rasa)
        except Exception:
            self.stop()
            raise
        self.url = self.rasa.base_url + "/webhooks/rest/webhook"
        self.headers = service_headers(self.backend.token)  # the rest channel's callers hold the service token

    def stop(self) -> None:
        for process in reversed(getattr(self, "processes", [])):
            process.stop()
        self.backend.close()

    def logs(self) -> str:
        return "\n".join(f"--- {p.log_path.name} ---\n{p.log()[-3000:]}" for p in self.processes)


def attach_message(name: str = "giay_chung_sinh.jpg", data: bytes = b"") -> str:
    import base64
    import json

    data = data or (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + os.urandom(2048) + b"\xff\xd9"
    )
    body = {"file_name": name, "mime": "image/jpeg", "data_base64": base64.b64encode(data).decode()}
    return "/attach_document" + json.dumps(body, separators=(",", ":"))


APPLICANT_ANSWERS = {
    "Họ và tên": "Nguyễn Thị Lan",
    "Số CCCD": "001199012345",
    "Số điện thoại": "0912345678",
    "Địa chỉ": "Số 12 đường Lê Lợi, tổ 3",
    "Phường/xã": "phường Tân Định",
}


def next_answer(last: str, first_document: bool) -> Optional[str]:
    """What a citizen answers to the bot's latest message (``last``) in the dossier walk; None if unknown."""
    if "Thông tin đã đúng chưa" in last or "Bạn có đồng ý không?" in last:  # the summary; consent to collect
        return "/affirm"
    if "Bạn chọn cách nào?" in last and "liên thông" in last:
        return '/dossier_choice{"choice":"bundle:none"}'
    if "có áp dụng với bạn không" in last:
        return "không"
    if "Bạn gửi ảnh/tệp giấy này" in last:
        return attach_message() if first_document else '/dossier_choice{"choice":"paper"}'
    if "nhận kết quả bằng cách nào" in last:
        return '/dossier_choice{"choice":"office"}'
    for question, answer in APPLICANT_ANSWERS.items():
        if question in last:
            return answer
    return None

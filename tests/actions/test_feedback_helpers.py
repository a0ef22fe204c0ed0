"""Helpers for the feedback / handoff / rating action tests: a real backend, staff calls, a form driver.

Not a test module (no test functions); named test_feedback_* so that it belongs with those tests.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import httpx
import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.servers import backend_settings, create_user, start_backend

ROOT = Path(__file__).resolve().parents[2]
SERVICE_TOKEN = "feedback-test-service-token-0123"
TOKEN_SECRET = "feedback-test-token-secret-0123"
PASSWORD = "mat-khau-an-toan-1"


def load_domain() -> Dict[str, Any]:
    """bot/domain/*.yml merged the way rasa does for what the actions read (forms, slots)."""
    domain: Dict[str, Any] = {"forms": {}, "slots": {}}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        domain["forms"].update(part.get("forms") or {})
        domain["slots"].update(part.get("slots") or {})
    return domain


DOMAIN = load_domain()


class Backend:
    def __init__(self, base_url: str) -> None:
        self.url = base_url
        self.service = {"X-Service-Token": SERVICE_TOKEN}
        login = httpx.post(f"{base_url}/api/auth/login", json={"username": "canbo", "password": PASSWORD}, timeout=10)
        assert login.status_code == 200, login.text
        self.staff = {"Authorization": f"Bearer {login.json()['access_token']}"}

    def get(self, path: str, staff: bool = False, **params) -> httpx.Response:
        return httpx.get(self.url + path, params=params, headers=self.staff if staff else self.service, timeout=10)

    def post(self, path: str, body: Any = None, staff: bool = False) -> httpx.Response:
        return httpx.post(self.url + path, json=body, headers=self.staff if staff else self.service, timeout=10)


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """A real backend (``python -m backend serve``, temporary SQLite) the actions talk to."""
    tmp = tmp_path_factory.mktemp("feedback-backend")
    env = {
        **__import__("os").environ,
        **backend_settings(f"sqlite:///{tmp / 'motcua.db'}", tmp, SERVICE_TOKEN, TOKEN_SECRET),
    }
    server = start_backend(sys.executable, env, tmp / "backend.log")
    create_user(sys.executable, env, "canbo", PASSWORD)
    patch = pytest.MonkeyPatch()
    patch.setenv("MOTCUA_BACKEND_URL", server.base_url)
    patch.setenv("MOTCUA_SERVICE_TOKEN", SERVICE_TOKEN)
    try:
        yield Backend(server.base_url)
    finally:
        patch.undo()
        server.stop()


@pytest.fixture
def backend_down(monkeypatch):
    """The actions' backend URL points at a closed port."""
    from tests.servers import free_port

    monkeypatch.setenv("MOTCUA_BACKEND_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("MOTCUA_SERVICE_TOKEN", SERVICE_TOKEN)


# ------------------------------------------------------------------------------ trackers and actions
def user(
    text: str,
    intent: str = "inform",
    entities: Iterable[dict] = (),
    channel: str = "rest",
    metadata: Optional[dict] = None,
    timestamp: float = 0.0,
) -> Dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "input_channel": channel,
        "timestamp": timestamp,
        "metadata": metadata or {},
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.95},
            "entities": list(entities),
            "metadata": metadata or {},
        },
    }


def bot(text: str, timestamp: float = 0.0) -> Dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": timestamp}


def tracker(
    text: str,
    intent: str = "inform",
    entities: Iterable[dict] = (),
    slots: Optional[Dict[str, Any]] = None,
    history: Optional[List[Dict[str, Any]]] = None,
    channel: str = "rest",
    sender: str = "citizen-1",
    metadata: Optional[dict] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    event = user(text, intent, entities, channel, metadata)
    return Tracker(
        sender_id=sender,
        slots=dict(slots or {}),
        latest_message={**event["parse_data"], "metadata": metadata or {}},
        events=list(history or []) + [event],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, t: Tracker):
    """Run ``action`` (and the analytics it scheduled) in one event loop: (messages, events, slots set)."""
    from actions.clients import backend as backend_client
    from actions.core.chat import drain

    async def go():
        dispatcher = CollectingDispatcher()
        try:
            events = await action.run(dispatcher, t, DOMAIN)
            await drain()
        finally:
            await backend_client.reset()
        return dispatcher.messages, events

    messages, events = asyncio.run(go())
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return messages, events, slots


def text_of(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def buttons_of(messages) -> list:
    return [b for m in messages for b in (m.get("buttons") or [])]


class FormDriver:
    """Drives a form's validation action turn by turn the way rasa's FormAction does."""

    def __init__(
        self, form: str, validator, slots: Dict[str, Any], channel: str = "rest", sender: str = "citizen-1"
    ) -> None:
        self.form, self.validator, self.channel, self.sender = form, validator, channel, sender
        self.slots = dict(slots)
        self.required = DOMAIN["forms"][form]["required_slots"]
        self.history: List[Dict[str, Any]] = [{"event": "active_loop", "name": form, "timestamp": 1700000000.0}]
        self.slots.setdefault("requested_slot", self.next_slot())
        self.done = False

    def next_slot(self) -> Optional[str]:
        """The first empty slot of the validator's own (dynamic) required_slots."""
        t = tracker(
            "",
            slots=self.slots,
            history=list(self.history),
            channel=self.channel,
            sender=self.sender,
            active_loop=self.form,
        )
        required = asyncio.run(self.validator.required_slots(self.required, CollectingDispatcher(), t, DOMAIN))
        return next((s for s in required if self.slots.get(s) is None), None)

    def say(self, text: str, intent: str = "inform", entities: Iterable[dict] = (), metadata: Optional[dict] = None):
        t = tracker(
            text, intent, entities, self.slots, list(self.history), self.channel, self.sender, metadata, self.form
        )
        messages, events, slots = run(self.validator, t)
        self.history += [user(text, intent, entities, self.channel, metadata)] + events
        self.slots.update(slots)
        if "requested_slot" in slots:
            requested = slots["requested_slot"]
        else:
            requested = self.next_slot()
        self.slots["requested_slot"] = requested
        self.done = requested is None
        return messages

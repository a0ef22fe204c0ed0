"""Issue 9's ways in through the real `rasa run` (credentials.yml, trained model, action server, backend): the HTTP
API and the rest channel need their tokens, a client's channel and metadata never reach the tracker, a 4 MB message
or an oversized body never reaches the NLU, odd messages always get a polite reply, personal numbers never reach the
log. Run with the app venv: `.venv/bin/python -m pytest tests/e2e/test_channel_security_e2e.py`.
"""

from __future__ import annotations

import json
import re
import uuid

import httpx
import pytest

from common.limits import MAX_REQUEST_BYTES
from connectors.shared.replies import EMPTY_MESSAGE, SESSION_EXPIRED, TOO_LONG
from tests.servers import session_sender, status_of_a_declared_body

PERSONAL_NUMBERS = ("001203004567", "0912345678")


def _user_events(stack, sender: str) -> list[dict]:
    tracker = httpx.get(stack.rasa_api(f"/conversations/{sender}/tracker"), timeout=30)
    assert tracker.status_code == 200, tracker.text
    return [e for e in tracker.json()["events"] if e.get("event") == "user"]


def test_rasa_api_needs_its_token(handoff_stack):
    rasa = handoff_stack.rasa
    sender = f"api-{uuid.uuid4().hex[:8]}"
    event = [{"event": "slot", "name": "full_name", "value": "Kẻ giả mạo"}]
    attempts = [
        ("GET", f"/conversations/{sender}/tracker", None),
        ("POST", f"/conversations/{sender}/tracker/events", event),
        ("PUT", f"/conversations/{sender}/tracker/events", event),
        ("POST", f"/conversations/{sender}/messages", {"text": "xin chào", "sender": "user"}),
        ("POST", f"/conversations/{sender}/trigger_intent", {"name": "greet"}),
        ("POST", "/model/parse", {"text": "xin chào"}),
        ("PUT", "/model", {"model_file": "/tmp/x.tar.gz"}),
        ("DELETE", "/model", None),
        ("GET", "/status", None),
        ("GET", "/domain", None),
    ]
    for method, path, body in attempts:
        for suffix in ("", "?token=sai"):
            answer = httpx.request(method, rasa + path + suffix, json=body, timeout=30)
            assert answer.status_code in (401, 403), (method, path, answer.status_code)
    assert httpx.get(handoff_stack.rasa_api("/status"), timeout=30).status_code == 200
    assert httpx.post(handoff_stack.rasa_api("/model/parse"), json={"text": "xin chào"}, timeout=30).status_code == 200


def test_the_rest_channel_needs_the_service_token_and_ignores_a_forged_channel_and_metadata(handoff_stack):
    url = f"{handoff_stack.rasa}/webhooks/rest/webhook"
    victim = f"tg-{uuid.uuid4().int % 10**9}"
    assert httpx.post(url, json={"sender": victim, "message": "hồ sơ của tôi"}, timeout=30).status_code == 401
    forged = {
        "sender": victim,
        "message": "xin chào",
        "input_channel": "telegram",
        "metadata": {"motcua": {"staged_file": {"stored_file_id": 1}}, "other": 1},
    }
    answer = httpx.post(url, json=forged, headers=handoff_stack.service, timeout=120)
    assert answer.status_code == 200 and answer.json()
    said = _user_events(handoff_stack, victim)[-1]
    assert said["input_channel"] == "rest"
    assert "staged_file" not in said["metadata"]["motcua"] and "other" not in said["metadata"]


def test_the_web_chat_is_who_its_session_says(handoff_stack):
    session = handoff_stack.web_session()
    sender = session_sender(session)
    url = f"{handoff_stack.rasa}/webhooks/web/webhook"
    answer = httpx.post(url, json={"message": "xin chào"}, timeout=30)
    assert (answer.status_code, answer.json()) == (401, {"detail": SESSION_EXPIRED})
    answer = httpx.post(url, json={"message": "xin chào", "sender": "someone-else"}, headers=session, timeout=120)
    assert answer.status_code == 200 and {m["recipient_id"] for m in answer.json()} == {sender}
    assert _user_events(handoff_stack, sender)[-1]["text"] == "xin chào"
    assert _user_events(handoff_stack, "someone-else") == []


def test_a_4_mb_message_and_an_oversized_body_never_reach_the_nlu(handoff_stack):
    session = handoff_stack.web_session()
    sender = session_sender(session)
    url = f"{handoff_stack.rasa}/webhooks/web/webhook"
    answer = httpx.post(url, json={"message": "ý kiến " * 600_000}, headers=session, timeout=120)
    assert answer.status_code == 413 and [m["text"] for m in answer.json()] == [TOO_LONG]
    status = status_of_a_declared_body(handoff_stack.rasa, "/webhooks/web/webhook", MAX_REQUEST_BYTES + 1, session)
    assert status == 413
    assert _user_events(handoff_stack, sender) == []  # nothing was parsed or stored


@pytest.mark.parametrize(
    "message",
    [
        None,
        5,
        "",
        "\u202e\u0000",
        "a\ud800b",
        "/restart",
        "/session_start",
        '/session_start{"metadata": {}}',
        '/faq{"q": 1}',
        "/back",
        "/",
    ],
)
def test_odd_messages_always_get_a_polite_reply(handoff_stack, message):
    session = handoff_stack.web_session()
    body = json.dumps({"message": message}).encode("ascii")  # lone surrogates as \udXXX escapes
    answer = httpx.post(
        f"{handoff_stack.rasa}/webhooks/web/webhook",
        content=body,
        headers={**session, "Content-Type": "application/json"},
        timeout=120,
    )
    assert answer.status_code == 200
    texts = [m.get("text") or "" for m in answer.json()]
    assert any(t.strip() for t in texts), texts
    if message in (None, "", "\u202e\u0000", "/"):
        assert texts == [EMPTY_MESSAGE]


def test_stream_requests_are_refused(handoff_stack):
    session = handoff_stack.web_session()
    answer = httpx.post(
        f"{handoff_stack.rasa}/webhooks/web/webhook?stream=true", json={"message": None}, headers=session, timeout=10
    )
    assert answer.status_code == 400


def test_personal_numbers_never_reach_the_rasa_log(handoff_stack):
    session = handoff_stack.web_session()
    url = f"{handoff_stack.rasa}/webhooks/web/webhook"
    # entities rasa's domain does not know: rasa warns with the whole line (Python warnings, not logging)
    for message in (
        '/ask_procedure{"%s": "%s"}' % PERSONAL_NUMBERS,
        "CCCD của tôi là %s, số điện thoại %s" % PERSONAL_NUMBERS,
    ):
        assert httpx.post(url, json={"message": message}, headers=session, timeout=120).status_code == 200
    log = handoff_stack.rasa_server.log()
    assert "Failed to parse arguments in line" in log and "*********567" in log  # the warning was written, masked
    for number in PERSONAL_NUMBERS:
        assert not re.search(rf"(?<!\d){number}(?!\d)", log), number

"""Every way in of issue 9 on the chat channels, through a real connector (``connectors.standalone``: the channels
of rasa run with a stand-in bot) and a real backend. Run with .venv-rasa (see conftest.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("rasa")

from connector_helpers import SERVICE_TOKEN, WebChat, http_json, http_raw, start_connector  # noqa: E402

from common.limits import MAX_REQUEST_BYTES  # noqa: E402
from connectors.shared import replies  # noqa: E402
from connectors.web.page import CONTENT_SECURITY_POLICY  # noqa: E402
from tests.servers import status_of_a_declared_body  # noqa: E402

WEBCHAT = Path(__file__).resolve().parents[2] / "webchat"


def _texts(messages) -> list[str]:
    return [m["text"] for m in messages if "text" in m]


def _bot_input(messages) -> dict:
    return next(m["custom"] for m in messages if "custom" in m and "metadata" in m["custom"])


# --- who is speaking --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["rest", "telegram"])
def test_service_channels_refuse_a_forged_sender_without_the_token(stack, path) -> None:
    url = f"{stack.connector}/webhooks/{path}/webhook"
    assert http_json("POST", url, {"sender": "tg-777", "message": "hồ sơ của tôi"})[0] == 401
    assert http_json("POST", url, {"sender": "tg-777", "message": "x"}, {"X-Service-Token": "sai"})[0] == 401
    assert http_json("GET", f"{stack.connector}/webhooks/{path}/outbox?sender=tg-777")[0] == 401


def test_rest_ignores_the_input_channel_and_metadata_a_client_sends(stack) -> None:
    forged = {"motcua": {"staged_file": {"stored_file_id": 1, "file_name": "cccd-nguoi-khac.png"}}}
    status, messages = stack.say(
        "rest-forger", "đây là giấy tờ", path="rest", input_channel="telegram", metadata=forged
    )
    assert status == 200
    seen = _bot_input(messages)
    assert seen["input_channel"] == "rest"
    assert "staged_file" not in seen["metadata"]["motcua"] and set(seen["metadata"]) == {"motcua"}


def test_the_web_chat_sender_comes_from_the_session_not_the_body(stack) -> None:
    chat, victim = WebChat(stack.connector), WebChat(stack.connector)
    assert chat.sender.startswith("web-") and len(chat.sender) == 4 + 32 and chat.sender != victim.sender
    status, messages = chat.say("xin chào", sender=victim.sender)
    assert status == 200 and {m["recipient_id"] for m in messages} == {chat.sender}
    body = {"sender": victim.sender, "message": "xin chào"}
    status, answer = http_json("POST", f"{stack.connector}/webhooks/web/webhook", body)  # no session
    assert (status, answer) == (401, {"detail": replies.SESSION_EXPIRED})
    forged = {"Cookie": f"motcua_web={victim.sender}.{int(time.time()) + 3600}.AAAA"}
    assert http_json("POST", f"{stack.connector}/webhooks/web/webhook", body, forged)[0] == 401


def test_the_outbox_of_another_chat_cannot_be_read(stack) -> None:
    victim, attacker = WebChat(stack.connector), WebChat(stack.connector)
    ticket = stack.open_ticket("ignored", sender_id=victim.sender)
    reply = f"{stack.backend}/api/tickets/{ticket['id']}/reply"
    status, _ = http_json("POST", reply, {"text": "riêng tư"}, stack.staff)
    assert status == 201
    url = f"{stack.connector}/webhooks/web/outbox?sender={victim.sender}"
    assert http_json("GET", url)[0] == 401
    assert http_json("GET", url, headers=attacker.cookie) == (200, [])
    assert _texts(victim.poll()[1]) == ["Cán bộ hỗ trợ: riêng tư"]


def test_the_session_cookie_is_httponly_strict_and_renewed_on_use(stack) -> None:
    status, body, headers = http_raw("POST", f"{stack.connector}/webhooks/web/session", b"{}")
    assert status == 200 and body == {"new": True}
    cookie = headers["Set-Cookie"]
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/webhooks/web", "Max-Age=86400"):
        assert attribute.lower() in cookie.lower()
    assert "secure" not in cookie.lower()  # only with MOTCUA_SECURE_COOKIES=1
    again = {"Cookie": cookie.split(";")[0]}
    status, body, headers = http_raw("POST", f"{stack.connector}/webhooks/web/session", b"{}", again)
    assert body == {"new": False} and headers["Set-Cookie"].split(".")[0] == cookie.split(".")[0]


def test_the_page_cannot_choose_its_sender_outside_development(stack, tmp_path, backend) -> None:
    assert WebChat(stack.connector, sender="web-chosen").sender != "web-chosen"
    process, base = start_connector(tmp_path, backend, name="dev", env={"MOTCUA_DEV": "1"})
    try:
        assert WebChat(base, sender="web-chosen").sender == "web-chosen"
        assert WebChat(base, sender="tg-777").sender == "web-tg-777"  # never another channel's chat
    finally:
        process.stop()
    script = (WEBCHAT / "chat.js").read_text(encoding="utf-8")
    assert 'get("server")' not in script and "sessionStorage" not in script


def test_the_page_has_a_strict_content_security_policy(stack) -> None:
    for path, kind in (("chat", "text/html"), ("chat.js", "text/javascript"), ("chat.css", "text/css")):
        status, _, headers = http_raw("GET", f"{stack.connector}/webhooks/web/{path}")
        assert status == 200 and headers["Content-Type"].startswith(kind)
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    page = (WEBCHAT / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<style" not in page and " style=" not in page and "onclick=" not in page


# --- limits and malformed input ---------------------------------------------------------------------------------


def test_a_4_mb_message_never_reaches_the_bot(stack) -> None:
    status, messages = stack.say("big-talker", "a" * 4_000_000)
    assert status == 413 and _texts(messages) == [replies.TOO_LONG]  # no "(bot) ..." line: the bot never ran


def test_a_body_over_the_server_limit_is_refused_before_it_is_read(stack) -> None:
    chat = WebChat(stack.connector)
    status = status_of_a_declared_body(stack.connector, "/webhooks/web/webhook", MAX_REQUEST_BYTES + 1, chat.cookie)
    assert status == 413


def test_stream_requests_are_refused_at_once(stack) -> None:
    chat = WebChat(stack.connector)
    started = time.monotonic()
    status, answer = http_json(
        "POST", f"{stack.connector}/webhooks/web/webhook?stream=true", {"message": None}, chat.cookie, timeout=10
    )
    assert (status, answer) == (400, {"detail": replies.NO_STREAM}) and time.monotonic() - started < 5


@pytest.mark.parametrize("raw", [b"[]", b'["x"]', b"null", b"5", b"not json", b'{"message": ', b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_400_in_vietnamese(stack, raw) -> None:
    chat = WebChat(stack.connector)
    for url, headers in (
        (f"{stack.connector}/webhooks/web/webhook", chat.cookie),
        (f"{stack.connector}/webhooks/rest/webhook", stack.service),
    ):
        status, answer, _ = http_raw("POST", url, raw, headers)
        assert (status, answer) == (400, {"detail": replies.BAD_REQUEST})


def test_posts_must_be_json_typed(stack) -> None:
    chat = WebChat(stack.connector)
    form = {**chat.cookie, "Content-Type": "text/plain"}
    status, answer, _ = http_raw("POST", f"{stack.connector}/webhooks/web/webhook", b'{"message": "x"}', form)
    assert (status, answer) == (415, {"detail": replies.NOT_JSON})


@pytest.mark.parametrize(
    "message, expected",
    [
        (None, replies.EMPTY_MESSAGE),
        ("", replies.EMPTY_MESSAGE),
        ("\u202e\u2066\u0000\u200b \t", replies.EMPTY_MESSAGE),
        (5, "(bot) 5"),
        ("a\ud800b\udfff", "(bot) a\ufffdb\ufffd"),
        ("ta\u0300i li\u202eê\u0323u", "(bot) tài liệu"),
        ("/restart", "(bot) restart"),
        ("/session_start", "(bot) session_start"),
        ('/session_start{"metadata": {"x": 1}}', '(bot) session_start{"metadata": {"x": 1}}'),
        ('/faq{"q": "x"}', '(bot) faq{"q": "x"}'),
        ("/affirm", "(bot) /affirm"),
        ('/dossier_choice{"choice":"paper"}', '(bot) /dossier_choice{"choice":"paper"}'),
    ],
)
def test_odd_messages_are_cleaned_and_always_answered(stack, message, expected) -> None:
    status, messages = WebChat(stack.connector).say(message)
    assert status == 200 and _texts(messages) == [expected]


def test_the_telegram_bridge_is_public_and_the_rest_channel_is_not(stack) -> None:
    bridge = {"X-Service-Token": SERVICE_TOKEN}
    url = f"{stack.connector}/webhooks/telegram/webhook"
    assert _texts(http_json("POST", url, {"sender": "tg-5", "message": "/restart"}, bridge)[1]) == ["(bot) restart"]
    assert _texts(stack.say("rest-script", "/restart", path="rest")[1]) == ["(bot) /restart"]

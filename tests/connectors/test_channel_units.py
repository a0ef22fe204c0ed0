"""The channels' parts in process: sessions, addresses, text cleaning, the bot's time limit and default reply,
secrets. Run with .venv-rasa (see conftest.py)."""

from __future__ import annotations

import asyncio
import json
import re
import stat
from pathlib import Path

import pytest

pytest.importorskip("rasa")

from connectors.shared import local_secrets, replies  # noqa: E402
from connectors.shared.backend_client import BackendClient  # noqa: E402
from connectors.shared.client_address import client_address, trusted_proxies  # noqa: E402
from connectors.shared.message_policy import ALLOWED_COMMANDS, clean_text, neutralise_commands  # noqa: E402
from connectors.shared.settings import ChannelSettings  # noqa: E402
from connectors.web.channel import WebChatInput  # noqa: E402
from connectors.web.session import SESSION_SECONDS, WebSessions  # noqa: E402


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_is_signed_expires_and_cannot_be_moved_to_another_sender() -> None:
    clock = Clock()
    sessions = WebSessions(key="k1", clock=clock)
    sender = sessions.new_sender()
    value = sessions.sign(sender)
    assert sessions.sender_of(value) == sender
    assert WebSessions(key="k2", clock=clock).sender_of(value) is None  # another secret
    _, expiry, signature = value.split(".")
    assert sessions.sender_of(f"web-other.{expiry}.{signature}") is None
    assert sessions.sender_of(f"{sender}.{int(expiry) + 999}.{signature}") is None
    for junk in (None, "", "a.b", "a.b.c.d", "../x.1.y", value + "x"):
        assert sessions.sender_of(junk) is None
    clock.now += SESSION_SECONDS + 1
    assert sessions.sender_of(value) is None


@pytest.mark.parametrize("secure", ["", "1"])
def test_the_cookie_is_secure_when_served_over_https(secure, monkeypatch) -> None:
    from sanic import response

    monkeypatch.setenv("MOTCUA_SECURE_COOKIES", secure)
    cookie = WebSessions(key="k").set_cookie(response.json({}), "web-x").cookies["motcua_web"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Strict" and cookie["path"] == "/webhooks/web"
    assert bool(cookie.get("secure")) is (secure == "1")


def test_x_forwarded_for_counts_only_from_a_trusted_proxy() -> None:
    proxies = trusted_proxies("10.0.0.0/8, 127.0.0.1")
    assert client_address("203.0.113.9", "1.2.3.4", proxies) == "203.0.113.9"
    assert client_address("127.0.0.1", "1.2.3.4", ()) == "127.0.0.1"
    assert client_address("127.0.0.1", "1.2.3.4", proxies) == "1.2.3.4"
    assert client_address("127.0.0.1", "9.9.9.9, 1.2.3.4, 10.1.1.1", proxies) == "1.2.3.4"  # nearest untrusted
    assert client_address("127.0.0.1", "", proxies) == "127.0.0.1"


def test_text_cleaning() -> None:
    assert clean_text("  a\u202eb\u2067c\u200bd\u0000e\r\nf\tg  ") == "abcde\nf g"
    assert clean_text("\ud83d\ude00 \ud800") == "\U0001f600 \ufffd"  # a surrogate pair joined, a lone one replaced
    assert clean_text("Vie\u0323\u0302t") == "Việt"
    assert clean_text("👨\u200d👩") == "👨\u200d👩"


def test_only_the_bots_own_commands_pass_as_commands() -> None:
    assert {"greet", "attach_document", "affirm", "dossier_choice"} <= ALLOWED_COMMANDS
    assert not {"restart", "session_start", "faq", "back", "out_of_scope"} & ALLOWED_COMMANDS
    assert neutralise_commands("//restart") == "restart"
    assert neutralise_commands("/") == ""
    # service-token channels keep their slash commands, except retrieval-intent payloads rasa cannot answer
    assert neutralise_commands("/session_start", public=False) == "/session_start"
    assert neutralise_commands('/faq{"q": "x"}', public=False) == 'faq{"q": "x"}'
    assert neutralise_commands("/chitchat/ask_name", public=False) == "chitchat/ask_name"
    assert neutralise_commands('/give_rating{"rating": 5}') == '/give_rating{"rating": 5}'
    assert neutralise_commands("a /restart") == "a /restart"


def _channel(timeout: float = 0.2) -> WebChatInput:
    backend = BackendClient(base_url="http://127.0.0.1:9", service_token="x")
    return WebChatInput(backend, ChannelSettings(bot_timeout_seconds=timeout), WebSessions(key="k"))


def _answer(response) -> list:
    return json.loads(response.body)


def test_a_slow_bot_gets_a_busy_reply_and_finishes_in_the_background() -> None:
    finished = []

    async def slow_bot(message) -> None:
        await asyncio.sleep(0.5)
        finished.append(message.text)

    async def scenario() -> None:
        response = await _channel()._to_bot(slow_bot, "web-x", "xin chào", {})
        assert _answer(response) == [{"recipient_id": "web-x", "text": replies.BUSY}]
        await asyncio.sleep(0.6)

    asyncio.run(scenario())
    assert finished == ["xin chào"]


@pytest.mark.parametrize("fails", [False, True])
def test_a_silent_or_failing_bot_still_answers(fails, caplog) -> None:
    async def silent_bot(message) -> None:
        if fails:
            raise RuntimeError("boom")

    response = asyncio.run(_channel()._to_bot(silent_bot, "web-x", "xin chào", {}))
    assert _answer(response) == [{"recipient_id": "web-x", "text": replies.NO_ANSWER}]
    assert "the bot said nothing to sender web-x" in caplog.text


def test_settings_from_credentials() -> None:
    settings = ChannelSettings.from_credentials({"rate_limit_burst": "3", "bot_timeout_seconds": 2, "other": 1})
    assert settings.rate_limit_burst == 3 and isinstance(settings.rate_limit_burst, int)
    assert settings.bot_timeout_seconds == 2.0
    assert settings.rate_limit_per_minute == ChannelSettings.rate_limit_per_minute


def test_secrets_are_created_once_with_mode_0600(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MOTCUA_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("MOTCUA_TEST_SECRET", raising=False)
    first = local_secrets.secret("test.secret", "MOTCUA_TEST_SECRET")
    assert len(first) >= 40 and local_secrets.secret("test.secret", "MOTCUA_TEST_SECRET") == first
    assert stat.S_IMODE((tmp_path / "var" / "test.secret").stat().st_mode) == 0o600
    monkeypatch.setenv("MOTCUA_TEST_SECRET", "given")
    assert local_secrets.secret("test.secret", "MOTCUA_TEST_SECRET") == "given"


def test_every_button_payload_of_the_bot_is_an_allowed_command() -> None:
    """A button the bot shows must work when tapped on a public channel: its intent is in ALLOWED_COMMANDS."""
    root = Path(__file__).resolve().parents[2]
    payload = re.compile(r"""payload["']?\s*:\s*\\?["']/([a-z_]+)""")
    sources = [*root.glob("actions/**/*.py"), *root.glob("bot/domain/*.yml")]
    used = {intent for path in sources for intent in payload.findall(path.read_text(encoding="utf-8"))}
    assert {"affirm", "dossier_choice", "ask_procedure"} <= used  # the scan finds them
    assert used <= ALLOWED_COMMANDS, used - ALLOWED_COMMANDS

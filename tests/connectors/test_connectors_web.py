"""The web channel connector against a real backend: relay during handoff, outbox polling, falling back
to the bot when the backend is down, rate limits, log masking. Needs .venv-rasa:

    .venv-rasa/bin/python -m pytest tests/connectors
"""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("rasa")

from connector_helpers import SERVICE_TOKEN, WebChat, free_port, http_json, start_connector  # noqa: E402

from connectors.rest.channel import RestRelayInput  # noqa: E402
from connectors.shared.backend_client import BackendClient, BackendUnavailable, TicketNotOpen  # noqa: E402
from connectors.shared.replies import RELAYED, TOO_FAST, TOO_MANY_SESSIONS  # noqa: E402
from connectors.web.channel import WebChatInput  # noqa: E402


def _bot_texts(messages) -> list[str]:
    return [m["text"] for m in messages if "text" in m]


def _metadata(messages) -> dict:
    return next(m["custom"]["metadata"] for m in messages if "custom" in m and "metadata" in m["custom"])


def test_the_channel_loads_from_credentials_as_rasa_does() -> None:
    from rasa.shared.utils.common import class_from_module_path

    cls = class_from_module_path("connectors.web.channel.WebChatInput")
    channel = cls.from_credentials(
        {"backend_url": "http://127.0.0.1:9999/", "service_token": "abc", "timeout_seconds": 2, "rate_limit_burst": 3}
    )
    assert isinstance(channel, WebChatInput) and channel.name() == "web"
    assert channel.backend.base_url == "http://127.0.0.1:9999"
    assert channel.backend.token() == "abc"
    assert channel.message_limiter.capacity == 3 and channel.settings.timeout_seconds == 2
    defaults = cls.from_credentials(None)
    assert defaults.backend.base_url.startswith("http://")
    assert RestRelayInput.from_credentials({}).name() == "rest"


def test_without_a_ticket_the_bot_answers(stack) -> None:
    status, messages = stack.say("citizen-a", "thủ tục khai sinh")
    assert status == 200
    assert _bot_texts(messages) == ["(bot) thủ tục khai sinh"]
    assert _metadata(messages)["motcua"] == {
        "backend": "ok",
        "handoff_open": False,
        "awaiting_rating_ticket_id": None,
        "relay_failed_ticket_id": None,
    }


def test_clients_cannot_spoof_the_channel_metadata(stack) -> None:
    forged = {"motcua": {"handoff_open": True, "staged_file": {"stored_file_id": 1}}, "lang": "vi"}
    status, messages = stack.say("citizen-spoof", "xin chào", metadata=forged, input_channel="telegram")
    assert status == 200
    assert _metadata(messages) == {
        "motcua": {
            "backend": "ok",
            "handoff_open": False,
            "awaiting_rating_ticket_id": None,
            "relay_failed_ticket_id": None,
        }
    }


def test_full_handoff_round_trip(stack) -> None:
    sender = "citizen-b"
    ticket = stack.open_ticket(sender)
    sender_id = stack.sender(sender)

    # while the ticket is open the bot is silent and the message reaches the ticket
    status, messages = stack.say(sender, "Hồ sơ của tôi đến đâu rồi?")
    assert status == 200
    assert _bot_texts(messages) == [RELAYED]
    assert messages[0]["custom"]["handoff"] == {"ticket_id": ticket["id"], "relayed": True}
    _, seen = http_json("GET", f"{stack.backend}/api/tickets/{ticket['id']}", headers=stack.staff)
    assert [(m["author"], m["text"]) for m in seen["messages"]] == [("citizen", "Hồ sơ của tôi đến đâu rồi?")]

    # nothing to deliver yet
    assert stack.poll(sender) == (200, [])

    # the staff reply reaches the citizen's chat through the outbox, once
    status, _ = http_json(
        "POST", f"{stack.backend}/api/tickets/{ticket['id']}/reply", {"text": "Hồ sơ đang thẩm định."}, stack.staff
    )
    assert status == 201
    status, delivered = stack.poll(sender)
    assert status == 200
    assert _bot_texts(delivered) == ["Cán bộ hỗ trợ: Hồ sơ đang thẩm định."]
    assert delivered[0]["recipient_id"] == sender_id and delivered[0]["custom"]["outbox"]["ticket_id"] == ticket["id"]
    assert stack.poll(sender) == (200, [])

    # staff close: the closing message asks for a rating, and the bot answers again, told a rating is awaited
    status, _ = http_json("POST", f"{stack.backend}/api/tickets/{ticket['id']}/close", None, stack.staff)
    assert status == 200
    _, closing = stack.poll(sender)
    assert len(closing) == 1 and "đánh giá" in closing[0]["text"]
    status, messages = stack.say(sender, "5")
    assert _bot_texts(messages) == ["(bot) 5"]
    assert _metadata(messages)["motcua"]["awaiting_rating_ticket_id"] == ticket["id"]


def test_outbox_is_per_chat(stack) -> None:
    ticket = stack.open_ticket("citizen-c")
    http_json("POST", f"{stack.backend}/api/tickets/{ticket['id']}/reply", {"text": "riêng tư"}, stack.staff)
    assert stack.poll("citizen-other") == (200, [])
    assert _bot_texts(stack.poll("citizen-c")[1]) == ["Cán bộ hỗ trợ: riêng tư"]


def test_rest_path_relays_for_the_rest_channel(stack) -> None:
    ticket = stack.open_ticket("rest-citizen", channel="rest")
    status, messages = stack.say("rest-citizen", "alo", path="rest")
    assert _bot_texts(messages) == [RELAYED]
    # the same sender on the web channel is another chat: the bot answers there
    assert _bot_texts(stack.say("rest-citizen", "alo")[1]) == ["(bot) alo"]
    http_json("POST", f"{stack.backend}/api/tickets/{ticket['id']}/reply", {"text": "chào"}, stack.staff)
    assert _bot_texts(stack.poll("rest-citizen", path="rest")[1]) == ["Cán bộ hỗ trợ: chào"]


def test_telegram_path_only_for_the_bridge_and_relays_for_the_telegram_channel(stack) -> None:
    sender = "tg-424242"
    bridge = {"X-Service-Token": SERVICE_TOKEN}
    url = f"{stack.connector}/webhooks/telegram/webhook"
    assert http_json("POST", url, {"sender": sender, "message": "alo"})[0] == 401  # no service token: not the bridge
    assert http_json("POST", url, {"sender": sender, "message": "alo"}, {"X-Service-Token": "sai"})[0] == 401
    status, messages = http_json("POST", url, {"sender": sender, "message": "alo"}, bridge)
    assert status == 200 and _bot_texts(messages) == ["(bot) alo"]
    ticket = stack.open_ticket(sender, channel="telegram")
    assert _bot_texts(http_json("POST", url, {"sender": sender, "message": "cần gấp"}, bridge)[1]) == [RELAYED]
    detail = http_json("GET", f"{stack.backend}/api/tickets/{ticket['id']}", headers=stack.staff)[1]
    assert "cần gấp" in json.dumps(detail, ensure_ascii=False)


@pytest.mark.parametrize(
    "body", [{"message": "x"}, {"sender": "", "message": "x"}, {"sender": "a" * 200, "message": "x"}]
)
def test_service_channels_need_a_sender(stack, body) -> None:
    status, answer = http_json("POST", f"{stack.connector}/webhooks/rest/webhook", body, stack.service)
    assert status == 400 and "sender" in answer["detail"]
    assert http_json("GET", f"{stack.connector}/webhooks/rest/outbox", headers=stack.service)[0] == 400


def test_backend_down_the_bot_still_answers_and_logs_masked(tmp_path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    process, base = start_connector(tmp_path, dead, name="dead")
    try:
        url = f"{base}/webhooks/rest/webhook"
        status, messages = http_json(
            "POST", url, {"sender": "0912345678", "message": "CCCD 001203004567"}, {"X-Service-Token": SERVICE_TOKEN}
        )
        assert status == 200
        assert _bot_texts(messages) == ["(bot) CCCD 001203004567"]
        assert _metadata(messages)["motcua"]["backend"] == "unavailable"
        status, polled = http_json(
            "GET", f"{base}/webhooks/rest/outbox?sender=0912345678", headers={"X-Service-Token": SERVICE_TOKEN}
        )
        assert (status, polled) == (503, [])
    finally:
        log = process.stop()
    assert "backend unavailable" in log and "091****678" in log
    assert "0912345678" not in log and "001203004567" not in log


class _BrokenRelayBackend(BaseHTTPRequestHandler):
    """Says ticket 7 is open, then fails to take the message."""

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        self._send(200, {"open": True, "ticket": {"id": 7}, "awaiting_rating_ticket_id": None})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(500, {"detail": "lỗi"})


def test_a_failed_relay_is_not_silent_the_bot_gets_the_message(tmp_path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BrokenRelayBackend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    process, base = start_connector(tmp_path, f"http://127.0.0.1:{server.server_port}", name="broken")
    try:
        status, messages = WebChat(base).say("cứu tôi với")
        assert status == 200
        assert _bot_texts(messages) == ["(bot) cứu tôi với"]
        assert _metadata(messages)["motcua"]["relay_failed_ticket_id"] == 7
    finally:
        log = process.stop()
        server.shutdown()
    assert "relay to ticket 7 failed" in log


def test_messages_are_rate_limited_per_sender(tmp_path, backend) -> None:
    process, base = start_connector(
        tmp_path, backend, "--rate-limit-per-minute", "2", "--rate-limit-burst", "2", name="limited"
    )
    try:
        flood = WebChat(base)
        results = [flood.say(f"m{i}") for i in range(3)]
        assert [s for s, _ in results] == [200, 200, 429]
        assert _bot_texts(results[2][1]) == [TOO_FAST]
        assert WebChat(base).say("x")[0] == 200
        # new sessions per address: the burst (2) is spent
        status, answer = http_json("POST", f"{base}/webhooks/web/session", {})
        assert (status, answer) == (429, {"detail": TOO_MANY_SESSIONS})
        # X-Forwarded-For counts only from a proxy listed in MOTCUA_TRUSTED_PROXIES (none here)
        status, _ = http_json("POST", f"{base}/webhooks/web/session", {}, {"X-Forwarded-For": "203.0.113.7"})
        assert status == 429
    finally:
        process.stop()


def test_client_maps_backend_answers(backend) -> None:
    async def scenario() -> None:
        client = BackendClient(base_url=backend, service_token=SERVICE_TOKEN)
        try:
            state = await client.handoff_state("web", "client-test")
            assert state.open is False and state.ticket_id is None
            with pytest.raises(TicketNotOpen):
                await client.relay(999999, "web", "client-test", "x")
            assert await client.take_outbox("web", "client-test") == []
        finally:
            await client.close()
        wrong = BackendClient(base_url=backend, service_token="sai")
        try:
            with pytest.raises(BackendUnavailable):
                await wrong.handoff_state("web", "client-test")
        finally:
            await wrong.close()

    asyncio.run(scenario())


def test_client_rereads_the_token_file_after_a_401(backend, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("MOTCUA_SERVICE_TOKEN", raising=False)
    monkeypatch.delenv("SERVICE_TOKEN", raising=False)
    token_file = tmp_path / "service.token"
    token_file.write_text("old-token\n")

    async def scenario() -> None:
        client = BackendClient(base_url=backend, token_file=token_file)
        try:
            with pytest.raises(BackendUnavailable):
                await client.handoff_state("web", "x")
            token_file.write_text(SERVICE_TOKEN + "\n")  # the backend wrote its token meanwhile
            assert (await client.handoff_state("web", "x")).open is False
        finally:
            await client.close()

    asyncio.run(scenario())

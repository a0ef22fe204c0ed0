"""The bridge's own backend client (connectors/telegram/backend_client.py) against a small local HTTP server."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from connectors.telegram.backend_client import BackendError, BackendUnavailable, BridgeBackend, RateLimited

TOKEN = "the-backend-token"


class FakeBackend(BaseHTTPRequestHandler):
    status_for_ack = 200

    def _answer(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.headers.get("X-Service-Token") != TOKEN:
            return self._answer(401, {"detail": "no"})
        self._answer(200, [{"id": 1, "sender_id": "tg-5", "text": "Cán bộ đã trả lời."}, "not a message"])

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(type(self).status_for_ack, {"id": 1})

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def backend_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBackend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_token_file_is_read_again_after_a_401(backend_url, tmp_path, monkeypatch):
    for name in ("MOTCUA_SERVICE_TOKEN", "SERVICE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    token_file = tmp_path / "service.token"
    token_file.write_text("an-old-token\n")
    monkeypatch.setenv("MOTCUA_SERVICE_TOKEN_FILE", str(token_file))

    async def main() -> list[dict]:
        client = BridgeBackend(backend_url)
        try:
            assert client.token() == "an-old-token"
            token_file.write_text(TOKEN + "\n")  # the backend wrote its token meanwhile
            return await client.pending_outbox("telegram")
        finally:
            await client.close()

    assert asyncio.run(main()) == [{"id": 1, "sender_id": "tg-5", "text": "Cán bộ đã trả lời."}]


@pytest.mark.parametrize(("status", "error"), [(404, BackendError), (429, RateLimited), (503, BackendUnavailable)])
def test_refusals_and_outages_are_told_apart(backend_url, monkeypatch, status, error):
    monkeypatch.setenv("MOTCUA_SERVICE_TOKEN", TOKEN)
    monkeypatch.setattr(FakeBackend, "status_for_ack", status)

    async def main() -> None:
        client = BridgeBackend(backend_url)
        try:
            await client.acknowledge_outbox(1, delivered=True)
        finally:
            await client.close()

    with pytest.raises(error) as raised:
        asyncio.run(main())
    assert isinstance(raised.value, BackendError)  # the bridge catches BackendError: every failure, tried again later
    assert (status >= 500) == isinstance(raised.value, BackendUnavailable)


def test_without_a_token_the_backend_is_unavailable(backend_url, tmp_path, monkeypatch):
    for name in ("MOTCUA_SERVICE_TOKEN", "SERVICE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MOTCUA_SERVICE_TOKEN_FILE", str(tmp_path / "missing.token"))
    client = BridgeBackend(backend_url)
    with pytest.raises(BackendUnavailable):
        asyncio.run(client.pending_outbox("telegram"))

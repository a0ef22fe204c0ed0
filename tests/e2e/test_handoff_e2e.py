"""End to end through the running servers: `rasa run` with the web and REST channels (credentials.yml), the
action server and the backend, each a real process on 127.0.0.1.

- web chat: a citizen asks for a person -> the ticket exists in the backend with the transcript -> the next
  message is relayed by the channel (no bot answer) -> a staff member (created with the backend CLI, logged in
  through the API) replies -> the reply comes out of /webhooks/web/outbox -> staff close -> the bot asks for a
  rating -> the rating is stored;
- REST channel: the same hand-over where the bot relays itself and hands the staff reply back in its answer;
- the feedback form through the REST channel, then its status by PA code.

Run with the app venv: `.venv/bin/python -m pytest tests/e2e/test_handoff_e2e.py` (trains the model first if
its inputs changed: scripts/train).
"""
from __future__ import annotations

import os
import sys
import time
import uuid

import httpx
import pytest

from tests.servers import backend_settings, create_user, start_action_server, start_backend, start_rasa, trained_model

START_TIMEOUT = float(os.environ.get("E2E_START_TIMEOUT", "300"))
SERVICE_TOKEN = "e2e-handoff-service-token-0123"
TOKEN_SECRET = "e2e-handoff-token-secret-0123"
PASSWORD = "mat-khau-an-toan-1"
RELAYED = "Đã chuyển tin nhắn của bạn tới cán bộ hỗ trợ"


class Stack:
    def __init__(self, rasa: str, backend: str) -> None:
        self.rasa, self.backend = rasa, backend
        self.service = {"X-Service-Token": SERVICE_TOKEN}
        login = httpx.post(f"{backend}/api/auth/login", json={"username": "canbo", "password": PASSWORD}, timeout=10)
        assert login.status_code == 200, login.text
        self.staff = {"Authorization": f"Bearer {login.json()['access_token']}"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("handoff-e2e")
    env = {
        **os.environ,
        **backend_settings(f"sqlite:///{tmp / 'motcua.db'}", tmp, SERVICE_TOKEN, TOKEN_SECRET),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    model = trained_model(env)
    processes = []
    try:
        backend = start_backend(sys.executable, env, tmp / "backend.log")
        processes.append(backend)
        create_user(sys.executable, env, "canbo", PASSWORD)
        env.update(MOTCUA_BACKEND_URL=backend.base_url, MOTCUA_SERVICE_TOKEN=SERVICE_TOKEN)
        actions = start_action_server(env, tmp / "actions.log", START_TIMEOUT)
        processes.append(actions)
        endpoints = tmp / "endpoints.yml"  # in-memory tracker store: nothing left behind
        endpoints.write_text(f'action_endpoint:\n  url: "{actions.base_url}/webhook"\n', encoding="utf-8")
        rasa = start_rasa(model, endpoints, env, tmp / "rasa.log", START_TIMEOUT)
        processes.append(rasa)
        # the first search waits for the knowledge base to load in the action server
        warm = httpx.post(f"{rasa.base_url}/webhooks/rest/webhook", json={"sender": "warmup", "message": "đăng ký tạm trú"},
                          timeout=START_TIMEOUT)
        assert warm.status_code == 200
        yield Stack(rasa.base_url, backend.base_url)
    except Exception:
        for process in processes:
            sys.stderr.write(f"--- {process.log_path.name} ---\n{process.log()[-4000:]}\n")
        raise
    finally:
        for process in reversed(processes):
            process.stop()


class Chat:
    def __init__(self, stack: Stack, channel: str) -> None:
        self.stack, self.channel = stack, channel
        self.sender = f"e2e-{channel}-{uuid.uuid4().hex[:8]}"
        self.replies: list[dict] = []

    def say(self, message: str) -> str:
        response = httpx.post(f"{self.stack.rasa}/webhooks/{self.channel}/webhook",
                              json={"sender": self.sender, "message": message}, timeout=120)
        assert response.status_code == 200, response.text
        self.replies = response.json()
        text = "\n".join(r.get("text") or "" for r in self.replies)
        assert text.strip(), f"no reply to {message[:60]!r}"  # never silence
        return text

    @property
    def payloads(self) -> list[str]:
        return [b["payload"] for r in self.replies for b in (r.get("buttons") or [])]

    def outbox(self, wait_for: int = 1, timeout: float = 10) -> list[str]:
        texts: list[str] = []
        deadline = time.monotonic() + timeout
        while len(texts) < wait_for and time.monotonic() < deadline:
            response = httpx.get(f"{self.stack.rasa}/webhooks/web/outbox", params={"sender": self.sender}, timeout=10)
            assert response.status_code == 200, response.text
            texts += [m["text"] for m in response.json()]
            if len(texts) < wait_for:
                time.sleep(0.5)
        return texts

    def open_ticket(self) -> dict:
        state = httpx.get(f"{self.stack.backend}/api/tickets/open", params={"channel": self.channel, "sender_id": self.sender},
                          headers=self.stack.service, timeout=10).json()
        return state

    def ticket(self, ticket_id: int) -> dict:
        return httpx.get(f"{self.stack.backend}/api/tickets/{ticket_id}", headers=self.stack.staff, timeout=10).json()

    def staff(self, path: str, body: dict | None = None) -> httpx.Response:
        return httpx.post(f"{self.stack.backend}{path}", json=body, headers=self.stack.staff, timeout=10)


def test_web_chat_handoff_relay_staff_reply_close_and_rating(stack):
    chat = Chat(stack, "web")
    first = chat.say("đăng ký thường trú cần giấy tờ gì")
    assert "thường trú" in first.lower()

    opened = chat.say("cho tôi nói chuyện với cán bộ")
    state = chat.open_ticket()
    assert state["open"], opened
    ticket_id = state["ticket"]["id"]
    assert f"yêu cầu số {ticket_id}" in opened and "chậm nhất trước" in opened
    ticket = chat.ticket(ticket_id)
    texts = [(line["author"], line["text"]) for line in ticket["transcript"]]
    assert ("citizen", "đăng ký thường trú cần giấy tờ gì") in texts
    assert any(author == "bot" and "thường trú" in text.lower() for author, text in texts)
    assert ticket["reason"] == "request" and ticket["status"] == "open"

    # while the ticket is open the bot does not answer: the channel relays
    relayed = chat.say("Tôi ở nhà thuê thì có đăng ký được không ạ?")
    assert relayed.startswith(RELAYED) and len(chat.replies) == 1
    assert chat.ticket(ticket_id)["messages"][-1]["text"] == "Tôi ở nhà thuê thì có đăng ký được không ạ?"

    assert chat.staff(f"/api/tickets/{ticket_id}/reply", {"text": "Được ạ, anh cần hợp đồng thuê nhà có công chứng."}).status_code == 201
    assert chat.outbox() == ["Cán bộ hỗ trợ: Được ạ, anh cần hợp đồng thuê nhà có công chứng."]

    assert chat.staff(f"/api/tickets/{ticket_id}/close", {"note": "đã trả lời"}).status_code == 200
    closing = chat.outbox()
    assert len(closing) == 1 and "đánh giá" in closing[0]

    back = chat.say("cảm ơn cán bộ nhiều")
    assert "Trợ lý tự động tiếp tục" in back and "1 (rất không hài lòng) đến 5" in back
    assert '/give_rating{"rating_score":"5"}' in chat.payloads
    thanks = chat.say('/give_rating{"rating_score":"5"}')
    assert "5/5" in thanks
    assert chat.open_ticket() == {"open": False, "ticket": None, "awaiting_rating_ticket_id": None}
    dashboard = httpx.get(f"{stack.backend}/api/analytics/dashboard", headers=stack.staff, timeout=10).json()
    assert dashboard["average_rating_tickets"] == 5.0

    # the bot answers again
    assert "thường trú" in chat.say("lệ phí đăng ký thường trú bao nhiêu").lower()


def test_rest_channel_handoff_the_bot_relays_and_hands_back_staff_replies(stack):
    chat = Chat(stack, "rest")
    opened = chat.say("gặp cán bộ")
    state = chat.open_ticket()
    assert state["open"], opened
    ticket_id = state["ticket"]["id"]

    ack = chat.say("Hồ sơ HS-2026-000009 của tôi bị trả về, vì sao ạ?")
    assert ack.startswith(RELAYED) and len(chat.replies) == 1
    assert chat.ticket(ticket_id)["messages"][-1]["text"] == "Hồ sơ HS-2026-000009 của tôi bị trả về, vì sao ạ?"
    chat.staff(f"/api/tickets/{ticket_id}/reply", {"text": "Hồ sơ thiếu bản sao giấy khai sinh."})
    ack = chat.say("vâng, tôi chờ")
    assert "Cán bộ hỗ trợ: Hồ sơ thiếu bản sao giấy khai sinh." in ack

    chat.staff(f"/api/tickets/{ticket_id}/close", {})
    back = chat.say("4 sao, cảm ơn chị")
    assert "Trợ lý tự động tiếp tục" in back and "4/5" in back
    assert chat.open_ticket()["awaiting_rating_ticket_id"] is None


def test_feedback_form_through_the_rest_channel_then_its_status(stack):
    chat = Chat(stack, "rest")
    assert "loại nào" in chat.say("tôi muốn gửi phản ánh")
    assert "Đề xuất" in chat.payloads
    assert "mô tả" in chat.say("Đề xuất")
    assert "liên quan" in chat.say("Nên bố trí thêm ghế ngồi chờ ở bộ phận một cửa phường")
    assert "ở đâu" in chat.say("không")
    assert "họ tên" in chat.say("phường Bến Nghé")
    summary = chat.say("ẩn danh")
    assert "Phường Bến Nghé" in summary and "Ẩn danh" in summary and "gửi" in chat.payloads
    sent = chat.say("gửi")
    assert "Mã phản ánh: PA-" in sent
    code = sent.split("Mã phản ánh: ")[1].split(".")[0]
    status = chat.say(f"tra cứu phản ánh {code}")
    assert code in status and "Đã tiếp nhận" in status
    # the assistant is itself again
    assert "thường trú" in chat.say("đăng ký thường trú").lower()

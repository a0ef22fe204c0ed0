"""End to end through the running servers: `rasa run` with the web and REST channels (credentials.yml), the
action server and the backend, each a real process on 127.0.0.1.

- web chat: a citizen asks for a person -> the ticket exists in the backend with the transcript -> the next
  message is relayed by the channel (no bot answer) -> a staff member (created with the backend CLI, logged in
  through the API) replies -> the reply comes out of /webhooks/web/outbox -> staff close -> the bot asks for a
  rating -> the rating is stored;
- REST channel (service token): the same hand-over, the staff reply from /webhooks/rest/outbox;
- the feedback form through the REST channel, then its status by PA code.

Run with the app venv: `.venv/bin/python -m pytest tests/e2e/test_handoff_e2e.py` (trains the model first if
its inputs changed: scripts/train).
"""

from __future__ import annotations

import time
import uuid

import httpx

from tests.e2e.conftest import RELAYED, HandoffStack
from tests.servers import session_sender


class Chat:
    def __init__(self, stack: HandoffStack, channel: str) -> None:
        self.stack, self.channel = stack, channel
        if channel == "web":  # the web chat is who its session cookie says
            self.headers = stack.web_session()
            self.sender = session_sender(self.headers)
        else:
            self.headers = stack.service
            self.sender = f"e2e-{channel}-{uuid.uuid4().hex[:8]}"
        self.replies: list[dict] = []

    def say(self, message: str) -> str:
        response = httpx.post(
            f"{self.stack.rasa}/webhooks/{self.channel}/webhook",
            headers=self.headers,
            json={"sender": self.sender, "message": message},
            timeout=120,
        )
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
            response = httpx.get(
                f"{self.stack.rasa}/webhooks/{self.channel}/outbox",
                params={"sender": self.sender},
                headers=self.headers,
                timeout=10,
            )
            assert response.status_code == 200, response.text
            texts += [m["text"] for m in response.json()]
            if len(texts) < wait_for:
                time.sleep(0.5)
        return texts

    def open_ticket(self) -> dict:
        state = httpx.get(
            f"{self.stack.backend}/api/tickets/open",
            params={"channel": self.channel, "sender_id": self.sender},
            headers=self.stack.service,
            timeout=10,
        ).json()
        return state

    def ticket(self, ticket_id: int) -> dict:
        return httpx.get(f"{self.stack.backend}/api/tickets/{ticket_id}", headers=self.stack.staff, timeout=10).json()

    def staff(self, path: str, body: dict | None = None) -> httpx.Response:
        return httpx.post(f"{self.stack.backend}{path}", json=body, headers=self.stack.staff, timeout=10)


def test_web_chat_handoff_relay_staff_reply_close_and_rating(handoff_stack):
    chat = Chat(handoff_stack, "web")
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

    assert (
        chat.staff(
            f"/api/tickets/{ticket_id}/reply", {"text": "Được ạ, anh cần hợp đồng thuê nhà có công chứng."}
        ).status_code
        == 201
    )
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
    dashboard = httpx.get(
        f"{handoff_stack.backend}/api/analytics/dashboard", headers=handoff_stack.staff, timeout=10
    ).json()
    assert dashboard["average_rating_tickets"] == 5.0

    # the bot answers again
    assert "thường trú" in chat.say("lệ phí đăng ký thường trú bao nhiêu").lower()


def test_rest_channel_handoff_relay_and_staff_replies_from_the_outbox(handoff_stack):
    chat = Chat(handoff_stack, "rest")
    opened = chat.say("gặp cán bộ")
    state = chat.open_ticket()
    assert state["open"], opened
    ticket_id = state["ticket"]["id"]

    ack = chat.say("Hồ sơ HS-2026-000009 của tôi bị trả về, vì sao ạ?")
    assert ack.startswith(RELAYED) and len(chat.replies) == 1
    assert chat.ticket(ticket_id)["messages"][-1]["text"] == "Hồ sơ HS-2026-000009 của tôi bị trả về, vì sao ạ?"
    chat.staff(f"/api/tickets/{ticket_id}/reply", {"text": "Hồ sơ thiếu bản sao giấy khai sinh."})
    assert chat.outbox() == ["Cán bộ hỗ trợ: Hồ sơ thiếu bản sao giấy khai sinh."]

    chat.staff(f"/api/tickets/{ticket_id}/close", {})
    back = chat.say("4 sao, cảm ơn chị")
    assert "Trợ lý tự động tiếp tục" in back and "4/5" in back
    assert chat.open_ticket()["awaiting_rating_ticket_id"] is None


def test_feedback_form_through_the_rest_channel_then_its_status(handoff_stack):
    chat = Chat(handoff_stack, "rest")
    assert "loại nào" in chat.say("tôi muốn gửi phản ánh")
    assert "Đề xuất" in chat.payloads
    assert "mô tả" in chat.say("Đề xuất")
    assert "liên quan" in chat.say("Nên bố trí thêm ghế ngồi chờ ở bộ phận một cửa phường")
    assert "ở đâu" in chat.say("không")
    assert "Bạn có đồng ý cung cấp không?" in chat.say("phường Bến Nghé")  # consent before the contact
    assert chat.payloads == ["/affirm", "/deny"]
    summary = chat.say("ẩn danh")  # a "no": nothing personal is asked
    assert "Phường Bến Nghé" in summary and "Ẩn danh" in summary and "gửi" in chat.payloads
    sent = chat.say("gửi")
    assert "Mã phản ánh: PA-" in sent
    code = sent.split("Mã phản ánh: ")[1].split(".")[0]
    status = chat.say(f"tra cứu phản ánh {code}")
    assert code in status and "Đã tiếp nhận" in status
    # the assistant is itself again
    assert "thường trú" in chat.say("đăng ký thường trú").lower()

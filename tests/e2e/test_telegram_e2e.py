"""A citizen on Telegram, end to end: a local fake of Telegram's Bot API (tests/fake_telegram.py), the real
bridge process (`python -m connectors.telegram.bridge`, python-telegram-bot pointed at the fake), `rasa run` with the
Telegram bridge channel, the action server and the backend, all on 127.0.0.1.

A question gets the answer with an inline keyboard; a tapped button asks the follow-up and removes the keyboard;
a photo is downloaded and reaches the bot as a file; "gặp cán bộ" opens a ticket for the channel ``telegram``,
the next message is relayed to staff, and the staff reply is pushed to the chat from the outbox and acknowledged.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from connectors.telegram.bridge import MAX_DELIVERY_ATTEMPTS
from tests.e2e.conftest import RELAYED, SERVICE_TOKEN
from tests.fake_telegram import FakeTelegram
from tests.servers import ROOT

TOKEN = "123456:TEST-token"
CHAT = 777001
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture(scope="module")
def telegram(handoff_stack, tmp_path_factory):
    fake = FakeTelegram(TOKEN).start()
    log_path = tmp_path_factory.mktemp("telegram") / "bridge.log"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": f"{fake.base_url}/bot",
        "TELEGRAM_FILE_URL": f"{fake.base_url}/file/bot",
        "MOTCUA_RASA_URL": handoff_stack.rasa,
        "MOTCUA_BACKEND_URL": handoff_stack.backend,
        "MOTCUA_SERVICE_TOKEN": SERVICE_TOKEN,
        "MOTCUA_TELEGRAM_OUTBOX_SECONDS": "0.5",
    }
    with open(log_path, "wb") as log:
        bridge = subprocess.Popen(
            [sys.executable, "-m", "connectors.telegram.bridge"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not fake.calls("deleteWebhook"):  # python-telegram-bot is about to poll
            assert bridge.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        yield fake
    finally:
        bridge.terminate()
        try:
            bridge.wait(timeout=20)
        except subprocess.TimeoutExpired:
            bridge.kill()
        fake.stop()
        sys.stderr.write(log_path.read_text()[-3000:])


def buttons(message: dict) -> dict[str, str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def test_question_buttons_photo_and_handoff_through_telegram(telegram, handoff_stack):
    telegram.send_text(CHAT, "/start")
    # the greeting's last message carries the example buttons (the privacy notice before it also says "thủ tục")
    telegram.wait_for(CHAT, 0, lambda m: "thủ tục" in m["text"].lower() and bool(buttons(m)))

    seen = len(telegram.calls("sendMessage", CHAT))
    telegram.send_text(CHAT, "dang ky tam tru can giay to gi")
    answer = telegram.wait_for(CHAT, seen, lambda m: "Lệ phí" in buttons(m))
    assert "tạm trú" in answer["text"].lower() or any(
        "tạm trú" in m["text"].lower() for m in telegram.calls("sendMessage", CHAT)[seen:]
    )
    assert all(len(data.encode()) <= 64 for m in telegram.calls("sendMessage") for data in buttons(m).values())
    fee = buttons(answer)["Lệ phí"]

    seen = len(telegram.calls("sendMessage", CHAT))
    telegram.tap(CHAT, answer, fee)
    assert "phí" in telegram.wait_for(CHAT, seen, lambda m: "phí" in m["text"].lower())["text"].lower()
    edits = telegram.calls("editMessageReplyMarkup", CHAT)
    assert edits and edits[-1]["message_id"] == answer["message_id"]  # the tapped keyboard is gone
    assert telegram.calls("answerCallbackQuery")

    seen = len(telegram.calls("sendMessage", CHAT))
    telegram.send_photo(CHAT, JPEG)
    # no dossier started: the bot received the file and says it cannot take it yet
    telegram.wait_for(CHAT, seen, lambda m: "chưa nhận giấy tờ này" in m["text"])
    assert telegram.calls("getFile")

    seen = len(telegram.calls("sendMessage", CHAT))
    telegram.send_text(CHAT, "cho tôi gặp cán bộ")
    telegram.wait_for(CHAT, seen, lambda m: "yêu cầu số" in m["text"])
    state = httpx.get(
        f"{handoff_stack.backend}/api/tickets/open",
        params={"channel": "telegram", "sender_id": f"tg-{CHAT}"},
        headers=handoff_stack.service,
        timeout=10,
    ).json()
    assert state["open"]
    ticket_id = state["ticket"]["id"]

    seen = len(telegram.calls("sendMessage", CHAT))
    telegram.send_text(CHAT, "Tôi thuê trọ thì chủ nhà phải ký gì ạ?")
    telegram.wait_for(CHAT, seen, lambda m: m["text"].startswith(RELAYED))
    ticket = httpx.get(
        f"{handoff_stack.backend}/api/tickets/{ticket_id}", headers=handoff_stack.staff, timeout=10
    ).json()
    assert ticket["messages"][-1]["text"] == "Tôi thuê trọ thì chủ nhà phải ký gì ạ?"

    seen = len(telegram.calls("sendMessage", CHAT))
    reply = httpx.post(
        f"{handoff_stack.backend}/api/tickets/{ticket_id}/reply",
        json={"text": "Chủ nhà ký vào tờ khai ạ."},
        headers=handoff_stack.staff,
        timeout=10,
    )
    assert reply.status_code == 201
    telegram.wait_for(CHAT, seen, lambda m: m["text"] == "Cán bộ hỗ trợ: Chủ nhà ký vào tờ khai ạ.", timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # acknowledged: no longer pending
        pending = httpx.get(
            f"{handoff_stack.backend}/api/outbox",
            params={"channel": "telegram"},
            headers=handoff_stack.service,
            timeout=10,
        ).json()
        if not pending:
            break
        time.sleep(0.2)
    assert pending == []


def test_a_chat_that_blocked_the_bot_keeps_its_message_pending_and_is_not_spammed(telegram, handoff_stack):
    blocked = CHAT + 1
    telegram.blocked.add(blocked)
    body = {"channel": "telegram", "sender_id": f"tg-{blocked}", "reason": "request", "transcript": []}
    ticket = httpx.post(
        f"{handoff_stack.backend}/api/tickets", json=body, headers=handoff_stack.service, timeout=10
    ).json()
    reply = httpx.post(
        f"{handoff_stack.backend}/api/tickets/{ticket['id']}/reply",
        json={"text": "Chào anh."},
        headers=handoff_stack.staff,
        timeout=10,
    )
    assert reply.status_code == 201

    def pending() -> list[dict]:
        return httpx.get(
            f"{handoff_stack.backend}/api/outbox",
            params={"channel": "telegram"},
            headers=handoff_stack.service,
            timeout=10,
        ).json()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(m["attempts"] >= MAX_DELIVERY_ATTEMPTS for m in pending()):
        time.sleep(0.2)
    [message] = pending()  # never marked delivered
    assert message["sender_id"] == f"tg-{blocked}" and message["attempts"] == MAX_DELIVERY_ATTEMPTS
    tries = len(telegram.calls("sendMessage", blocked))
    time.sleep(2)  # four more outbox rounds
    assert len(telegram.calls("sendMessage", blocked)) == tries == MAX_DELIVERY_ATTEMPTS

"""The Zalo channel through real processes: the backend, a connector server (``connectors.standalone``: the rasa
side's channels, the zalo one included, in front of a stand-in bot that answers "(bot) <message>"), two Zalo
receivers (``connectors.zalo.receiver``, each with its own inbox) sharing them, the Zalo delivery process, and the
fake Zalo (OA API, OAuth, attachment host, signed webhook sender) on 127.0.0.1.

Forged and unsigned webhooks get 401 and change nothing, and the rasa side's zalo channel takes nothing without
the service token; a replayed msg_id reaching both receivers at once is answered once; an expired token hit by
both receivers at the same moment is refreshed once; a photo is staged in the backend; a chat's messages are
answered in order; an event acknowledged while the bot is down, or before the receiver is killed, is answered
once later; staff replies are delivered once by the delivery process, a rate limit is waited out, a refusal
(-230) is recorded on the ticket. Run with .venv-rasa (see conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("rasa")

from connector_helpers import PASSWORD, SERVICE_TOKEN, TOKEN_SECRET, http_json, start_connector  # noqa: E402

from tests.fake_zalo import FakeZalo, sign, start_receiver  # noqa: E402
from tests.fake_zalo import zalo_env as fake_zalo_env  # noqa: E402
from tests.servers import APP_PYTHON, ROOT, ServerProcess, backend_settings, create_user, free_port, start_backend  # noqa: E402

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f"
    "5d0000000049454e44ae426082"
)


class ZaloStack:
    def __init__(self, fake: FakeZalo, backend: str, bot: str, receivers: list[str], tmp) -> None:
        self.fake, self.backend, self.bot, self.receivers, self.tmp = fake, backend, bot, receivers, tmp
        self.service = {"X-Service-Token": SERVICE_TOKEN}
        status, body = http_json("POST", f"{backend}/api/auth/login", {"username": "canbo", "password": PASSWORD})
        assert status == 200, body
        self.staff = {"Authorization": f"Bearer {body['access_token']}"}

    def webhook(self, server: int = 0) -> str:
        return f"{self.receivers[server]}/webhooks/zalo/webhook"

    def post(self, event: dict, server: int = 0, **options) -> list[int]:
        return self.fake.post_event(event, url=self.webhook(server), **options)

    def receiver(self, name: str, rasa_url: str, port: int | None = None) -> ServerProcess:
        """Another receiver (its inbox ``<name>.sqlite3``, kept between starts) pointed at ``rasa_url``."""
        return start_receiver(
            self.fake,
            self.tmp / f"receiver-{name}.log",
            self.tmp / f"{name}.sqlite3",
            rasa_url,
            self.backend,
            SERVICE_TOKEN,
            port=port,
        )


@pytest.fixture(scope="module")
def zalo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("zalo")
    fake = FakeZalo(first_refresh_token="rt-0").start()
    zalo_env = fake_zalo_env(fake)
    env = {
        **os.environ,
        **backend_settings(f"sqlite:///{tmp / 'backend.db'}", tmp, SERVICE_TOKEN, TOKEN_SECRET),
        **zalo_env,
    }
    processes = []
    delivery = None
    try:
        backend = start_backend(APP_PYTHON, env, tmp / "backend.log")
        processes.append(backend)
        create_user(APP_PYTHON, env, "canbo", PASSWORD)
        bot, _ = start_connector(tmp, backend.base_url, name="connector", env=zalo_env)
        processes.append(bot)
        for name in ("a", "b"):
            processes.append(
                start_receiver(
                    fake,
                    tmp / f"receiver-{name}.log",
                    tmp / f"{name}.sqlite3",
                    bot.base_url,
                    backend.base_url,
                    SERVICE_TOKEN,
                )
            )
        delivery_env = {
            **os.environ,
            **zalo_env,
            "MOTCUA_BACKEND_URL": backend.base_url,
            "MOTCUA_SERVICE_TOKEN": SERVICE_TOKEN,
            "MOTCUA_ZALO_OUTBOX_SECONDS": "0.3",
        }
        with open(tmp / "delivery.log", "wb") as log:
            delivery = subprocess.Popen(
                [sys.executable, "-m", "connectors.zalo.delivery"],
                cwd=ROOT,
                env=delivery_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        yield ZaloStack(fake, backend.base_url, bot.base_url, [p.base_url for p in processes[2:]], tmp)
    finally:
        if delivery is not None:
            delivery.terminate()
            delivery.wait(timeout=20)
            sys.stderr.write((tmp / "delivery.log").read_text()[-3000:])
        for process in reversed(processes):
            sys.stderr.write(f"--- {process.log_path.name} ---\n{process.stop()[-3000:]}\n")
        fake.stop()


def test_a_message_is_answered_through_the_oa_api(zalo):
    user = "8120000000000000101"
    assert zalo.post(zalo.fake.text(user, "xin chào")) == [200]
    zalo.fake.wait_for(user, 0, lambda m: m.get("text") == "(bot) xin chào", timeout=20)


def test_forged_unsigned_and_oversized_webhooks_are_refused_and_change_nothing(zalo):
    user = "8120000000000000102"
    event = zalo.fake.text(user, "tin giả mạo")
    assert zalo.post(event, signature=None, retries=False) == [401]
    assert zalo.post(event, signature="mac=" + "0" * 64, retries=False) == [401]
    forged = sign(b'{"other": "body"}', event["timestamp"])  # a real signature of another body
    assert zalo.post(event, signature=forged, retries=False) == [401]
    big = zalo.fake.text(user, "x" * 70_000)
    assert zalo.post(big, retries=False) == [413]
    time.sleep(1)
    assert zalo.fake.messages(user) == []
    # nothing was taken: the same event is still new to the backend
    key = {"event_key": f"msg:{event['message']['msg_id']}", "sender_id": f"zl-{user}"}
    status, taken = http_json("POST", f"{zalo.backend}/api/zalo/events", key, zalo.service)
    assert status == 200 and taken["new"] is True
    assert http_json("GET", f"{zalo.receivers[0]}/health")[1]["open_events"] == 0


def test_the_bot_side_zalo_channel_takes_nothing_without_the_service_token(zalo):
    user = "8120000000000000111"
    bot_side = f"{zalo.bot}/webhooks/zalo/webhook"
    assert zalo.fake.post_event(zalo.fake.text(user, "thẳng vào rasa"), url=bot_side, retries=False) == [401]
    body = {"sender": f"zl-{user}", "message": "thẳng vào rasa"}
    assert http_json("POST", bot_side, body)[0] == 401
    assert http_json("POST", bot_side, {**body, "sender": "tg-1"}, zalo.service)[0] == 400  # Zalo chats only
    assert zalo.fake.wait_quiet(user, 1.0) == []


def test_a_chats_messages_are_answered_in_the_order_they_came(zalo):
    user = "8120000000000000112"
    texts = [f"tin số {n}" for n in range(6)]
    for text in texts:
        assert zalo.post(zalo.fake.text(user, text)) == [200]
    zalo.fake.wait_for(user, len(texts) - 1, lambda m: True, timeout=30)
    assert zalo.fake.wait_quiet(user, 1.0) == [f"(bot) {text}" for text in texts]


def _stand_in_bot(zalo: ZaloStack, port: int) -> ServerProcess:
    """The connector server with the stand-in bot on ``port`` (where a receiver already expects it)."""
    env = {**os.environ, **fake_zalo_env(zalo.fake), "MOTCUA_SERVICE_TOKEN": SERVICE_TOKEN, "PYTHONWARNINGS": "ignore"}
    return ServerProcess(
        [sys.executable, "-m", "connectors.standalone", "--port", str(port), "--backend-url", zalo.backend],
        env,
        zalo.tmp / f"bot-{port}.log",
        f"http://127.0.0.1:{port}",
        "/webhooks/web/",
    )


def test_an_event_acknowledged_while_the_bot_is_down_is_answered_once_the_bot_is_up(zalo):
    user = "8120000000000000113"
    port = free_port()  # nothing listens there yet
    receiver = zalo.receiver("bot-down", f"http://127.0.0.1:{port}")
    try:
        event = zalo.fake.text(user, "trả lời khi bot chạy lại")
        started = time.monotonic()
        assert zalo.fake.post_event(event, url=f"{receiver.base_url}/webhooks/zalo/webhook") == [200]
        assert time.monotonic() - started < 1.0
        time.sleep(2.5)  # the worker tried and failed
        assert zalo.fake.messages(user) == []
        assert http_json("GET", f"{receiver.base_url}/health")[1]["open_events"] == 1
        bot = _stand_in_bot(zalo, port)
        try:
            zalo.fake.wait_for(user, 0, lambda m: m.get("text") == "(bot) trả lời khi bot chạy lại", timeout=40)
            assert zalo.fake.wait_quiet(user, 1.5) == ["(bot) trả lời khi bot chạy lại"]
        finally:
            bot.stop()
        assert http_json("GET", f"{receiver.base_url}/health")[1]["open_events"] == 0
    finally:
        receiver.stop()


def test_an_event_acknowledged_before_the_receiver_was_killed_is_answered_once_after_its_restart(zalo):
    user = "8120000000000000114"
    port = free_port()
    receiver = zalo.receiver("killed", f"http://127.0.0.1:{port}")
    event = zalo.fake.text(user, "giữ qua sự cố")
    assert zalo.fake.post_event(event, url=f"{receiver.base_url}/webhooks/zalo/webhook") == [200]
    receiver.process.kill()  # SIGKILL: no clean shutdown
    receiver.process.wait()
    bot = _stand_in_bot(zalo, port)
    receiver = zalo.receiver("killed", f"http://127.0.0.1:{port}")  # the same inbox
    try:
        zalo.fake.wait_for(user, 0, lambda m: m.get("text") == "(bot) giữ qua sự cố", timeout=40)
        assert zalo.fake.post_event(event, url=f"{receiver.base_url}/webhooks/zalo/webhook") == [200]  # a retry
        assert zalo.fake.wait_quiet(user, 1.5) == ["(bot) giữ qua sự cố"]
    finally:
        receiver.stop()
        bot.stop()


def test_a_signed_event_older_than_a_day_is_acknowledged_and_ignored(zalo):
    user = "8120000000000000110"
    event = zalo.fake.text(user, "tin cũ phát lại")
    event["timestamp"] = str(int((time.time() - 2 * 24 * 3600) * 1000))
    assert zalo.post(event) == [200]
    assert zalo.fake.wait_quiet(user, 1.5) == []


def test_a_replayed_msg_id_reaching_both_receivers_at_once_is_answered_once(zalo):
    user = "8120000000000000103"
    event = zalo.fake.text(user, "câu hỏi một lần")
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda server: zalo.post(event, server=server % 2), range(4)))
    assert statuses == [[200]] * 4
    zalo.fake.wait_for(user, 0, lambda m: m.get("text") == "(bot) câu hỏi một lần", timeout=20)
    # Zalo's own retry of the same event later, with num_retry
    assert zalo.fake.post_event(event, url=zalo.webhook(1)) == [200]
    assert zalo.fake.wait_quiet(user, 1.5) == ["(bot) câu hỏi một lần"]


def test_an_expired_token_hit_by_both_receivers_at_once_is_refreshed_once(zalo):
    users = ["8120000000000000104", "8120000000000000105"]
    zalo.post(zalo.fake.text(users[0], "làm nóng"))  # both receivers hold a token
    zalo.post(zalo.fake.text(users[1], "làm nóng"), server=1)
    for user in users:
        zalo.fake.wait_for(user, 0, lambda m: m.get("text") == "(bot) làm nóng", timeout=20)
    calls_before = len(zalo.fake.oauth_calls)
    zalo.fake.expire_access_tokens()
    zalo.fake.oauth_delay = 0.5  # the two refreshes overlap
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda i: zalo.post(zalo.fake.text(users[i], "sau khi hết hạn"), server=i), range(2)))
        for user in users:
            zalo.fake.wait_for(user, 1, lambda m: m.get("text") == "(bot) sau khi hết hạn", timeout=20)
    finally:
        zalo.fake.oauth_delay = 0
    assert len(zalo.fake.oauth_calls) == calls_before + 1
    assert all(call["ok"] for call in zalo.fake.oauth_calls)  # no refresh token was spent twice


def test_a_photo_is_downloaded_and_staged_and_a_foreign_host_is_refused(zalo):
    user = "8120000000000000106"
    url = zalo.fake.host_file("giay_khai_sinh.png", PNG, "image/png")
    zalo.post(zalo.fake.image(user, url))
    answer = zalo.fake.wait_for(user, 0, lambda m: m.get("text", "").startswith("(bot) /attach_document"), timeout=20)
    assert answer["text"] == '(bot) /attach_document{"file_name": "zalo.png", "mime": "image/png"}'  # no bytes
    zalo.post(zalo.fake.image(user, "http://files.example.org/a.png"))
    zalo.fake.wait_for(user, 1, lambda m: m.get("text") == "Tôi chưa tải được tệp của bạn. Bạn gửi lại giúp tôi nhé.")
    text_file = zalo.fake.host_file("ghi_chu.txt", b"hello", "text/plain")
    zalo.post(zalo.fake.image(user, text_file, kind="file"))
    zalo.fake.wait_for(user, 2, lambda m: "JPEG, PNG hoặc tệp PDF" in m.get("text", ""))


def test_follow_and_chat_now_greet_and_echoes_are_ignored(zalo):
    user = "8120000000000000107"
    zalo.post(zalo.fake.follow(user))
    zalo.fake.wait_for(user, 0, lambda m: m.get("text") == "(bot) /greet", timeout=20)
    echo = zalo.fake.event(
        "oa_send_text",
        user,
        sender={"id": "oa"},
        recipient={"id": user},
        message={"msg_id": zalo.fake.new_msg_id(), "text": "echo"},
    )
    assert zalo.post(echo) == [200]
    assert zalo.fake.wait_quiet(user, 1.0) == ["(bot) /greet"]


def _outbox(zalo: ZaloStack) -> list[dict]:
    return http_json("GET", f"{zalo.backend}/api/outbox?channel=zalo", headers=zalo.service)[1]


def _zalo_ticket(zalo: ZaloStack, user: str) -> int:
    body = {"channel": "zalo", "sender_id": f"zl-{user}", "reason": "request", "transcript": []}
    status, ticket = http_json("POST", f"{zalo.backend}/api/tickets", body, zalo.service)
    assert status == 201, ticket
    return ticket["id"]


def _reply(zalo: ZaloStack, ticket_id: int, text: str) -> None:
    status, body = http_json("POST", f"{zalo.backend}/api/tickets/{ticket_id}/reply", {"text": text}, zalo.staff)
    assert status == 201, body


def test_staff_replies_are_delivered_once_even_after_a_rate_limit(zalo):
    user = "8120000000000000108"
    zalo.post(zalo.fake.text(user, "cho tôi gặp cán bộ"))
    zalo.fake.wait_for(user, 0, lambda m: m.get("text", "").startswith("(bot)"), timeout=20)
    ticket_id = _zalo_ticket(zalo, user)
    zalo.post(zalo.fake.text(user, "tôi cần hỏi về hộ khẩu"))
    zalo.fake.wait_for(user, 1, lambda m: m.get("text", "").startswith("Đã chuyển tin nhắn của bạn tới cán bộ"))
    zalo.fake.rate_limit_next = 1
    _reply(zalo, ticket_id, "Chào bạn, tôi là cán bộ Lan.")
    zalo.fake.wait_for(user, 2, lambda m: m.get("text") == "Cán bộ hỗ trợ: Chào bạn, tôi là cán bộ Lan.", timeout=30)
    assert any(r["error"] == -32 and r["user_id"] == user for r in zalo.fake.refused)
    deadline = time.monotonic() + 10
    while _outbox(zalo) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _outbox(zalo) == []
    assert zalo.fake.wait_quiet(user, 1.5).count("Cán bộ hỗ trợ: Chào bạn, tôi là cán bộ Lan.") == 1


def test_a_reply_zalo_refuses_is_recorded_on_the_ticket_and_not_retried(zalo):
    user = "8120000000000000109"
    zalo.post(zalo.fake.text(user, "xin chào"))
    zalo.fake.wait_for(user, 0, lambda m: m.get("text") == "(bot) xin chào", timeout=20)
    ticket_id = _zalo_ticket(zalo, user)
    zalo.fake.last_interaction[user] = time.time() - 8 * 24 * 3600  # Zalo's side: no interaction for 7 days
    _reply(zalo, ticket_id, "Bạn còn cần hỗ trợ không?")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ticket = http_json("GET", f"{zalo.backend}/api/tickets/{ticket_id}", headers=zalo.staff)[1]
        if ticket["messages"][-1]["author"] == "system":
            break
        time.sleep(0.2)
    assert "7 ngày" in ticket["messages"][-1]["text"]
    refusals = [r for r in zalo.fake.refused if r["user_id"] == user]
    time.sleep(1.5)  # several delivery rounds
    assert [r["error"] for r in zalo.fake.refused if r["user_id"] == user] == [-230] == [r["error"] for r in refusals]
    assert [m["sender_id"] for m in _outbox(zalo)] == [f"zl-{user}"]  # kept, undelivered

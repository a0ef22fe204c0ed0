"""Units of the Zalo channel: the webhook signature, splitting on meaning under 2,000 characters, buttons and
numbered choices, event parsing (ids kept as strings), the OA client's error handling against the fake Zalo, and
the receiver's inbox (each key once, a chat's events in order, stages kept across a restart). Run with .venv-rasa
(see conftest.py)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time

import pytest

pytest.importorskip("rasa")

from connectors.shared.chat_turns import ChatTurns  # noqa: E402
from connectors.zalo import signature as zalo_signature  # noqa: E402
from connectors.zalo.client import (  # noqa: E402
    AttachmentRefused,
    AttachmentTooBig,
    ZaloClient,
    ZaloRateLimited,
    ZaloRefused,
    ZaloUnavailable,
)
from connectors.zalo.events import Kind, parse  # noqa: E402
from connectors.zalo.format import MAX_TEMPLATE_BUTTONS, TEXT_LIMIT, choice_for, split_text, to_zalo  # noqa: E402
from connectors.zalo.inbox import ANSWERED, DONE, KEY_RETENTION, RECEIVED, TAKEN, Inbox, ThreadedInbox  # noqa: E402
from tests.fake_zalo import APP_ID, OA_SECRET_KEY, FakeZalo, sign  # noqa: E402

BIG_ID = "8120000000000000001"  # beyond 2**53: a float would change it


# --- signature ---------------------------------------------------------------------------------------------


def test_the_signature_is_zalos_mac_and_anything_else_is_refused():
    body, timestamp = b'{"event_name":"user_send_text"}', "1732940000000"
    header = sign(body, timestamp)
    assert "mac=" + zalo_signature.mac(APP_ID, body, timestamp, OA_SECRET_KEY) == header  # the fake signs alike
    assert zalo_signature.verify(header, APP_ID, body, timestamp, OA_SECRET_KEY)
    assert zalo_signature.verify(header.upper().replace("MAC=", "mac="), APP_ID, body, timestamp, OA_SECRET_KEY)
    assert not zalo_signature.verify(None, APP_ID, body, timestamp, OA_SECRET_KEY)
    assert not zalo_signature.verify("", APP_ID, body, timestamp, OA_SECRET_KEY)
    assert not zalo_signature.verify(header[4:], APP_ID, body, timestamp, OA_SECRET_KEY)  # no "mac="
    assert not zalo_signature.verify(header, APP_ID, body + b" ", timestamp, OA_SECRET_KEY)  # body changed
    assert not zalo_signature.verify(header, APP_ID, body, "1732940000001", OA_SECRET_KEY)  # timestamp changed
    assert not zalo_signature.verify(header, APP_ID, body, timestamp, "the-app-secret")  # another key
    assert not zalo_signature.verify(header, APP_ID, body, timestamp, "")  # not configured: never valid
    assert not zalo_signature.verify("mac=" + "é" * 64, APP_ID, body, timestamp, OA_SECRET_KEY)


# --- text and buttons --------------------------------------------------------------------------------------


def test_long_text_is_cut_between_paragraphs_then_lines_then_sentences():
    paragraphs = [f"Đoạn {i}: " + "giấy tờ cần nộp gồm tờ khai và bản sao. " * 20 for i in range(6)]
    parts = split_text("\n\n".join(paragraphs))
    assert all(len(p) <= TEXT_LIMIT for p in parts) and len(parts) > 1
    assert all(p.startswith("Đoạn ") for p in parts)  # every part begins at a paragraph
    assert re.sub(r"\s", "", "".join(parts)) == re.sub(r"\s", "", "".join(paragraphs))  # nothing lost

    one_line = "Bạn mang theo căn cước. " * 200
    parts = split_text(one_line)
    assert all(len(p) <= TEXT_LIMIT and p.endswith("căn cước.") for p in parts)

    assert [len(p) for p in split_text("x" * 4100)] == [2000, 2000, 100]
    assert split_text("  ") == [] and split_text("ngắn") == ["ngắn"]


def test_a_small_choice_becomes_template_buttons_on_the_last_part():
    buttons = [{"title": "Lệ phí", "payload": "/ask_fee"}, {"title": "Giấy tờ", "payload": "/ask_documents"}]
    outgoing, offered = to_zalo([{"text": "Thủ tục đăng ký tạm trú. " * 150, "buttons": buttons}])
    assert len(outgoing) == 2 and all(len(o.text) <= TEXT_LIMIT for o in outgoing)
    assert "attachment" not in outgoing[0].message
    template = outgoing[-1].message["attachment"]
    assert template["type"] == "template"
    assert template["payload"]["buttons"] == [
        {"title": "Lệ phí", "type": "oa.query.hide", "payload": "/ask_fee"},
        {"title": "Giấy tờ", "type": "oa.query.hide", "payload": "/ask_documents"},
    ]
    assert offered.numbered == []


def test_a_big_choice_becomes_numbered_lines_and_a_typed_number_maps_to_its_payload():
    variants = [
        {"title": f"Cấp {i}", "payload": f'/choose_option{{"code": "1.00{i}"}}'}
        for i in range(MAX_TEMPLATE_BUTTONS + 2)
    ]
    long_title = {"title": "x" * 101, "payload": "/deny"}
    outgoing, offered = to_zalo(
        [{"text": "Bạn làm ở cấp nào?", "buttons": variants}, {"text": "Hoặc:", "buttons": variants[:2] + [long_title]}]
    )
    assert all("attachment" not in o.message for o in outgoing)
    assert "Bạn nhắn số để chọn:\n1. Cấp 0\n2. Cấp 1" in outgoing[0].text
    assert "8. Cấp 0" in outgoing[1].text and "10. " + "x" * 101 in outgoing[1].text  # numbers go on
    stored = {"numbered": offered.numbered}
    assert choice_for("2", stored) == '/choose_option{"code": "1.001"}'
    assert choice_for(" 3. ", stored) == '/choose_option{"code": "1.002"}'
    assert choice_for("số 10", stored) == "/deny"
    assert choice_for("11", stored) is None and choice_for("0", stored) is None
    assert choice_for("2 bản sao", stored) is None and choice_for("2", {}) is None


def test_custom_messages_for_the_web_chat_are_not_sent_and_images_are_media():
    outgoing, _ = to_zalo([{"custom": {"handoff": {}}}, {"image": "https://example.org/r.png"}])
    assert [o.message for o in outgoing] == [
        {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "media",
                    "elements": [{"media_type": "image", "url": "https://example.org/r.png"}],
                },
            }
        }
    ]


# --- events ------------------------------------------------------------------------------------------------


def _event(name: str, **fields) -> dict:
    return {"app_id": APP_ID, "event_name": name, "timestamp": "1732940000000", **fields}


def test_events_keep_ids_as_strings_and_unhandled_ones_are_ignored():
    raw = json.dumps(_event("user_send_text", sender={"id": BIG_ID}, message={"msg_id": "m1", "text": "chào"}))
    event = parse(json.loads(raw))
    assert (event.kind, event.user_id, event.key, event.text) == (Kind.TEXT, BIG_ID, "msg:m1", "chào")
    numeric = parse(
        json.loads(
            '{"event_name": "user_send_text", "sender": {"id": 8120000000000000001},'
            ' "message": {"msg_id": 9007199254740993, "text": "a"}}'
        )
    )
    assert numeric.user_id == BIG_ID and numeric.key == "msg:9007199254740993"
    follow = parse(_event("follow", follower={"id": BIG_ID}, oa_id="1"))
    assert (follow.kind, follow.key, follow.citizen_message) == (Kind.FOLLOW, f"follow:{BIG_ID}:1732940000000", False)
    assert parse(_event("user_click_chatnow", user_id=BIG_ID, oa_id="1")).kind is Kind.CHAT_NOW
    image = parse(
        _event(
            "user_send_image",
            sender={"id": BIG_ID},
            message={"msg_id": "m2", "attachments": [{"type": "image", "payload": {"url": "https://f.zdn.vn/a.jpg"}}]},
        )
    )
    assert (image.kind, image.attachment_url) == (Kind.IMAGE, "https://f.zdn.vn/a.jpg")
    for ignored in (
        _event("oa_send_text", sender={"id": "1"}, message={"msg_id": "m3", "text": "echo"}),
        _event("user_send_sticker", sender={"id": BIG_ID}, message={"msg_id": "m4"}),
        _event("user_seen_message", sender={"id": BIG_ID}, message={"msg_ids": ["m1"]}),
        _event("unfollow", follower={"id": BIG_ID}),
        _event("user_send_text", sender={"id": BIG_ID}, message={"msg_id": "m5", "text": " "}),
        _event("user_send_text", message={"msg_id": "m6", "text": "no sender"}),
        _event("user_send_image", sender={"id": BIG_ID}, message={"msg_id": "m7", "attachments": []}),
    ):
        assert parse(ignored) is None


# --- the OA client -----------------------------------------------------------------------------------------


class StubTokens:
    """Stands for the backend's token endpoints: ``refresh`` hands out the next token of ``fresh``."""

    def __init__(self, current: str, fresh: list[str]) -> None:
        self.current, self.fresh, self.refreshed = current, fresh, []

    async def get(self) -> str:
        return self.current

    async def refresh(self, stale: str) -> str:
        self.refreshed.append(stale)
        self.current = self.fresh.pop(0)
        return self.current


@pytest.fixture(scope="module")
def fake():
    fake = FakeZalo().start()
    yield fake
    fake.stop()


def _send(fake: FakeZalo, tokens: StubTokens, user_id: str, message: dict):
    async def run():
        client = ZaloClient(fake.base_url, tokens)
        try:
            return await client.send(user_id, message)
        finally:
            await client.close()

    return asyncio.run(run())


def test_an_expired_token_is_refreshed_and_the_message_sent_again_once(fake):
    fake.access_tokens.update({"old": 0.0, "new": time.time() + 3600})
    tokens = StubTokens("old", ["new"])
    sent = _send(fake, tokens, "u-expired", {"text": "chào"})
    assert tokens.refreshed == ["old"] and sent.message_id
    assert fake.messages("u-expired") == [{"text": "chào"}]


def test_an_invalid_token_is_refreshed_once_only(fake):
    tokens = StubTokens("unknown-1", ["unknown-2", "unknown-3"])
    with pytest.raises(ZaloUnavailable):
        _send(fake, tokens, "u-invalid", {"text": "chào"})
    assert tokens.refreshed == ["unknown-1"] and fake.messages("u-invalid") == []


def test_rate_limits_and_refusals_are_told_apart(fake):
    fake.access_tokens["good"] = time.time() + 3600
    fake.rate_limit_next = 1
    with pytest.raises(ZaloRateLimited):
        _send(fake, StubTokens("good", []), "u-busy", {"text": "chào"})
    fake.unfollowed.add("u-gone")
    with pytest.raises(ZaloRefused) as refused:
        _send(fake, StubTokens("good", []), "u-gone", {"text": "chào"})
    assert refused.value.code == -213 and "quan tâm" in refused.value.reason
    fake.last_interaction["u-silent"] = time.time() - 8 * 24 * 3600
    with pytest.raises(ZaloRefused) as silent:
        _send(fake, StubTokens("good", []), "u-silent", {"text": "chào"})
    assert silent.value.code == -230 and "7 ngày" in silent.value.reason
    with pytest.raises(ZaloRefused) as too_long:
        _send(fake, StubTokens("good", []), "u-long", {"text": "x" * (TEXT_LIMIT + 1)})
    assert too_long.value.code == -201


def test_attachments_come_only_from_allowed_hosts_and_within_the_size_limit(fake):
    url = fake.host_file("giay.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")

    async def download(allowed: tuple[str, ...], limit: int, target: str = url):
        client = ZaloClient(fake.base_url, StubTokens("good", []))
        try:
            return await client.download(target, allowed, limit)
        finally:
            await client.close()

    data, mime = asyncio.run(download(("127.0.0.1",), 1000))
    assert data.startswith(b"\x89PNG") and mime == "image/png"
    with pytest.raises(AttachmentTooBig):
        asyncio.run(download(("127.0.0.1",), 50))
    with pytest.raises(AttachmentRefused):
        asyncio.run(download(("zdn.vn",), 1000))
    with pytest.raises(AttachmentRefused):
        asyncio.run(download(("127.0.0.1",), 1000, "file:///etc/passwd"))
    with pytest.raises(AttachmentRefused):
        asyncio.run(download(("7.0.0.1",), 1000))  # a host or its sub-domains only, never a bare suffix


def test_a_chats_messages_take_turns_and_the_lock_is_dropped_after():
    turns, order = ChatTurns(), []

    async def message(chat: str, name: str, pause: float) -> None:
        async with turns.turn(chat):
            order.append(f"{name}+")
            await asyncio.sleep(pause)
            order.append(f"{name}-")

    async def run() -> None:
        await asyncio.gather(message("a", "a1", 0.05), message("a", "a2", 0), message("b", "b1", 0))

    asyncio.run(run())
    assert order.index("a1-") < order.index("a2+") and order.index("b1+") < order.index("a1-")
    assert len(turns) == 0


# --- the receiver's inbox --------------------------------------------------------------------------------------


def test_the_inbox_holds_each_key_once_and_offers_a_chats_oldest_open_event_only(tmp_path):
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    assert inbox.add("msg:1", BIG_ID, '{"n": 1}', now=100) is True
    assert inbox.add("msg:1", BIG_ID, '{"n": 1}', now=101) is False  # Zalo's retry, a replay
    assert inbox.add("msg:2", BIG_ID, '{"n": 2}', now=102) is True
    assert inbox.add("msg:3", "42", '{"n": 3}', now=103) is True
    assert inbox.due_users(now=200) == [BIG_ID, "42"]
    first = inbox.oldest_open(BIG_ID)
    assert (first.key, first.body, first.stage) == ("msg:1", {"n": 1}, RECEIVED)
    inbox.retry(first.seq, due=300)  # the bot was down: the chat's later event waits behind it
    assert inbox.due_users(now=200) == ["42"] and inbox.oldest_open(BIG_ID).key == "msg:1"
    assert inbox.due_users(now=300) == [BIG_ID, "42"] and inbox.oldest_open(BIG_ID).attempts == 1
    inbox.done(first.seq)
    assert inbox.oldest_open(BIG_ID).key == "msg:2" and inbox.open_count() == 2
    assert inbox.add("msg:1", BIG_ID, '{"n": 1}') is False  # a done key is still recognised


def test_an_events_stage_and_sent_messages_survive_a_restart_and_done_events_keep_only_their_key(tmp_path):
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    inbox.add("msg:7", BIG_ID, '{"text": "chào"}', now=1000)
    seq = inbox.oldest_open(BIG_ID).seq
    inbox.taken(seq, {"numbered": ["/a"]})
    assert inbox.oldest_open(BIG_ID).stage == TAKEN
    inbox.answered(seq, [{"text": "một"}, {"text": "hai"}])
    inbox.sent(seq, 1)
    inbox.close()
    again = Inbox(tmp_path / "inbox.sqlite3").oldest_open(BIG_ID)
    assert (again.stage, again.offered, again.answer, again.sent) == (
        ANSWERED,
        {"numbered": ["/a"]},
        [{"text": "một"}, {"text": "hai"}],
        1,
    )
    inbox = Inbox(tmp_path / "inbox.sqlite3")
    inbox.done(seq)
    row = inbox.db.execute("SELECT stage, body, offered, answer FROM events WHERE seq = ?", (seq,)).fetchone()
    assert row == (DONE, None, None, None)  # no message text kept once answered
    assert inbox.forget(now=1000 + KEY_RETENTION.total_seconds() - 1) == 0
    assert inbox.forget(now=1000 + KEY_RETENTION.total_seconds() + 1) == 1
    assert (tmp_path / "inbox.sqlite3").stat().st_mode & 0o077 == 0


def test_the_threaded_inbox_commits_concurrent_events_together_on_a_thread_of_their_own(tmp_path):
    inbox = ThreadedInbox(Inbox(tmp_path / "inbox.sqlite3"))
    commits = []
    add_all = inbox.inbox.add_all
    inbox.inbox.add_all = lambda events, now=None: commits.append(len(events)) or add_all(events, now)

    async def run():
        keys = [f"msg:{n}" for n in range(20)] + ["msg:3"]  # and a retry arriving at the same moment
        added = await asyncio.gather(*(inbox.add(key, BIG_ID, "{}") for key in keys))
        return added, await inbox.open_count()

    added, count = asyncio.run(run())
    assert added == [True] * 20 + [False] and count == 20
    assert sum(commits) == 21 and len(commits) < 21  # fewer disk writes than events
    assert inbox._thread.submit(threading.current_thread).result() is not threading.current_thread()
    inbox.close()

"""A citizen on Zalo, end to end: the fake Zalo (tests/fake_zalo.py: OA API, OAuth, attachment host, signed webhook
sender) and the real processes on 127.0.0.1: the Zalo receiver (`python -m connectors.zalo.receiver`, which Zalo's
webhook reaches), `rasa run` with the Zalo channel, the action server, the backend and the Zalo delivery process
(`python -m connectors.zalo.delivery`).

The citizen follows the OA, asks a question, files a whole birth-registration dossier including a photo, gets the
receipt, asks for a human and gets the reply staff write in the console (whose ticket page shows how long the
Zalo ticket can still be answered); forged and unsigned webhooks get 401 and change nothing (at the receiver and
at the rasa server's zalo channel); a replayed msg_id is answered once; an expired token hit by the receiver and
the delivery process at the same moment is refreshed once; no message is over 2,000 characters.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from tests.actions.dossier_helpers import next_answer
from tests.e2e.conftest import PASSWORD, RELAYED, SERVICE_TOKEN
from tests.fake_zalo import TEXT_LIMIT, FakeZalo, start_receiver, zalo_env
from tests.servers import RASA_PYTHON, ROOT

BIRTH = "1.001193"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 512 + b"\xff\xd9"
NUMBERED = re.compile(r"^(\d{1,2})\. (.+)$", re.MULTILINE)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class ZaloCitizen:
    """A citizen chatting with the OA: every event goes through the fake's signed webhook sender."""

    def __init__(self, fake: FakeZalo, webhook: str, user_id: str) -> None:
        self.fake, self.webhook, self.user_id = fake, webhook, user_id
        self.replies: list[dict] = []

    def send(self, event: dict, quiet: float = 1.2) -> str:
        """Post ``event``; once the OA has answered and then stayed quiet, the answer's text."""
        seen = len(self.fake.messages(self.user_id))
        assert self.fake.post_event(event, url=self.webhook) == [200]
        self.fake.wait_for(self.user_id, seen, lambda m: True, timeout=120)
        self.fake.wait_quiet(self.user_id, quiet)
        self.replies = self.fake.messages(self.user_id)[seen:]
        text = "\n".join(m.get("text") or "" for m in self.replies)
        assert "Traceback" not in text
        return text

    def say(self, text: str) -> str:
        return self.send(self.fake.text(self.user_id, text))

    def photo(self, data: bytes) -> str:
        return self.send(
            self.fake.image(self.user_id, self.fake.host_file(f"{uuid.uuid4().hex}.jpg", data, "image/jpeg"))
        )

    @property
    def last(self) -> str:
        return self.replies[-1].get("text") or "" if self.replies else ""

    def choices(self) -> dict[str, str]:
        """What the citizen can answer to the last answer: a template button's payload (sent as the hidden query
        Zalo sends on a tap) by title, or a numbered choice's number by title."""
        found: dict[str, str] = {}
        for message in self.replies:
            for button in ((message.get("attachment") or {}).get("payload") or {}).get("buttons") or []:
                found[button["title"]] = button["payload"]
            found.update({title: number for number, title in NUMBERED.findall(message.get("text") or "")})
        return found

    def choose(self, wanted: str) -> str:
        """Tap the button (or type the number) whose title or payload contains ``wanted``."""
        buttons = self.choices()
        for title, answer in buttons.items():
            if wanted in title or wanted in answer:
                return self.say(answer)
        raise AssertionError(f"no choice {wanted!r} in {buttons}")


@pytest.fixture(scope="module")
def zalo(handoff_stack, tmp_path_factory):
    fake = handoff_stack.zalo
    log_path = tmp_path_factory.mktemp("zalo") / "delivery.log"
    env = {
        **os.environ,
        **zalo_env(fake),
        "MOTCUA_BACKEND_URL": handoff_stack.backend,
        "MOTCUA_SERVICE_TOKEN": SERVICE_TOKEN,
        "MOTCUA_ZALO_OUTBOX_SECONDS": "0.3",
    }
    receiver = start_receiver(
        fake,
        log_path.with_name("receiver.log"),
        log_path.with_name("inbox.sqlite3"),
        handoff_stack.rasa,
        handoff_stack.backend,
        SERVICE_TOKEN,
    )
    fake.webhook_url = f"{receiver.base_url}/webhooks/zalo/webhook"  # where Zalo posts
    with open(log_path, "wb") as log:
        delivery = subprocess.Popen(
            [str(RASA_PYTHON), "-m", "connectors.zalo.delivery"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield fake
    finally:
        delivery.terminate()
        delivery.wait(timeout=20)
        sys.stderr.write(log_path.read_text()[-3000:])
        sys.stderr.write(receiver.stop()[-3000:])


def handoff_state(stack, user_id: str) -> dict:
    """The backend's answer to "has this Zalo chat an open ticket?"."""
    params = {"channel": "zalo", "sender_id": f"zl-{user_id}"}
    return httpx.get(f"{stack.backend}/api/tickets/open", headers=stack.service, timeout=10, params=params).json()


def reply_from_the_console(backend: str, ticket_id: int, text: str) -> str:
    """A staff member logs in to the console, opens the ticket page and answers; the page as it was shown."""
    with httpx.Client(base_url=backend, timeout=10, follow_redirects=True) as browser:
        token = CSRF.search(browser.get("/console/login").text).group(1)
        login = browser.post(
            "/console/login",
            data={"username": "canbo", "password": PASSWORD, "csrf_token": token, "next": "/console/queue"},
        )
        assert login.status_code == 200, login.text[-500:]
        page = browser.get(f"/console/tickets/{ticket_id}").text
        sent = browser.post(
            f"/console/tickets/{ticket_id}/reply", data={"text": text, "csrf_token": CSRF.search(page).group(1)}
        )
        assert sent.status_code == 200 and "Đã gửi trả lời" in sent.text
    return page


def test_a_zalo_citizen_files_a_dossier_with_a_photo_and_talks_to_staff(zalo, handoff_stack):
    citizen = ZaloCitizen(zalo, zalo.webhook_url, "8120000000000000201")
    assert "Xin chào" in citizen.send(zalo.follow(citizen.user_id))

    answer = citizen.say("làm giấy khai sinh cho con")
    if BIRTH not in answer:
        assert citizen.choices(), answer
        answer = citizen.choose(BIRTH)
    assert BIRTH in answer and citizen.choices()

    text = citizen.say("nộp hồ sơ")
    assert "Thủ tục đăng ký khai sinh" in text
    citizen.choose("bundle:none")
    first_document = True
    for _ in range(40):
        last = citizen.last
        if "Mã hồ sơ: HS-" in last or "Thông tin đã đúng chưa" in last:
            break
        if "Bạn gửi ảnh/tệp giấy này" in last and first_document:
            first_document = False
            assert "Đã nhận tệp" in citizen.photo(JPEG)
            continue
        reply = next_answer(last, first_document=False)
        if reply is None and "Đồng ý" in citizen.choices():
            citizen.choose("Đồng ý")  # consent before personal data
            continue
        assert reply is not None, f"unexpected question: {last!r}"
        citizen.say(reply)
    assert not first_document, "no document was asked for"
    receipt = citizen.choose("/affirm")
    code = re.search(r"Mã hồ sơ: (HS-\S+)", receipt).group(1).rstrip(".,")

    dossier = httpx.get(f"{handoff_stack.backend}/api/dossiers/{code}", headers=handoff_stack.staff, timeout=10).json()
    assert dossier["channel"] == "zalo" and dossier["procedure_code"] == BIRTH
    assert dossier["documents"][0]["provision"] == "uploaded" and dossier["documents"][0]["stored_file_id"]

    citizen.say("cho tôi gặp cán bộ")
    state = handoff_state(handoff_stack, citizen.user_id)
    assert state["open"]
    ticket_id = state["ticket"]["id"]
    assert citizen.say("Con tôi sinh ở nhà thì cần giấy gì thay giấy chứng sinh?").startswith(RELAYED)

    seen = len(zalo.messages(citizen.user_id))
    page = reply_from_the_console(handoff_stack.backend, ticket_id, "Bạn cần văn bản xác nhận của người làm chứng ạ.")
    assert "Zalo: thời hạn trả lời" in page and "Trả lời miễn phí đến" in page  # the window staff have
    zalo.wait_for(
        citizen.user_id,
        seen,
        lambda m: m.get("text") == "Cán bộ hỗ trợ: Bạn cần văn bản xác nhận của người làm chứng ạ.",
    )
    assert all(len(m.get("text") or "") <= TEXT_LIMIT for m in zalo.messages(citizen.user_id))
    assert not [r for r in zalo.refused if r["error"] == -201]


def test_forged_and_unsigned_webhooks_get_401_and_a_replay_is_answered_once(zalo, handoff_stack):
    user = "8120000000000000202"
    event = zalo.text(user, "thủ tục đăng ký tạm trú")
    assert zalo.post_event(event, url=zalo.webhook_url, signature=None, retries=False) == [401]
    assert zalo.post_event(event, url=zalo.webhook_url, signature="mac=" + "ab" * 32, retries=False) == [401]
    rasa_side = f"{handoff_stack.rasa}/webhooks/zalo/webhook"  # the bot's side: the service token only
    assert zalo.post_event(event, url=rasa_side, retries=False) == [401]
    time.sleep(2)
    assert zalo.messages(user) == []
    assert zalo.post_event(event, url=zalo.webhook_url) == [200]
    zalo.wait_for(user, 0, lambda m: "tạm trú" in (m.get("text") or "").lower(), timeout=120)
    answered = zalo.wait_quiet(user, 1.5)
    for _ in range(3):  # Zalo retrying, someone replaying
        assert zalo.post_event(event, url=zalo.webhook_url) == [200]
    assert zalo.wait_quiet(user, 2.0) == answered


def test_an_expired_token_is_refreshed_once_when_the_receiver_and_the_delivery_process_need_it_at_once(
    zalo, handoff_stack
):
    citizen = ZaloCitizen(zalo, zalo.webhook_url, "8120000000000000203")
    citizen.say("cho tôi gặp cán bộ")
    state = handoff_state(handoff_stack, citizen.user_id)
    ticket_id = state["ticket"]["id"]
    calls = len(zalo.oauth_calls)
    zalo.expire_access_tokens()
    zalo.oauth_delay = 1.0  # the second refresher arrives while the first one holds the lock
    try:
        seen = len(zalo.messages(citizen.user_id))
        assert zalo.post_event(zalo.text(citizen.user_id, "Tôi vẫn đang chờ ạ"), url=zalo.webhook_url) == [200]
        httpx.post(
            f"{handoff_stack.backend}/api/tickets/{ticket_id}/reply",
            headers=handoff_stack.staff,
            json={"text": "Cán bộ đang xem hồ sơ của bạn."},
            timeout=10,
        )
        zalo.wait_for(citizen.user_id, seen, lambda m: (m.get("text") or "").startswith(RELAYED))
        zalo.wait_for(citizen.user_id, seen, lambda m: m.get("text") == "Cán bộ hỗ trợ: Cán bộ đang xem hồ sơ của bạn.")
    finally:
        zalo.oauth_delay = 0
    assert len(zalo.oauth_calls) == calls + 1 and all(c["ok"] for c in zalo.oauth_calls)

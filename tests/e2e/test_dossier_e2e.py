"""End to end, through the running servers: filing a birth-registration dossier by chat over rasa's REST webhook,
then reading it from the backend API; and the outage: the backend stops before the confirmation, the citizen is
told honestly, the backend comes back, the receipt code arrives, and the database holds exactly one dossier.

    .venv/bin/python -m pytest tests/e2e/test_dossier_e2e.py

The module fixture trains the model if needed (scripts/train), starts a backend (SQLite in a temporary
directory), the action server and `rasa run` on free ports of 127.0.0.1 (tests/actions/dossier_helpers.Stack).
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid

import httpx
import pytest

from tests.actions.dossier_helpers import Stack, attach_message, next_answer
from tests.servers import session_sender, web_session

BIRTH = "1.001193"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    servers = Stack(tmp_path_factory.mktemp("dossier-e2e"), retry_seconds=2)
    try:
        warm = httpx.post(
            servers.url, json={"sender": "warmup", "message": "đăng ký tạm trú"}, headers=servers.headers, timeout=400
        )
        assert warm.status_code == 200
        yield servers
    except Exception:
        print(servers.logs())
        raise
    finally:
        servers.stop()


class Chat:
    """A chat on the rest channel (``headers``: the service token), or on the web channel with a session (``headers``:
    its cookie, ``sender``: the session's)."""

    def __init__(self, url: str, headers: dict, sender: str | None = None):
        self.url, self.headers = url, headers
        self.sender = sender or f"e2e-dossier-{uuid.uuid4().hex[:8]}"
        self.replies: list = []

    def say(self, message: str) -> str:
        response = httpx.post(
            self.url, json={"sender": self.sender, "message": message}, headers=self.headers, timeout=120
        )
        assert response.status_code == 200, response.text
        self.replies = response.json()
        text = "\n".join(r.get("text") or "" for r in self.replies)
        assert text.strip(), f"no reply to {message[:60]!r}"
        assert "Traceback" not in text
        return text

    @property
    def last(self) -> str:
        return self.replies[-1].get("text") or "" if self.replies else ""

    @property
    def payloads(self) -> list:
        return [b["payload"] for r in self.replies for b in (r.get("buttons") or [])]


def discuss_birth_registration(chat: Chat) -> None:
    text = chat.say("làm giấy khai sinh cho con")
    choose = [p for p in chat.payloads if p.startswith("/choose_option") and BIRTH in p]
    if BIRTH not in text and choose:
        text = chat.say(choose[0])
    assert BIRTH in text


def begin_birth_dossier(chat: Chat) -> str:
    discuss_birth_registration(chat)
    text = chat.say("nộp hồ sơ")
    assert "Thủ tục đăng ký khai sinh" in text and "liên thông" in text
    return text


def no_bundle_and_consent(chat: Chat) -> None:
    """ "Chỉ thủ tục này", then "Đồng ý" to the collection of personal data (asked once per chat)."""
    chat.say('/dossier_choice{"choice":"bundle:none"}')
    if "Bạn có đồng ý không?" in chat.last:
        assert [b["title"] for b in chat.replies[-1]["buttons"]] == ["Đồng ý", "Không đồng ý"]
        chat.say("/affirm")


def documents_in(question: str) -> int:
    """How many papers the checklist has, from the form's "Giấy tờ 1/N" (the catalog decides N)."""
    return int(re.search(r"Giấy tờ \d+/(\d+)", question).group(1))


def walk_until_confirmation(chat: Chat) -> str:
    """Answer the bot until it shows the summary; returns the summary."""
    first_document = True
    for _ in range(40):
        last = chat.last
        if "Thông tin đã đúng chưa" in last:
            return "\n".join(r.get("text") or "" for r in chat.replies)
        answer = next_answer(last, first_document)
        assert answer is not None, f"unexpected question: {last!r}"
        if answer.startswith("/attach_document"):
            first_document = False
            assert "Đã nhận tệp" in chat.say(answer)
        else:
            chat.say(answer)
    raise AssertionError("no summary after 40 turns")


def dossiers_of(stack: Stack, sender: str) -> int:
    with sqlite3.connect(stack.backend.database) as db:
        return db.execute("select count(*) from dossiers where sender_id = ?", (sender,)).fetchone()[0]


def test_file_a_birth_registration_dossier_by_chat_and_read_it_from_the_api(stack):
    chat = Chat(stack.url, stack.headers)
    begin_birth_dossier(chat)
    assert "giấy chứng sinh là gì" not in chat.last
    chat.say('/dossier_choice{"choice":"bundle:none"}')
    assert "Bạn có đồng ý không?" in chat.last and "Giấy tờ" not in chat.last  # consent before any paper
    chat.say("/affirm")
    total = documents_in(chat.last)
    assert f"Giấy tờ 1/{total}: Giấy chứng sinh (bắt buộc" in chat.last and "có áp dụng" not in chat.last
    assert "/deny" not in chat.payloads and "Giấy cam đoan về việc sinh" in chat.last  # an alternative: "hoặc …"
    refused = chat.say("Không")  # a required paper is never "không áp dụng"
    assert "bắt buộc" in refused and f"Giấy tờ 1/{total}: Giấy chứng sinh" in chat.last
    explained = chat.say("giấy chứng sinh là gì?")
    assert "bệnh viện" in explained and f"Giấy tờ 1/{total}" in chat.last
    # a question in the middle of the form is answered, then the same document is asked again
    side = chat.say("lệ phí bao nhiêu?")
    assert "phí" in side.lower() and "Chúng ta tiếp tục hồ sơ" in side and f"Giấy tờ 1/{total}" in chat.last
    summary = walk_until_confirmation(chat)
    assert "Nguyễn Thị Lan" in summary and "Giấy chứng sinh — đã gửi ảnh/tệp" in summary
    reply = chat.say("/affirm")
    assert "Mã hồ sơ: HS-" in reply
    code = reply.split("Mã hồ sơ: ")[1].split()[0]

    dossier = stack.backend.dossier(code, chat.sender)
    assert dossier["procedure_code"] == BIRTH and dossier["procedure_name"] == "Thủ tục đăng ký khai sinh"
    assert dossier["applicant"]["full_name"] == "Nguyễn Thị Lan" and dossier["applicant"]["ward"] == "Phường Tân Định"
    assert len(dossier["documents"]) == total
    assert dossier["documents"][0] == {
        "name": "Giấy chứng sinh",
        "provision": "uploaded",
        "stored_file_id": dossier["documents"][0]["stored_file_id"],
        "stored_document_id": None,
    }
    assert dossier["documents"][0]["stored_file_id"]
    assert {d["provision"] for d in dossier["documents"]} == {"uploaded", "paper_at_office", "not_applicable"}
    held = [d for d in dossier["documents"] if d["name"].startswith("Giấy chứng sinh")]
    assert [d["provision"] for d in held] == ["uploaded"]  # held, never marked not applicable
    assert dossier["channel"] == "rest" and dossier["status"] == "received"

    # "Không cần" to the personal-store offer, then the satisfaction rating of the filing
    assert "kho dữ liệu cá nhân" in reply and "/deny" in chat.payloads
    rating_question = chat.say("/deny")
    assert code in rating_question and "hài lòng" in rating_question
    assert '/give_rating{"rating_score":"5"}' in chat.payloads
    assert "Cảm ơn" in chat.say('/give_rating{"rating_score":"5"}')
    with sqlite3.connect(stack.backend.database) as db:
        assert db.execute("select score from ratings where receipt_code = ?", (code,)).fetchall() == [(5,)]

    status = chat.say(f"tra cứu hồ sơ {code}")
    assert code in status and "Đã tiếp nhận" in status
    mine = chat.say("hồ sơ của tôi")
    assert code in mine
    assert dossiers_of(stack, chat.sender) == 1
    assert "Mã hồ sơ" not in chat.say("/affirm")  # a late double tap files nothing more
    assert dossiers_of(stack, chat.sender) == 1


def test_a_photo_sent_in_the_web_chat_is_stored_once_and_the_bot_keeps_only_its_number(stack):
    """The web chat's 📎 sends the file's bytes; the channel stores them before rasa sees the message, so neither the
    NLU pipeline nor the tracker store ever holds the 400 KB of base64."""
    session = web_session(stack.rasa.base_url)
    chat = Chat(stack.rasa.base_url + "/webhooks/web/webhook", session, session_sender(session))
    begin_birth_dossier(chat)
    no_bundle_and_consent(chat)
    total = documents_in(chat.last)
    assert f"Giấy tờ 1/{total}: Giấy chứng sinh" in chat.last
    photo = (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + uuid.uuid4().bytes * 20_000
        + b"\xff\xd9"
    )
    assert "Đã nhận tệp" in chat.say(attach_message(data=photo)) and f"Giấy tờ 2/{total}" in chat.last

    with sqlite3.connect(stack.backend.database) as db:
        assert db.execute("select count(*) from stored_files where size = ?", (len(photo),)).fetchone()[0] == 1
    tracker = httpx.get(stack.rasa.api(f"/conversations/{chat.sender}/tracker"), timeout=30).json()
    said = [e["text"] for e in tracker["events"] if e.get("event") == "user"]
    assert said[-1].startswith("/attach_document{") and max(map(len, said)) < 200


def test_cancel_and_resume_by_chat(stack):
    chat = Chat(stack.url, stack.headers)
    begin_birth_dossier(chat)
    no_bundle_and_consent(chat)
    total = documents_in(chat.last)
    chat.say('/dossier_choice{"choice":"paper"}')
    assert f"Giấy tờ 2/{total}" in chat.last
    assert "Đã tạm dừng" in chat.say("hủy")
    assert "Lệ phí" in chat.say("lệ phí bao nhiêu")  # other questions work while the dossier waits
    assert f"Giấy tờ 2/{total}" in chat.say("tiếp tục hồ sơ")


def test_backend_outage_before_the_confirmation_files_once_when_it_returns(stack):
    chat = Chat(stack.url, stack.headers)
    begin_birth_dossier(chat)
    no_bundle_and_consent(chat)
    walk_until_confirmation(chat)
    stack.backend.stop()
    try:
        reply = chat.say("/affirm")
        assert "tạm gián đoạn" in reply and "đã được lưu lại" in reply and "Mã hồ sơ" not in reply
        reply = chat.say("hồ sơ của tôi")  # still down: nothing is pretended
        assert "gián đoạn" in reply
    finally:
        stack.backend.start(port=stack.backend.port)
    # the reminder (every 2 s here) files the kept dossier and queues the code in the outbox for the chat
    deadline, outbox = time.monotonic() + 60, []
    while time.monotonic() < deadline and not outbox:
        time.sleep(1)
        outbox = stack.backend.get(f"/api/outbox?channel=rest&sender_id={chat.sender}").json()
    assert outbox and outbox[0]["receipt_code"], "no receipt code queued after the backend came back"
    code = outbox[0]["receipt_code"]
    # the REST client gets it on its next message too
    reply = chat.say("cảm ơn")
    assert code in reply
    assert dossiers_of(stack, chat.sender) == 1
    assert stack.backend.dossier(code, chat.sender)["applicant"]["full_name"] == "Nguyễn Thị Lan"


def file_a_dossier(stack: Stack) -> tuple:
    """A birth registration filed by a new chat; (chat, receipt code)."""
    chat = Chat(stack.url, stack.headers)
    begin_birth_dossier(chat)
    no_bundle_and_consent(chat)
    walk_until_confirmation(chat)
    reply = chat.say("/affirm")
    return chat, reply.split("Mã hồ sơ: ")[1].split()[0]


def test_another_chat_must_give_the_last_four_digits_and_never_sees_the_staff_note(stack):
    owner, code = file_a_dossier(stack)
    staff = stack.backend.staff_headers()
    change = {"status": "need_more_info", "note": "Thiếu tờ khai ký tay"}
    httpx.patch(f"{stack.backend.url}/api/dossiers/{code}", json=change, headers=staff, timeout=10).raise_for_status()
    assert "Thiếu tờ khai ký tay" in owner.say(f"tra cứu hồ sơ {code}")  # the chat that filed it: everything

    stranger = Chat(stack.url, stack.headers)
    stranger.say("xin chào")
    asked = stranger.say(f"tra cứu hồ sơ {code}")
    assert asked == "Để bảo vệ thông tin, bạn cho tôi 4 số cuối CCCD hoặc số điện thoại của người nộp hồ sơ"
    refused = stranger.say("0000")  # never read as a rating or anything else
    assert "không khớp" in refused and "khai sinh" not in refused.lower() and "Cần bổ sung" not in refused
    stranger.say(f"tra cứu hồ sơ {code}")
    shown = stranger.say("5678")  # the applicant's phone 0912345678
    assert code in shown and "Cần bổ sung hồ sơ" in shown and "Thiếu tờ khai ký tay" not in shown


def test_a_volunteer_links_the_chat_with_the_console_code_and_files_on_behalf(stack):
    stack.backend.add_user("tcns.minh", "volunteer")
    chat = Chat(stack.url, stack.headers)
    discuss_birth_registration(chat)
    asked = chat.say("tôi là tổ công nghệ số")
    assert "6 chữ số" in chat.last, asked
    assert "Mã không đúng hoặc đã hết hạn" in chat.say("tcns.minh 123456")  # a typed name proves nothing
    linked = chat.say(stack.backend.volunteer_code("tcns.minh"))
    assert "Đã liên kết với tài khoản tcns.minh" in linked
    if "liên thông" in chat.last:
        chat.say('/dossier_choice{"choice":"bundle:none"}')
    assert "Người dân đã đồng ý" in chat.last  # the resident's consent, asked of the volunteer
    chat.say("/affirm")
    summary = walk_until_confirmation(chat)
    assert "Nộp hộ: tổ công nghệ số tcns.minh" in summary
    code = chat.say("/affirm").split("Mã hồ sơ: ")[1].split()[0]
    dossier = stack.backend.dossier(code, chat.sender)
    assert dossier["filed_by_volunteer"] == "tcns.minh" and dossier["consent_recorded"] is True
    assert "Đã kết thúc ca" in chat.say("kết thúc ca")
    assert stack.backend.get(f"/api/volunteer-links?channel=rest&sender_id={chat.sender}").status_code == 404


@pytest.mark.parametrize(
    ("said", "score", "comment"),
    [
        ("4, hơi nhiều bước nhưng dễ hiểu", 4, "hơi nhiều bước nhưng dễ hiểu"),
        ("5 sao rất tốt", 5, "rất tốt"),
        ("cho 3 điểm vì chờ lâu", 3, "vì chờ lâu"),
    ],
)
def test_a_rating_with_a_comment_in_one_message_is_stored_with_both(stack, said, score, comment):
    chat, code = file_a_dossier(stack)
    assert "hài lòng" in chat.say("/deny")  # no personal store: the rating question
    reply = chat.say(said)
    assert f"{score}/5" in reply and "góp ý" in reply
    with sqlite3.connect(stack.backend.database) as db:
        stored = db.execute("select score, comment from ratings where receipt_code = ?", (code,)).fetchall()
    assert stored == [(score, comment)]


def test_the_birth_certificate_replaced_by_a_witness_statement_is_filed_under_that_name(stack):
    chat = Chat(stack.url, stack.headers)
    begin_birth_dossier(chat)
    no_bundle_and_consent(chat)
    witness = next(p for p in chat.payloads if p.startswith('/dossier_choice{"choice":"alternative:'))
    assert "Bạn nộp thay bằng: Văn bản của người làm chứng" in chat.say(witness)
    chat.say('/dossier_choice{"choice":"paper"}')
    walk_until_confirmation(chat)
    reply = chat.say("/affirm")
    code = reply.split("Mã hồ sơ: ")[1].split()[0]
    assert "(thay cho Giấy chứng sinh)" in reply  # the receipt's list of papers to bring
    first = stack.backend.dossier(code, chat.sender)["documents"][0]
    assert first["name"].startswith("Văn bản của người làm chứng") and first["name"].endswith(
        "(thay cho Giấy chứng sinh)"
    )
    assert first["provision"] == "paper_at_office"

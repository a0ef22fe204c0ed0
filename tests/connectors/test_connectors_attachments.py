"""Files sent in the web chat (``/attach_document{"file_name", "mime", "data_base64"}``): stored in the backend before
the bot sees them (the bot gets the file's number, not its bytes), and noted on the ticket while staff handle the chat.
Run with .venv-rasa (see conftest.py)."""

from __future__ import annotations

import base64
import json
import urllib.request

import pytest

pytest.importorskip("rasa")

from connector_helpers import http_json  # noqa: E402

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f"
    "5d0000000049454e44ae426082"
)


def attach(name: str, data: bytes, mime: str = "image/png") -> str:
    return "/attach_document" + json.dumps(
        {"file_name": name, "mime": mime, "data_base64": base64.b64encode(data).decode()}
    )


def download(stack, file_id) -> bytes:
    request = urllib.request.Request(f"{stack.backend}/api/files/{file_id}", headers=stack.staff)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def test_a_file_is_stored_before_the_bot_sees_it_and_the_bot_gets_its_number(stack) -> None:
    data = PNG + b"\0" * 300_000
    status, messages = stack.say("file-citizen-1", attach("to-khai.png", data))
    assert status == 200
    assert messages[0]["text"] == "(bot) " + '/attach_document{"file_name": "to-khai.png", "mime": "image/png"}'
    staged = messages[1]["custom"]["metadata"]["motcua"]["staged_file"]
    assert staged["stored_file_id"] and download(stack, staged["stored_file_id"]) == data
    status, messages = stack.say("file-citizen-1", "x" * 50)
    assert messages[0]["text"] == "(bot) " + "x" * 50
    assert messages[1]["custom"]["metadata"]["motcua"].get("staged_file") is None


def test_a_staged_file_belongs_to_its_chat_and_no_other_chat_can_file_it(stack) -> None:
    _, messages = stack.say("file-owner", attach("cccd.png", PNG + b"owner" * 10))
    file_id = messages[1]["custom"]["metadata"]["motcua"]["staged_file"]["stored_file_id"]

    def feedback_from(sender: str) -> int:
        body = {
            "category": "khac",
            "content": "Hồ sơ của tôi bị trả lại mà không rõ lý do",
            "anonymous": True,
            "stored_file_id": file_id,
            "channel": "web",
            "sender_id": sender,
        }
        status, _ = http_json("POST", f"{stack.backend}/api/feedback", body, stack.service)
        return status

    assert feedback_from("web-someone-else") == 422
    assert feedback_from(stack.sender("file-owner")) == 201


def test_a_file_the_backend_refuses_or_cannot_read_reaches_the_bot_as_a_refusal(stack) -> None:
    _, messages = stack.say(
        "file-citizen-3", attach("virus.exe", b"MZ\x90\x00 not an image", "application/octet-stream")
    )
    assert (
        messages[0]["text"]
        == "(bot) " + '/attach_document{"file_name": "virus.exe", "mime": "application/octet-stream"}'
    )
    assert messages[1]["custom"]["metadata"]["motcua"]["staged_file"]["refused"] == "format"
    _, messages = stack.say("file-citizen-3", '/attach_document{"file_name": "a.png", "data_base64": "%%% not base64"}')
    assert messages[0]["text"] == "(bot) /attach_document{}"
    assert messages[1]["custom"]["metadata"]["motcua"]["staged_file"] == {"refused": "unreadable"}
    _, messages = stack.say("file-citizen-3", attach("rong.png", b""))
    assert messages[1]["custom"]["metadata"]["motcua"]["staged_file"] == {"refused": "empty"}


def test_a_file_sent_while_staff_handle_the_chat_is_stored_and_noted_on_the_ticket(stack) -> None:
    ticket = stack.open_ticket("file-citizen-2")
    status, messages = stack.say("file-citizen-2", attach("bien-nhan.png", PNG))
    assert status == 200 and messages[0]["custom"]["handoff"]["relayed"] is True
    status, messages = stack.say(
        "file-citizen-2", attach("virus.exe", b"MZ\x90\x00 not an image", "application/octet-stream")
    )
    assert status == 200 and messages[0]["custom"]["handoff"]["relayed"] is True
    _, seen = http_json("GET", f"{stack.backend}/api/tickets/{ticket['id']}", headers=stack.staff)
    texts = [m["text"] for m in seen["messages"]]
    assert texts[0].startswith("[Tệp đính kèm: bien-nhan.png, tệp số ")
    file_id = texts[0].split("tệp số ")[1].split(" ")[0]
    assert download(stack, file_id) == PNG  # staff can download it
    assert "virus.exe" in texts[1] and "không nhận" in texts[1]

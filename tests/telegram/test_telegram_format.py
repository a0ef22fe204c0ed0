"""The bot's messages as Telegram messages, and button payloads within Telegram's 64-byte callback_data."""

from __future__ import annotations

import base64
import json

from common.attachments import attachment_message
from connectors.telegram.format import ButtonPayloads, to_telegram


def test_short_payloads_travel_as_they_are_long_ones_by_key():
    payloads = ButtonPayloads()
    assert payloads.callback_data("/ask_fee") == "/ask_fee"
    long = '/ask_procedure{"procedure": "đăng ký khai sinh kết hợp nhận cha, mẹ, con"}'
    key = payloads.callback_data(long)
    assert key.startswith("k:") and len(key.encode()) <= 64
    assert payloads.payload(key) == long and payloads.payload("/ask_fee") == "/ask_fee"
    assert payloads.callback_data(long) == key  # the same payload, the same key
    assert ButtonPayloads().payload(key) is None  # another process (a restart) does not know it


def test_old_keys_are_forgotten_beyond_capacity():
    payloads = ButtonPayloads(capacity=2)
    keys = [payloads.callback_data("/choose_option" + json.dumps({"n": i, "pad": "x" * 60})) for i in range(3)]
    assert payloads.payload(keys[0]) is None and payloads.payload(keys[2]) is not None


def test_long_text_is_split_and_buttons_go_with_the_last_part():
    text = "\n".join(f"{i}. " + "giấy tờ " * 40 for i in range(40))
    out = to_telegram([{"text": text, "buttons": [{"title": "Lệ phí", "payload": "/ask_fee"}]}], ButtonPayloads())
    assert len(out) > 1 and all(len(o.text) <= 4096 for o in out)
    assert all(o.keyboard is None for o in out[:-1])
    assert out[-1].keyboard.inline_keyboard[0][0].text == "Lệ phí"
    assert out[-1].keyboard.inline_keyboard[0][0].callback_data == "/ask_fee"
    assert " ".join(o.text for o in out).split() == text.split()  # nothing lost


def test_buttons_without_text_and_custom_messages():
    out = to_telegram([{"buttons": [{"title": "Có", "payload": "/affirm"}]}, {"custom": {"x": 1}}], ButtonPayloads())
    assert [o.text for o in out] == ["Bạn chọn một mục bên dưới:"]


def test_the_bridges_file_payload_is_the_forms_file_payload():
    payload = attachment_message("ảnh.jpg", "image/jpeg", b"\xff\xd8abc")
    assert payload.startswith("/attach_document{")
    body = json.loads(payload[len("/attach_document") :])
    assert body["file_name"] == "ảnh.jpg" and base64.b64decode(body["data_base64"]) == b"\xff\xd8abc"

"""Follow-ups that keep the conversation's procedure and read the new fact (issue 10, brief S of session 12): a
follow-up asking how to send the file gets the current procedure's channels, not the previous aspect again; a
correction that swaps one case of an everyday name of the current procedure ("ô tô, không phải xe máy" on the
transfer citizens call "sang tên xe máy, ô tô") keeps it. Each conversation runs through the actions
(follow_ups.py). Every message was written for these tests (none is taken from a benchmark set)."""

from __future__ import annotations

import pytest
from test_conversation_context import converse

SOCIAL_ONCE = "1.001613"  # Giải quyết hưởng bảo hiểm xã hội một lần
BIRTH = "1.001193"  # Thủ tục đăng ký khai sinh
VEHICLE_TRANSFER = "1.013076"  # Cấp chứng nhận đăng ký xe, biển số xe … thay đổi chủ xe (sang tên)
CHANGE_CARD = "1.014063"  # Cấp đổi thẻ căn cước
REISSUE_CARD = "1.014064"  # Cấp lại thẻ căn cước
TEMPORARY = "1.004194"  # Đăng ký tạm trú
RESIDENCE = "1.004222"  # Đăng ký thường trú


# ------------------------------------------------------------------ 1. how to send the file: the channels
@pytest.mark.parametrize(
    "first, code, text",
    [
        (
            "hưởng bảo hiểm xã hội một lần cần những giấy tờ gì",
            SOCIAL_ONCE,
            "nhà tôi xa, gửi hồ sơ qua bưu điện có được không",
        ),
        ("lam giay khai sinh cho con can nhung gi", BIRTH, "nop qua mang duoc ko"),
        ("làm khai sinh cho bé cần giấy gì", BIRTH, "vậy làm trực tuyến thì vào trang nào"),
    ],
)
def test_a_follow_up_about_the_channel_gets_the_procedures_channels(kb, first, code, text):
    _, reply = converse([(first, "ask_documents"), (text, "ask_procedure")])
    assert reply.code == code, reply.text[:200]
    assert reply.slots.get("last_aspect") == "online", reply.text[:200]
    assert "Các cách nộp" in reply.text or "trực tuyến" in reply.text.lower(), reply.text[:200]


def test_a_follow_up_asking_nothing_still_gets_the_previous_aspect(kb):
    _, reply = converse(
        [
            ("lam giay khai sinh cho con can nhung gi", "ask_documents"),
            ("nếu bé sinh ở nước ngoài thì sao", "ask_procedure"),
        ]
    )
    assert reply.slots.get("last_aspect") == "documents", reply.text[:200]


# ------------------------------------------------------------------ 2. a correction swapping a case of the same act
@pytest.mark.parametrize(
    "first, intent, text",
    [
        ("sang tên xe máy mua lại của người quen cần gì", "ask_documents", "ý tôi là ô tô, không phải xe máy"),
        ("sang ten xe may cu het bao nhieu tien", "ask_fee", "khong phai xe may ma la o to"),
    ],
)
def test_a_correction_swapping_the_vehicle_keeps_the_transfer(kb, first, intent, text):
    replies = converse([(first, intent), (text, "ask_procedure")])
    assert [r.code for r in replies] == [VEHICLE_TRANSFER, VEHICLE_TRANSFER], replies[-1].text[:200]


@pytest.mark.parametrize(
    "first, text, code",
    [
        ("đổi thẻ căn cước cần gì", "không phải đổi, thẻ mất rồi", REISSUE_CARD),
        ("dang ky tam tru can giay to gi", "khong phai tam tru ma la thuong tru", RESIDENCE),
    ],
)
def test_a_correction_of_the_act_still_sets_the_procedure_aside(kb, first, text, code):
    _, reply = converse([(first, "ask_documents"), (text, "ask_procedure")])
    assert reply.code == code, reply.text[:200]


# ------------------------------------------------------------------ 3. words the current procedure has, or a case
PASSPORT = "1.001456"  # Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)
FIRST_PLATE = "1.013067"  # Đăng ký, cấp biển số xe lần đầu …


@pytest.mark.parametrize(
    "first, code, text, intent",
    [
        # "dưới 14 tuổi" is the case of the child's identity card, not what it makes: the passport is kept
        ("làm hộ chiếu lần đầu", PASSPORT, "cho con duoi 14 tuoi thi can gi", "ask_documents"),
        # "biển" is a word of the plate registration's name (not a ship's registration)
        ("đăng ký xe máy mới mua", FIRST_PLATE, "mất bao lâu thì có biển", "ask_time"),
        # "bưu điện" says how the file is sent, not a post-office procedure
        ("làm hộ chiếu lần đầu", PASSPORT, "co the gui buu dien ve nha ko", "ask_procedure"),
    ],
)
def test_a_follow_up_naming_a_case_or_the_procedures_own_words_keeps_it(kb, first, code, text, intent):
    _, reply = converse([(first, "ask_procedure"), (text, intent)])
    assert reply.code == code, reply.text[:200]


@pytest.mark.parametrize(
    "first, text, code",
    [
        ("làm hộ chiếu ở đâu", "sổ đỏ bị rách thì đổi thế nào", "1.012783"),  # Cấp đổi Giấy chứng nhận …
        ("đăng ký khai sinh cho con", "cccd của tôi bị mờ ảnh thì đổi ở đâu", CHANGE_CARD),
        ("đăng ký tạm trú", "thế còn thường trú thì lệ phí bao nhiêu", RESIDENCE),
    ],
)
def test_a_new_paper_named_strongly_still_leaves_the_procedure(kb, first, text, code):
    _, reply = converse([(first, "ask_procedure"), (text, "ask_procedure")])
    assert reply.code == code, reply.text[:200]

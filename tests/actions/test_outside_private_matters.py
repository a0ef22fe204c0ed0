"""Private disputes and private services are outside the catalog and say where to go, even when a catalog name shares
their words (issue 10, s12): an ambulance, an inheritance quarrel or a kept deposit, unpaid wages after the owner fled,
an old person's monthly allowance without a pension (not the pension), a home or study loan, a scam transfer (the bank
and the police), a motorbike held by the traffic police, a flight cancelled. Neighbours stay in the catalog.

Every question here was written for this file (none is taken from a benchmark set, the training data or the dev files).
"""

from __future__ import annotations

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.procedures.search import ActionSearchProcedure

MAX_ANSWER_CHARS = 600  # one phone screen


def _ask(text: str):
    messages, _, slots = run_action(ActionSearchProcedure(), make_tracker(text, "ask_procedure"))
    return all_text(messages), slots, [b["payload"] for b in all_buttons(messages)]


@pytest.mark.parametrize(
    "text, where",
    [
        ("mẹ tôi khó thở quá, gọi xe cấp cứu thế nào", "115"),
        ("ba anh em không thống nhất chia mảnh đất bố để lại, giải quyết ở đâu", "Tòa án"),
        ("ông bà mất để lại sổ tiết kiệm thì các cháu rút thế nào", "văn bản phân chia di sản"),
        ("thuê phòng trọ xong chủ nhà không trả tiền cọc", "Tòa án"),
        ("ông chủ xưởng bỏ trốn, cả xưởng chưa được trả lương hai tháng", "Sở Nội vụ"),
        ("ông ngoại 82 tuổi không có lương hưu, có được nhận tiền hằng tháng không", "UBND xã/phường"),
        ("muốn vay mua nhà trả góp cần giấy tờ gì", "ngân hàng"),
        ("vay tiền cho con đi du học ở đâu", "Ngân hàng Chính sách xã hội"),
        ("tôi bị lừa chuyển khoản ba chục triệu thì làm sao", "Công an"),
        ("xe máy bị csgt giữ rồi, muốn lấy lại thì làm thế nào", "quyết định xử phạt"),
        ("chuyến bay bị hủy mà hãng không hoàn tiền", "Cục Hàng không"),
    ],
)
def test_a_private_matter_is_told_where_to_go_not_a_catalog_procedure(kb, text, where):
    reply, slots, payloads = _ask(text)
    assert not slots.get("current_procedure_code") and not slots.get("pending_variants"), reply
    assert where in reply and "không thuộc" in reply and len(reply) <= MAX_ANSWER_CHARS, reply
    assert "/request_human" in payloads


def test_a_scam_transfer_names_the_bank_too(kb):
    reply, _, _ = _ask("bị lừa đảo chuyển tiền vào tài khoản lạ")
    assert "ngân hàng" in reply and "Công an" in reply, reply


def test_an_old_persons_allowance_is_not_sent_to_the_pension_office(kb):
    reply, _, _ = _ask("bà nội 81 tuổi không có lương hưu, xin trợ cấp hàng tháng ở đâu")
    assert "UBND xã/phường" in reply and not reply.startswith("Việc hưởng lương hưu"), reply


@pytest.mark.parametrize(
    "text, code",
    [
        ("đăng ký kết hôn ở đâu", "1.000894"),
        ("chứng thực văn bản phân chia di sản ở đâu", "2.001406"),
        ("hòa giải tranh chấp đất đai ở đâu", "1.012812"),
    ],
)
def test_catalog_neighbours_stay_in_the_catalog(kb, text, code):
    reply, slots, _ = _ask(text)
    assert slots.get("current_procedure_code") == code, reply

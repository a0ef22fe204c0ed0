"""A question the NLU files as a complaint or as a wish to file is answered, not met with a form (issue 10, s12).

A deadline passed on the citizen's own paper ("quá hạn", "trễ hạn") blames no office; "họ … đòi" is not "hồ sơ …
đổi"; a complaint about a private party (an airline) is told where to go; "nộp hồ sơ …" followed by a question the
aspect reader reads (a time, a yes/no about getting the result) is answered and no dossier starts. Neighbours: a
grievance against an office still opens the complaint form, and "tôi muốn nộp hồ sơ …" still starts the dossier.

Every message here was written for this file (none is taken from a benchmark set, the training data or the dev files).
"""

from __future__ import annotations

import pytest
from action_helpers import all_text, make_tracker, run_action

from actions.dossier.entry import ActionStartDossier
from actions.feedback.entry import ActionComplain
from actions.procedures.routing import asks_rather_than_files, is_grievance

BIRTH = "1.001193"


def _complain(text: str):
    messages, events, slots = run_action(ActionComplain(), make_tracker(text, "complain"))
    form = any(e.get("event") == "active_loop" and e.get("name") for e in events)
    return all_text(messages), form, slots


@pytest.mark.parametrize(
    "text, grievance",
    [
        ("giấy phép lái xe của tôi quá hạn mấy tháng rồi", False),
        ("đăng ký khai sinh trễ hạn cho cháu thì sao", False),
        ("mang hồ sơ đổi giấy phép lái xe ở đâu", False),
        ("xã giải quyết trễ hạn hồ sơ của tôi", True),
        ("cán bộ tư pháp làm trễ hạn giấy tờ nhà tôi", True),
        ("họ đòi thêm năm trăm nghìn mới nhận", True),
        ("cán bộ hẹn đi hẹn lại mãi", True),
    ],
)
def test_a_deadline_passed_is_a_grievance_only_against_an_office(text, grievance):
    assert is_grievance(text) is grievance


@pytest.mark.parametrize(
    "text, code",
    [
        ("giấy phép lái xe quá hạn hai năm, mang hồ sơ đi đổi ở đâu", None),
        ("cháu nội hai tháng tuổi chưa làm giấy khai sinh, trễ hạn thì có bị xử phạt không", BIRTH),
    ],
)
def test_a_question_about_ones_own_late_paper_is_answered_not_the_complaint_form(kb, text, code):
    reply, form, slots = _complain(text)
    assert not form and slots.get("current_procedure_code"), reply
    assert code is None or slots["current_procedure_code"] == code, reply


@pytest.mark.parametrize(
    "text, where",
    [
        ("hãng hàng không hủy chuyến bay của tôi mà không hoàn tiền vé, khiếu nại ở đâu", "Cục Hàng không"),
        ("bạn cũ vay tiền mãi không trả, khiếu nại chỗ nào", "Tòa án"),
        ("anh họ mượn tiền không chịu trả, tôi muốn khiếu nại thì đến đâu", "Tòa án"),
    ],
)
def test_a_complaint_about_a_private_party_asked_where_says_where_to_go_not_the_form(kb, text, where):
    reply, form, _ = _complain(text)
    assert not form and where in reply and "không thuộc" in reply, reply


@pytest.mark.parametrize(
    "text",
    [
        "cán bộ xã hẹn mãi không trả hồ sơ cho tôi",
        "bộ phận một cửa để hồ sơ của tôi quá hạn cả tháng, tôi muốn khiếu nại",
        "hồ sơ cấp sổ đỏ trễ hẹn hai tháng rồi, khiếu nại ở đâu",
    ],
)
def test_a_grievance_against_an_office_still_opens_the_complaint_form(kb, text):
    reply, form, _ = _complain(text)
    assert form, reply


@pytest.mark.parametrize(
    "text, asks",
    [
        ("sáng thứ hai nộp hồ sơ khai sinh thì chiều có lấy được không", True),
        ("nộp hồ sơ khai sinh lúc chiều thì khi nào lấy được giấy", True),
        ("nộp hồ sơ khai sinh mất mấy ngày", True),
        ("tôi muốn nộp hồ sơ khai sinh", False),
        ("nộp giúp tôi hồ sơ khai sinh cho con", False),
        ("nộp hồ sơ cấp căn cước", False),
        ("cho tôi nộp hồ sơ khai sinh online được không", False),
    ],
)
def test_a_filing_message_that_asks_a_fact_is_told_apart_from_a_wish_to_file(text, asks):
    assert asks_rather_than_files(text) is asks


def _start(text: str):
    messages, events, slots = run_action(ActionStartDossier(), make_tracker(text, "start_dossier"))
    return all_text(messages), slots


@pytest.mark.parametrize(
    "text",
    [
        "sáng thứ hai nộp hồ sơ khai sinh thì chiều có lấy được không",
        "nộp hồ sơ khai sinh lúc chiều thì khi nào lấy được giấy",
    ],
)
def test_a_question_said_with_nop_ho_so_is_answered_and_no_dossier_starts(kb, text):
    reply, slots = _start(text)
    assert slots.get("dossier_stop") == "quiet" and not slots.get("dossier_procedure"), reply
    assert slots.get("current_procedure_code") == BIRTH and "Thời hạn" in reply, reply


def test_a_wish_to_file_still_starts_the_dossier(kb):
    reply, slots = _start("tôi muốn nộp hồ sơ khai sinh cho con")
    assert slots.get("dossier_procedure") == BIRTH and slots.get("dossier_stop") != "quiet", reply
    assert "nộp hồ sơ" in reply, reply


def test_where_to_complain_of_a_decision_is_answered_from_the_catalog_not_the_form(kb):
    reply, form, slots = _complain("muốn khiếu nại quyết định xử phạt vi phạm hành chính thì nộp ở đâu")
    assert not form and slots.get("current_procedure_code"), reply

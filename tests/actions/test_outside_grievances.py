"""A grievance about a matter no catalog office handles (an employer, a neighbour, a company) is first told who handles
it, with a person offered; a grievance against an office or an official keeps the complaint form (issue 10).

Every question here was written for this file (none is taken from a benchmark set, the training data or the dev files
of tests/kb/data).
"""

from __future__ import annotations

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.feedback.entry import ActionComplain
from actions.procedures.routing import names_an_office

MAX_ANSWER_CHARS = 600  # one phone screen


@pytest.mark.parametrize(
    "text, office",
    [
        ("cán bộ địa chính hẹn đi hẹn lại mãi không xong", True),
        ("ubnd xa khong giai quyet don cua toi", True),
        ("bộ phận một cửa trả hồ sơ của tôi ba lần", True),
        ("phuong khong tra loi don kien nghi", True),
        ("công ty nợ lương tôi hai tháng rồi", False),
        ("hàng xóm hát karaoke tới nửa đêm", False),
        ("bệnh viện thu tiền quá đắt", False),
    ],
)
def test_an_office_or_official_is_recognised(text, office):
    assert names_an_office(text) is office


def _complain(text: str):
    messages, events, _ = run_action(ActionComplain(), make_tracker(text, "complain"))
    form = any(e.get("event") == "active_loop" and e.get("name") for e in events)
    return all_text(messages), form, [b["payload"] for b in all_buttons(messages)]


def test_unpaid_wages_are_sent_to_the_labour_bodies_not_to_the_complaint_form():
    reply, form, payloads = _complain("xưởng may nợ lương tôi ba tháng rồi, tôi bức xúc quá")
    assert not form and "Sở Nội vụ" in reply and "không thuộc" in reply, reply
    assert "/request_human" in payloads and len(reply) <= MAX_ANSWER_CHARS


def test_a_grievance_against_an_office_keeps_the_complaint_form():
    reply, form, _ = _complain("hồ sơ sang tên xe của tôi ở bộ phận một cửa trễ hẹn cả tháng nay")
    assert form, reply


@pytest.mark.parametrize(
    "text, where",
    [
        ("quán nhậu đối diện hát hò ầm ĩ tới khuya, tôi bức xúc quá", "hòa giải"),
        ("trường mầm non của con tôi lạm thu nhiều khoản, tôi rất bức xúc", "nhà trường"),
    ],
)
def test_a_grievance_whose_matter_the_search_knows_is_outside_says_where_to_go(kb, text, where):
    reply, form, payloads = _complain(text)
    assert not form and where in reply and "không thuộc" in reply, reply
    assert "/request_human" in payloads and len(reply) <= MAX_ANSWER_CHARS

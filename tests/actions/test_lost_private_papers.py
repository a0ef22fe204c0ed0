"""A private paper lost or damaged (a savings book, a bank card, a diploma, a warranty card) told to the complaint
intent is no grievance (brief O round 2, issue 10): the citizen is told where to go, never the complaint form
(actions/procedures/routing.py ``procedure_question_answer``). Every question was written for this file (none from a
benchmark set, the dev or held-out files of tests/kb/data, the training data or the catalog names).
"""

from __future__ import annotations

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.feedback.entry import ActionComplain
from actions.procedures.lost_papers import tells_a_loss

MAX_ANSWER_CHARS = 600  # one phone screen


def _complain(text: str):
    messages, events, slots = run_action(ActionComplain(), make_tracker(text, "complain"))
    form = any(e.get("event") == "active_loop" and e.get("name") for e in events)
    return all_text(messages), form, slots, [b["payload"] for b in all_buttons(messages)]


@pytest.mark.parametrize(
    "text, where",
    [
        ("so tiet kiem cua ong toi bi moi an mat mot goc, buc minh qua", "ngân hàng"),
        ("làm rơi thẻ ngân hàng ở quán cà phê, giờ sao đây", "ngân hàng"),
        ("phiếu bảo hành tủ lạnh bị rách mất rồi", "Gặp cán bộ"),
    ],
)
def test_a_lost_private_paper_is_told_where_to_go_not_the_complaint_form(kb, text, where):
    reply, form, slots, payloads = _complain(text)
    assert not form, reply
    assert not slots.get("current_procedure_code"), reply
    assert where in reply and "/request_human" in payloads and len(reply) <= MAX_ANSWER_CHARS, reply


def test_a_paper_an_office_lost_stays_a_complaint(kb):
    reply, form, _, _ = _complain("cán bộ phường làm mất sổ tiết kiệm tôi gửi kèm hồ sơ, tôi rất bức xúc")
    assert form, reply


@pytest.mark.parametrize(
    "text, loss",
    [
        ("lo lam mat the atm roi", True),
        ("bố tôi mất tuần trước", False),
        ("nhân viên làm mất hồ sơ của tôi", False),
    ],
)
def test_a_loss_is_told_without_blame(text, loss):
    assert tells_a_loss(text) is loss

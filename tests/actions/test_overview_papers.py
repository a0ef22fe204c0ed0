"""The overview a clerk gives to "how do I do X": beside where, how long and how much, the main papers of the common
case by their short names (issue 10, class 1 of session 11), within one phone screen; the whole list stays behind
the "Giấy tờ cần nộp" button. Questions written for this test, not taken from any benchmark set."""

from __future__ import annotations

import pytest
from action_helpers import make_tracker, run_action

from actions.procedures.render import ASPECT_LIMIT
from actions.procedures.render.main_papers import HEADING
from actions.procedures.search import ActionSearchProcedure


@pytest.mark.parametrize(
    "question, papers",
    [
        ("đăng ký khai sinh cho cháu nội làm những bước gì", ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")),
        ("muốn làm hộ chiếu lần đầu thì làm thế nào", ("Tờ khai đề nghị cấp hộ chiếu",)),
        ("không buôn bán nữa muốn giải thể hộ kinh doanh thì làm sao", ("Thông báo chấm dứt hoạt động hộ kinh doanh",)),
        ("xe máy bị mất giấy đăng ký thì xin cấp lại thế nào", ("Giấy khai đăng ký xe",)),
        ("thủ tục đăng ký kết hôn gồm các bước nào", ("Tờ khai đăng ký kết hôn",)),
    ],
)
def test_the_overview_names_the_main_papers(kb, question, papers):
    messages, _, slots = run_action(ActionSearchProcedure(), make_tracker(question, "ask_procedure"))
    card = messages[0].get("text") or ""
    assert card.startswith("📄") and len(card) <= ASPECT_LIMIT, card
    line = next((line for line in card.splitlines() if line.startswith(HEADING)), "")
    assert all(paper in line for paper in papers), card
    assert "• Cơ quan giải quyết:" in card and "• Lệ phí:" in card


def test_the_overview_names_a_precondition_the_steps_refuse_the_dossier_for(kb):
    question = "hộ kinh doanh nhà tôi muốn đóng mã số, nghỉ hẳn thì làm thủ tục gì"
    messages, _, _ = run_action(ActionSearchProcedure(), make_tracker(question, "ask_procedure"))
    card = messages[0].get("text") or ""
    assert "• Điều kiện: Đã hoàn thành nghĩa vụ thuế" in card and len(card) <= ASPECT_LIMIT, card

"""A place asked in a clause of its own is answered as the place, though another clause asks about a paper (issue 10):
"… có phải nộp X không, nộp ở đâu" wants the office; "có phải nộp X không" alone stays a documents question.
Questions written for this test (none from a benchmark or the training data)."""

from __future__ import annotations

import pytest
from action_helpers import make_tracker, run_action

from actions.procedures.search import ActionSearchProcedure

PLACE = "Nơi nộp hồ sơ"


@pytest.mark.parametrize(
    "text",
    [
        "làm hộ chiếu ở đâu, có phải mang căn cước theo không",
        "dang ky tam tru co phai nop hop dong thue nha khong, nop o dau",
        "giấy phép lái xe hết hạn thì đổi ở đâu, có cần giấy khám sức khỏe không",
    ],
)
def test_the_place_asked_apart_is_answered(kb, text):
    messages, _, _ = run_action(ActionSearchProcedure(), make_tracker(text, "ask_where"))
    first = messages[0]["text"]
    assert first.startswith(PLACE), first[:200]


def test_a_paper_asked_alone_stays_a_documents_question(kb):
    messages, _, _ = run_action(
        ActionSearchProcedure(), make_tracker("đăng ký tạm trú có phải nộp hợp đồng thuê nhà không", "ask_where")
    )
    assert not messages[0]["text"].startswith(PLACE), messages[0]["text"][:200]

"""A yes/no question about a court's judgment ("có cần mang bản án ly hôn không") asks about one paper: "bản án" is a
paper's head like "bản vẽ", "bản sao" (render/paper_question.py), so the answer opens with a line about that paper
instead of the bare list. Every message was written for these tests (none is taken from a benchmark set)."""

from __future__ import annotations

import pytest
from test_conversation_context import converse

from actions.procedures.render.paper_question import asked_paper


@pytest.mark.parametrize(
    "question, paper",
    [
        ("xin giấy xác nhận độc thân sau ly hôn, có cần mang bản án ly hôn không", "bản án ly hôn"),
        ("lam xac nhan doc than sau khi ly hon co can ban an ly hon khong", "ban an ly hon"),
        ("đăng ký kết hôn lần hai có phải nộp bản án của tòa không ạ", "bản án của tòa"),
        # neighbours: the other heads are unchanged, a kind of copy is no paper
        ("có phải nộp bản vẽ không", "bản vẽ"),
        ("có cần bản sao không", ""),
        ("bạn ăn cơm chưa", ""),
    ],
)
def test_a_judgment_is_a_paper_a_yes_no_question_asks_about(question, paper):
    assert asked_paper(question) == paper


def test_the_answer_opens_with_the_line_about_the_judgment(kb):
    (reply,) = converse([("xin giấy xác nhận độc thân sau ly hôn, có cần mang bản án ly hôn không", "ask_documents")])
    assert reply.text.splitlines()[0].endswith("“bản án ly hôn”."), reply.text[:200]

"""Papers other bodies issue, asked beside a catalog word (brief O, issue 10), through the real actions and knowledge
base: a question asking for the paper itself (a health check for a driving licence, a sick-leave paper for social
insurance, a school's confirmation, a court case over an inheritance, a hospital-fee share under health insurance)
is told where to go with a person offered; a question asking whether a named catalog procedure needs the paper
reaches that procedure.

The questions are the tuning half of the set written for brief O before building (tests/kb/data/
outside_beside_dev.jsonl; its other half, outside_beside_heldout.jsonl, is only reported) and a few more below, all
written for this project (none taken from a benchmark set, the training data or the catalog names).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.procedures.search import ActionSearchProcedure

DATA = Path(__file__).resolve().parents[1] / "kb" / "data" / "outside_beside_dev.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
HEALTH = ["bệnh viện", "cơ sở y tế", "phòng khám"]
MAX_ANSWER_CHARS = 600  # one phone screen

MORE_OUTSIDE = [
    ("bệnh viện tỉnh có cấp bản sao giấy ra viện không", HEALTH),
    ("ai ký giấy chứng nhận nghỉ dưỡng thai cho bà bầu", HEALTH),
    ("phau thuat tim co bhyt duoc thanh toan bao nhieu", ["BHXH", "bệnh viện"]),
    ("giay xac nhan hoc sinh de lam the xe buyt xin o dau", ["trường"]),
    ("con tôi học lớp 3, muốn xin giấy xác nhận của trường để làm hộ chiếu thì xin ai", ["trường"]),
    ("chia tai san thua ke khong thong nhat duoc thi kien o toa nao", ["Tòa án"]),
    ("kiện chia di sản thừa kế án phí bao nhiêu", ["Tòa án"]),
    ("giấy khám sức khỏe để đi học lái xe có giá trị bao lâu", HEALTH),
    ("xin giấy chứng nhận sinh viên để làm thẻ bhyt ở phòng nào của trường", ["trường"]),
]
MORE_INSIDE = [
    "hồ sơ cấp giấy phép lái xe gồm giấy khám sức khỏe nữa phải không",
    "thi bằng lái ô tô cần khám sức khỏe không",
    "chung thuc ban sao hoc ba o dau",
    "hưởng chế độ thai sản nộp giấy ra viện ở đâu",
    "chứng thực chữ ký trên giấy xác nhận của nhà trường ở đâu",
    "khai nhan di san thua ke co can ban an cua toa khong",
    "đăng ký khai sinh cho bé mà mất giấy chứng sinh thì sao",
]


def ask(question: str):
    messages, events, slots = run_action(ActionSearchProcedure(), make_tracker(question, "ask_procedure"))
    return messages, slots


def offered(slots) -> list:
    return [c for c in [slots.get("current_procedure_code"), *(slots.get("pending_variants") or [])] if c]


@pytest.mark.parametrize(
    "question, where",
    [(r["query"], r["where"]) for r in ROWS if r["outside"]] + MORE_OUTSIDE,
)
def test_a_paper_asked_for_itself_is_told_where_to_go(kb, question, where):
    messages, slots = ask(question)
    text = all_text(messages)
    assert not offered(slots), text
    assert any(w.lower() in text.lower() for w in where), text
    assert "Gặp cán bộ" in [b["title"] for b in all_buttons(messages)]
    assert len(text) <= MAX_ANSWER_CHARS


@pytest.mark.parametrize(
    "question, codes",
    [(r["query"], r["codes"]) for r in ROWS if not r["outside"]] + [(q, []) for q in MORE_INSIDE],
)
def test_a_paper_a_named_procedure_needs_reaches_that_procedure(kb, question, codes):
    messages, slots = ask(question)
    reached = offered(slots)
    assert reached, all_text(messages)
    assert not codes or set(reached) & set(codes), (reached, all_text(messages))

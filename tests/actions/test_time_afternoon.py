"""The time of a same-day procedure keeps the record's afternoon rule ("nếu tiếp nhận hồ sơ sau 15 giờ thì … trong
ngày làm việc tiếp theo", knowledge_base.times): the answer to "nộp buổi chiều thì bao giờ lấy được"."""

from __future__ import annotations

from actions.procedures.render.common import ASPECT_LIMIT
from actions.procedures.render.facts import time_answer

BIRTH = "1.001193"  # đăng ký khai sinh: time cells "1", the steps' "sau 15 giờ … ngày làm việc tiếp theo"
RESIDENCE = "1.004222"  # đăng ký thường trú: a time in days, no afternoon rule


def test_the_afternoon_rule_is_in_the_time_answer(kb):
    answer = time_answer(kb.get(BIRTH))
    assert answer.startswith("Thời hạn giải quyết đăng ký khai sinh: Trong ngày; nếu hồ sơ được tiếp nhận sau 15 giờ")
    assert "trả kết quả trong ngày làm việc tiếp theo" in answer and len(answer) <= ASPECT_LIMIT


def test_a_time_in_days_has_no_afternoon_rule(kb):
    answer = time_answer(kb.get(RESIDENCE))
    assert "ngày làm việc" in answer and "15 giờ" not in answer

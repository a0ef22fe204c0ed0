"""A time the citizen must keep stated at the end of a long clause ("… gửi hồ sơ … chậm nhất là 03 ngày làm việc
trước ngày tạm ngừng kinh doanh") is quoted by that part (issue 10, session 12, brief C): working days before a
date are a deadline to keep, not the agency's processing time; a clause whose asked part comes first is quoted from
its start as before; the processing time question stays the time answer. Questions written for these tests, not
taken from any benchmark set."""

from __future__ import annotations

from action_helpers import all_text, first_answer

from knowledge_base.sentences import answering_clause

QUOTED = "Theo quy định của thủ tục"
HOUSEHOLD_PAUSE = "1.001570"  # Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn (hộ kinh doanh)
COMPANY_PAUSE = "2.002029"  # Thông báo tạm ngừng kinh doanh … (doanh nghiệp)


def _answer(question: str, code: str) -> str:
    messages, slots = first_answer(question, pending_aspect="conditions")
    text = all_text(messages)
    assert slots.get("current_procedure_code") == code, text[:200]
    return text


def test_days_before_a_date_at_the_end_of_a_long_clause_are_quoted(kb):
    text = _answer(
        "hộ kinh doanh của tôi muốn tạm ngừng kinh doanh thì phải đăng ký trước bao nhiêu ngày", HOUSEHOLD_PAUSE
    )
    assert text.startswith(QUOTED) and "chậm nhất là 03 ngày làm việc trước" in text, text[:400]


def test_a_company_s_days_before_are_quoted(kb):
    text = _answer("doanh nghiệp tạm ngừng kinh doanh phải thông báo trước mấy ngày", COMPANY_PAUSE)
    assert text.startswith(QUOTED) and "03 ngày làm việc trước" in text, text[:400]


def test_the_processing_time_of_the_pause_stays_the_time_answer(kb):
    text = _answer("hộ kinh doanh tạm ngừng thì bao lâu có giấy xác nhận", HOUSEHOLD_PAUSE)
    assert text.startswith("Thời hạn giải quyết") and "1 ngày làm việc" in text, text[:300]


LONG = (
    "Trường hợp người dân có nhu cầu, người đó gửi hồ sơ đến cơ quan tiếp nhận ở xã, phường, đặc khu nơi cư trú hoặc "
    "đến cơ quan tiếp nhận bất kỳ trong phạm vi tỉnh, thành phố trực thuộc trung ương nơi người đó đăng ký thường "
    "trú, chậm nhất là 05 ngày làm việc trước ngày chuyển đi"
)


def test_a_long_clause_is_cut_at_its_commas_to_keep_its_weightiest_part():
    quoted = answering_clause(LONG, lambda part: float("05 ngày" in part), limit=120, at_commas=True)
    assert "chậm nhất là 05 ngày làm việc trước ngày chuyển đi" in quoted and len(quoted) <= 120, quoted


def test_a_long_clause_whose_weightiest_part_comes_first_is_left_to_the_quote():
    assert answering_clause(LONG, lambda part: float("nhu cầu" in part), limit=120, at_commas=True) == LONG


def test_a_long_clause_is_cut_at_its_commas_only_for_an_amount_asked():
    assert answering_clause(LONG, lambda part: float("05 ngày" in part), limit=120) == LONG

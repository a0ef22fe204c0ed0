"""Fee answers as the record states them: a channel its note prices apart on a line of its own, the asked channel
first (render.channel_fees); "Miễn lệ phí" where the record says it (knowledge_base.fees)."""

from __future__ import annotations

from datetime import date

from actions.procedures.render.common import ASPECT_LIMIT
from actions.procedures.render.facts import fee_answer

LICENCE_EXCHANGE = "3.000347"  # đổi giấy phép lái xe: 135.000 đồng/lần; online 115.000 đồng/lần cấp for a period
INTERNATIONAL_LICENCE = "3.000353"  # cấp giấy phép lái xe quốc tế: the same note
LICENCE = "3.000346"  # cấp giấy phép lái xe: one amount, a note of test fees naming no channel
RESIDENCE = "1.004222"  # đăng ký thường trú: two lines by channel already (10.000 online, 20.000 in person)
MARRIAGE = "1.000894"  # đăng ký kết hôn: "Miễn lệ phí. Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu) …"
BIRTH = "1.001193"  # đăng ký khai sinh: "Miễn phí", no remark
TODAY = date(2026, 12, 1)
IN_PERIOD = date(2025, 6, 1)  # within the online rate's period (01/12/2023 – 31/12/2025)


def _bullets(answer: str) -> list[str]:
    return [line for line in answer.splitlines() if line.startswith("• ")]


def test_the_online_amount_of_the_note_is_a_line_of_its_own(kb):
    for code in (LICENCE_EXCHANGE, INTERNATIONAL_LICENCE):
        answer = fee_answer(kb.get(code), IN_PERIOD)
        assert _bullets(answer) == [
            "• Trực tiếp: 135.000 đồng/lần",
            "• Trực tuyến: 115.000 đồng/lần cấp từ ngày 01/12/2023 đến hết ngày 31/12/2025, sau đó 135.000 đồng/lần",
        ]
        assert len(answer) <= ASPECT_LIMIT


def test_after_its_period_the_channel_pays_the_lines_amount_again(kb):
    """Today (after 31/12/2025) filing online costs 135.000 đồng again: the ended rate is said as past."""
    answer = fee_answer(kb.get(LICENCE_EXCHANGE), TODAY)
    assert _bullets(answer) == [
        "• Trực tiếp: 135.000 đồng/lần",
        "• Trực tuyến: 135.000 đồng/lần (mức 115.000 đồng/lần cấp áp dụng đến hết ngày 31/12/2025)",
    ]


def test_the_channel_asked_comes_first(kb):
    answer = fee_answer(kb.get(LICENCE_EXCHANGE), TODAY, question="đổi bằng lái nộp online có rẻ hơn không")
    assert _bullets(answer)[0].startswith("• Trực tuyến: 135.000 đồng/lần")
    answer = fee_answer(kb.get(RESIDENCE), TODAY, question="đăng ký thường trú nộp trực tiếp mất bao nhiêu")
    assert _bullets(answer)[0].startswith("• Trực tiếp: 20.000 đồng")


def test_lines_by_channel_keep_their_order_without_a_channel_asked(kb):
    bullets = _bullets(fee_answer(kb.get(RESIDENCE), TODAY))
    assert bullets[0] == "• Trực tuyến: 10.000 đồng/lần đăng ký" and bullets[1].startswith("• Trực tiếp: 20.000 đồng")


def test_one_amount_stays_one_line(kb):
    answer = fee_answer(kb.get(LICENCE), TODAY)
    assert answer.startswith("Lệ phí cấp giấy phép lái xe: 60.000 đồng/lần.\n") and not _bullets(answer)


def test_fee_exempt_is_said_in_the_records_words(kb):
    answer = fee_answer(kb.get(MARRIAGE), TODAY)
    assert answer.startswith("Lệ phí đăng ký kết hôn: Miễn lệ phí.\n")
    assert "Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu)" in answer


def test_free_stays_free(kb):
    assert fee_answer(kb.get(BIRTH), TODAY).startswith("Lệ phí đăng ký khai sinh: Miễn phí.\n")


LAWYER_AGAIN = "1.008628"  # cấp lại chứng chỉ hành nghề luật sư: 800.000 đồng; "áp dụng mức phí 400.000 đồng/hồ sơ
# kể từ ngày 01/7/2025 đến hết ngày 31/12/2026" in the note of every channel
LAWYER = "1.000688"  # cấp chứng chỉ hành nghề luật sư (miễn đào tạo): the same note under one line


def test_a_temporary_amount_of_the_note_is_the_fee_while_it_holds(kb):
    bullets = _bullets(fee_answer(kb.get(LAWYER_AGAIN), TODAY))
    assert bullets == [
        "• Trực tuyến: 400.000 đồng/hồ sơ",
        "• Bưu chính, Trực tiếp: 400.000 đồng/hồ sơ đến hết ngày 31/12/2026, sau đó 800.000 đồng",
    ]
    answer = fee_answer(kb.get(LAWYER), TODAY)
    assert answer.splitlines()[0].endswith(": 400.000 đồng/hồ sơ đến hết ngày 31/12/2026, sau đó 800.000 đồng.")


def test_after_its_period_the_temporary_amount_is_left_out(kb):
    later = date(2027, 1, 5)
    assert _bullets(fee_answer(kb.get(LAWYER_AGAIN), later))[1] == "• Bưu chính, Trực tiếp: 800.000 đồng"
    assert fee_answer(kb.get(LAWYER), later).splitlines()[0].endswith(": 800.000 đồng.")

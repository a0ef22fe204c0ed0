"""Household-book words that name a residence procedure, and damaged banknotes (brief O, issue 10): the text the
search is given (actions/procedures/household_words.py, lost_papers.py). Every question was written for this file
(none from a benchmark set, the training data or the catalog names); about half are typed without diacritics. No
knowledge base is loaded: the rules read words only.
"""

from __future__ import annotations

import pytest

from actions.procedures.household_words import residence_query, residence_wording
from actions.procedures.lost_papers import is_lost_paper_question, reissue_query

RESIDENCE = [
    ("sau đám cưới tôi muốn chuyển khẩu sang nhà chồng", "đăng ký thường trú"),
    ("chuyen khau ve que cho me gia", "đăng ký thường trú"),
    ("nhập khẩu cho cháu nội vào nhà ông bà được không", "đăng ký thường trú"),
    ("nhap ho khau cho vo moi cuoi", "đăng ký thường trú"),
    ("cat khau cho ong noi da qua doi", "xóa đăng ký thường trú"),
    ("tách khẩu cho con trai ra ở riêng", "tách hộ"),
]
TRADE_OR_NOTHING = [
    "nhập khẩu máy móc cho nhà xưởng cần giấy phép gì",
    "thu tuc hai quan hang chuyen khau qua cua khau",
    "xuat khau lao dong sang han quoc",
    "làm lại sổ hộ khẩu",  # the abolished paper itself: the outside table's topic, not a registration
]


@pytest.mark.parametrize("question, wording", RESIDENCE)
def test_household_words_are_searched_as_their_residence_procedure(question, wording):
    assert residence_wording(question) == wording
    assert reissue_query(question) == f"{question} ({wording})"


@pytest.mark.parametrize("question", TRADE_OR_NOTHING)
def test_trade_words_and_the_abolished_paper_keep_the_message(question):
    assert residence_query(question) == question


DAMAGED_NOTES = [
    "tờ tiền năm trăm nghìn bị chuột gặm mất một góc",
    "tien polymer bi chay xem, ngan hang co doi khong",
    "tiền lẻ bị mục nát do để trong tủ ẩm",
    "đổi tiền rách ở chi nhánh ngân hàng nhà nước tỉnh",
]
NOT_A_DAMAGED_NOTE = [
    "bị móc túi mất hết tiền ở chợ",
    "tien dien thang nay tang gap doi",
    "cán bộ đòi tiền mới nhận tờ tiền rách",  # a grievance against an official
]


@pytest.mark.parametrize("question", DAMAGED_NOTES)
def test_a_damaged_banknote_is_its_exchange_procedure(question):
    assert is_lost_paper_question(question)
    assert "đổi tiền rách" in reissue_query(question)


@pytest.mark.parametrize("question", NOT_A_DAMAGED_NOTE)
def test_lost_money_or_a_grievance_is_no_exchange(question):
    assert "đổi tiền rách" not in reissue_query(question)

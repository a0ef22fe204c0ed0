"""A relative's "mất" is a death, not a lost paper (brief O, issue 10): the text the search is given
(actions/procedures/lost_papers.py), and a death told to the complaint intent answers its procedure instead of
opening the complaint form (actions/procedures/routing.py). Every question was written for this file (none from a
benchmark set, the dev or held-out files of tests/kb/data, the training data or the catalog names); about half are
typed without diacritics.
"""

from __future__ import annotations

import pytest
from action_helpers import all_text, make_tracker, run_action

from actions.feedback.entry import ActionComplain
from actions.procedures.lost_papers import is_lost_paper_question, reissue_query, tells_a_death

DEATH_REGISTRATION = {"1.000656", "1.000419", "1.005461"}

DEATHS = [
    "bố chồng tôi vừa mất đêm qua, làm giấy chứng tử ở đâu",
    "me em da mat duoc mot tuan, giay chung tu lam sao",
    "ông nội mất rồi, gia đình cần làm những giấy tờ gì",
    "cau toi moi qua doi o que, bao tu o xa nao",
    "em gái tôi mất vì bệnh, giờ làm giấy tờ gì cho em",
    "nguoi than toi tu tran tuan truoc",
]
LOSSES = [
    "bố tôi mất căn cước ở bến xe",
    "me toi lam mat bang lai xe may",
    "ông tôi đánh rơi giấy chứng nhận quyền sử dụng đất",
    "chồng tôi vừa mất ví, trong đó có cà vẹt xe",
    "con toi bi mat giay khai sinh",
    "ông nội bị mất thẻ bảo hiểm y tế ở chợ",
]

# "mất" as what a procedure takes, and "mặt" / "mắt" typed with their accents or folded beside an everyday word that
# reads as a family word once folded ("có" / "cô", "còn" / "con")
NO_DEATHS = [
    "làm thẻ căn cước cho bé có bắt buộc bố mẹ có mặt không",
    "dang ky ket hon hai ben co mat ko",
    "doi bang lai con mat bao lau nua",
    "xin giấy phép xây dựng có mất phí không",
    "ong ba co mat may ngay cho xong",
    "cháu tôi bị đau mắt, có làm căn cước được không",
]


@pytest.mark.parametrize("question", NO_DEATHS)
def test_presence_eyes_and_what_a_procedure_takes_are_no_death(question):
    assert not tells_a_death(question)
    assert "khai tử" not in reissue_query(question)


@pytest.mark.parametrize("question", DEATHS)
def test_a_relatives_death_is_no_lost_paper(question):
    assert tells_a_death(question)
    assert not is_lost_paper_question(question)
    assert "cấp lại" not in reissue_query(question)


@pytest.mark.parametrize("question", LOSSES)
def test_a_paper_a_relative_lost_is_still_a_loss(question):
    assert not tells_a_death(question)
    assert is_lost_paper_question(question) and "cấp lại" in reissue_query(question)


def test_a_death_that_names_no_act_is_searched_as_its_registration():
    assert reissue_query("ông nội mất rồi, gia đình cần làm những giấy tờ gì").endswith("(đăng ký khai tử)")
    assert reissue_query("chong toi mat roi, huong tu tuat the nao") == "chong toi mat roi, huong tu tuat the nao"


def test_a_death_told_as_a_complaint_answers_its_registration(kb):
    messages, events, slots = run_action(
        ActionComplain(), make_tracker("bố chồng tôi vừa mất đêm qua, gia đình phải làm gì", "complain")
    )
    assert not any(e.get("event") == "active_loop" and e.get("name") for e in events), all_text(messages)
    assert slots.get("current_procedure_code") in DEATH_REGISTRATION, all_text(messages)

"""A paper another body issues, asked beside a catalog word (brief O, issue 10): the question asks for the paper
itself (outside) or whether a named catalog procedure needs it (inside), told apart by the question's structure
(knowledge_base/outside_context.py), never by the paper's topic.

Every question here was written for this file (none is taken from a benchmark set, the training data or the catalog
names); about half are typed without diacritics. No knowledge base is loaded: the rules read words only.
"""

from __future__ import annotations

import pytest

from knowledge_base.outside import outside_topics
from knowledge_base.outside_context import Reading

# The paper (or the check giving it) is what is asked: where to get it, who issues it, what it costs.
ASKED_FOR_ITSELF = [
    ("xin bản tóm tắt bệnh án để làm hồ sơ hưởng chế độ ốm đau ở phòng nào", "giấy khám sức khỏe, giấy tờ y tế"),
    ("giay kham suc khoe thi bang lai o to lay o dau", "giấy khám sức khỏe, giấy tờ y tế"),
    ("khám sức khỏe để cấp đổi giấy phép lái xe thì khám ở bệnh viện nào", "giấy khám sức khỏe, giấy tờ y tế"),
    ("xin giay ra vien de lam che do om dau", "giấy khám sức khỏe, giấy tờ y tế"),
    ("giấy chứng sinh để đăng ký khai sinh cho con xin ai", "giấy khám sức khỏe, giấy tờ y tế"),
    ("giấy nghỉ ốm để hưởng bảo hiểm xã hội do ai ký", "giấy khám sức khỏe, giấy tờ y tế"),
    ("giấy xác nhận của nhà trường để làm căn cước cho con xin ở đâu", "xin giấy xác nhận đang học"),
]

# Whether a named catalog procedure needs the paper: a documents question about that procedure.
NEEDED_BY_A_PROCEDURE = [
    "cấp đổi giấy phép lái xe hạng C có cần giấy khám sức khỏe không",
    "dang ky khai sinh co phai nop giay chung sinh khong",
    "cấp giấy phép lái xe quốc tế có cần khám sức khỏe không",
    "khai tu cho ong noi can giay bao tu cua benh vien khong",
    "chứng thực bản sao giấy ra viện ở đâu",  # the paper is the object of a paper act, whatever is asked
]


@pytest.mark.parametrize("question, topic", ASKED_FOR_ITSELF)
def test_a_paper_asked_for_itself_stays_outside(question, topic):
    found = outside_topics().topic_of(question)
    assert found is not None and found.name == topic
    assert not outside_topics().catalog_named_beside(question)  # no catalog procedure may win over it


@pytest.mark.parametrize("question", NEEDED_BY_A_PROCEDURE)
def test_a_paper_a_named_procedure_needs_is_its_documents_question(question):
    assert outside_topics().topic_of(question) is None


# ... naming the procedure by a name the tables do not hold: the topic stays, and the search decides
# (actions/procedures/named_beside_outside.py; tests/actions/test_outside_papers_answers.py)
NEEDED_BY_AN_UNKNOWN_NAME = [
    "hồ sơ giải quyết chế độ ốm đau gồm giấy ra viện không",
    "lam the bao hiem y te cho con co can giay xac nhan cua truong khong",
]


@pytest.mark.parametrize("question", NEEDED_BY_AN_UNKNOWN_NAME)
def test_a_need_question_lets_the_search_decide(question):
    assert outside_topics().catalog_named_beside(question)


def test_need_words_are_read_with_their_diacritics_when_typed():
    assert Reading.of("đổi bằng lái có cần giấy khám sức khỏe không").asks_whether_needed
    assert Reading.of("doi bang lai can giay kham suc khoe khong").asks_whether_needed
    # "căn cước" typed either way is no need word
    assert not Reading.of("giấy xác nhận của trường để làm căn cước xin ở đâu").asks_whether_needed
    assert not Reading.of("giay xac nhan cua truong de lam can cuoc xin o dau").asks_whether_needed


def test_the_paper_named_first_is_the_head_and_a_procedure_named_first_needs_it():
    paper_first = Reading.of("giấy khám sức khỏe đổi bằng lái hết bao nhiêu tiền")
    procedure_first = Reading.of("đổi bằng lái có giấy khám sức khỏe rồi thì mất bao lâu")
    assert paper_first.asks_for_paper(["giay kham suc khoe"])
    assert not procedure_first.asks_for_paper(["giay kham suc khoe"])


def test_a_procedure_named_beside_an_outside_topic_may_still_win():
    # a bank loan is no paper: the catalog procedure named beside it may be the ask (the search decides)
    assert outside_topics().catalog_named_beside("mở tài khoản ngân hàng thì cần làm căn cước gắn chip không")
    assert not outside_topics().catalog_named_beside("mở tài khoản ngân hàng lãi suất bao nhiêu")


def test_words_folding_like_a_trade_are_not_that_trade():
    # "thuốc là sao" folds like "thuốc lá": a hospital-fee question is not sent to the trade office
    trade = "cửa hàng xăng dầu, rượu, khuyến mại, thương mại điện tử"
    fee = outside_topics().topic_of("có bảo hiểm y tế rồi mà bệnh viện vẫn thu thêm tiền thuốc là sao")
    assert fee is None or fee.name != trade
    assert outside_topics().topic_of("xin giấy phép bán lẻ thuốc lá").name == trade

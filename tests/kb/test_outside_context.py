"""A topic outside the catalog named only as the context of a catalog question (issue 10): the question still
reaches its procedure (knowledge_base/outside_context.py, through the table's ``topic_of`` and ``lookup`` and the
real search).

Every question here was written for this file (none is taken from a benchmark set, the training data or the catalog
names); about half are typed without diacritics.
"""

from __future__ import annotations

import pytest

from knowledge_base.outside import outside_topics
from knowledge_base.outside_context import Reading, catalog_names

MARITAL_STATUS = {"1.004873"}
CRIMINAL_RECORD = {"3.000333"}
FOREIGN_MARRIAGE = {"2.000806", "1.000094"}
COPY_CERTIFIED = {"2.000815"}
PASSPORT = {"1.001456", "1.001471"}
DRIVING_LICENCE_EXCHANGE = {"3.000347"}
SECURED_TRANSACTION = {"1.011441"}

# (question, the procedures it must reach: the first hit, or one of the close variants the bot asks about)
CONTEXT = [
    # the outside topic is the purpose of the catalog paper
    ("xin giấy xác nhận tình trạng hôn nhân để vay ngân hàng", MARITAL_STATUS),
    ("xac nhan tinh trang hon nhan de vay ngan hang mua nha", MARITAL_STATUS),
    ("giay xac nhan doc than cho ngan hang", MARITAL_STATUS),
    ("xin giấy xác nhận độc thân để đi xuất khẩu lao động", MARITAL_STATUS),
    ("lam ly lich tu phap de di xuat khau lao dong", CRIMINAL_RECORD),
    ("ly lich tu phap so 1 di xkld nhat ban", CRIMINAL_RECORD),
    ("cấp phiếu lý lịch tư pháp để xin việc làm công ty", CRIMINAL_RECORD),
    ("chứng thực bản sao học bạ để nộp hồ sơ tuyển sinh", COPY_CERTIFIED),
    ("chung thuc ban sao bang tot nghiep de nop ho so thi cong chuc", COPY_CERTIFIED),
    ("làm hộ chiếu để đi du học Úc", PASSPORT),
    ("lam ho chieu de di xuat khau lao dong dai loan", PASSPORT),
    ("đăng ký tạm trú cho con để đi học trường gần nhà", {"1.004194"}),
    ("dang ky thuong tru de cho con vao lop 1", {"1.004222"}),
    ("xác nhận thông tin cư trú để xin học cho con", {"1.010041"}),
    ("làm căn cước cho con để thi vào lớp 10", {"1.014062", "1.012549"}),
    ("đăng ký thế chấp nhà để vay vốn ngân hàng", SECURED_TRANSACTION),
    ("trich luc khai sinh de nop ho so nhap hoc", {"2.000635"}),
    ("đăng ký hộ kinh doanh để mở tiệm bán đồ ăn", {"1.001612"}),
    ("chứng thực chữ ký giấy ủy quyền để rút tiền ngân hàng", {"2.000884"}),
    # the outside topic is a paper of the catalog procedure the question names
    ("kết hôn với người nước ngoài cần giấy khám sức khỏe tâm thần không", FOREIGN_MARRIAGE),
    ("ket hon voi nguoi han quoc can giay kham suc khoe o dau", FOREIGN_MARRIAGE),
    ("cấp đổi giấy phép lái xe cần giấy khám sức khỏe không", DRIVING_LICENCE_EXCHANGE),
    ("doi bang lai xe may can kham suc khoe khong", DRIVING_LICENCE_EXCHANGE),
    ("đăng ký khai sinh cho con để làm thẻ bảo hiểm y tế", {"2.001023", "2.000986", "1.001193"}),
]


def test_the_set_is_large_and_mixed():
    questions = [q for q, _ in CONTEXT]
    plain = [q for q in questions if q == q.encode("ascii", "ignore").decode()]
    assert len(CONTEXT) >= 20 and len(plain) >= 0.4 * len(CONTEXT) and len(set(questions)) == len(questions)


@pytest.mark.parametrize("question, codes", CONTEXT)
def test_a_catalog_question_with_an_outside_purpose_reaches_its_procedure(kb, question, codes):
    assert outside_topics().topic_of(question) is None
    assert outside_topics().lookup(question) == []
    result = kb.search(question)
    assert not result.abstain, [h.code for h in result.hits[:3]]
    reached = {result.hits[0].code, *(h.code for h in result.variants)}
    assert reached & codes, [(h.code, h.procedure.name) for h in result.hits[:3]]


@pytest.mark.parametrize(
    "question",
    [
        "vay ngân hàng mua nhà lãi suất bao nhiêu",  # no catalog procedure named
        "cần giấy tờ gì để ly hôn",  # a purpose clause, but no catalog procedure outside it
        "đi xuất khẩu lao động đăng ký ở đâu",
        "xin giấy khám sức khỏe để đi làm",  # a paper, with no catalog procedure
        "mất giấy ra viện thì xin lại ở đâu",  # "xin lại" is an action, not a procedure's name
        "so ho khau cu bi chuot can rach, co can lam lai khong",
        "giấy khai sinh của con đã có, giờ muốn đăng ký tuyển sinh vào lớp 1",  # the catalog paper is not the ask
    ],
)
def test_an_outside_question_stays_outside(question):
    assert outside_topics().topic_of(question) is not None


def test_a_purpose_clause_runs_to_the_end_of_its_clause():
    reading = Reading.of("để vay ngân hàng thì cần giấy xác nhận độc thân")
    assert [" ".join(reading.words[c.start : c.stop]) for c in reading.purpose_clauses] == ["de vay ngan hang"]
    assert outside_topics().topic_of("để vay ngân hàng thì cần giấy xác nhận độc thân") is None


def test_words_that_fold_like_purpose_markers_are_not_purpose():
    # "đề nghị" typed with its diacritics, and "de lai" (để lại) without them, start no purpose clause
    assert Reading.of("xác nhận độc thân, đề nghị vay ngân hàng").purpose_clauses == []
    assert Reading.of("giay xac nhan doc than de lai o ngan hang").purpose_clauses == []
    # "thi" (an exam) does not end the clause; "thì" does
    exam = Reading.of("chứng thực bản sao để nộp hồ sơ thi công chức")
    assert [" ".join(exam.words[c.start : c.stop]) for c in exam.purpose_clauses] == ["de nop ho so thi cong chuc"]


def test_catalog_names_are_known_without_action_words_and_never_action_words_alone():
    names = {" ".join(n) for n in catalog_names()}
    assert {"ket hon", "ly lich tu phap", "chung thuc"} <= names
    assert not names & {"cap lai", "lam lai", "xin lai", "bi mat", "dang ky"}

"""Which fact a message asks when its story names another one, and every fact asked answered (issue 10, brief A of
session 12): a time question whose story names a place, money asked yes or no, an amount told in a story, the form
to use, a paper's validity, the kind of legal text, two facts in one message.

Questions written for this test (about half without diacritics), none from a benchmark set or the training data.
``given`` is the aspect an intent read off the story would give (the NLU sees the whole message); the reader must
answer the question clause.
"""

from __future__ import annotations

import pytest
from action_helpers import make_tracker, run_action

from actions.procedures.answers import ActionAnswerDocuments, ActionAnswerFee, ActionAnswerTime, ActionAnswerWhere
from actions.procedures.asked_facts import second_aspect
from actions.procedures.aspect import asked_aspects, asked_kind, aspect_to_answer
from actions.procedures.render.common import ASPECT_LIMIT, DOCUMENTS_LIMIT, PAGE_LABEL
from actions.procedures.search import ActionSearchProcedure

# (question, the aspect the intent gave, the aspect to answer first)
STORY_NAMES_ANOTHER_FACT = [
    # the wait asked, the place in the story
    ("toi nop o ubnd phuong roi thi bao gio co giay", "where", "time"),
    ("làm ở công an xã thì có lấy ngay được không hay phải đợi", "where", "time"),
    ("sáng mai lên xã nộp thì trong ngày lấy luôn được không", "where", "time"),
    ("nha o ven bien, nop o xa thi mat may hom", "where", "time"),
    ("đã nộp giấy tờ ở phòng xuất nhập cảnh tỉnh rồi thì chừng mấy hôm nhận được", "where", "time"),
    # money asked yes or no
    ("dang ky khai sinh co phai dong dong nao khong", "where", "fee"),
    ("xin giấy xác nhận cư trú có mất đồng nào không", "where", "fee"),
    ("chung thuc chu ky co thu tien khong", "where", "fee"),
    # an amount told in the story, the place asked
    ("mấy tờ 200 nghìn bị cháy sém, mang đi đổi chỗ nào", "fee", "where"),
    ("vay 500 trieu the chap nha thi nop don o dau", "fee", "where"),
    ("tôi bán xe được 30 triệu, giờ rút hồ sơ gốc ở đâu", "fee", "where"),
    # the form to use
    ("to khai dang ky tam tru dung mau nao", "where", "documents"),
    ("đơn xin cấp lại là mẫu gì", "where", "documents"),
    # how long a paper stays valid
    ("phiếu lý lịch tư pháp có giá trị bao lâu", "time", "conditions"),
    ("giay xac nhan doc than co hieu luc may thang, het han thi sao", "time", "conditions"),
    ("thẻ tạm trú dùng được trong bao lâu", "time", "conditions"),
    ("giay chung nhan nay co thoi han su dung bao lau", "time", "conditions"),
    # the legal basis asked by the kind of text
    ("dang ky tam tru lam theo thong tu nao", "documents", "legal"),
]
UNCHANGED = [  # neighbouring readings that stay
    ("làm ở đâu", "where", "where"),
    ("lam o dau", "summary", "where"),
    ("hết bao nhiêu tiền", "summary", "fee"),
    ("het bao nhieu tien", "fee", "fee"),
    ("đăng ký kết hôn mất bao lâu", "time", "time"),
    ("nộp hồ sơ ở xã hay ở huyện", "where", "where"),
    ("cấp hộ chiếu căn cứ nghị định nào", "documents", "legal"),
    ("cho tôi hỏi về thủ tục này", "fee", "fee"),
    ("mua xe cũ trong bao lâu phải sang tên", "summary", "conditions"),
    ("làm hộ chiếu mấy ngày thì có", "time", "time"),
]


@pytest.mark.parametrize("question,given,first", STORY_NAMES_ANOTHER_FACT + UNCHANGED)
def test_the_question_clause_is_answered_first(question, given, first):
    assert aspect_to_answer(question, given) == first


def test_the_sets_are_varied():
    questions = [q for q, _, _ in STORY_NAMES_ANOTHER_FACT]
    assert len(questions) >= 15 and 0.3 <= sum(q.isascii() for q in questions) / len(questions) <= 0.7


@pytest.mark.parametrize(
    "question,given,aspects",
    [
        ("có được miễn lệ phí không, nộp hồ sơ ở đâu", "fee", ["where", "fee"]),
        ("co mat phi khong, bao lau thi xong", "fee", ["time", "fee"]),
        ("lam lai mat bao lau va le phi bao nhieu", "time", ["time", "fee"]),
        ("nộp ở đâu, mất mấy ngày", "where", ["where", "time"]),
        ("phí bao nhiêu", "fee", ["fee"]),
    ],
)
def test_two_facts_asked_come_explicit_question_first(question, given, aspects):
    assert asked_aspects(question, given) == aspects


@pytest.mark.parametrize(
    "question,first,second",
    [
        ("lam lai mat bao lau va le phi bao nhieu", "time", "fee"),
        ("có được miễn lệ phí không, nộp hồ sơ ở đâu", "where", "fee"),
        ("cần giấy tờ gì và mất bao lâu", "documents", "time"),
        ("phí bao nhiêu", "fee", ""),
        ("có phải đổi không, đổi ở đâu", "where", ""),  # a yes/no question about a step is no one-line fact
        ("mất bao lâu và phí bao nhiêu", "summary", ""),  # never beside the overview
    ],
)
def test_the_second_fact(question, first, second):
    assert second_aspect(question, first) == second


@pytest.mark.parametrize(
    "question,kind",
    [
        ("làm theo luật gì", "Luật"),
        ("dang ky tam tru theo thong tu nao", "Thông tư"),
        ("cấp hộ chiếu căn cứ nghị định nào", "Nghị định"),
        ("can cu quyet dinh nao", "Quyết định"),
        ("theo quy định pháp luật nào", ""),
        ("văn bản nào quy định", ""),
    ],
)
def test_the_kind_of_legal_text_asked(question, kind):
    assert asked_kind(question) == kind


# a follow-up about the current procedure (cấp lại giấy phép lái xe: 5 ngày làm việc, 135.000 đồng/lần)
LICENCE = "3.000348"


def _follow_up(action, question: str, intent: str) -> str:
    tracker = make_tracker(question, intent, slots={"current_procedure_code": LICENCE})
    messages, _, _ = run_action(action, tracker)
    return messages[0].get("text") or ""


@pytest.mark.parametrize(
    "action,intent,question,facts",
    [
        (
            ActionAnswerTime(),
            "ask_time",
            "lam lai mat bao lau va le phi bao nhieu",
            ["5 ngày làm việc", "135.000 đồng"],
        ),
        (ActionAnswerFee(), "ask_fee", "có mất phí không, bao lâu thì xong", ["5 ngày làm việc", "135.000 đồng"]),
        (ActionAnswerFee(), "ask_fee", "co duoc mien phi khong, nop don o dau", ["Nơi nộp hồ sơ", "135.000 đồng"]),
        (ActionAnswerWhere(), "ask_where", "nộp ở chỗ nào, mất mấy ngày", ["Nơi nộp hồ sơ", "5 ngày làm việc"]),
    ],
)
def test_both_facts_asked_are_in_the_reply(kb, action, intent, question, facts):
    text = _follow_up(action, question, intent)
    assert all(fact in text for fact in facts), text
    assert len(text) <= ASPECT_LIMIT and text.splitlines()[-1].startswith(PAGE_LABEL), text


def test_the_explicit_question_is_stated_first(kb):
    text = _follow_up(ActionAnswerFee(), "co duoc mien phi khong, nop don o dau", "ask_fee")
    assert text.startswith("Nơi nộp hồ sơ"), text


def test_a_document_list_with_the_time_fits_its_screen(kb):
    text = _follow_up(ActionAnswerDocuments(), "can giay to gi va mat bao lau", "ask_documents")
    assert "5 ngày làm việc" in text and text.startswith("Giấy tờ"), text
    assert len(text) <= DOCUMENTS_LIMIT and text.splitlines()[-1].startswith(PAGE_LABEL), text


@pytest.mark.parametrize(
    "action,intent,question,absent",
    [
        (ActionAnswerFee(), "ask_fee", "lệ phí bao nhiêu", "Thời hạn"),
        (ActionAnswerTime(), "ask_time", "mat bao lau", "Lệ phí"),
        (ActionAnswerWhere(), "ask_where", "có phải đổi không, đổi ở đâu", "Lệ phí"),
    ],
)
def test_one_fact_asked_gets_one(kb, action, intent, question, absent):
    assert absent not in _follow_up(action, question, intent)


@pytest.mark.parametrize(
    "question,facts",
    [
        ("cấp lại bằng lái xe bị mất thì mất bao lâu và lệ phí bao nhiêu", ["5 ngày làm việc", "135.000 đồng"]),
        ("lam lai giay phep lai xe nop o dau, may ngay xong", ["Nơi nộp hồ sơ", "5 ngày làm việc"]),
    ],
)
def test_a_first_message_asking_two_facts_gets_both(kb, question, facts):
    """The first message of a chat (searched, no current procedure) states both facts it asks, like a follow-up."""
    tracker = make_tracker(question, "ask_procedure")
    messages, _, _ = run_action(ActionSearchProcedure(), tracker)
    text = "\n".join(m.get("text") or "" for m in messages)
    assert all(fact in text for fact in facts), text
    assert len(text) <= ASPECT_LIMIT, text

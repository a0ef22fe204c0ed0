"""Document answers for the citizen's own case, over the real knowledge base (issue 10).

- A dossier that differs by case answers the case the question describes ("đăng ký thường trú vào nhà thuê"),
  names it and offers the other cases behind a button; when nothing selects a case, it asks which applies.
- The papers needed only in a particular case are named briefly with their case in the first answer.
- A question naming a paper ("có cần giấy khám sức khỏe không") is answered first: whether and when it is needed.
The questions are written for this test (half without diacritics), not taken from a benchmark or the training data.
"""

from __future__ import annotations

import json

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.procedures import render
from actions.procedures.answers import ActionAnswerDocuments
from actions.procedures.render import DOCUMENTS_LIMIT
from actions.procedures.render.common import PAGE_LABEL
from common.limits import MAX_REPLY_CHARS

RESIDENCE, BUILDING, SPLIT, LICENCE_CHANGE, LICENCE_REISSUE, BIRTH = (
    "1.004222",  # Đăng ký thường trú
    "1.013225",  # Cấp giấy phép xây dựng mới … và nhà ở riêng lẻ
    "1.010038",  # Tách hộ
    "3.000347",  # Đổi giấy phép lái xe
    "3.000348",  # Cấp lại giấy phép lái xe
    "1.001193",  # Đăng ký khai sinh
)
ASK_CASE = "Bạn thuộc trường hợp nào?"

# (procedure, question, the case heading's words the answer must name)
CASE_QUESTIONS = [
    (RESIDENCE, "đăng ký thường trú vào nhà thuê cần giấy tờ gì", "do thuê, mượn, ở nhờ"),
    (RESIDENCE, "dang ky thuong tru vao nha thue can gi", "do thuê, mượn, ở nhờ"),
    (RESIDENCE, "đăng ký thường trú ở nhờ nhà người quen thì cần những gì", "do thuê, mượn, ở nhờ"),
    (RESIDENCE, "nhap khau vao nha di muon cua ban be can giay to gi", "do thuê, mượn, ở nhờ"),
    (RESIDENCE, "dang ky thuong tru o nha cong vu trong don vi quan doi", "đơn vị đóng quân"),
    (RESIDENCE, "dang ky thuong tru tai co so tro giup xa hoi", "chăm sóc, nuôi dưỡng"),
    (BUILDING, "xin giấy phép xây nhà 3 tầng cần giấy tờ gì", "nhà ở riêng lẻ"),
    (BUILDING, "xin giay phep xay nha o rieng le can ho so gi", "nhà ở riêng lẻ"),
    (BUILDING, "xin phép xây dựng công trình tôn giáo cần hồ sơ gì", "tôn giáo"),
    (SPLIT, "tách hộ sau khi ly hôn cần giấy tờ gì", "ly hôn"),
    (SPLIT, "tach ho khi vo chong da ly hon van o chung nha", "ly hôn"),
]

# (procedure, question): nothing in the question tells the case apart, so the answer asks
UNSAID_CASES = [
    (RESIDENCE, "đăng ký thường trú cần những gì"),
    (SPLIT, "tach ho can giay to gi"),
    (BUILDING, "xin phep xay dung can nhung gi"),
    (SPLIT, "tách hộ cho con trai đã lập gia đình"),  # "hộ gia đình" is everyone's, not the divorced spouses' case
]

# (procedure, question, how the answer must begin)
PAPER_QUESTIONS = [
    (LICENCE_CHANGE, "đổi bằng lái có cần giấy khám sức khỏe không", "Có — cần Giấy khám sức khỏe, trừ người có"),
    (LICENCE_CHANGE, "doi bang lai xe may co can kham suc khoe khong", "Có — cần Giấy khám sức khỏe, trừ người có"),
    (LICENCE_REISSUE, "cap lai bang lai xe co can giay kham suc khoe ko", "Có — cần Giấy khám sức khỏe, trừ người có"),
    (LICENCE_CHANGE, "đổi giấy phép lái xe có cần hộ chiếu không", "Có — cần Hộ chiếu còn thời hạn sử dụng, nếu người"),
    (BIRTH, "lam giay khai sinh co can giay chung sinh khong", "Có — cần Giấy chứng sinh."),
    (BIRTH, "làm khai sinh cho con có cần văn bản ủy quyền không", "Có — cần Văn bản ủy quyền, nếu ủy quyền"),
    (
        RESIDENCE,
        "dang ky thuong tru nha thue co can hop dong thue nha khong",
        "Có — trong trường hợp “Vào chỗ ở hợp pháp do thuê, mượn, ở nhờ”, cần Hợp đồng, văn bản về việc cho thuê",
    ),
]

# (procedure, question, a conditional paper's brief line the first answer must hold)
CONDITIONAL_LINES = [
    (
        LICENCE_CHANGE,
        "doi bang lai can giay to gi",
        "• Giấy khám sức khỏe (trừ người có giấy phép lái xe hạng A1, A, B1)",
    ),
    (LICENCE_REISSUE, "cấp lại bằng lái xe cần những giấy tờ nào", "• Hộ chiếu còn thời hạn sử dụng (nếu người nước"),
    (BIRTH, "làm giấy khai sinh cần gì", "• Văn bản ủy quyền (nếu ủy quyền cho người khác làm thay)"),
]


def _documents(kb, code: str, question: str = "", detail: str = ""):
    proc = kb.get(code)
    assert proc is not None, code
    return render.answer(proc, "documents", detail=detail, question=question)


def _within_limits(reply) -> None:
    assert len(reply.text) <= DOCUMENTS_LIMIT <= MAX_REPLY_CHARS
    assert reply.text.splitlines()[-1].startswith(PAGE_LABEL)


@pytest.mark.parametrize("code, question, case", CASE_QUESTIONS)
def test_the_case_the_question_describes_is_answered_and_named(kb, code, question, case):
    reply = _documents(kb, code, question)
    first = reply.text.splitlines()[0]
    assert ASK_CASE not in reply.text
    assert ", trường hợp “" in first and case in first, reply.text
    assert reply.text.splitlines()[1].startswith("1. "), reply.text  # its papers follow
    assert any(b["title"] == "Trường hợp khác" for b in reply.buttons)
    _within_limits(reply)


@pytest.mark.parametrize("code, question", UNSAID_CASES)
def test_when_no_case_is_said_the_answer_asks_which(kb, code, question):
    reply = _documents(kb, code, question)
    assert ASK_CASE in reply.text
    assert [b["title"][:2] for b in reply.buttons[:2]] == ["1.", "2."]
    _within_limits(reply)


@pytest.mark.parametrize("code, question, start", PAPER_QUESTIONS)
def test_a_paper_asked_about_is_answered_first(kb, code, question, start):
    reply = _documents(kb, code, question)
    assert reply.text.startswith(start), reply.text
    _within_limits(reply)


@pytest.mark.parametrize("code, question, line", CONDITIONAL_LINES)
def test_conditional_papers_are_named_with_their_case(kb, code, question, line):
    reply = _documents(kb, code, question)
    assert line in reply.text.splitlines() or any(row.startswith(line) for row in reply.text.splitlines())
    assert "Ngoài ra có" not in reply.text
    _within_limits(reply)


def test_the_other_cases_button_lists_the_cases_without_their_numbers(kb):
    chosen = _documents(kb, BUILDING, "xin giấy phép xây nhà 3 tầng")
    other = next(b for b in chosen.buttons if b["title"] == "Trường hợp khác")
    detail = json.loads(other["payload"][len("/ask_documents") :])
    reply = _documents(kb, BUILDING, detail=detail["detail"])
    assert ASK_CASE in reply.text and "7. Công trình nhà ở riêng lẻ" in reply.text
    assert "(1.1)" not in reply.text  # the catalog's numbering of a case is no part of its name


def test_a_case_with_many_alternatives_still_lists_its_papers(kb):
    reply = _documents(kb, BUILDING, "xin giay phep xay nha o rieng le")
    assert "2. Một trong những giấy tờ hợp pháp về đất đai" in reply.text  # after the application form
    assert "loại khác)" in reply.text  # alternatives beyond two are counted, not listed
    _within_limits(reply)


@pytest.mark.parametrize(
    "code, question",
    [
        (BUILDING, "cấp giấy phép xây dựng công trình tín ngưỡng, tôn giáo, tượng đài và nhà ở riêng lẻ cần gì"),
    ],
)
def test_naming_the_procedure_chooses_no_case(kb, code, question):
    reply = _documents(kb, code, question)
    assert ", trường hợp “" not in reply.text.splitlines()[0], reply.text


def test_a_button_payload_selects_no_case(kb):
    reply = _documents(kb, RESIDENCE, '/ask_documents{"detail":"thuê mượn ở nhờ"}')
    assert ASK_CASE in reply.text


def test_the_documents_action_answers_the_case_of_the_question(kb):
    tracker = make_tracker("đăng ký thường trú vào nhà thuê thì cần những giấy tờ gì", "ask_documents")
    messages, _, slots = run_action(ActionAnswerDocuments(), tracker)
    assert slots.get("current_procedure_code") == RESIDENCE
    assert "trường hợp “Vào chỗ ở hợp pháp do thuê, mượn, ở nhờ”" in all_text(messages)
    assert any(b["title"] == "Trường hợp khác" for b in all_buttons(messages))
    assert all(len(m.get("text") or "") <= MAX_REPLY_CHARS for m in messages)

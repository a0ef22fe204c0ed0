"""End to end through the running servers (REST channel, real NLU, action server and knowledge base): the
conversation's context and small talk never lose a question (issue 10). Multi-turn conversations written for this
test (none from a benchmark set); whatever intent the NLU gives each message, the replies must keep the question.

Run with the app venv: `.venv/bin/python -m pytest tests/e2e/test_conversation_context_e2e.py` (the servers fixture
of test_rest_conversation.py trains the model if needed and starts the servers on free ports of 127.0.0.1).
"""

from __future__ import annotations

from tests.e2e.test_rest_conversation import Chat, chat, servers  # noqa: F401 - pytest fixtures

GOODBYE = "Tạm biệt bạn"  # utter_goodbye; utter_thank starts "Không có gì"
ASKS_WHICH = "thủ tục nào"


def test_a_short_name_then_its_fee_and_time(chat: Chat):  # noqa: F811
    first = chat.say("khai tử")
    assert "khai tử" in first.lower() and "Vâng ạ" not in first
    fee = chat.say("mất bao nhiêu tiền")
    assert "Lệ phí" in fee and "khai tử" in fee and ASKS_WHICH not in fee
    time = chat.say("bao lâu thì xong")
    assert "Thời hạn" in time and "khai tử" in time and ASKS_WHICH not in time


def test_a_question_said_with_a_goodbye_is_answered_and_a_goodbye_still_ends(chat: Chat):  # noqa: F811
    chat.say("xin chào")  # past the privacy notice
    answer = chat.say("gặp lại sau nhé, nhưng trước đó cho tôi biết lệ phí làm sổ hồng")
    assert GOODBYE not in answer and "Giấy chứng nhận" in answer
    short = chat.say("cảm ơn bạn nhiều, tạm biệt")  # the thanks or the goodbye, whichever the NLU reads
    assert (GOODBYE in short or "Không có gì" in short) and "Giấy chứng nhận" not in short


def test_a_refinement_for_a_child_stays_with_the_passport(chat: Chat):  # noqa: F811
    assert "hộ chiếu" in chat.say("làm hộ chiếu").lower()
    papers = chat.say("làm cho con 5 tuổi thì cần thêm gì")
    head = papers.split("\n")[0].lower()
    assert "hộ chiếu" in head and "căn cước" not in head
    assert "hộ chiếu" in chat.say("được rồi, thế lệ phí bao nhiêu").lower()


def test_a_correction_moves_to_the_corrected_procedure_and_keeps_it(chat: Chat):  # noqa: F811
    assert "kết hôn" in chat.say("đăng ký kết hôn").lower()
    corrected = chat.say("à nhầm, ý tôi là đăng ký tạm trú")
    assert "tạm trú" in corrected.lower() and "kết hôn" not in corrected.lower()
    time = chat.say("bao lâu thì xong")
    assert "Thời hạn" in time and "tạm trú" in time.lower()

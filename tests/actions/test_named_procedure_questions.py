"""A fact question that names its procedure is answered, never met with "thủ tục nào ạ?" (issue 10).

The follow-up actions (ask_time, ask_fee, ask_documents, ask_where, ask_online, ask_legal_basis) search the whole
message as soon as it names anything besides the question, even one word ("passport", "báo tử", "hộ nghèo"), and rely
on the knowledge base's own abstention; a pure question uses the conversation's context (the current procedure, else
the last query that found nothing), and asks which procedure only when there is none. Through the actions, over the
real knowledge base; every message was written for these tests (none is taken from a benchmark set).
"""

from __future__ import annotations

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action, user_event
from test_answer_questions import ACTIONS  # aspect -> (action class, intent, how its answer starts)

from actions.procedures.conversation import content_words, named_part

BIRTH = {"current_procedure_code": "1.001193", "current_procedure_name": "Thủ tục đăng ký khai sinh"}
MARRIAGE = {"current_procedure_code": "1.000894", "current_procedure_name": "Thủ tục đăng ký kết hôn"}
ASKS_WHICH = "thủ tục nào"


def ask(text: str, aspect: str, slots=None, history=None):
    action, intent, _ = ACTIONS[aspect]
    return run_action(action(), make_tracker(text, intent, slots=slots, history=history))


def assert_answered_about(kb, messages, slots, words) -> None:
    """Not asked which procedure; the procedure answered (or the first variant offered) has ``words`` in its name."""
    assert ASKS_WHICH not in all_text(messages), all_text(messages)[:200]
    code = slots.get("current_procedure_code") or (slots.get("pending_variants") or [None])[0]
    name = kb.get(code).name.lower()
    assert all(w in name for w in words), name


# ------------------------------------------------------------------ what a message names (no knowledge base)
@pytest.mark.parametrize(
    "text, named",
    [
        ("passport bao lâu", "passport"),
        ("báo tử bao lâu thì xong", "báo tử"),
        ("ho ngheo can giay to gi", "ho ngheo"),
        ("hộ chiếu mất bao lâu", "hộ chiếu"),
        ("kết hôn hết bao nhiêu tiền", "kết hôn"),
        ("ly hon nop o dau", "ly hon"),
        ("can cu phap ly cua khai tu", "khai tu"),
        # typed with diacritics, a word is a question word only as that word: not "thẻ" (thế), "căn" (cần), "Hàn" (hạn)
        ("lệ phí cấp đổi thẻ căn cước bao nhiêu", "cấp đổi thẻ căn cước"),
        ("kết hôn với người Hàn Quốc cần gì", "kết hôn người Hàn Quốc"),
    ],
)
def test_a_word_that_names_a_procedure_is_not_a_question_word(text, named):
    assert named_part(text) == named


@pytest.mark.parametrize(
    "text",
    [
        "bao lâu?",
        "can giay to gi",
        "cho em hỏi giúp lệ phí bao nhiêu",
        "mat bao lau ha ban",
        "hồ sơ gồm những gì vậy ạ",
        "nop truc tuyen duoc khong",
        "thế còn lệ phí thì sao",
        "căn cứ pháp lý là văn bản nào",
    ],
)
def test_a_pure_question_names_nothing(text):
    assert content_words(text) == []


# ------------------------------------------------------------------ a procedure named in few words (real KB)
@pytest.mark.parametrize(
    "text, aspect, words",
    [
        ("passport bao lâu", "time", ("hộ chiếu",)),
        ("lam passport het bao nhieu tien", "fee", ("hộ chiếu",)),
        ("hộ nghèo cần giấy tờ gì", "documents", ("hộ nghèo",)),
        ("ho ngheo nop o dau", "where", ("hộ nghèo",)),
        ("báo tử bao lâu", "time", ("khai tử",)),
        ("bao tu can mang gi", "documents", ("khai tử",)),
        ("khai tu o dau", "where", ("khai tử",)),
        ("can cu phap ly cua bao tu", "legal", ("khai tử",)),
        ("sổ đỏ lệ phí bao nhiêu", "fee", ("giấy chứng nhận",)),
        ("ho chieu mat bao lau", "time", ("hộ chiếu",)),
        ("con nuoi can gi", "documents", ("nuôi con nuôi",)),
        ("visa bao nhiêu tiền", "fee", ("thị thực",)),
        ("kết hôn hết bao lâu", "time", ("kết hôn",)),
    ],
)
def test_a_procedure_named_in_one_word_is_answered(kb, text, aspect, words):
    messages, _, slots = ask(text, aspect)
    assert_answered_about(kb, messages, slots, words)
    if not slots.get("pending_variants"):
        assert all_text(messages).startswith(ACTIONS[aspect][2])


@pytest.mark.parametrize(
    "text, aspect, words",
    [
        ("ông tôi mất ở nhà, đi báo tử bao lâu thì có giấy", "time", ("khai tử",)),
        ("bố tôi mất rồi, đi báo tử ở đâu", "where", ("khai tử",)),
        ("bà mất hôm qua rồi, giờ báo tử cần giấy tờ gì", "documents", ("khai tử",)),
        ("me mat roi, bao tu thi nop o dau", "where", ("khai tử",)),
        ("ba em mat tuan truoc, bao tu xong mat may ngay", "time", ("khai tử",)),
    ],
)
def test_a_story_around_the_procedure_is_answered(kb, text, aspect, words):
    messages, _, slots = ask(text, aspect)
    assert_answered_about(kb, messages, slots, words)


@pytest.mark.parametrize("text", ["ly hôn bao lâu", "ly di bao lau thi xong"])
def test_an_outside_topic_named_in_one_word_gets_the_honest_answer(kb, text):
    messages, _, slots = ask(text, "time")
    reply = all_text(messages)
    assert "Tòa án" in reply and ASKS_WHICH not in reply
    assert "/request_human" in [b["payload"] for b in all_buttons(messages)]
    assert not slots.get("current_procedure_code")


# ------------------------------------------------------------------ follow-ups use the conversation's context
@pytest.mark.parametrize(
    "text, aspect, slots, code",
    [
        ("bao lâu thì xong", "time", BIRTH, BIRTH["current_procedure_code"]),
        ("le phi bao nhieu vay", "fee", BIRTH, BIRTH["current_procedure_code"]),
        ("thế nộp ở đâu ạ", "where", MARRIAGE, MARRIAGE["current_procedure_code"]),
        ("mat may ngay ha ban", "time", MARRIAGE, MARRIAGE["current_procedure_code"]),
    ],
)
def test_a_pure_follow_up_answers_the_current_procedure(kb, text, aspect, slots, code):
    messages, _, set_slots = ask(text, aspect, slots)
    reply = all_text(messages)
    assert reply.startswith(ACTIONS[aspect][2]) and kb.get(code).name.lower().split("thủ tục ")[-1] in reply.lower()
    assert not set_slots.get("current_procedure_code")  # the topic is kept, not switched


@pytest.mark.parametrize(
    "text, aspect, slots",
    [
        ("cảm ơn, nộp ở đâu", "where", BIRTH),
        ("dạ cho hỏi nộp ở đâu", "where", BIRTH),
        ("ok vay bao lau thi xong", "time", MARRIAGE),
        ("thanks, le phi bao nhieu", "fee", MARRIAGE),
        ("bao lâu thì nhận được giấy", "time", MARRIAGE),
        ("co can chup anh khong", "documents", MARRIAGE),
    ],
)
def test_a_courtesy_or_a_stray_word_keeps_the_current_procedure(kb, text, aspect, slots):
    messages, _, set_slots = ask(text, aspect, slots)
    assert all_text(messages).startswith(ACTIONS[aspect][2]) and not set_slots.get("current_procedure_code")


@pytest.mark.parametrize(
    "text, aspect, words",
    [
        ("passport thì bao lâu", "time", ("hộ chiếu",)),
        ("còn báo tử thì nộp ở đâu", "where", ("khai tử",)),
        ("lệ phí cấp đổi thẻ căn cước bao nhiêu", "fee", ("căn cước",)),
    ],
)
def test_a_follow_up_naming_another_procedure_in_one_word_switches_to_it(kb, text, aspect, words):
    messages, _, slots = ask(text, aspect, BIRTH)
    assert_answered_about(kb, messages, slots, words)


@pytest.mark.parametrize(
    "text, aspect, last_query, words",
    [
        ("cần giấy tờ gì", "documents", "tôi muốn xây nhà", ("giấy phép xây dựng",)),
        ("lệ phí bao nhiêu", "fee", "tôi muốn mở quán ăn", ("hộ kinh doanh",)),
    ],
)
def test_a_pure_question_after_a_search_that_found_nothing_searches_it_again(kb, text, aspect, last_query, words):
    messages, _, slots = ask(text, aspect, {"last_query": last_query})
    assert_answered_about(kb, messages, slots, words)


def test_a_pure_question_whose_context_still_finds_nothing_is_answered_honestly(kb):
    messages, _, slots = ask("bao lâu thì xong", "time", {"last_query": "hỏi về con mèo nhà hàng xóm"})
    reply = all_text(messages)
    assert ASKS_WHICH not in reply and "không tìm thấy" in reply
    assert slots.get("last_query") == "hỏi về con mèo nhà hàng xóm" and slots.get("turn_failed") is True


@pytest.mark.parametrize(
    "earlier, text, aspect, where",
    [
        ("vợ chồng tôi muốn ly hôn", "thế mất bao lâu", "time", "Tòa án"),
        ("me toi sap nghi huu, lam luong huu the nao", "can giay to gi", "documents", "Bảo hiểm xã hội"),
    ],
)
def test_a_pure_question_after_an_outside_topic_repeats_where_to_go(kb, earlier, text, aspect, where):
    messages, _, _ = ask(text, aspect, history=[user_event(earlier, "ask_procedure")])
    reply = all_text(messages)
    assert where in reply and ASKS_WHICH not in reply


# ------------------------------------------------------------------ without any context: which procedure?
@pytest.mark.parametrize(
    "text, aspect",
    [
        ("bao lâu?", "time"),
        ("can giay to gi", "documents"),
        ("cho em hỏi giúp lệ phí bao nhiêu", "fee"),
        ("nop o dau ha em", "where"),
        ("co nop truc tuyen duoc khong", "online"),
        ("căn cứ pháp lý là gì", "legal"),
    ],
)
def test_a_pure_question_without_context_asks_which_procedure(kb, text, aspect):
    messages, _, slots = ask(text, aspect, history=[user_event("xin chào", "greet")])
    assert ASKS_WHICH in all_text(messages) and not slots

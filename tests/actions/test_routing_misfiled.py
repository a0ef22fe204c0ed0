"""A procedure question reaches the search whatever intent the NLU files it under (issue 10, brief P).

- complain: a fact asked of a procedure by a message that blames nobody is answered; a grievance against an office
  or an official (late, rude, money asked for, refused) still opens the form, even when it names a procedure;
- faq: a question asking a fact of a procedure the search finds confidently gets the procedure's answer; a general
  question keeps the FAQ text;
- a catalog procedure named strongly beside a topic outside the catalog wins over the topic;
- nlu_fallback: a message the search found nothing for is the context of the next question.

Every message here was written for these tests (none is taken from a benchmark set); about half have no diacritics.
"""

from __future__ import annotations

import pytest
from action_helpers import all_text, make_tracker, run_action, user_event

from actions.fallback.fallback import ActionFallback
from actions.fallback.faq import ActionAnswerFaq, faq_response
from actions.feedback.entry import ActionComplain
from actions.procedures.answers import ActionAnswerDocuments, ActionAnswerTime
from actions.procedures.named_beside_outside import without_phrases
from actions.procedures.routing import asked_fact, is_grievance
from actions.procedures.search import ActionSearchProcedure

VNEID_LEVEL2 = "3.000228"  # Cấp tài khoản định danh điện tử mức độ 02, căn cước điện tử (cấp xã)
FORM_START = "Tôi rất tiếc"
HEADINGS = {"time": "Thời hạn", "fee": "Lệ phí", "where": "Nơi nộp", "documents": "Giấy tờ"}


def opened_form(events) -> bool:
    return any(e.get("event") == "active_loop" and e.get("name") for e in events)


def answered(kb, slots) -> str:
    """Lower-cased name of the procedure answered or offered ("" when none)."""
    codes = [slots.get("current_procedure_code"), *(slots.get("pending_variants") or [])]
    return next((kb.get(code).name.lower() for code in codes if code), "")


def faq_tracker(text: str, response: str = "utter_faq/vneid_level2", **kwargs):
    """The NLU's reading of a FAQ as config.yml's one response selector gives it (under "default")."""
    tracker = make_tracker(text, "faq", **kwargs)
    tracker.latest_message["response_selector"] = {
        "all_retrieval_intents": ["chitchat", "faq"],
        "default": {"response": {"utter_action": response, "intent_response_key": response[len("utter_") :]}},
    }
    return tracker


# ------------------------------------------------------------------ complain: a question that blames nobody
@pytest.mark.parametrize(
    "text, words, aspect",
    [
        ("tiền để trong tủ bị chuột gặm rách hết, mang đi đổi ở đâu được", ("đổi tiền",), "where"),
        ("tien bi chuot can rach nat het thi doi o dau", ("đổi tiền",), "where"),
        ("sổ đỏ cũ cấp từ năm 1998 giờ muốn đổi sang mẫu mới thì cần giấy tờ gì", ("cấp đổi",), "documents"),
        ("so do cu tu nam 98 muon doi sang so moi can giay to gi", ("cấp đổi",), "documents"),
        ("bằng lái xe giấy cũ của tôi đổi sang thẻ nhựa hết bao nhiêu tiền", ("đổi giấy phép lái xe",), "fee"),
        ("doi bang lai xe giay sang the pet mat bao lau", ("đổi giấy phép lái xe",), "time"),
        ("toi mua lai xe may cu cua ban, gio sang ten thi het bao lau", ("sang tên",), "time"),
    ],
)
def test_a_complaint_that_asks_a_fact_and_blames_nobody_is_answered(kb, text, words, aspect):
    messages, events, slots = run_action(ActionComplain(), make_tracker(text, "complain"))
    reply = all_text(messages)
    assert not opened_form(events) and FORM_START not in reply, reply
    assert all(w in answered(kb, slots) for w in words), (answered(kb, slots), reply)
    assert HEADINGS[aspect] in reply.split("\n")[0], reply


def test_a_used_vehicle_story_with_diacritics_asking_the_transfer_time_is_answered(kb):
    text = "tôi mới mua lại chiếc xe máy cũ của ông hàng xóm, giờ sang tên thì mất bao lâu"
    _, events, slots = run_action(ActionComplain(), make_tracker(text, "complain"))
    assert not opened_form(events) and "sang tên" in answered(kb, slots)


# Grievances that name a procedure: the form opens (pre-filled), no procedure is answered.
GRIEVANCES = [
    "tôi nộp hồ sơ sang tên xe máy hơn 2 tháng rồi mà vẫn chưa có kết quả",
    "cán bộ địa chính đòi 5 triệu mới làm sổ đỏ cho nhà tôi",
    "can bo xa doi them tien moi ky giay xac nhan tinh trang hon nhan",
    "làm giấy khai sinh cho con mà cán bộ phường hẹn lên hẹn xuống mãi chưa xong",
    "nop ho so dang ky ket hon 3 lan deu bi tra ve bat bo sung",
    "cán bộ một cửa thái độ rất hách dịch khi tôi hỏi thủ tục đăng ký tạm trú",
    "đăng ký thường trú quá hẹn 10 ngày mà không ai giải quyết",
    "nhan vien cong an phuong quat thao khi toi lam can cuoc cho con",
    "xã từ chối nhận hồ sơ cấp giấy phép xây dựng mà không nói lý do",
    "lam so do cho bo me ma phai boi duong moi duoc lam nhanh",
    "trễ hẹn trả kết quả cấp đổi giấy phép lái xe cả tháng nay",
    "toi muon khieu nai ve viec cap giay chung nhan quyen su dung dat qua cham",
    "sao đăng ký khai sinh cho con mà phải đi lại 4 lần vậy, mất bao lâu nữa?",
    "ho so chuyen nhuong dat cua toi bi that lac ho so o mot cua, gio nop lai o dau?",
]


@pytest.mark.parametrize("text", GRIEVANCES)
def test_a_grievance_is_recognised(text):
    assert is_grievance(text)


@pytest.mark.parametrize(
    "text",
    [
        "tiền bị rách đổi ở đâu",
        "doi tien rach o ngan hang nao",
        "đổi tiền lẻ mừng tuổi ở đâu",
        "sang tên xe máy mất bao lâu",
        "cấp đổi sổ đỏ cần giấy tờ gì",
        "lam lai can cuoc het bao nhieu tien",
    ],
)
def test_exchanging_banknotes_or_asking_a_fact_is_no_grievance(text):
    assert not is_grievance(text)


@pytest.mark.parametrize("text", GRIEVANCES[:12])
def test_a_grievance_naming_a_procedure_still_opens_the_form(kb, text):
    messages, events, slots = run_action(ActionComplain(), make_tracker(text, "complain"))
    assert opened_form(events) or any(e.get("name") == "handoff_form" for e in events), all_text(messages)
    assert not slots.get("current_procedure_code")


# ------------------------------------------------------------------ faq: a fact of a procedure, or the FAQ text
@pytest.mark.parametrize(
    "text, aspect",
    [
        ("tài khoản định danh mức 2 làm xong trong mấy ngày", "time"),
        ("lam dinh danh dien tu muc 2 co mat tien khong", "fee"),
        ("đăng ký định danh điện tử mức 2 cần mang giấy tờ gì", "documents"),
        ("dang ky tai khoan dinh danh muc 2 thi bao lau moi xong", "time"),
    ],
)
def test_a_faq_asking_a_fact_of_the_vneid_procedure_gets_the_procedure(kb, text, aspect):
    messages, _, slots = run_action(ActionAnswerFaq(), faq_tracker(text))
    assert slots.get("current_procedure_code") == VNEID_LEVEL2 or VNEID_LEVEL2 in (slots.get("pending_variants") or [])
    assert not any(m.get("response") for m in messages)
    if slots.get("current_procedure_code"):
        assert HEADINGS[aspect] in all_text(messages).split("\n")[0], all_text(messages)


@pytest.mark.parametrize(
    "text, response",
    [
        ("định danh điện tử mức 2 dùng để làm gì", "utter_faq/vneid_level2"),
        ("tai khoan muc 2 khac muc 1 the nao", "utter_faq/vneid_level2"),
        ("dich vu cong truc tuyen la gi", "utter_faq/online_service"),
        ("nop ho so qua buu dien mat bao lau", "utter_faq/postal_delivery"),
        ("bộ phận một cửa là gì", "utter_faq/one_stop_office"),
    ],
)
def test_a_general_faq_keeps_its_text(kb, text, response):
    messages, events, _ = run_action(ActionAnswerFaq(), faq_tracker(text, response))
    assert [m.get("response") for m in messages] == [response]
    assert not events


def test_a_faq_about_a_service_gives_way_to_a_strongly_named_procedure(kb):
    text = "nộp trực tuyến đăng ký khai sinh mất bao lâu"
    messages, _, slots = run_action(ActionAnswerFaq(), faq_tracker(text, "utter_faq/online_service"))
    assert "khai sinh" in answered(kb, slots), all_text(messages)


def test_a_chitchat_response_is_no_faq_text():
    tracker = faq_tracker("bạn tên là gì", "utter_chitchat/ask_name")
    assert faq_response(tracker) == ""


def test_a_typed_faq_payload_is_asked_what_it_wants():
    tracker = make_tracker("/faq", "faq")
    assert faq_response(tracker) == ""
    messages, events, _ = run_action(ActionAnswerFaq(), tracker)
    assert "Bạn muốn hỏi điều gì" in all_text(messages) and not events


@pytest.mark.parametrize(
    "text, name, aspect",
    [
        ("dich vu cong truc tuyen la gi", "Dịch vụ công trực tuyến gửi, nhận đơn khởi kiện", "summary"),
        ("kich hoat dinh danh muc 2 lam o cho nao", "Cấp tài khoản định danh điện tử mức độ 02", "where"),
    ],
)
def test_the_fact_is_read_without_the_procedures_own_words(text, name, aspect):
    assert asked_fact(text, name) == aspect


# ------------------------------------------------------------------ a catalog procedure beside an outside topic
@pytest.mark.parametrize(
    "text, words",
    [
        ("xin phieu ly lich tu phap so 1 de nop ho so xuat khau lao dong", ("lý lịch tư pháp",)),
        ("dang ky ket hon voi chong nguoi nuoc ngoai co phai kham benh vien khong", ("kết hôn", "nước ngoài")),
        ("đăng ký kết hôn với vợ người nước ngoài có phải đi khám ở bệnh viện không", ("kết hôn", "nước ngoài")),
    ],
)
def test_a_procedure_named_strongly_beside_an_outside_topic_is_answered(kb, text, words):
    messages, _, slots = run_action(ActionSearchProcedure(), make_tracker(text, "ask_procedure"))
    assert all(w in answered(kb, slots) for w in words), all_text(messages)
    assert "không thuộc" not in all_text(messages)


@pytest.mark.parametrize(
    "text, words",
    [
        ("xin phieu ly lich tu phap so 1 de nop ho so xuat khau lao dong thi can giay to gi", ("lý lịch tư pháp",)),
        ("đăng ký kết hôn với vợ người nước ngoài có phải đi khám ở bệnh viện không", ("kết hôn", "nước ngoài")),
    ],
)
def test_a_fact_intent_beside_an_outside_topic_answers_the_named_procedure(kb, text, words):
    messages, _, slots = run_action(ActionAnswerDocuments(), make_tracker(text, "ask_documents"))
    assert all(w in answered(kb, slots) for w in words), all_text(messages)
    assert "không thuộc" not in all_text(messages)


def test_the_outside_topics_words_are_cut_as_whole_words():
    assert without_phrases("Xin lý lịch tư pháp để đi xuất khẩu lao động", ["xuat khau lao dong"]) == (
        "Xin lý lịch tư pháp để đi"
    )
    assert without_phrases("kham suc khoe va ket hon", ["kham+suc khoe"]) == "va ket hon"


# ------------------------------------------------------------------ nlu_fallback: nothing found is the context
def test_a_message_the_search_found_nothing_for_is_kept_as_context(kb):
    text = "mua lại xe máy cũ của anh họ ở quê"
    _, _, slots = run_action(ActionFallback(), make_tracker(text, "nlu_fallback"))
    assert slots.get("last_query") == text


def test_gibberish_is_no_context(kb):
    _, _, slots = run_action(ActionFallback(), make_tracker("???", "nlu_fallback"))
    assert "last_query" not in slots


def test_a_follow_up_after_a_story_read_as_fallback_answers_its_procedure(kb):
    story = "tôi mới mua lại chiếc xe máy cũ của ông hàng xóm, giờ muốn sang tên"
    _, _, slots = run_action(ActionFallback(), make_tracker(story, "nlu_fallback"))
    history = [user_event(story, "nlu_fallback")]
    tracker = make_tracker("thế thì mất bao lâu", "ask_time", slots=slots, history=history)
    messages, _, answered_slots = run_action(ActionAnswerTime(), tracker)
    assert "của thủ tục nào" not in all_text(messages)
    # the fallback may already have found the procedure (its slot is then kept), or the follow-up finds it
    assert "xe" in answered(kb, {**slots, **answered_slots}), all_text(messages)
    assert "Thời hạn" in all_text(messages)

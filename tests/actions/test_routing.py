"""Routing before and around the search (issue 10): a lost paper is a procedure question, the search sees the whole
message with the conversation's context, and questions outside the catalog are answered honestly with where to go.

Every message here was written for these tests (none is taken from a benchmark set).
"""

from __future__ import annotations

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.fallback.fallback import ActionFallback, ActionOutOfScope
from actions.feedback.entry import ActionComplain
from actions.procedures import out_of_catalog
from actions.procedures.answers import ActionAnswerFee, ActionAnswerWhere
from actions.procedures.lost_papers import is_lost_paper_question, reissue_query
from actions.procedures.search import ActionChooseOption, ActionSearchProcedure

MARRIAGE = "1.000894"  # Thủ tục đăng ký kết hôn
MARRIAGE_FOREIGN = "2.000806"  # Thủ tục đăng ký kết hôn có yếu tố nước ngoài
BIRTH = "1.001193"  # Thủ tục đăng ký khai sinh
DIVORCE_ABROAD = "2.000554"  # ghi vào Sổ hộ tịch việc ly hôn ... giải quyết ở nước ngoài
PENSION_MOVE = "1.001742"  # chuyển hưởng lương hưu sang địa bàn khác
PROCEDURE_NAME = {MARRIAGE: "Thủ tục đăng ký kết hôn", BIRTH: "Thủ tục đăng ký khai sinh"}


def mention(value: str) -> list:
    return [{"entity": "procedure", "value": value}]


def opened_form(events) -> bool:
    return any(e.get("event") == "active_loop" and e.get("name") for e in events)


# ------------------------------------------------------------------ a lost paper is not a complaint (no KB)
@pytest.mark.parametrize(
    "text",
    [
        "chồng tôi đánh rơi thẻ căn cước ở bến xe",
        "mat bang lai o to roi lam sao bay gio",
        "ba tôi lỡ làm mất sổ đỏ, xin lại thế nào",
        "cavet xe may bi that lac",
        "hộ chiếu của con bị ướt nhàu nát hết",
        "căn cước công dân của mẹ tôi hết hạn rồi",
        "bị móc túi mất giấy đăng ký xe",
        "giay khai sinh cua be bi rach lam doi",
        "the bhyt cua ong bi mat",
        "cccd mat roi thi lam sao",  # "mất" after the paper, without "bị"
        "thẻ căn cước của em mất rồi, giờ làm lại ở đâu",
        "giay phep lai xe mat luon roi",
    ],
)
def test_a_lost_damaged_or_expired_paper_is_a_procedure_question(text):
    assert is_lost_paper_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "cán bộ phường làm mất giấy khai sinh bản chính của tôi",
        "tôi nộp sổ đỏ ở một cửa rồi họ làm thất lạc",
        "ủy ban làm mất hồ sơ cấp đổi căn cước của tôi, tôi muốn khiếu nại",
        "đòi tiền mới chịu làm lại bằng lái bị mất",
        "hồ sơ của tôi bị mất",
        "làm căn cước có cần chụp mặt không",
        "sổ đỏ mất bao lâu thì có",  # what a procedure takes, after "mất"
        "ho chieu mat may ngay moi lay duoc",
        "giấy phép lái xe mất phí bao nhiêu",
        "cccd mat 7 ngay moi co",
    ],
)
def test_a_paper_lost_by_someone_else_or_no_paper_lost_stays_what_it_is(text):
    assert not is_lost_paper_question(text)


def test_a_lost_paper_is_searched_as_its_reissue():
    assert reissue_query("đánh rơi bằng lái rồi").endswith("(bị mất, cấp lại)")
    assert reissue_query("xin cấp lại bằng lái bị mất") == "xin cấp lại bằng lái bị mất"
    assert reissue_query("căn cước hết hạn rồi") == "căn cước hết hạn rồi"  # renewal: searched as typed


# ------------------------------------------------------------------ out-of-catalog topics (no KB)
@pytest.mark.parametrize(
    "text, where",
    [
        ("vợ chồng tôi muốn thuận tình ly hôn thì nộp đơn ở đâu", "Tòa án"),
        ("thu tuc ly di don phuong", "Tòa án"),
        ("bố tôi sắp nghỉ hưu, làm lương hưu thế nào", "Bảo hiểm xã hội"),
        ("lam tro cap that nghiep o dau", "Trung tâm Dịch vụ việc làm"),
        ("năm nay cháu vào lớp 1, xin học trường gần nhà thế nào", "Giáo dục"),
        ("xin chuyển trường cho con lên thành phố", "Giáo dục"),
        ("đặt lịch khám bệnh ở bệnh viện nhi", "y tế"),
        ("tiêm phòng cho bé 2 tháng ở đâu", "trạm y tế"),
        ("con trai tôi 18 tuổi đăng ký nghĩa vụ quân sự ở đâu", "Ban Chỉ huy quân sự"),
        ("bà tôi 80 tuổi muốn nhận trợ cấp người cao tuổi", "UBND xã/phường"),
        ("công ty cần xin giấy phép lao động cho kỹ sư Hàn", "Sở Nội vụ"),
        ("mat so ho khau thi lam sao", "Công an xã/phường"),
        ("đăng ký nhãn hiệu cho quán phở", "Sở hữu trí tuệ"),
        ("xin visa đi Úc thăm con", "Đại sứ quán"),
    ],
)
def test_topics_outside_the_catalog_name_where_to_go(text, where):
    topic = out_of_catalog.topic_of(text)
    assert topic is not None and where in out_of_catalog.topic_answer(topic)


@pytest.mark.parametrize(
    "text",
    [
        "ghi vào sổ hộ tịch việc ly hôn đã giải quyết ở nước ngoài",
        "chuyển nơi hưởng lương hưu về quê",
        "hưởng bảo hiểm xã hội một lần",
        "ủy quyền lĩnh thay trợ cấp thất nghiệp",
        "tuyển sinh vào trường công an nhân dân",
        "thanh toán trực tiếp chi phí khám chữa bệnh bảo hiểm y tế",
        "tách sổ hộ khẩu ra ở riêng",
        "xác nhận hoàn thành nghĩa vụ thuế",
        "đăng ký kết hôn",
        "gia hạn visa cho người nước ngoài",
    ],
)
def test_topics_do_not_fire_on_procedures_the_catalog_has(text):
    assert out_of_catalog.topic_of(text) is None


# ------------------------------------------------------------------ through the actions (real knowledge base)
@pytest.mark.parametrize(
    "text, words",
    [
        ("vừa đánh rơi bằng lái xe máy ngoài chợ", ("cấp lại", "giấy phép lái xe")),
        ("em bi mat can cuoc cong dan hom qua", ("cấp lại", "căn cước")),
        ("nha bi chay mat so do roi", ("cấp lại", "giấy chứng nhận")),
        ("xe máy của tôi mất giấy đăng ký xe thì làm lại sao", ("cấp lại", "đăng ký xe")),
    ],
)
def test_a_complaint_about_a_lost_paper_answers_its_reissue_procedure(kb, text, words):
    messages, events, slots = run_action(ActionComplain(), make_tracker(text, "complain"))
    assert not opened_form(events)
    code = slots.get("current_procedure_code") or (slots.get("pending_variants") or [None])[0]
    name = kb.get(code).name.lower()
    assert all(w in name for w in words), name


def test_a_real_grievance_still_opens_the_feedback_form(kb):
    _, events, _ = run_action(
        ActionComplain(), make_tracker("cán bộ phường làm mất bản chính sổ đỏ của tôi", "complain")
    )
    assert opened_form(events)


@pytest.mark.parametrize(
    "text, where",
    [
        ("thủ tục ly hôn ở việt nam làm thế nào", "Tòa án"),
        ("mẹ tôi làm hồ sơ hưởng lương hưu lần đầu ở đâu", "Bảo hiểm xã hội"),
        ("cho con vào lớp một cần giấy tờ gì", "Giáo dục"),
        ("đi khám nghĩa vụ quân sự ở đâu", "Ban Chỉ huy quân sự"),
    ],
)
def test_out_of_catalog_question_is_answered_honestly_with_a_person_offered(kb, text, where):
    messages, events, slots = run_action(ActionSearchProcedure(), make_tracker(text, "ask_procedure"))
    reply = all_text(messages)
    assert where in reply and "không thuộc" in reply
    assert "/request_human" in [b["payload"] for b in all_buttons(messages)]
    assert not slots.get("current_procedure_code") and not slots.get("pending_variants")
    assert slots.get("turn_failed") is True


def test_divorce_recorded_abroad_is_still_found_in_the_catalog(kb):
    text = "ly hôn ở Đức rồi, giờ ghi vào sổ hộ tịch ở Việt Nam thế nào"
    _, _, slots = run_action(ActionSearchProcedure(), make_tracker(text, "ask_procedure"))
    assert DIVORCE_ABROAD in [slots.get("current_procedure_code"), *(slots.get("pending_variants") or [])]


def test_moving_a_pension_is_still_found_in_the_catalog(kb):
    text = "chuyển nơi nhận lương hưu từ Hà Nội về Nghệ An"
    _, _, slots = run_action(ActionSearchProcedure(), make_tracker(text, "ask_procedure"))
    assert PENSION_MOVE in [slots.get("current_procedure_code"), *(slots.get("pending_variants") or [])]


def test_the_search_sees_the_whole_message_not_the_extracted_fragment(kb):
    text = "em sắp cưới anh người Nhật, làm giấy đăng ký kết hôn thế nào ạ"
    tracker = make_tracker(text, "ask_procedure", mention("Nhật"))
    _, _, slots = run_action(ActionSearchProcedure(), tracker)
    code = slots.get("current_procedure_code") or (slots.get("pending_variants") or [None])[0]
    assert "kết hôn" in kb.get(code).name.lower()  # the fragment "Nhật" alone finds no marriage procedure


def test_a_refinement_is_searched_with_the_current_procedure(kb):
    slots = {"current_procedure_code": MARRIAGE, "current_procedure_name": PROCEDURE_NAME[MARRIAGE]}
    # the NLU may tag a fragment of a refinement as a procedure: the context is used all the same
    for entities in ([], mention("người Lào")):
        tracker = make_tracker("trường hợp vợ tôi là người Lào thì sao", "ask_procedure", entities, slots=slots)
        _, _, set_slots = run_action(ActionSearchProcedure(), tracker)
        assert set_slots.get("current_procedure_code") == MARRIAGE_FOREIGN


def test_a_new_question_leaves_the_current_procedure(kb):
    slots = {"current_procedure_code": BIRTH, "current_procedure_name": PROCEDURE_NAME[BIRTH]}
    tracker = make_tracker("giờ tôi muốn làm hộ chiếu lần đầu", "ask_procedure", mention("hộ chiếu"), slots=slots)
    _, _, set_slots = run_action(ActionSearchProcedure(), tracker)
    code = set_slots.get("current_procedure_code") or (set_slots.get("pending_variants") or [None])[0]
    assert "hộ chiếu" in kb.get(code).name.lower()


def test_a_refinement_typed_as_a_choice_is_searched_with_the_current_procedure(kb):
    slots = {"current_procedure_code": MARRIAGE, "current_procedure_name": PROCEDURE_NAME[MARRIAGE]}
    tracker = make_tracker("có yếu tố nước ngoài", "choose_option", slots=slots)
    _, _, set_slots = run_action(ActionChooseOption(), tracker)
    assert set_slots.get("current_procedure_code") == MARRIAGE_FOREIGN


def test_a_correction_leaves_the_current_procedure(kb):
    slots = {"current_procedure_code": BIRTH, "current_procedure_name": PROCEDURE_NAME[BIRTH]}
    tracker = make_tracker("ấy chết tôi nhầm, tôi định hỏi kết hôn", "ask_procedure", slots=slots)
    _, _, set_slots = run_action(ActionSearchProcedure(), tracker)
    assert set_slots.get("current_procedure_code") == MARRIAGE


def test_a_refinement_after_a_variant_question_uses_the_last_query(kb):
    tracker = make_tracker(
        "nếu chồng là người Thái Lan thì sao", "ask_procedure", slots={"last_query": "đăng ký kết hôn"}
    )
    _, _, set_slots = run_action(ActionSearchProcedure(), tracker)
    found = [set_slots.get("current_procedure_code"), *(set_slots.get("pending_variants") or [])]
    assert MARRIAGE_FOREIGN in found


def test_a_follow_up_naming_an_outside_topic_is_not_asked_which_procedure(kb):
    messages, _, _ = run_action(ActionAnswerWhere(), make_tracker("muốn ly hôn thì nộp đơn ở đâu", "ask_where"))
    reply = all_text(messages)
    assert "Tòa án" in reply and "thủ tục nào" not in reply


def test_a_follow_up_naming_a_procedure_without_an_entity_answers_it(kb):
    messages, _, slots = run_action(ActionAnswerFee(), make_tracker("phí cấp đổi thẻ căn cước", "ask_fee"))
    assert "thủ tục nào" not in all_text(messages)
    code = slots.get("current_procedure_code") or (slots.get("pending_variants") or [None])[0]
    assert "căn cước" in kb.get(code).name.lower()


def test_a_long_story_finds_its_procedure(kb):
    story = (
        "Nhà tôi ở quê, vợ tôi mới sinh cháu gái ở bệnh viện huyện được một tuần, tôi thì đi làm xa chưa về được, "
        "giờ bà nội cháu muốn đi làm giấy khai sinh cho cháu thì có được không"
    )
    _, _, slots = run_action(ActionFallback(), make_tracker(story, "nlu_fallback"))
    assert BIRTH in [slots.get("current_procedure_code"), *(slots.get("pending_variants") or [])]


def test_a_fallback_on_an_outside_topic_names_where_to_go(kb):
    messages, _, slots = run_action(ActionFallback(), make_tracker("làm chế độ hưu trí cho mẹ", "nlu_fallback"))
    assert "Bảo hiểm xã hội" in all_text(messages) and not slots.get("current_procedure_code")


def test_out_of_scope_names_where_to_go_for_an_outside_topic(kb):
    messages, _, _ = run_action(ActionOutOfScope(), make_tracker("tiền trợ cấp thất nghiệp lĩnh ở đâu", "out_of_scope"))
    assert "Trung tâm Dịch vụ việc làm" in all_text(messages)
    assert "/request_human" in [b["payload"] for b in all_buttons(messages)]


def test_out_of_scope_that_is_a_lost_paper_answers_the_reissue(kb):
    _, _, slots = run_action(ActionOutOfScope(), make_tracker("đánh mất bằng lái ô tô thì sao", "out_of_scope"))
    code = slots.get("current_procedure_code") or (slots.get("pending_variants") or [None])[0]
    assert code and "lái xe" in kb.get(code).name.lower()

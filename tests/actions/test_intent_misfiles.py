"""A procedure question the NLU files under another intent still gets its procedure, or an honest "not ours" (issue 10).

out_of_scope and nlu_fallback search the whole message (the search's abstention and, for out_of_scope, a confident
score decide); start_dossier on a topic outside the catalog answers where to go and stops the form; a "complaint" about
a damaged or mis-written paper that blames nobody is a procedure question, a grievance still opens the form.
Every message here was written for these tests (none is taken from a benchmark set); about half have no diacritics.
"""

from __future__ import annotations

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action

from actions.dossier.entry import ActionStartDossier
from actions.dossier.form import ValidateDossierForm
from actions.fallback.fallback import ActionFallback, ActionOutOfScope
from actions.feedback.entry import ActionComplain
from actions.procedures.lost_papers import is_lost_paper_question, reissue_query

REFUSAL = "ngoài phạm vi"
ID_CARD = "1.014061"  # Cấp thẻ căn cước (from 14 years old)


def answered_names(kb, slots) -> list:
    """Lower-cased names of the procedures the action answered or offered."""
    codes = [slots.get("current_procedure_code"), *(slots.get("pending_variants") or [])]
    return [kb.get(code).name.lower() for code in codes if code]


def opened_form(events) -> bool:
    return any(e.get("event") == "active_loop" and e.get("name") for e in events)


# ------------------------------------------------------------------ out_of_scope: search, then refuse
@pytest.mark.parametrize(
    "text, words",
    [
        ("sang tên xe máy ở đâu", ("xe",)),
        ("sang ten xe may cho em trai o dau", ("xe",)),
        ("tiền bị rách đổi ở đâu", ("đổi tiền",)),
        ("tien bi rach mot goc doi o dau", ("đổi tiền",)),  # refused before the threshold of round 5 (issue 12)
        ("đăng ký xe máy mới mua ở đâu", ("đăng ký", "xe")),
        ("dang ky khai tu cho ba o dau", ("khai tử",)),
        ("tách thửa đất làm ở đâu", ("tách thửa",)),
        ("xin ly lich tu phap o dau", ("lý lịch tư pháp",)),
        ("giấy xác nhận tình trạng hôn nhân làm ở đâu", ("tình trạng hôn nhân",)),
        ("doi giay phep lai xe quoc te", ("lái xe quốc tế",)),
        ("mở hộ kinh doanh bán tạp hóa", ("hộ kinh doanh",)),
        ("chung thuc ban sao giay to o dau", ("chứng thực bản sao",)),
    ],
)
def test_out_of_scope_answers_a_procedure_question(kb, text, words):
    messages, _, slots = run_action(ActionOutOfScope(), make_tracker(text, "out_of_scope"))
    names = answered_names(kb, slots)
    assert names and all(w in names[0] for w in words), (names, all_text(messages))
    assert REFUSAL not in all_text(messages)


def test_out_of_scope_follow_up_is_searched_with_the_conversation(kb):
    slots = {"current_procedure_code": ID_CARD, "current_procedure_name": "Cấp thẻ căn cước"}
    tracker = make_tracker("làm cho con 5 tuổi thì cần thêm gì", "out_of_scope", slots=slots)
    messages, _, set_slots = run_action(ActionOutOfScope(), tracker)
    names = answered_names(kb, set_slots)
    assert names and "dưới 14 tuổi" in names[0], all_text(messages)


@pytest.mark.parametrize(
    "text",
    [
        "kể chuyện cười đi",
        "bạn tên là gì",
        "bạn có người yêu chưa",
        "giá vàng hôm nay",
        "kết quả bóng đá tối qua",
        "hom nay troi mua khong",
        "ke chuyen cuoi nghe di",
        "nau pho bo the nao cho ngon",
        "bai hat nao hay nhat",
        "may gio roi ban oi",
        "toi buon qua",
        "tu van mua dien thoai iphone",  # the search does not abstain (a consultants' register): the score guards
        "toi muon di du lich da lat",  # idem (ecotourism in protected forests)
        "làm sao để giàu",  # idem
        "cách nấu cơm ngon",  # idem
        "công thức làm bánh flan",
        "cho toi xin so lo de",
        "viết giúp tôi bài thơ tình",
        pytest.param(
            "toi muon hoc tieng anh",
            marks=pytest.mark.xfail(
                strict=True,
                reason="open: 'tieng' left the name index's vocabulary when the cut records were re-split (b1ed678), "
                "and the BM25 coverage ceiling ignores question words the names never use, so 'hoc' alone covers the "
                "question (a gene-export procedure 'phục vụ học tập' is answered)",
            ),
        ),
    ],
)
def test_small_talk_out_of_scope_is_still_refused(kb, text):
    messages, _, slots = run_action(ActionOutOfScope(), make_tracker(text, "out_of_scope"))
    assert REFUSAL in all_text(messages)
    assert not slots.get("current_procedure_code") and not slots.get("pending_variants")
    assert slots.get("turn_failed") is True


@pytest.mark.parametrize(
    "text",
    [
        "mua bảo hiểm nhân thọ loại nào tốt",
        "đặt vé máy bay đi sài gòn",
        "hôm nay trời thế nào",
        "chồng tôi ngoại tình phải làm sao",
        "gia xang hom nay bao nhieu",
    ],
)
def test_small_talk_naming_an_outside_topic_gets_where_to_go(kb, text):
    """Commercial insurance and tickets are topics of the outside table (knowledge_base/data/out_of_catalog.tsv);
    weather, a spouse's affair (divorce) and fuel prices are recognised by meaning (knowledge_base/outside_meaning)."""
    messages, _, slots = run_action(ActionOutOfScope(), make_tracker(text, "out_of_scope"))
    assert "không thuộc" in all_text(messages)
    assert not slots.get("current_procedure_code") and not slots.get("pending_variants")


# ------------------------------------------------------------------ nlu_fallback: the search decides, even on one word
@pytest.mark.parametrize(
    "text, words",
    [
        ("hộ chiếu", ("hộ chiếu",)),
        ("ho chieu", ("hộ chiếu",)),
        ("passport", ("hộ chiếu",)),
    ],
)
def test_a_one_word_procedure_the_nlu_missed_is_answered(kb, text, words):
    messages, _, slots = run_action(ActionFallback(), make_tracker(text, "nlu_fallback"))
    names = answered_names(kb, slots)
    assert names and all(w in names[0] for w in words), all_text(messages)
    assert "chưa hiểu" not in all_text(messages)


@pytest.mark.parametrize("text, where", [("mat so ho khau", "Công an"), ("mất sổ hộ khẩu", "Công an")])
def test_a_short_outside_question_the_nlu_missed_names_where_to_go(kb, text, where):
    messages, _, _ = run_action(ActionFallback(), make_tracker(text, "nlu_fallback"))
    assert where in all_text(messages) and "chưa hiểu" not in all_text(messages)


def test_gibberish_from_the_input_guard_is_not_searched(kb):
    tracker = make_tracker("ho chieu", "nlu_fallback")
    tracker.latest_message["intent"] = {"name": "nlu_fallback", "confidence": 1.0}  # the NLU's UnknownInputGuard
    messages, _, slots = run_action(ActionFallback(), tracker)
    assert "chưa hiểu" in all_text(messages) and not slots.get("current_procedure_code")


# ------------------------------------------------------------------ start_dossier on an outside topic
@pytest.mark.parametrize(
    "text, where",
    [
        ("làm hồ sơ hưởng lương hưu", "Bảo hiểm xã hội"),
        ("xin lắp đồng hồ điện cho nhà mới", "điện lực"),
        ("nop ho so xin lap dong ho dien cho nha moi xay", "điện lực"),
        ("lam ho so huong luong huu cho bo toi", "Bảo hiểm xã hội"),
    ],
)
def test_filing_for_an_outside_topic_answers_and_stops_the_form(kb, text, where):
    messages, events, slots = run_action(ActionStartDossier(), make_tracker(text, "start_dossier"))
    assert where in all_text(messages) and "/request_human" in [b["payload"] for b in all_buttons(messages)]
    assert slots.get("dossier_stop") == "quiet" and not slots.get("dossier_key")
    # the rule runs dossier_form next: at activation it requests nothing, so the form ends without asking
    tracker = make_tracker(text, "start_dossier", slots={"dossier_stop": "quiet"})
    requested = run_next_requested_slot(tracker)
    assert requested is not None and requested["value"] is None


def run_next_requested_slot(tracker):
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    return asyncio.run(ValidateDossierForm().next_requested_slot(CollectingDispatcher(), tracker, {"slots": {}}))


def test_filing_for_a_catalog_procedure_still_starts_the_dossier(kb):
    _, _, slots = run_action(ActionStartDossier(), make_tracker("nộp hồ sơ đăng ký khai tử cho bố", "start_dossier"))
    assert slots.get("dossier_procedure") and "khai tử" in kb.get(slots["dossier_procedure"]).name.lower()
    assert not slots.get("dossier_stop")


# ------------------------------------------------------------------ complain: a damaged or mis-written paper
DAMAGED_OR_MISWRITTEN = [
    ("căn cước bị gãy một góc, đổi lại mất phí không", ("căn cước",)),
    ("cccd cua toi bi gay doi roi lam lai sao", ("căn cước",)),
    ("the can cuoc bi loi chip khong quet duoc", ("căn cước",)),
    ("bằng lái xe bị mờ hết chữ, đổi ở đâu", ("lái xe",)),
    ("so do bi chay mot goc lam sao", ("giấy chứng nhận",)),
    ("giấy khai sinh của con bị ghi sai ngày sinh, sửa ở đâu", ("cải chính",)),
    ("giay khai sinh ghi sai ten me, sua o dau", ("cải chính",)),
    ("giấy khai sinh của cháu viết nhầm tên bố", ("cải chính",)),
    ("so do ghi sai dien tich dat", ("đính chính",)),
]


@pytest.mark.parametrize("text, words", DAMAGED_OR_MISWRITTEN)
def test_a_complaint_about_a_damaged_or_miswritten_paper_answers_its_procedure(kb, text, words):
    messages, events, slots = run_action(ActionComplain(), make_tracker(text, "complain"))
    assert not opened_form(events), all_text(messages)
    names = answered_names(kb, slots)
    assert names and all(w in names[0] for w in words), (names, all_text(messages))


@pytest.mark.parametrize("text", [t for t, _ in DAMAGED_OR_MISWRITTEN] + ["can cuoc sai que quan", "ho chieu bi uot"])
def test_a_damaged_or_miswritten_paper_blames_nobody(text):
    assert is_lost_paper_question(text)


def test_a_wrong_entry_is_searched_as_its_correction():
    assert reissue_query("giấy khai sinh ghi sai tên mẹ").endswith("(sai thông tin, cải chính)")
    assert reissue_query("xin cải chính giấy khai sinh ghi sai tên") == "xin cải chính giấy khai sinh ghi sai tên"
    assert reissue_query("căn cước bị gãy một góc") == "căn cước bị gãy một góc"  # damage: searched as typed


GRIEVANCES = [
    "cán bộ một cửa hẹn ba lần vẫn chưa trả căn cước cho tôi",
    "phường ghi sai ngày sinh trong giấy khai sinh của con tôi mà không chịu sửa",
    "nhan vien phuong thai do hach dich khi toi di lam lai giay khai sinh bi rach",
    "hồ sơ cấp đổi căn cước của tôi trễ hẹn 2 tháng rồi",
    "toi muon khieu nai vi bang lai bi in sai ten ma ho khong chiu doi",
    "can bo lam rach giay khai sinh ban chinh cua toi",
    "ủy ban làm mất sổ đỏ của tôi",
    "nop ho so cap doi cccd 3 thang chua co ket qua, rat buc xuc",
    "công an phường in sai tên trên căn cước mà bắt tôi tự trả tiền làm lại",
    "bị đòi tiền bồi dưỡng khi đi đổi giấy phép lái xe hết hạn",
    "nhan vien buu dien lam uot het giay to cua toi",
    "sổ đỏ bị ghi sai diện tích, tôi muốn khiếu nại văn phòng đăng ký đất đai",
]


@pytest.mark.parametrize("text", GRIEVANCES)
def test_a_grievance_about_a_paper_is_no_procedure_question(text):
    assert not is_lost_paper_question(text)


@pytest.mark.parametrize("text", [GRIEVANCES[i] for i in (0, 1, 2, 4, 5, 6, 10, 11)])
def test_a_grievance_still_opens_the_complaint_form(kb, text):
    _, events, _ = run_action(ActionComplain(), make_tracker(text, "complain"))
    assert opened_form(events)

"""The feedback form (actions/feedback/form.py) driven with tracker fixtures against a real backend on 127.0.0.1.

Run with the app venv: `.venv/bin/python -m pytest tests/actions/test_feedback_form.py`.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from test_feedback_helpers import (  # noqa: F401 - fixtures
    FormDriver,
    backend,
    backend_down,
    buttons_of,
    run,
    text_of,
    tracker,
)

from actions.feedback.common import guess_category, is_urgent
from actions.feedback.entry import ActionComplain, ActionGiveFeedback
from actions.feedback.form import ValidateFeedbackForm, parse_contact
from actions.feedback.questions import ActionAskFeedbackConfirm, ActionAskFeedbackRelated
from actions.feedback.status import ActionFeedbackStatus
from actions.feedback.submit import ActionSubmitFeedback

# a 1x1 PNG
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f"
        "5d0000000049454e44ae426082"
    )
).decode()
CONTENT = "Cán bộ tiếp nhận hẹn tôi ba lần mà vẫn chưa trả kết quả hồ sơ, không giải thích lý do."


def walk(driver: FormDriver, answers) -> list:
    said = []
    for answer in answers:
        said.append(text_of(driver.say(answer)))
    return said


def answered(*, without=(), **slots) -> dict:
    """The form's slots answered up to the confirmation (an anonymous suggestion), with ``slots`` instead."""
    answers = {
        "feedback_category": "khac",
        "feedback_content": CONTENT,
        "feedback_related": {"none": True},
        "feedback_place": "Phường 1",
        "feedback_contact": {"anonymous": True},
    }
    return {k: v for k, v in {**answers, **slots}.items() if k not in without}


def driven(slots: dict, **kwargs) -> FormDriver:
    return FormDriver("feedback_form", ValidateFeedbackForm(), slots, **kwargs)


def submitted(driver: FormDriver, text: str, **kwargs):
    """action_submit_feedback after the form ``driver`` drove, on the message ``text``."""
    return run(ActionSubmitFeedback(), tracker(text, slots=driver.slots, history=driver.history, **kwargs))


# ------------------------------------------------------------------------------------------ rules
@pytest.mark.parametrize(
    "category, content, urgent",
    [
        ("thai_do_can_bo", "Cán bộ phường đòi tiền bồi dưỡng mới nhận hồ sơ", True),
        ("thai_do_can_bo", "can bo nhung nhieu, gay kho de", True),
        ("thai_do_can_bo", "Cán bộ nói chuyện cộc lốc, thiếu tôn trọng người dân", False),
        ("cham_tre", "Việc này khẩn cấp, hồ sơ đất của tôi sắp hết hạn", True),
        ("cham_tre", "Hồ sơ trễ hẹn hai tuần, cán bộ đòi tiền", False),
        ("de_xuat", "Nên có thêm ghế chờ ở bộ phận một cửa", False),
        ("thu_tuc_ruom_ra", "Tôi gặp khó khăn vì phải nộp nhiều bản sao", False),
    ],
)
def test_urgency_rule(category, content, urgent):
    assert is_urgent(category, content) is urgent


def test_category_guess_from_a_complaint():
    assert guess_category("cán bộ hách dịch quá") == "thai_do_can_bo"
    assert guess_category("hồ sơ trễ hẹn cả tháng") == "cham_tre"
    assert guess_category("thủ tục rườm rà, nhiều giấy tờ") == "thu_tuc_ruom_ra"
    assert guess_category("xin chào") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nguyễn Văn An 0912345678", {"name": "Nguyễn Văn An", "phone": "0912345678"}),
        ("tên: trần thị bình, sđt 0987 654 321", {"name": "Trần Thị Bình", "phone": "0987654321"}),
        ("Họ tên Hồ Văn Lã, số điện thoại +84912345678", {"name": "Hồ Văn Lã", "phone": "0912345678"}),
    ],
)
def test_contact_is_a_name_and_a_phone(text, expected):
    assert parse_contact(text) == expected


@pytest.mark.parametrize(
    "text, error_part",
    [("Nguyễn Văn An", "số điện thoại"), ("An 0912345678", "họ và tên"), ("Nguyễn Văn An 012345", "Số điện thoại")],
)
def test_incomplete_contact_says_what_is_missing(text, error_part):
    error = parse_contact(text)
    assert isinstance(error, str) and error_part.lower() in error.lower()


# ------------------------------------------------------------------------------------------ the form
def test_start_resets_the_previous_form_and_activates_it():
    messages, events, slots = run(
        ActionGiveFeedback(),
        tracker("tôi muốn góp ý", "give_feedback", slots={"feedback_category": "khac", "feedback_confirm": "yes"}),
    )
    assert slots["feedback_category"] is None and slots["feedback_confirm"] is None
    assert {"event": "active_loop", "name": "feedback_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]
    assert "hủy" in text_of(messages)


def test_full_form_on_the_rest_channel_files_feedback_and_returns_a_pa_code(backend):
    driver = driven({}, channel="rest", sender="fb-rest-1")
    said = walk(
        driver, ["Chậm trễ", CONTENT, "HS-2026-000123", "phường bến nghé", "đồng ý", "Nguyễn Văn An 0912345678"]
    )
    assert driver.slots["feedback_category"] == "cham_tre"
    assert driver.slots["feedback_related"] == {"receipt_code": "HS-2026-000123"}
    assert driver.slots["feedback_place"] == "Phường Bến Nghé"
    assert driver.slots["feedback_contact"] == {"name": "Nguyễn Văn An", "phone": "0912345678"}
    assert driver.slots["requested_slot"] == "feedback_confirm"  # no attachment step on the REST channel
    assert not any(said)  # valid answers: nothing to re-ask

    confirm = tracker("", slots=driver.slots, history=driver.history, sender="fb-rest-1")
    summary = text_of(run(ActionAskFeedbackConfirm(), confirm)[0])
    for part in ("Chậm trễ", "HS-2026-000123", "Phường Bến Nghé", "Nguyễn Văn An", "0912***678"):
        assert part in summary
    assert "0912345678" not in summary and "Đính kèm" not in summary

    driver.say("gửi")
    assert driver.done and driver.slots["feedback_confirm"] == "yes"
    final = tracker("gửi", slots=driver.slots, history=driver.history, sender="fb-rest-1")
    messages, _, slots = run(ActionSubmitFeedback(), final)
    code = slots["feedback_code"]
    assert code.startswith("PA-") and f"Mã phản ánh: {code}" in text_of(messages)
    assert slots["feedback_category"] is None  # the form is reset for the next time

    stored = backend.get(f"/api/feedback/{code}", staff=True).json()
    assert (
        stored["category"] == "cham_tre" and stored["content"] == CONTENT and stored["receipt_code"] == "HS-2026-000123"
    )
    assert stored["place"] == "Phường Bến Nghé" and stored["contact"]["phone"] == "0912345678"
    assert stored["channel"] == "rest" and stored["urgent"] is False and stored["anonymous"] is False

    # the same submission again (a retry) files nothing new: the idempotency key comes from the conversation
    again = run(ActionSubmitFeedback(), final)[2]
    assert again["feedback_code"] == code


def test_wrong_answers_are_explained_and_asked_again(backend):
    driver = driven({}, sender="fb-rest-2")
    assert "chọn một loại" in text_of(driver.say("abc xyz"))
    assert driver.slots["requested_slot"] == "feedback_category"
    driver.say("Thái độ cán bộ")
    assert "cụ thể hơn" in text_of(driver.say("tệ quá"))
    driver.say("Cán bộ nói chuyện cộc lốc, không hướng dẫn gì khi tôi hỏi về giấy tờ")
    driver.say("không")
    assert driver.slots["feedback_related"] == {"none": True}
    driver.say("UBND xã Tân Phú")
    assert driver.slots["requested_slot"] == "privacy_consent_at"  # consent before the first personal datum
    assert "Đồng ý" in text_of(driver.say("Nguyễn Văn An"))  # not an answer to the consent question
    driver.say("đồng ý")
    assert driver.slots["privacy_consent_at"]
    assert "số điện thoại" in text_of(driver.say("Nguyễn Văn An"))
    assert driver.slots["requested_slot"] == "feedback_contact"
    driver.say("ẩn danh")
    assert driver.slots["feedback_contact"] == {"anonymous": True}
    assert "Gửi phản ánh" in text_of(driver.say("để tôi nghĩ đã"))  # neither yes nor no
    driver.say("đồng ý")
    assert driver.done
    messages, _, slots = submitted(driver, "đồng ý", sender="fb-rest-2")
    stored = backend.get(f"/api/feedback/{slots['feedback_code']}", staff=True).json()
    assert stored["anonymous"] is True and stored["contact"] is None and stored["category"] == "thai_do_can_bo"
    assert "liên hệ theo số điện thoại" not in text_of(messages)


def test_cancel_at_any_step_files_nothing(backend):
    before = backend.get("/api/feedback", staff=True).json()["total"]
    driver = driven({}, sender="fb-cancel")
    driver.say("Đề xuất")
    driver.say("hủy")
    assert driver.done and driver.slots["feedback_confirm"] == "cancel"
    messages, _, _ = submitted(driver, "hủy", sender="fb-cancel")
    assert "đã hủy" in text_of(messages)
    assert backend.get("/api/feedback", staff=True).json()["total"] == before


def test_edit_starts_over():
    driver = driven(
        answered(feedback_category="de_xuat", feedback_place="Xã Tân Phú", requested_slot="feedback_confirm")
    )
    said = text_of(driver.say("sửa lại"))
    assert driver.slots["feedback_category"] is None and driver.slots["requested_slot"] == "feedback_category"
    assert "mình" not in said.lower() and "bạn" in said  # one voice: "tôi" for the assistant, "bạn" for the citizen


def test_the_current_procedure_is_offered_and_can_be_chosen():
    slots = {"current_procedure_code": "1.001193", "current_procedure_name": "Thủ tục đăng ký khai sinh"}
    messages = run(ActionAskFeedbackRelated(), tracker("", slots=slots))[0]
    payloads = [b["payload"] for b in buttons_of(messages)]
    assert payloads == ["thủ tục 1.001193", "không"]
    driver = driven({**slots, "feedback_category": "thu_tuc_ruom_ra", "feedback_content": CONTENT})
    driver.say("thủ tục 1.001193")
    assert driver.slots["feedback_related"] == {
        "procedure_code": "1.001193",
        "procedure_name": "Thủ tục đăng ký khai sinh",
    }
    driver2 = driven({"feedback_category": "khac", "feedback_content": CONTENT})
    driver2.say("làm sổ đỏ")
    assert driver2.slots["feedback_related"] == {"procedure_name": "làm sổ đỏ"}


def test_web_channel_asks_for_an_attachment_and_stores_it(backend):
    driver = driven(answered(feedback_category="thu_tuc_ruom_ra"), channel="web", sender="fb-web-1")
    assert driver.slots["requested_slot"] == "feedback_attachment"
    assert "📎" in text_of(driver.say("abc"))  # not a file, not "không"
    payload = {"file_name": "bien-nhan.png", "mime": "image/png", "data_base64": PNG}
    entities = [{"entity": k, "value": v} for k, v in payload.items()]
    driver.say("/attach_document" + json.dumps(payload), "attach_document", entities)
    attachment = driver.slots["feedback_attachment"]
    assert attachment["stored_file_id"] > 0 and attachment["file_name"] == "bien-nhan.png"
    summary = text_of(
        run(ActionAskFeedbackConfirm(), tracker("", slots=driver.slots, history=driver.history, channel="web"))[0]
    )
    assert "Đính kèm: bien-nhan.png" in summary
    driver.say("gửi")
    _, _, slots = submitted(driver, "gửi", channel="web", sender="fb-web-1")
    stored = backend.get(f"/api/feedback/{slots['feedback_code']}", staff=True).json()
    assert stored["stored_file_id"] == attachment["stored_file_id"] and stored["channel"] == "web"


def test_web_channel_attachment_can_be_skipped():
    driver = driven(answered(), channel="web")
    driver.say("không")
    assert (
        driver.slots["feedback_attachment"] == {"none": True} and driver.slots["requested_slot"] == "feedback_confirm"
    )


def test_urgent_feedback_also_opens_a_handoff_ticket(backend):
    content = "Cán bộ một cửa đòi tiền bồi dưỡng 500 nghìn mới nhận hồ sơ của tôi"
    slots = answered(
        feedback_category="thai_do_can_bo",
        feedback_content=content,
        feedback_place="Phường Bến Nghé",
        feedback_confirm="yes",
    )
    messages, events, done = run(ActionSubmitFeedback(), tracker("gửi", slots=slots, sender="fb-urgent"))
    code = done["feedback_code"]
    text = text_of(messages)
    assert code in text and "khẩn" in text and "yêu cầu số" in text
    assert done["handoff_ticket_id"] and any(
        e.get("event") == "active_loop" and e.get("name") == "handoff_form" for e in events
    )
    assert backend.get(f"/api/feedback/{code}", staff=True).json()["urgent"] is True
    state = backend.get("/api/tickets/open", channel="rest", sender_id="fb-urgent").json()
    assert state["open"] and state["ticket"]["feedback_code"] == code
    assert state["ticket"]["reason"] == "urgent_complaint" and state["ticket"]["priority"] == "urgent"


def test_an_urgent_complaint_opens_a_ticket_at_once(backend):
    messages, events, slots = run(
        ActionComplain(), tracker("cán bộ phường đòi tiền mới chịu nhận hồ sơ", "complain", sender="fb-complain-1")
    )
    assert slots["handoff_ticket_id"] and "khẩn" in text_of(messages)
    ticket = backend.get(f"/api/tickets/{slots['handoff_ticket_id']}").json()
    assert ticket["category"] == "thai_do_can_bo" and ticket["priority"] == "urgent"


def test_a_plain_complaint_starts_the_form_prefilled():
    long = "hồ sơ trễ hẹn cả tháng rồi mà cán bộ không giải thích gì, tôi muốn khiếu nại"
    messages, events, slots = run(ActionComplain(), tracker(long, "complain"))
    assert slots["feedback_category"] == "cham_tre" and slots["feedback_content"] == long
    assert any(e.get("event") == "active_loop" and e.get("name") == "feedback_form" for e in events)
    assert "rất tiếc" in text_of(messages)
    _, _, short = run(ActionComplain(), tracker("bức xúc quá", "complain"))
    assert short["feedback_content"] is None


# ------------------------------------------------------------------------------------------ status
def test_status_by_code(backend):
    filed = backend.post(
        "/api/feedback",
        {
            "category": "de_xuat",
            "content": "Nên mở thêm quầy buổi trưa",
            "anonymous": True,
            "channel": "rest",
            "sender_id": "fb-status",
        },
    ).json()
    code = filed["tracking_code"]
    owner = tracker(f"tra cứu phản ánh {code.lower()}", "check_feedback_status", sender="fb-status")
    messages, _, slots = run(ActionFeedbackStatus(), owner)
    assert code in text_of(messages) and "Đã tiếp nhận" in text_of(messages) and slots["feedback_code"] == code
    httpx.patch(
        f"{backend.url}/api/feedback/{code}",
        json={"status": "answered", "note": "Đã bố trí thêm quầy từ tháng sau."},
        headers=backend.staff,
        timeout=10,
    ).raise_for_status()
    messages, _, _ = run(
        ActionFeedbackStatus(),
        tracker("phản ánh của tôi sao rồi", "check_feedback_status", slots={"feedback_code": code}, sender="fb-status"),
    )
    assert "Đã trả lời" in text_of(messages) and "thêm quầy" in text_of(messages)
    # another chat is asked to verify first and learns nothing yet (anonymous feedback: only its own chat)
    messages, events, slots = run(
        ActionFeedbackStatus(), tracker(f"tra cứu phản ánh {code}", "check_feedback_status", sender="someone-else")
    )
    assert code not in text_of(messages) and "thêm quầy" not in text_of(messages)
    assert [e["name"] for e in events if e.get("event") == "active_loop"] == ["status_verify_form"]


def test_status_unknown_code_and_no_code(backend):
    messages, _, _ = run(ActionFeedbackStatus(), tracker("tra cứu PA-2020-999999", "check_feedback_status"))
    assert "không tìm thấy" in text_of(messages)
    messages, _, _ = run(ActionFeedbackStatus(), tracker("tra cứu phản ánh", "check_feedback_status"))
    assert "mã phản ánh" in text_of(messages)


# ------------------------------------------------------------------------------------------ backend down
def test_backend_down_keeps_the_answers_and_offers_to_send_again(backend_down):
    slots = answered(feedback_category="de_xuat", feedback_place="Xã Tân Phú", feedback_confirm="yes")
    messages, events, _ = run(ActionSubmitFeedback(), tracker("gửi", slots=slots))
    assert "gián đoạn" in text_of(messages) and "/retry_feedback" in [b["payload"] for b in buttons_of(messages)]
    assert events == []  # nothing cleared: "Gửi lại" sends the same feedback
    messages, _, _ = run(ActionFeedbackStatus(), tracker("tra cứu PA-2026-000001", "check_feedback_status"))
    assert "gián đoạn" in text_of(messages)


def test_asking_for_a_person_leaves_the_form():
    driver = driven({"feedback_category": "khac"})
    t = tracker("gặp cán bộ", "request_human", slots=driver.slots, history=driver.history, active_loop="feedback_form")
    assert run(ValidateFeedbackForm(), t)[1] == []  # rejected: the rule for request_human runs
    long = "Cán bộ không hướng dẫn gì cả, tôi muốn gặp cán bộ lãnh đạo để phản ánh"
    driver.say(long, "request_human")
    assert driver.slots["feedback_content"] == long  # a long message is the content, whatever the intent


@pytest.mark.parametrize("answer", ["ẩn danh", "/deny"])
def test_declining_consent_files_anonymously_without_asking_a_contact(answer):
    driver = driven(answered(without=("feedback_contact",)))
    assert driver.slots["requested_slot"] == "privacy_consent_at"
    said = text_of(driver.say(answer, "deny" if answer.startswith("/") else "inform"))
    assert "ẩn danh" in said and driver.slots["feedback_contact"] == {"anonymous": True}
    assert driver.slots["privacy_consent_at"] is None and driver.slots["requested_slot"] == "feedback_confirm"

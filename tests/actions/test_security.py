"""Issue 9, the bot's side: status look-up with the owner check, volunteers linked by a one-time code, consent,
the privacy notice, deletion requests, sessions without applicant details, replies that are never empty.

The backend is faked at its one entry point (``actions.clients.backend.request``) so that these tests pin the
contract of /work/briefs/backend_contract.md: paths, parameters, bodies and the machine ``code`` of refusals.

    .venv/bin/python -m pytest tests/actions/test_security.py
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest
from action_helpers import all_buttons, all_text, make_tracker, run_action
from dossier_helpers import DOMAIN, FormDriver
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import backend as backend_client
from actions.core.status_lookup import (
    ActionAskStatusVerifyDigits,
    ActionStatusVerified,
    ValidateStatusVerifyForm,
    four_digits,
)
from actions.dossier.entry import ActionResumeDossier, ActionStartDossier, ActionStartVolunteerFiling
from actions.dossier.status import ActionCheckStatus
from actions.dossier.submit import ActionDossierFinish, build_payload
from actions.dossier.volunteer import ActionEndVolunteerShift, link_code
from actions.fallback.fallback import ActionFallback, ActionReplyIfSilent, bad_input_reply
from actions.feedback.status import ActionFeedbackStatus
from actions.privacy.privacy import ActionAskPrivacyConsentAt, ActionRequestDataDeletion
from actions.session.session import ActionRestart, ActionSessionStart
from actions.settings import HOTLINE

BIRTH = "1.001193"
CODE = "HS-2026-123456789"
DOSSIER = {
    "receipt_code": CODE,
    "procedure_name": "Thủ tục đăng ký khai sinh",
    "status": "processing",
    "status_label": "Đang xử lý",
    "created_at": "2026-11-20T02:00:00+00:00",
    "history": [{"status": "processing", "at": "2026-11-21T02:00:00+00:00", "note": "Thiếu bản sao CCCD của mẹ"}],
}
NO_BUNDLE = (
    '/dossier_choice{"choice":"bundle:none"}',
    "dossier_choice",
    [{"entity": "choice", "value": "bundle:none"}],
)
LINK = {"username": "tcns.lan", "display_name": "Nguyễn Thị Lan", "expires_at": "2026-11-30T10:30:00Z"}


def refusal(status: int, code: str) -> backend_client.BackendError:
    return backend_client.BackendError(status, "…", code)


class FakeBackend:
    """Answers per (method, path): a value, an exception to raise, or a function of the call's keyword arguments."""

    def __init__(self) -> None:
        self.routes: Dict[Tuple[str, str], Any] = {}
        self.calls: List[Tuple[str, str, Dict[str, Any]]] = []

    def on(self, method: str, path: str, answer: Any) -> None:
        self.routes[(method, path)] = answer

    def called(self, method: str, path: str) -> List[Dict[str, Any]]:
        return [kwargs for m, p, kwargs in self.calls if (m, p) == (method, path)]

    async def request(self, method: str, path: str, *, not_found_none: bool = False, **kwargs: Any) -> Any:
        self.calls.append((method, path, kwargs))
        answer = self.routes.get((method, path))
        if isinstance(answer, Callable) and not isinstance(answer, type):
            answer = answer(kwargs)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def fake(monkeypatch):
    backend = FakeBackend()
    monkeypatch.setattr(backend_client, "request", backend.request)
    return backend


def slots_of(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def loops_of(events) -> List[Optional[str]]:
    return [e.get("name") for e in events if e.get("event") == "active_loop"]


def status(text: str = f"tra cứu hồ sơ {CODE}", sender: str = "test-user"):
    tracker = make_tracker(text, "check_status", [{"entity": "receipt_code", "value": CODE}])
    tracker.sender_id = sender
    return tracker


# ------------------------------------------------------------------------------------------ status look-up
def test_the_owner_gets_the_status_with_the_staff_note(fake):
    fake.on("GET", f"/api/dossiers/{CODE}", {**DOSSIER, "verified": False})
    messages, _, slots = run_action(ActionCheckStatus(), status())
    assert "Đang xử lý" in all_text(messages) and "Thiếu bản sao CCCD của mẹ" in all_text(messages)
    assert fake.called("GET", f"/api/dossiers/{CODE}")[0]["params"] == {"channel": "rest", "sender_id": "test-user"}
    assert slots["receipt_code"] == CODE


def test_another_chat_is_asked_for_four_digits_then_sees_no_staff_note(fake):
    def answer(kwargs):
        if "verify" not in kwargs["params"]:
            return refusal(403, "verification_required")
        return {**DOSSIER, "verified": True}  # a backend that forgot to drop the notes: the bot drops them

    fake.on("GET", f"/api/dossiers/{CODE}", answer)
    messages, events, slots = run_action(ActionCheckStatus(), status())
    assert CODE not in all_text(messages) and "Đang xử lý" not in all_text(messages)
    assert loops_of(events) == ["status_verify_form"] and slots["pending_lookup"] == {"kind": "dossier", "code": CODE}
    messages, _, _ = run_action(ActionAskStatusVerifyDigits(), make_tracker("", "", slots=slots))
    assert all_text(messages) == (
        "Để bảo vệ thông tin, bạn cho tôi 4 số cuối CCCD hoặc số điện thoại của người nộp hồ sơ"
    )

    verified = {**slots, "status_verify_digits": "2345"}
    messages, events, slots = run_action(ActionStatusVerified(), make_tracker("2345", "give_rating", slots=verified))
    assert fake.called("GET", f"/api/dossiers/{CODE}")[-1]["params"]["verify"] == "2345"
    assert "Đang xử lý" in all_text(messages) and "Thiếu bản sao" not in all_text(messages)
    assert slots["pending_lookup"] is None and slots["status_verify_digits"] is None


@pytest.mark.parametrize(
    "code, said", [("verification_failed", "không khớp"), ("too_many_attempts", "thử lại sau 1 giờ")]
)
def test_wrong_digits_or_too_many_tries_reveal_nothing(fake, code, said):
    fake.on("GET", f"/api/dossiers/{CODE}", refusal(403 if code != "too_many_attempts" else 429, code))
    pending = {"pending_lookup": {"kind": "dossier", "code": CODE}, "status_verify_digits": "9999"}
    messages, events, _ = run_action(ActionStatusVerified(), make_tracker("9999", "inform", slots=pending))
    reply = all_text(messages)
    assert said in reply and "Đang xử lý" not in reply and "khai sinh" not in reply and loops_of(events) == []
    if code == "too_many_attempts":
        assert "1800 1096" in reply


@pytest.mark.parametrize(
    "status, body, raised, code",
    [
        (429, {"detail": "Quá nhiều yêu cầu"}, backend_client.BackendUnavailable, None),  # a rate limit: an outage
        (429, {"detail": "…", "code": "too_many_attempts"}, backend_client.BackendError, "too_many_attempts"),
        (403, {"detail": "…", "code": "verification_required"}, backend_client.BackendError, "verification_required"),
        (403, {"detail": {"code": "verification_failed"}}, backend_client.BackendError, "verification_failed"),
    ],
)
def test_refusals_carry_the_backends_code(monkeypatch, status, body, raised, code):
    import httpx

    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    monkeypatch.setattr(backend_client, "_client", lambda: httpx.AsyncClient(transport=transport, base_url="http://b"))
    with pytest.raises(raised) as caught:
        asyncio.run(backend_client.get_dossier(CODE, "rest", "someone"))
    if code:
        assert caught.value.code == code


@pytest.mark.parametrize(
    "text, digits",
    [("1234", "1234"), ("4 số cuối là 5678", "5678"), ("0912345678", None), ("12 34", None), ("1234 5678", None)],
)
def test_four_digits(text, digits):
    assert four_digits(text) == digits


def verify_form(text: str):
    slots = {"pending_lookup": {"kind": "dossier", "code": CODE}, "requested_slot": "status_verify_digits"}
    tracker = make_tracker(text, "give_rating", slots=slots)
    tracker.active_loop = {"name": "status_verify_form"}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateStatusVerifyForm().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events, slots_of(events)


def test_the_verification_form_takes_four_digits_hints_for_others_and_stops_on_words():
    _, _, slots = verify_form("1234")  # never read as a rating or anything else
    assert slots["status_verify_digits"] == "1234" and slots.get("requested_slot") is None  # the form is done
    messages, _, slots = verify_form("091 234")
    assert "4 chữ số" in all_text(messages) and slots["status_verify_digits"] is None and "pending_lookup" not in slots
    messages, _, slots = verify_form("tôi không nhớ")
    assert "dừng tra cứu" in all_text(messages) and slots["pending_lookup"] is None and slots["requested_slot"] is None


def test_feedback_status_uses_the_same_check(fake):
    code = "PA-2026-123456789"
    fake.on("GET", f"/api/feedback/{code}", refusal(403, "verification_required"))
    asked = make_tracker(f"tra cứu phản ánh {code}", "check_feedback_status")
    messages, events, slots = run_action(ActionFeedbackStatus(), asked)
    assert loops_of(events) == ["status_verify_form"] and slots["pending_lookup"] == {"kind": "feedback", "code": code}
    assert fake.called("GET", f"/api/feedback/{code}")[0]["params"] == {"channel": "rest", "sender_id": "test-user"}
    messages, _, _ = run_action(ActionAskStatusVerifyDigits(), make_tracker("", "", slots=slots))
    assert "số điện thoại" in all_text(messages)


# ------------------------------------------------------------------------------------------ volunteers
def volunteer(kb, fake) -> FormDriver:
    driver = FormDriver(slots={"current_procedure_code": BIRTH})
    driver.run(ActionStartVolunteerFiling(), "tôi là tổ công nghệ số", "volunteer_filing")
    driver.activate()
    return driver


def test_a_volunteer_without_a_link_gives_the_console_code_a_typed_name_proves_nothing(kb, fake):
    fake.on("GET", "/api/volunteer-links", None)  # 404: no active link
    fake.on(
        "POST",
        "/api/volunteer-links",
        lambda kw: LINK if kw["json"]["code"] == "246810" else refusal(400, "invalid_code"),
    )
    driver = volunteer(kb, fake)
    assert driver.requested == "volunteer_link" and "6 chữ số" in driver.messages[-1]["text"]
    reply = driver.say("tôi là tcns.lan")
    assert "6 chữ số" in reply and driver.requested == "volunteer_link"
    assert not fake.called("POST", "/api/volunteer-links")
    reply = driver.say("111111")
    assert "Mã không đúng hoặc đã hết hạn" in reply and driver.requested == "volunteer_link"
    reply = driver.say("246810")
    assert "Đã liên kết với tài khoản Nguyễn Thị Lan đến 17:30" in reply
    assert fake.called("POST", "/api/volunteer-links")[-1]["json"] == {
        "channel": "rest",
        "sender_id": driver.sender,
        "code": "246810",
    }
    assert driver.slots["volunteer_link"] == LINK and driver.requested == "dossier_bundle"


def test_a_linked_chat_is_told_so_and_files_on_behalf_without_a_username(kb, fake):
    fake.on("GET", "/api/volunteer-links", LINK)
    driver = volunteer(kb, fake)
    assert "Đã liên kết với tài khoản Nguyễn Thị Lan" in "\n".join(m["text"] or "" for m in driver.messages)
    assert driver.requested == "dossier_bundle"
    payload = build_payload(driver._tracker(driver._latest()))
    assert payload["on_behalf"] is True and payload["consent"] is True and "filed_by_volunteer" not in payload


def test_too_many_wrong_codes_stop_the_form(kb, fake):
    fake.on("GET", "/api/volunteer-links", None)
    fake.on("POST", "/api/volunteer-links", refusal(429, "too_many_attempts"))
    driver = volunteer(kb, fake)
    reply = driver.say("123456")
    assert "quá nhiều lần" in reply and driver.active is False


def test_an_expired_link_at_filing_asks_for_the_code_again(fake):
    fake.on("POST", "/api/dossiers", refusal(403, "volunteer_link_required"))
    slots = {
        "dossier_confirm": True,
        "dossier_volunteer": True,
        "volunteer_link": LINK,
        "dossier_key": "dossier-abc12345",
        "dossier_procedure": BIRTH,
        "dossier_title": "Đăng ký khai sinh",
        "applicant_name": "Trần Thị Hoa",
    }
    messages, events, slots = run_action(ActionDossierFinish(), make_tracker("/affirm", "affirm", slots=slots))
    assert "hết hạn" in all_text(messages) and loops_of(events) == ["dossier_form"]
    assert slots["volunteer_link"] is None and slots["dossier_confirm"] is None and "applicant_name" not in slots


def test_end_of_shift_unlinks_the_chat(fake):
    messages, _, slots = run_action(
        ActionEndVolunteerShift(), make_tracker("kết thúc ca", "end_volunteer_shift", slots={"volunteer_link": LINK})
    )
    assert fake.called("DELETE", "/api/volunteer-links")[0]["params"] == {"channel": "rest", "sender_id": "test-user"}
    assert "Đã kết thúc ca" in all_text(messages) and slots["volunteer_link"] is None


def test_link_code():
    assert link_code("mã của tôi là 246810") == "246810"
    assert link_code("0912345678") is None and link_code("123 456") is None


# ------------------------------------------------------------------------------------------ consent
def test_a_citizen_consents_before_any_paper_or_personal_datum_is_asked(kb, fake):
    driver = FormDriver(slots={"current_procedure_code": BIRTH})
    driver.run(ActionStartDossier(), "nộp hồ sơ", "start_dossier")
    driver.activate()
    driver.say(*NO_BUNDLE)
    assert driver.requested == "privacy_consent_at"
    assert [b["title"] for b in all_buttons(driver.messages)] == ["Đồng ý", "Không đồng ý"]
    reply = driver.say("/deny", "deny")
    assert driver.active is False and "không thu thập" in reply and driver.slots["privacy_consent_at"] is None

    again = FormDriver(slots={"current_procedure_code": BIRTH})
    again.run(ActionStartDossier(), "nộp hồ sơ", "start_dossier")
    again.activate()
    again.say(*NO_BUNDLE)
    again.say("/affirm", "affirm")
    assert again.slots["privacy_consent_at"].endswith("+00:00") and again.requested == "document_answer"


def test_the_consent_question_names_the_data_and_offers_both_buttons():
    tracker = make_tracker("", "")
    tracker.active_loop = {"name": "feedback_form"}
    messages, _, _ = run_action(ActionAskPrivacyConsentAt(), tracker)
    assert "ẩn danh" in all_text(messages)
    assert [b["payload"] for b in all_buttons(messages)] == ["/affirm", "/deny"]


# ------------------------------------------------------------------------------------------ sessions and privacy
def test_the_first_session_gets_the_privacy_notice_and_no_applicant_detail_is_carried():
    old = {
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_cccd": "001199012345",
        "applicant_phone": "0912345678",
        "applicant_address": "12 Lê Lợi",
        "cccd_number": "001199012345",
        "pending_dossier": {"idempotency_key": "k"},
        "dossier_title": "Đăng ký khai sinh",
        "privacy_consent_at": "2026-11-30T01:00:00+00:00",
    }
    messages, events, slots = run_action(ActionSessionStart(), make_tracker("", "", slots=old))
    notice = all_text(messages)
    for part in ("CCCD", "90 ngày", "Hỏi thủ tục không cần thông tin cá nhân", "“xóa dữ liệu của tôi”"):
        assert part in notice
    assert len(notice) < 500  # one phone screen
    assert events[0]["event"] == "session_started"
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    assert not {"applicant_name", "applicant_cccd", "applicant_phone", "applicant_address", "cccd_number"} & set(slots)
    assert slots["pending_dossier"] == {"idempotency_key": "k"} and slots["dossier_title"] == "Đăng ký khai sinh"
    assert slots["privacy_notice_shown"] is True and slots["privacy_consent_at"] == old["privacy_consent_at"]

    messages, _, _ = run_action(ActionSessionStart(), make_tracker("", "", slots={"privacy_notice_shown": True}))
    assert messages == []  # the notice once per chat
    messages, _, _ = run_action(
        ActionSessionStart(), make_tracker("/session_start", "session_start", slots={"privacy_notice_shown": True})
    )
    assert messages[0]["response"] == "utter_greet"  # typed: never silence


def test_a_resumed_dossier_takes_the_applicant_from_the_backend_not_from_old_slots(kb, fake):
    citizen = {"full_name": "Nguyễn Thị Lan", "ward": "Phường Tân Định"}
    fake.on("GET", "/api/citizens/by-sender/rest/test-user", [citizen])
    slots = {"dossier_key": "dossier-abc12345", "dossier_procedure": BIRTH, "dossier_title": "Đăng ký khai sinh"}
    _, _, slots = run_action(ActionResumeDossier(), make_tracker("tiếp tục hồ sơ", "resume_dossier", slots=slots))
    assert slots["applicant_name"] == "Nguyễn Thị Lan" and slots["applicant_ward"] == "Phường Tân Định"


def test_restart_says_so():
    messages, events, _ = run_action(ActionRestart(), make_tracker("/restart", "restart"))
    assert "bắt đầu lại" in all_text(messages) and [e["event"] for e in events] == ["restart", "slot"]
    _, events, slots = run_action(
        ActionRestart(), make_tracker("/restart", "restart", slots={"privacy_notice_shown": True})
    )
    assert events[0]["event"] == "restart" and slots["privacy_notice_shown"] is True  # no second notice
    assert slots["hotline"] == HOTLINE  # the domain's responses read it; no session start follows a restart


def test_deletion_request_is_recorded_and_the_applicant_slots_are_forgotten(fake):
    fake.on("POST", "/api/deletion-requests", {"id": 7, "status": "pending", "due_at": "2026-12-03T09:00:00Z"})
    slots = {
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_cccd": "001199012345",
        "feedback_contact": {"phone": "0912345678"},
    }
    asked = make_tracker("xóa dữ liệu của tôi", "request_data_deletion", slots=slots)
    messages, _, slots = run_action(ActionRequestDataDeletion(), asked)
    assert fake.called("POST", "/api/deletion-requests")[0]["json"] == {"channel": "rest", "sender_id": "test-user"}
    assert "YC-7" in all_text(messages) and "72 giờ" in all_text(messages)
    assert slots["applicant_name"] is None and slots["applicant_cccd"] is None and slots["feedback_contact"] is None


def test_deletion_when_the_backend_is_down_still_forgets_and_says_so(fake):
    fake.on("POST", "/api/deletion-requests", backend_client.BackendUnavailable("down"))
    asked = make_tracker("xóa dữ liệu", "request_data_deletion")
    messages, _, slots = run_action(ActionRequestDataDeletion(), asked)
    assert "chưa ghi nhận" in all_text(messages) and slots["applicant_name"] is None


# ------------------------------------------------------------------------------------------ never silent
def test_a_typed_faq_without_its_key_gets_an_answer():
    messages, _, _ = run_action(ActionReplyIfSilent(), make_tracker("/faq", "faq"))
    assert "Bạn muốn hỏi" in all_text(messages)
    answered = make_tracker("/faq", "faq")
    answered.events.append({"event": "bot", "text": "Dịch vụ công trực tuyến là…"})
    assert run_action(ActionReplyIfSilent(), answered)[0] == []


@pytest.mark.parametrize("text", ["/khong_co_intent{}", '/ask_procedure{"procedure": ', "/"])
def test_unknown_or_malformed_payloads_get_a_polite_answer(kb, text):
    assert bad_input_reply(text).startswith("Tôi chưa hiểu lựa chọn")
    messages, _, _ = run_action(ActionFallback(), make_tracker(text, "nlu_fallback"))
    assert "Tôi chưa hiểu lựa chọn" in all_text(messages)

"""Handoff to staff, relaying, closing, ratings and analytics (actions/handoff/handoff.py, rating.py, the hooks in
fallback.py and search.py), driven with tracker fixtures against a real backend on 127.0.0.1.

Run with the app venv: `.venv/bin/python -m pytest tests/actions/test_handoff.py`.
"""

from __future__ import annotations

import time

from test_feedback_helpers import (  # noqa: F401 - fixtures
    FormDriver,
    backend,
    backend_down,
    bot,
    buttons_of,
    run,
    text_of,
    tracker,
    user,
)

from actions.core.chat import transcript
from actions.fallback.fallback import ActionFallback, ActionHandleAffirm
from actions.handoff.handoff import ActionHandoffClosed, ActionRequestHuman, ValidateHandoffForm
from actions.rating.rating import (
    ActionAskRating,
    ActionSubmitRating,
    ActionSubmitRatingComment,
    ValidateRatingCommentForm,
)

NOW = time.time()
HISTORY = [
    user("cho hỏi thủ tục đăng ký tạm trú", "ask_procedure", timestamp=NOW - 60),
    bot("Thủ tục đăng ký tạm trú (mã 1.004194)…", timestamp=NOW - 59),
    user("/ask_fee", "ask_fee", timestamp=NOW - 50),
    bot("Lệ phí: 15.000 đồng", timestamp=NOW - 49),
]


def loop_of(events):
    return [e.get("name") for e in events if e.get("event") == "active_loop"]


def open_ticket(backend, sender: str, channel: str = "rest"):
    messages, events, slots = run(
        ActionRequestHuman(),
        tracker("cho tôi gặp cán bộ", "request_human", history=HISTORY, channel=channel, sender=sender),
    )
    return messages, events, slots


def test_transcript_is_the_last_messages_with_authors_and_times():
    t = tracker("gặp cán bộ", "request_human", history=HISTORY)
    lines = transcript(t)
    assert [line["author"] for line in lines] == ["citizen", "bot", "citizen", "bot", "citizen"]
    assert lines[2]["text"] == "[nút: ask_fee]" and lines[0]["at"].endswith("+00:00")
    long_history = [user(f"câu {i}", timestamp=NOW + i) for i in range(50)]
    assert len(transcript(tracker("x", history=long_history))) == 30


def test_request_human_opens_a_ticket_with_the_transcript_and_tells_the_sla(backend):
    messages, events, slots = open_ticket(backend, "ho-1")
    ticket_id = slots["handoff_ticket_id"]
    text = text_of(messages)
    assert f"yêu cầu số {ticket_id}" in text and "chậm nhất trước" in text and "trong cuộc trò chuyện này" in text
    assert loop_of(events) == ["handoff_form"]
    ticket = backend.get(f"/api/tickets/{ticket_id}").json()
    assert ticket["reason"] == "request" and ticket["category"] == "ho_tro" and ticket["status"] == "open"
    assert [e["author"] for e in ticket["transcript"]] == ["citizen", "bot", "citizen", "bot", "citizen"]
    assert ticket["transcript"][0]["text"] == "cho hỏi thủ tục đăng ký tạm trú"
    assert "cho tôi gặp cán bộ" in ticket["summary"]

    # asking again while it is open: the same ticket, said as such
    messages, _, again = open_ticket(backend, "ho-1")
    assert again["handoff_ticket_id"] == ticket_id
    assert "đang được cán bộ hỗ trợ" in text_of(messages)


def test_rest_channel_relays_acknowledges_delivers_staff_replies_then_takes_over_and_asks_a_rating(backend):
    _, _, slots = open_ticket(backend, "ho-rest")
    ticket_id = slots["handoff_ticket_id"]
    driver = FormDriver("handoff_form", ValidateHandoffForm(), {"handoff_ticket_id": ticket_id}, sender="ho-rest")
    ack = text_of(driver.say("Hồ sơ HS-2026-000001 của tôi bị trả lại, vì sao ạ?"))
    assert "Đã chuyển tin nhắn" in ack and not driver.done
    ticket = backend.get(f"/api/tickets/{ticket_id}").json()
    assert ticket["messages"][-1]["text"] == "Hồ sơ HS-2026-000001 của tôi bị trả lại, vì sao ạ?"
    assert ticket["messages"][-1]["author"] == "citizen"

    assert (
        backend.post(
            f"/api/tickets/{ticket_id}/reply", {"text": "Chào anh, hồ sơ thiếu tờ khai."}, staff=True
        ).status_code
        == 201
    )
    reply = text_of(driver.say("vâng tôi chờ"))
    assert "Cán bộ hỗ trợ: Chào anh, hồ sơ thiếu tờ khai." in reply  # REST clients get staff replies here

    assert backend.post(f"/api/tickets/{ticket_id}/close", {"note": "đã giải thích"}, staff=True).status_code == 200
    said = text_of(driver.say("cảm ơn"))
    assert driver.done and driver.slots["handoff_message"] == "__closed__" and said == ""
    messages, _, closed = run(
        ActionHandoffClosed(), tracker("cảm ơn", slots=driver.slots, history=driver.history, sender="ho-rest")
    )
    text = text_of(messages)
    assert "Trợ lý tự động tiếp tục" in text and "từ 1" in text and "Cán bộ đã kết thúc" in text
    assert closed["handoff_ticket_id"] is None and closed["rating_subject"] == {"ticket_id": ticket_id}
    assert '/give_rating{"rating_score":"5"}' in [b["payload"] for b in buttons_of(messages)]

    # the citizen presses "4"; then adds a comment
    rated = tracker(
        '/give_rating{"rating_score":"4"}',
        "give_rating",
        [{"entity": "rating_score", "value": "4"}],
        slots={**driver.slots, **closed},
        sender="ho-rest",
    )
    messages, _, after = run(ActionSubmitRating(), rated)
    assert "4/5" in text_of(messages) and "/add_rating_comment" in [b["payload"] for b in buttons_of(messages)]
    dashboard = backend.get("/api/analytics/dashboard", staff=True).json()
    assert dashboard["average_rating_tickets"] is not None and dashboard["ratings_count"] >= 1

    comment = FormDriver("rating_comment_form", ValidateRatingCommentForm(), {**closed, **after}, sender="ho-rest")
    comment.say("Cán bộ trả lời nhanh, rất rõ ràng")
    assert comment.done
    messages, _, cleared = run(ActionSubmitRatingComment(), tracker("", slots=comment.slots, sender="ho-rest"))
    assert "Cảm ơn góp ý" in text_of(messages) and cleared["rating_subject"] is None


def test_web_channel_closure_from_metadata_records_a_typed_score_at_once(backend):
    _, _, slots = open_ticket(backend, "ho-web", channel="web")
    ticket_id = slots["handoff_ticket_id"]
    backend.post(f"/api/tickets/{ticket_id}/close", {}, staff=True)
    meta = {"motcua": {"backend": "ok", "handoff_open": False, "awaiting_rating_ticket_id": ticket_id}}
    driver = FormDriver(
        "handoff_form", ValidateHandoffForm(), {"handoff_ticket_id": ticket_id}, channel="web", sender="ho-web"
    )
    driver.say("5, cán bộ hướng dẫn nhiệt tình", metadata=meta)
    assert driver.done
    messages, _, closed = run(
        ActionHandoffClosed(),
        tracker("5, cán bộ hướng dẫn nhiệt tình", slots=driver.slots, channel="web", sender="ho-web", metadata=meta),
    )
    assert "5/5 và góp ý" in text_of(messages) and closed["rating_subject"] is None
    state = backend.get("/api/tickets/open", channel="web", sender_id="ho-web").json()
    assert state["awaiting_rating_ticket_id"] is None  # rated


def test_a_typed_score_after_a_handoff_is_a_rating_through_the_fallback(backend):
    _, _, slots = open_ticket(backend, "ho-typed", channel="web")
    ticket_id = slots["handoff_ticket_id"]
    backend.post(f"/api/tickets/{ticket_id}/close", {}, staff=True)
    meta = {"motcua": {"backend": "ok", "handoff_open": False, "awaiting_rating_ticket_id": ticket_id}}
    messages, _, _ = run(
        ActionFallback(), tracker("3", "nlu_fallback", channel="web", sender="ho-typed", metadata=meta)
    )
    assert "3/5" in text_of(messages)


def test_skip_and_rating_without_a_subject():
    messages, _, slots = run(
        ActionSubmitRating(),
        tracker(
            '/give_rating{"rating_score":"skip"}',
            "give_rating",
            [{"entity": "rating_score", "value": "skip"}],
            slots={"rating_subject": {"ticket_id": 3}},
        ),
    )
    assert "Vâng" in text_of(messages) and slots["rating_subject"] is None
    messages, _, _ = run(ActionSubmitRating(), tracker("rất hài lòng", "give_rating"))
    assert "Cảm ơn" in text_of(messages)


def test_ask_rating_after_a_dossier_uses_the_receipt_code(backend):
    messages, _, slots = run(ActionAskRating(), tracker("", slots={"receipt_code": "HS-2026-000042"}))
    assert "HS-2026-000042" in text_of(messages) and slots["rating_subject"] == {"receipt_code": "HS-2026-000042"}
    assert run(ActionAskRating(), tracker(""))[1] == []  # nothing to rate: says nothing


def test_two_fallbacks_offer_a_person_but_open_no_ticket(backend):
    history = [
        user("xyzw qqq", "nlu_fallback", timestamp=NOW - 20),
        {"event": "slot", "name": "turn_failed", "value": True},
    ]
    messages, _, slots = run(
        ActionFallback(), tracker("abcd efgh", "nlu_fallback", history=history, sender="ho-fallback")
    )
    assert slots["pending_offer"] == "human"
    assert {"title": "Gặp cán bộ", "payload": "/request_human"} in buttons_of(messages)
    assert "Hỏi lại" in [b["title"] for b in buttons_of(messages)]
    messages, events, slots = run(
        ActionHandleAffirm(),
        tracker("có", "affirm", slots={"pending_offer": "human"}, history=history, sender="ho-fallback"),
    )
    assert loop_of(events) == [] and "Gặp cán bộ" in text_of(messages)  # a "yes" is not the explicit request
    assert backend.get("/api/tickets/open", channel="rest", sender_id="ho-fallback").json()["open"] is False
    unanswered = [q["text"] for q in backend.get("/api/analytics/dashboard", staff=True).json()["unanswered"]]
    assert "abcd efgh" in unanswered  # the fallback was logged for the dashboard


def test_gibberish_is_answered_but_not_recorded_as_unanswered(backend):
    t = tracker("qwxz plmk", "nlu_fallback", sender="ho-gibberish")
    t.latest_message["intent"] = {"name": "nlu_fallback", "confidence": 1.0}  # the NLU's UnknownInputGuard
    messages, _, _ = run(ActionFallback(), t)
    assert "chưa hiểu" in text_of(messages)
    unanswered = [q["text"] for q in backend.get("/api/analytics/dashboard", staff=True).json()["unanswered"]]
    assert "qwxz plmk" not in unanswered


def test_an_unsure_request_for_a_person_offers_the_button_and_opens_no_ticket(backend):
    # the fuzz's "sđt 0912345678" reads as request_human at 0.62: a ticket opens only on a clear request or the button
    t = tracker("sđt 0912345678", "request_human", sender="ho-unsure")
    t.latest_message["intent"] = {"name": "request_human", "confidence": 0.62}
    messages, events, slots = run(ActionRequestHuman(), t)
    assert {"title": "Gặp cán bộ", "payload": "/request_human"} in buttons_of(messages)
    assert loop_of(events) == [] and slots.get("handoff_ticket_id") is None and slots["pending_offer"] == "human"
    assert backend.get("/api/tickets/open", channel="rest", sender_id="ho-unsure").json()["open"] is False


def test_backend_down_is_said_honestly_and_nothing_is_relayed(backend_down):
    messages, events, _ = run(ActionRequestHuman(), tracker("gặp cán bộ", "request_human"))
    assert "1800 1096" in text_of(messages) and loop_of(events) == []
    driver = FormDriver("handoff_form", ValidateHandoffForm(), {"handoff_ticket_id": 7})
    assert "chưa tới được cán bộ" in text_of(driver.say("alo"))
    assert not driver.done
    started = time.monotonic()
    messages, _, _ = run(ActionFallback(), tracker("zzzq wwxy", "nlu_fallback"))  # analytics fail quietly
    assert "chưa hiểu" in text_of(messages) and time.monotonic() - started < 5


def test_procedure_answers_and_out_of_catalog_questions_are_counted(backend, kb):
    from actions.procedures.search import ActionSearchProcedure

    messages, _, slots = run(ActionSearchProcedure(), tracker("đăng ký thường trú", "ask_procedure", sender="ho-kb"))
    assert slots["current_procedure_code"] == "1.004222"
    run(ActionSearchProcedure(), tracker("xin chuyển trường cho con học lớp 6", "ask_procedure", sender="ho-kb"))
    dashboard = backend.get("/api/analytics/dashboard", staff=True).json()
    assert "1.004222" in [p["procedure_code"] for p in dashboard["top_procedures"]]
    assert "xin chuyển trường cho con học lớp 6" in [q["text"] for q in dashboard["unanswered"]]

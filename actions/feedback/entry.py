"""Starting a feedback (góp ý) or a complaint (khiếu nại, with urgency and a handoff when a person is asked for)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core.offers import offer_events
from actions.feedback.common import (
    FEEDBACK_FORM,
    STAFF_ABUSE_WORDS,
    _folded,
    _has,
    guess_category,
    is_urgent,
    reset_form_slots,
)
from actions.handoff.handoff import open_handoff
from actions.procedures.lost_papers import is_lost_paper_question
from actions.procedures.routing import outside_grievance_answer, procedure_question_answer
from actions.procedures.search import search_and_answer
from common import fields
from common.limits import INTENT_THRESHOLD

START_TEXT = (
    "Tôi sẽ ghi nhận phản ánh, kiến nghị của bạn và chuyển tới cơ quan có thẩm quyền xem xét, trả lời. "
    "Bạn trả lời giúp tôi vài câu hỏi ngắn nhé (nhắn “hủy” để dừng bất cứ lúc nào)."
)


class ActionGiveFeedback(Action):
    """give_feedback: start the feedback form from scratch."""

    def name(self) -> Text:
        return "action_give_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=START_TEXT)
        return reset_form_slots() + [*offer_events(None), ActiveLoop(FEEDBACK_FORM)]


class ActionComplain(Action):
    """complain: urgent -> a ticket at once; otherwise the feedback form, pre-filled from the complaint. A complaint
    needs a grievance: a lost, damaged, expired or mis-written paper that blames nobody is searched as a procedure
    question (cấp lại, cấp đổi, cải chính), and a message that blames nobody and asks a fact of a procedure the
    search finds gets that fact (actions/procedures/routing.py). A grievance that names no office or official and whose
    matter is outside the catalog (unpaid wages, a neighbour, a company) is told where to go, with a person offered.
    """

    def name(self) -> Text:
        return "action_complain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        typed = text if text and not text.startswith("/") else ""
        if typed and is_lost_paper_question(typed):  # lost, worn or mis-written, nobody to blame
            return await search_and_answer(dispatcher, tracker, typed)
        answered = await procedure_question_answer(dispatcher, tracker, typed)  # a fact asked, nobody blamed
        if answered is not None:
            return answered
        category = guess_category(typed) if typed else None
        if typed and _has(_folded(typed), STAFF_ABUSE_WORDS):
            category = "thai_do_can_bo"  # money demands, bribes, threats: about a staff member's conduct
        if typed and is_urgent(category, typed):
            events = await open_handoff(
                dispatcher,
                tracker,
                reason="urgent_complaint",
                category=category or "khac",
                summary=f"Phản ánh khẩn: {typed}",
            )
            if any(e.get("event") == "active_loop" for e in events):
                return events
            # the backend is down: still offer to write the complaint down
        elsewhere = await outside_grievance_answer(dispatcher, tracker, typed)  # an employer, a neighbour, a company
        if elsewhere is not None:
            return elsewhere
        events = reset_form_slots()
        if category:
            events.append(SlotSet("feedback_category", category))
        if typed and len(_folded(typed).split()) >= 8:
            events.append(SlotSet("feedback_content", typed[: fields.FEEDBACK_CONTENT]))
        dispatcher.utter_message(
            text="Tôi rất tiếc về sự việc bạn gặp phải. "
            + START_TEXT
            + "\nNếu hồ sơ bị trễ hẹn, bạn có quyền yêu cầu cơ quan giải quyết có văn bản xin lỗi và hẹn lại ngày "
            "trả kết quả."
        )
        return events + [*offer_events(None), ActiveLoop(FEEDBACK_FORM)]


# ---------------------------------------------------------------------------------------- the form
def wants_a_person(tracker: Tracker) -> bool:
    """ "gặp cán bộ" in the middle of the form (a short message the NLU is sure about, or the button)."""
    message = tracker.latest_message or {}
    text = (message.get("text") or "").strip()
    if text == "/request_human":
        return True
    intent = message.get("intent") or {}
    return (
        intent.get("name") == "request_human"
        and float(intent.get("confidence") or 0) >= INTENT_THRESHOLD
        and not text.startswith("/")
        and len(text.split()) <= 6
    )

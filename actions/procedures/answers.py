"""Follow-up questions about the current procedure: documents, fee, time, where, online, legal basis.

Buttons under a document list ask for its details: ``/ask_documents{"detail": "conditional" | "full" | "case-<n>"}``.
When the question names a procedure with close variants, it asks which variant only when the asked fact differs.

"lệ phí bao nhiêu?" answers about the remembered procedure. When the question also names a procedure
("lệ phí làm sổ đỏ bao nhiêu"), it is searched: a different procedure switches the topic, the same one (or
nothing found) keeps it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import knowledge_base as kb_client
from actions.core.offers import offer_events
from actions.core.replies import send
from actions.core.tracker import entity, is_payload, latest_text
from actions.procedures import out_of_catalog, render
from actions.procedures import texts as fmt
from actions.procedures.aspect import aspect_to_answer
from actions.procedures.conversation import answer_aspect, procedure_query
from actions.procedures.search import KB_UNAVAILABLE, answer_procedure, find_procedure, out_of_catalog_events

ASK_WHICH = {
    "documents": "Bạn muốn biết giấy tờ của thủ tục nào ạ?",
    "fee": "Bạn hỏi lệ phí của thủ tục nào ạ?",
    "time": "Bạn hỏi thời gian giải quyết của thủ tục nào ạ?",
    "where": "Bạn muốn nộp hồ sơ thủ tục nào ạ?",
    "online": "Bạn hỏi thủ tục nào có nộp trực tuyến được không ạ?",
    "legal": "Bạn hỏi căn cứ pháp lý của thủ tục nào ạ?",
}
EXAMPLES = " Ví dụ: “đăng ký khai sinh”, “cấp đổi thẻ căn cước”, “đăng ký tạm trú”."


class ProcedureAnswer:
    """Shared run() of the follow-up actions (a mixin, so that the SDK does not register it as an action)."""

    aspect = "summary"
    action_name = ""

    def name(self) -> Text:
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        current_code = tracker.get_slot("current_procedure_code")
        typed = latest_text(tracker)  # a typed question may ask another fact than its intent says, very clearly
        aspect = self.aspect if is_payload(typed) else aspect_to_answer(typed, self.aspect)
        query = procedure_query(tracker)
        if query and out_of_catalog.topic_of(query) is not None:
            return out_of_catalog_events(dispatcher, tracker, query)
        result = None
        if query:
            result, _ = await find_procedure(tracker, query)
            if result is None:
                send(dispatcher, KB_UNAVAILABLE)
                return []
            if not result.abstain and result.hits:
                codes = [h.code for h in result.hits[:3]] + [h.code for h in result.variants]
                if current_code and current_code in codes:
                    pass  # same topic: answer about the current procedure below
                elif result.variants and render.variant_note(result.variants, aspect) is None:
                    text, buttons = fmt.variants_question(result.variants)
                    send(dispatcher, text, buttons)
                    return [
                        SlotSet("pending_variants", [h.code for h in result.variants]),
                        SlotSet("pending_aspect", aspect),
                        SlotSet("turn_failed", None),
                    ]
                else:
                    note = render.variant_note(result.variants, aspect) if result.variants else ""
                    return answer_procedure(
                        dispatcher, result.hits[0].procedure, aspect, result.hits, tracker=tracker, note=note
                    )
        if current_code:
            proc = await kb_client.get(current_code)
            if proc is None:
                send(dispatcher, KB_UNAVAILABLE)
                return []
            ward = entity(tracker, "ward") or tracker.get_slot("ward") or ""
            answer_aspect(dispatcher, proc, aspect, ward=ward, detail=entity(tracker, "detail") or "", question=typed)
            return [SlotSet("turn_failed", None), *offer_events(None)]
        pending = tracker.get_slot("pending_variants")
        if pending:
            procs = [p for p in [await kb_client.get(c) for c in pending] if p is not None]
            if procs:
                text, buttons = fmt.variants_question(procs)
                send(dispatcher, "Bạn chọn giúp tôi trường hợp trước nhé.\n" + text, buttons)
                return [SlotSet("pending_aspect", aspect)]
        if query:  # the message names something the catalog does not have
            return out_of_catalog_events(dispatcher, tracker, query, getattr(result, "handled_by", ""))
        send(dispatcher, ASK_WHICH.get(aspect, "Bạn hỏi về thủ tục nào ạ?") + EXAMPLES)
        return []


class ActionAnswerDocuments(ProcedureAnswer, Action):
    aspect, action_name = "documents", "action_answer_documents"


class ActionAnswerFee(ProcedureAnswer, Action):
    aspect, action_name = "fee", "action_answer_fee"


class ActionAnswerTime(ProcedureAnswer, Action):
    aspect, action_name = "time", "action_answer_time"


class ActionAnswerWhere(ProcedureAnswer, Action):
    aspect, action_name = "where", "action_answer_where"


class ActionAnswerOnline(ProcedureAnswer, Action):
    aspect, action_name = "online", "action_answer_online"


class ActionAnswerLegalBasis(ProcedureAnswer, Action):
    aspect, action_name = "legal", "action_answer_legal_basis"

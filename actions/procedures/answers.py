"""Follow-up questions about the current procedure: documents, fee, time, where, online, legal basis, and what
the record states in a sentence (conditions: the aspect reader finds it in a question of any of these intents).
A second fact asked with the first ("… mất bao lâu và phí bao nhiêu") is stated under it (asked_facts).

Buttons under a document list ask for its details: ``/ask_documents{"detail": "conditional" | "full" | "case-<n>"}``.
When the question names a procedure with close variants, it asks which variant only when the asked fact differs.

"lệ phí bao nhiêu?" answers about the remembered procedure. When the question names anything besides the question,
even one word ("passport bao lâu", "báo tử ở đâu"), the whole message is searched (the knowledge base abstains by
itself): a different procedure switches the topic, the same one (or nothing found) keeps it. Without a current
procedure, a pure question is searched with the last query that found nothing (after an outside topic, its honest
answer is given again), and asks which procedure only when there is no such context.
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
from actions.procedures import out_of_catalog
from actions.procedures.aspect import aspect_to_answer
from actions.procedures.conversation import answer_aspect, previous_user_text, procedure_query
from actions.procedures.corrections import split_negated
from actions.procedures.follow_ups import answered, follow_up_aspect
from actions.procedures.search import (
    KB_UNAVAILABLE,
    answer_among_variants,
    answer_found,
    answer_outside_topic,
    find_asked_procedure,
    find_procedure,
    found_by_its_name,
    has_match,
    out_of_catalog_events,
)

ASK_WHICH = {
    "documents": "Bạn muốn biết giấy tờ của thủ tục nào ạ?",
    "fee": "Bạn hỏi lệ phí của thủ tục nào ạ?",
    "time": "Bạn hỏi thời gian giải quyết của thủ tục nào ạ?",
    "where": "Bạn muốn nộp hồ sơ thủ tục nào ạ?",
    "online": "Bạn hỏi thủ tục nào có nộp trực tuyến được không ạ?",
    "legal": "Bạn hỏi căn cứ pháp lý của thủ tục nào ạ?",
    "conditions": "Bạn hỏi quy định của thủ tục nào ạ?",
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
        # read without what a correction negates ("không phải X mà là Y" reads as conditions)
        aspect = self.aspect if is_payload(typed) else aspect_to_answer(split_negated(typed)[0], self.aspect)
        if self.aspect == "summary" and current_code:  # no intent's aspect (a question small talk carried)
            aspect = follow_up_aspect(tracker, typed, aspect)
        query = procedure_query(tracker)
        result = None
        if query:
            if out_of_catalog.topic_of(query) is not None:
                events, _ = await answer_outside_topic(dispatcher, tracker, query, aspect)
                return events
            # with a current procedure, only a message that names another one clearly leaves it
            find = find_procedure if current_code else find_asked_procedure
            result, searched = await find(tracker, query)
            if result is None:
                send(dispatcher, KB_UNAVAILABLE)
                return []
            if has_match(result) and not _names(result, current_code, query):
                if not current_code or await found_by_its_name(query, searched, result):
                    return answer_found(dispatcher, tracker, result, searched, aspect)
        if current_code:  # a pure question, the current procedure named again, or nothing found: the current one
            proc = await kb_client.get(current_code)
            if proc is None:
                send(dispatcher, KB_UNAVAILABLE)
                return []
            ward = entity(tracker, "ward") or tracker.get_slot("ward") or ""
            answer_aspect(dispatcher, proc, aspect, ward=ward, detail=entity(tracker, "detail") or "", question=typed)
            return [SlotSet("turn_failed", None), *offer_events(None), *answered(aspect)]
        pending = tracker.get_slot("pending_variants")
        if pending:
            procs = [p for p in [await kb_client.get(c) for c in pending] if p is not None]
            if procs:
                return answer_among_variants(dispatcher, tracker, procs, aspect)
        if query:  # the message names something the catalog does not have
            return out_of_catalog_events(dispatcher, tracker, query, getattr(result, "handled_by", ""))
        context = tracker.get_slot("last_query")
        if context and not is_payload(typed):  # a pure question after a search that found no single procedure
            return await _answer_in_context(dispatcher, tracker, f"{context} {typed}", aspect, context)
        earlier = previous_user_text(tracker)
        if earlier and out_of_catalog.topic_of(earlier) is not None:  # a pure question about an outside topic
            return out_of_catalog_events(dispatcher, tracker, earlier)
        send(dispatcher, ASK_WHICH.get(aspect, "Bạn hỏi về thủ tục nào ạ?") + EXAMPLES)
        return []


def _names(result, code: str, question: str) -> bool:
    """The search result names the procedure ``code`` among its best hits or close variants (the same topic), and
    the question's situation did not choose its first hit over it ("cấp đổi thẻ căn cước", then "nếu bị mất luôn thì
    phí bao nhiêu": the re-issue)."""
    if not code or code not in [h.code for h in result.hits[:3]] + [h.code for h in result.variants]:
        return False
    first = result.hits[0].code
    return first == code or not kb_client.situation_chooses(question, first, code)


async def _answer_in_context(dispatcher, tracker: Tracker, query: str, aspect: str, context: str):
    """Search the conversation's last query with the new question; when it still finds nothing, say so honestly
    again (where to go when known), keeping the last query as the context."""
    result, searched = await find_asked_procedure(tracker, query)
    if result is None:
        send(dispatcher, KB_UNAVAILABLE)
        return []
    if has_match(result):
        return answer_found(dispatcher, tracker, result, searched, aspect)
    return out_of_catalog_events(dispatcher, tracker, context, result.handled_by)


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

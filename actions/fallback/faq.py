"""faq: the canned FAQ texts (bot/domain/base.yml, utter_faq/*) answer general questions ("vneid mức 2 là gì"); a
question that asks a fact (time, place, fee, documents…) of a procedure the search finds confidently ("kích hoạt
định danh mức 2 mất mấy ngày") gets that procedure's answer instead (actions/procedures/routing.py).

Each FAQ was checked: only the VNeID level-2 one is about a catalog procedure of its own (``OWN_PROCEDURE_FAQS``);
the others yield only to a strongly named procedure ("nộp trực tuyến đăng ký khai sinh mất bao lâu")."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core.replies import send
from actions.core.tracker import is_payload, latest_text
from actions.fallback.fallback import ASK_WHAT_TEXT, EXAMPLE_BUTTONS
from actions.procedures.routing import CONFIDENT_SCORE, answer_asked_fact

# The search's score from which a procedure's fact replaces the FAQ text. The VNeID level-2 account is a catalog
# procedure ("Cấp tài khoản định danh điện tử mức độ 02"): its FAQ gives way at the usual confidence. The other FAQs
# describe a service every procedure shares (online filing, the portal's login, the hotline, the one-stop office,
# postal delivery), whose words also name unrelated procedures ("nộp qua bưu điện mất bao lâu" finds the closing of
# a post office's branch at about 0.7): only a procedure named strongly beats them.
OWN_PROCEDURE_FAQS = ("utter_faq/vneid_level2",)
STRONG_SCORE = 0.9


def faq_response(tracker: Tracker) -> str:
    """The FAQ response the NLU's response selector chose ("utter_faq/vneid_level2"), or "". As rasa's own
    utter_faq reads it: the selector of the faq intent, else the one selector for all retrieval intents ("default",
    config.yml trains one)."""
    selectors = (tracker.latest_message or {}).get("response_selector") or {}
    selector = selectors.get("faq") or selectors.get("default") or {}
    chosen = (selector.get("response") or {}).get("utter_action") or ""
    return chosen if chosen.startswith("utter_faq/") else ""


class ActionAnswerFaq(Action):
    """faq: a procedure's fact when the question asks one of a procedure the search finds confidently, else the FAQ
    text the response selector chose; a typed /faq (no response chosen) is asked what it wants to know."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        response = faq_response(tracker)
        if text.strip() and not is_payload(text):
            min_score = CONFIDENT_SCORE if response in OWN_PROCEDURE_FAQS else STRONG_SCORE
            answered = await answer_asked_fact(dispatcher, tracker, text, min_score)
            if answered is not None:
                return answered
        if response:
            dispatcher.utter_message(response=response)
        else:
            send(dispatcher, ASK_WHAT_TEXT, EXAMPLE_BUTTONS[:2])
        return []

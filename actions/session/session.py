"""Session start and restart (rasa's default actions, replaced so that the citizen always gets an answer).

- ``action_session_start``: a new session keeps only ``privacy.CARRIED_SLOTS`` (never the applicant's details);
  the first time a chat is seen, the privacy notice goes before the first reply; a typed ``/session_start`` gets a
  greeting instead of silence; the ``hotline`` slot gets the configured hotline (the domain's responses use it).
- ``action_restart`` (a typed ``/restart``): says that the conversation starts again, then restarts it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, Restarted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.core.tracker import intent_name
from actions.privacy.privacy import CARRIED_SLOTS, NOTICE_SLOT, notice_text
from actions.settings import HOTLINE

HOTLINE_SLOT = "hotline"  # responses in the domain write {hotline}


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = [SessionStarted(), SlotSet(HOTLINE_SLOT, HOTLINE)]
        events += [
            SlotSet(name, tracker.get_slot(name)) for name in CARRIED_SLOTS if tracker.get_slot(name) is not None
        ]
        if not tracker.get_slot(NOTICE_SLOT):
            dispatcher.utter_message(text=notice_text())
            events.append(SlotSet(NOTICE_SLOT, True))
        elif intent_name(tracker) == "session_start":  # typed by the citizen: say something
            dispatcher.utter_message(response="utter_greet")
        return events + [ActionExecuted("action_listen")]


class ActionRestart(Action):
    def name(self) -> Text:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="Tôi đã bắt đầu lại cuộc trò chuyện. Bạn cần hỏi thủ tục gì ạ?")
        # the notice this chat has seen is not sent again by the session start that follows
        kept = [SlotSet(HOTLINE_SLOT, HOTLINE)] + (
            [SlotSet(NOTICE_SLOT, True)] if tracker.get_slot(NOTICE_SLOT) else []
        )
        return [Restarted()] + kept

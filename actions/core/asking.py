"""Asking for a form's slot: one ``action_ask_<slot>`` per slot, each a ``question`` (text and buttons)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.core.replies import Button, send

Question = Tuple[str, Optional[List[Button]]]


class AskSlot(Action, ABC):
    """The action rasa runs to ask for ``slot``; a subclass names the slot and writes the question."""

    slot = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    @abstractmethod
    def question(self, tracker: Tracker) -> Question:
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        text, buttons = self.question(tracker)
        if text:
            send(dispatcher, text, buttons or None)
        return []

"""Helpers to build trackers and run actions (rasa_sdk Tracker + CollectingDispatcher)."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Iterable, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def user_event(text: str, intent: str, entities: Iterable[dict] = ()) -> Dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": list(entities)},
    }


def make_tracker(
    text: str,
    intent: str,
    entities: Iterable[dict] = (),
    slots: Optional[Dict[str, Any]] = None,
    history: Optional[List[Dict[str, Any]]] = None,
) -> Tracker:
    """A tracker whose latest message is ``text`` classified as ``intent``; ``history`` = earlier events."""
    entities = list(entities)
    events = list(history or []) + [user_event(text, intent, entities)]
    return Tracker(
        sender_id="test-user",
        slots=dict(slots or {}),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": entities},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action, tracker: Tracker):
    """Run an action; returns (messages, events, slots set by the events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, events, slots


def first_answer(question: str, pending_aspect: str = ""):
    """(messages, slots) of action_search_procedure for ``question`` read as ask_procedure; when it asks which close
    variant applies, the first is chosen (the variant question keeping ``pending_aspect`` to answer, when given)."""
    from actions.procedures.search import ActionChooseOption, ActionSearchProcedure

    messages, _, slots = run_action(ActionSearchProcedure(), make_tracker(question, "ask_procedure"))
    if slots.get("pending_variants"):
        assert not pending_aspect or slots.get("pending_aspect") == pending_aspect
        chosen = make_tracker("cái đầu tiên", "choose_option", slots=slots)
        messages, _, slots = run_action(ActionChooseOption(), chosen)
    return messages, slots


def all_text(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def all_buttons(messages) -> list:
    return [b for m in messages for b in (m.get("buttons") or [])]

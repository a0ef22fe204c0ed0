"""Reading the citizen's latest message from the tracker (text, intent, entities)."""

from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def is_payload(text: str) -> bool:
    return text.strip().startswith("/")


def entity(tracker: Tracker, name: str) -> Optional[str]:
    for ent in (tracker.latest_message or {}).get("entities") or []:
        if ent.get("entity") == name and ent.get("value"):
            return str(ent["value"])
    return None


def intent_confidence(tracker: Tracker) -> float:
    """The NLU's confidence in the latest message's intent (1.0 for a button payload)."""
    return float(((tracker.latest_message or {}).get("intent") or {}).get("confidence") or 0.0)


def intent_name(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""

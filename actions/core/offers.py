"""The yes/no offer the bot has made and is waiting an answer to (slot ``pending_offer``).

The concern that makes an offer sets it with ``offer_events``; ``fallback`` answers "có"/"không" to it through one
dispatch table keyed by ``Offer``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

OFFER_SLOT = "pending_offer"


class Offer(str, Enum):
    HUMAN = "human"  # "Gặp cán bộ?" after two failed turns
    ALTERNATIVES = "alternatives"  # other procedures the last search found
    SAVE_DOCUMENTS = "save_documents"  # keep the filed papers in the personal store


def pending_offer(tracker: Tracker) -> Optional[Offer]:
    value = tracker.get_slot(OFFER_SLOT)
    return Offer(value) if value in Offer._value2member_map_ else None


def offer_events(offer: Optional[Offer]) -> List[Dict[str, Any]]:
    """The event that opens ``offer`` (None: no offer is open any more)."""
    return [SlotSet(OFFER_SLOT, offer.value if offer else None)]

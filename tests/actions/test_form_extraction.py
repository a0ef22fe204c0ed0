"""The forms' one extraction hook (actions/core/validation.py: TEXT_SLOTS, text_answer): the message answers the
requested slot when the form lists it and still requires it, and nothing else.

    .venv/bin/python -m pytest tests/actions/test_form_extraction.py
"""

from __future__ import annotations

import asyncio
from typing import List

from action_helpers import make_tracker
from dossier_helpers import DOMAIN
from rasa_sdk.executor import CollectingDispatcher

from actions.core.validation import MotcuaFormValidationAction
from actions.rating.rating import ValidateRatingCommentForm


class NoteForm(MotcuaFormValidationAction):
    """A form whose one text slot is required only while ``note_needed`` is set."""

    TEXT_SLOTS = ("rating_comment",)

    def name(self):
        return "validate_rating_comment_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[str]:
        return ["rating_comment"] if tracker.get_slot("note_needed") else []


def extracted(form, text: str, **slots) -> dict:
    tracker = make_tracker(text, "inform", slots=slots)
    events = asyncio.run(form.get_extraction_events(CollectingDispatcher(), tracker, DOMAIN))
    return {e["name"]: e["value"] for e in events}


def test_the_message_answers_the_requested_text_slot():
    form = ValidateRatingCommentForm()
    assert extracted(form, "hơi nhiều bước", requested_slot="rating_comment") == {"rating_comment": "hơi nhiều bước"}
    assert extracted(form, "   ", requested_slot="rating_comment") == {}  # a blank message answers nothing
    assert extracted(form, "hơi nhiều bước", requested_slot=None) == {}  # not asked: not an answer


def test_a_slot_no_longer_required_is_not_extracted():
    assert extracted(NoteForm(), "ghi chú", requested_slot="rating_comment", note_needed=True) == {
        "rating_comment": "ghi chú"
    }
    assert extracted(NoteForm(), "ghi chú", requested_slot="rating_comment", note_needed=None) == {}

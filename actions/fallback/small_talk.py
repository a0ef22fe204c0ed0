"""Small talk never swallows a question (issue 10): greet, goodbye, thank, chitchat, and the "có"/"không" of
affirm/deny (actions/fallback/fallback.py asks ``question_answer`` first).

The NLU files some procedure questions under a small-talk intent: a long question read as a goodbye, a short
everyday name read as a "yes" ("visa") or a "no" ("khai tử"). A message is small talk when every word it
has beyond questions and filler is a word of the small-talk intents' own training examples (bot/data/nlu.yml, read
once): "cảm ơn, tạm biệt" gets the short reply. A message with words of its own carries a question when the
outside-catalog table or the knowledge base recognises it, searched alone (a procedure found confidently, or without
abstaining when the message is longer than any example of its intent; who handles an outside topic): answered as
``action_search_procedure`` would. A message longer than any example of its intent that asks a fact is answered as
the follow-up it is (about the conversation's procedure unless it names another one).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Text, Tuple

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core.tracker import intent_name, is_payload, latest_text
from actions.core.training_data import NLU_FILE, example_lines, intent_blocks
from actions.procedures import out_of_catalog
from actions.procedures.answers import ProcedureAnswer
from actions.procedures.aspect import aspect_to_answer
from actions.procedures.conversation import content_words
from actions.procedures.routing import CONFIDENT_SCORE
from actions.procedures.search import has_match, search_and_answer, search_message

Events = List[Dict[Text, Any]]

SMALL_TALK_INTENTS = ("greet", "goodbye", "thank", "affirm", "deny", "chitchat")
REPLIES = {"greet": "utter_greet", "goodbye": "utter_goodbye", "thank": "utter_thank"}


@lru_cache(maxsize=1)
def small_talk_examples(path: Path = NLU_FILE) -> Dict[str, Tuple[str, ...]]:
    """The training examples of each small-talk intent (chitchat's retrieval intents under "chitchat"); none when
    the training data is not there (every word then counts as the message's own: the search still decides)."""
    try:
        blocks = intent_blocks(path)
    except (OSError, yaml.YAMLError):
        return {}
    examples: Dict[str, List[str]] = {}
    for name, block in blocks:
        intent = name.split("/")[0]
        if intent in SMALL_TALK_INTENTS:
            examples.setdefault(intent, []).extend(example_lines(block))
    return {intent: tuple(texts) for intent, texts in examples.items()}


@lru_cache(maxsize=1)
def small_talk_words() -> FrozenSet[str]:
    """Folded words small talk is made of, beyond the question words and filler (conversation.content_words)."""
    return frozenset(w for texts in small_talk_examples().values() for text in texts for w in content_words(text))


def small_talk_length(intent: str) -> int:
    """The number of words the longest example of the small-talk ``intent`` needs (0 for another intent)."""
    return max((len(text.split()) for text in small_talk_examples().get(intent, ())), default=0)


def own_words(text: str) -> List[str]:
    """The words of ``text`` that are neither question words, filler nor small talk (folded)."""
    vocabulary = small_talk_words()
    return [word for word in content_words(text) if word not in vocabulary]


async def recognised(text: str, long: bool) -> bool:
    """The outside-catalog table knows the topic of ``text``, or the knowledge base, searching it alone (without the
    conversation's context: "hiểu rồi" with it would find the current procedure), says who handles it or finds a
    procedure: confidently (CONFIDENT_SCORE) for a message no longer than small talk, without abstaining for a
    ``long`` one."""
    if out_of_catalog.topic_of(text) is not None:
        return True
    result = await search_message(text)
    if result is None:
        return False
    return bool(result.handled_by) or (has_match(result) and (long or result.hits[0].score >= CONFIDENT_SCORE))


async def question_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[Events]:
    """The answer to the procedure question a small-talk message carries; None when it is small talk."""
    text = latest_text(tracker)
    if is_payload(text) or not own_words(text):
        return None
    long = len(text.split()) > small_talk_length(intent_name(tracker))
    if long and aspect_to_answer(text) != "summary":  # a fact asked: a follow-up, or about what the message names
        return await ProcedureAnswer().run(dispatcher, tracker, {})
    if await recognised(text, long):
        return await search_and_answer(dispatcher, tracker, text)
    return None


def chitchat_response(tracker: Tracker) -> str:
    """The chitchat response the NLU's response selector chose ("utter_chitchat/ask_name"), or "" (a typed
    /chitchat: action_reply_if_silent answers)."""
    selectors = (tracker.latest_message or {}).get("response_selector") or {}
    selector = selectors.get("chitchat") or selectors.get("default") or {}
    chosen = (selector.get("response") or {}).get("utter_action") or ""
    return chosen if chosen.startswith("utter_chitchat/") else ""


class ActionSmallTalk(Action):
    """greet, goodbye, thank, chitchat: the question the message carries, else the intent's short reply."""

    def name(self) -> Text:
        return "action_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Events:
        answered = await question_answer(dispatcher, tracker)
        if answered is not None:
            return answered
        response = REPLIES.get(intent_name(tracker)) or chitchat_response(tracker)
        if response:
            dispatcher.utter_message(response=response)
        return []

"""Rasa component: send messages the model cannot read to ``nlu_fallback``.

A classifier always picks some intent, even for "", "😀👍", "[sticker]" or "qwxz plmk": short unknown input
tends to land on a short intent such as affirm. This guard (placed after the classifiers, before the
FallbackClassifier) replaces the intent with ``nlu_fallback`` when the text has no letters, or when none of
its words (accent-folded lemmas) occurs in the training data, or when it is written in English. The fallback
action then answers politely in Vietnamese.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.vietnamese_text import looks_english

FALLBACK = "nlu_fallback"
_LETTER = re.compile(r"[^\W\d_]")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownInputGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_known_fraction": 0.01}

    def __init__(
        self, config: Dict[Text, Any], storage: ModelStorage, resource: Resource, vocabulary: Optional[Set[str]] = None
    ) -> None:
        self._config = config
        self._storage = storage
        self._resource = resource
        self.vocabulary: Set[str] = vocabulary or set()

    @classmethod
    def create(cls, config, model_storage, resource, execution_context) -> "UnknownInputGuard":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs: Any) -> "UnknownInputGuard":
        vocabulary: Set[str] = set()
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = set(json.loads((directory / "vocabulary.json").read_text(encoding="utf-8")))
        except (ValueError, FileNotFoundError):
            pass
        return cls(config, model_storage, resource, vocabulary)

    @staticmethod
    def _words(message: Message) -> List[str]:
        words = []
        for token in message.get(TOKENS_NAMES[TEXT]) or []:
            words.extend(w for w in re.findall(r"\w+", token.lemma or token.text) if not w.isdigit())
        return words

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary = set()
        for example in training_data.training_examples:
            if isinstance(example.get(TEXT), str):
                vocabulary.update(self._words(example))
        with self._storage.write_to(self._resource) as directory:
            (directory / "vocabulary.json").write_text(
                json.dumps(sorted(vocabulary), ensure_ascii=False), encoding="utf-8"
            )
        self.vocabulary = vocabulary
        return self._resource

    def unreadable(self, message: Message) -> bool:
        text = message.get(TEXT)
        if not isinstance(text, str) or text.startswith("/"):
            return False
        if not _LETTER.search(text) or looks_english(text):
            return True
        words = self._words(message)
        if not words or not self.vocabulary:
            return not words
        known = sum(1 for w in words if w in self.vocabulary) / len(words)
        return known < float(self._config.get("min_known_fraction", 0.01))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.unreadable(message):
                message.set(INTENT, {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
        return messages

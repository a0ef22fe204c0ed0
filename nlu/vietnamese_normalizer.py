"""Rasa 3.6 graph components for Vietnamese text.

``VietnameseNormalizer`` (first in the pipeline) cleans the message text: NFC, canonical tone placement,
zero-width characters removed, whitespace collapsed. On training examples with entity annotations it only
applies changes that keep the length, so annotation offsets stay valid.

``VietnameseTokenizer`` splits like the WhitespaceTokenizer but gives every token an accent-folded,
abbreviation-expanded lemma ("cccd" -> "can cuoc cong dan", "Được" -> "duoc"). CountVectorsFeaturizer uses
lemmas by default (``use_lemma: true``), so word and char n-gram features see text typed with and without
diacritics alike, while entity extraction keeps the surface tokens and their offsets.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.vietnamese_text import expand_token, fold, normalize, normalize_length_preserving


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseNormalizer(GraphComponent):
    """Unicode/tone normalisation of the message text before tokenisation."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseNormalizer":
        return cls()

    @staticmethod
    def _normalise(message: Message) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str) or not text:
            return
        if message.get(ENTITIES):
            new = normalize_length_preserving(text)
        else:
            new = normalize(text) or text
        if new != text:
            message.set(TEXT, new)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._normalise(example)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._normalise(message)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(WhitespaceTokenizer):
    """Whitespace tokens with accent-folded, abbreviation-expanded lemmas."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseTokenizer":
        return cls(config)

    @staticmethod
    def lemma_for(word: str) -> str:
        return fold(expand_token(word)) or word

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        if attribute != TEXT and not attribute.startswith("response"):
            return tokens
        for token in tokens:
            token.lemma = self.lemma_for(token.text)
        return tokens

    @staticmethod
    def not_supported_languages() -> Optional[List[Text]]:
        return None

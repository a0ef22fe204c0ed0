"""Rasa component: deterministic receipt_code / cccd_number / phone / date entities (see vietnamese_entities.py).

Placed after DIET: DIET entities that overlap a rule-based span are dropped, so a receipt code is never
half-tagged as something else.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu.vietnamese_entities import find_entities

RULE_ENTITIES = ("receipt_code", "cccd_number", "phone", "date")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class VietnameseEntityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"entities": list(RULE_ENTITIES)}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._wanted = set(config.get("entities") or RULE_ENTITIES)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseEntityExtractor":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            found = [f for f in find_entities(text) if f.entity in self._wanted]
            if not found:
                continue
            kept = [
                e
                for e in message.get(ENTITIES, [])
                if not any(
                    not (e.get(ENTITY_ATTRIBUTE_END, 0) <= f.start or e.get(ENTITY_ATTRIBUTE_START, 0) >= f.end)
                    for f in found
                )
            ]
            for f in found:
                kept.append(
                    {
                        ENTITY_ATTRIBUTE_TYPE: f.entity,
                        ENTITY_ATTRIBUTE_START: f.start,
                        ENTITY_ATTRIBUTE_END: f.end,
                        ENTITY_ATTRIBUTE_VALUE: f.value,
                        EXTRACTOR: self.__class__.__name__,
                        "confidence_entity": 1.0,
                    }
                )
            message.set(ENTITIES, sorted(kept, key=lambda e: e.get(ENTITY_ATTRIBUTE_START, 0)), add_to_output=True)
        return messages

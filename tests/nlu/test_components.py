"""The custom Rasa components (nlu/), and the trained model on the test conversations' user turns."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest
import yaml

pytest.importorskip("rasa")

from rasa.shared.nlu.constants import ENTITIES, TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from nlu.tfidf_intent_classifier import TfidfIntentClassifier  # noqa: E402
from nlu.vietnamese_entity_extractor import VietnameseEntityExtractor  # noqa: E402
from nlu.vietnamese_normalizer import VietnameseNormalizer, VietnameseTokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def test_normalizer_cleans_inference_text():
    message = Message(data={TEXT: "  Đăng   ký\u200b hoà  "})
    VietnameseNormalizer().process([message])
    assert message.get(TEXT) == "Đăng ký hòa"


def test_normalizer_keeps_offsets_of_annotated_training_examples():
    message = Message(
        data={TEXT: "làm  hoà giải", ENTITIES: [{"start": 5, "end": 13, "value": "hoà giải", "entity": "procedure"}]}
    )
    VietnameseNormalizer()._normalise(message)
    assert message.get(TEXT) == "làm  hòa giải"  # tone moved, double space kept: offsets stay valid


def test_tokenizer_lemmas_are_folded_and_expanded():
    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    tokens = tokenizer.tokenize(Message(data={TEXT: "Làm CCCD ko được?"}), TEXT)
    assert [t.text for t in tokens] == ["Làm", "CCCD", "ko", "được"]
    assert [t.lemma for t in tokens] == ["lam", "can cuoc cong dan", "khong", "duoc"]
    assert tokens[1].start == 4 and tokens[1].end == 8


def test_emoji_only_message_still_has_a_token():
    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    assert tokenizer.tokenize(Message(data={TEXT: "😀😀"}), TEXT)


def test_entity_extractor_replaces_overlapping_diet_spans():
    message = Message(
        data={
            TEXT: "hồ sơ HS-2026-000123 xong chưa",
            ENTITIES: [{"entity": "procedure", "start": 6, "end": 14, "value": "HS-2026-"}],
        }
    )
    VietnameseEntityExtractor(VietnameseEntityExtractor.get_default_config()).process([message])
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("receipt_code", "HS-2026-000123")]


@pytest.mark.parametrize("embedding_weight", [0.0, 2.0], ids=["tfidf", "tfidf+e5"])
def test_tfidf_intent_classifier_learns_from_lemmas_and_reloads(tmp_path, embedding_weight):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    phrasings = {
        "thank": ["cảm ơn bạn", "cám ơn nhiều", "xin cảm ơn"],
        "deny": ["không cần", "thôi khỏi", "không phải"],
    }
    examples = [Message(data={TEXT: text, "intent": intent}) for intent, texts in phrasings.items() for text in texts]
    tokenizer.process_training_data(TrainingData(examples))
    storage, resource = LocalModelStorage(tmp_path), Resource("tfidf_intent")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {"embedding_weight": embedding_weight}
    TfidfIntentClassifier.create(config, storage, resource, context).train(TrainingData(examples))

    classifier = TfidfIntentClassifier.load(config, storage, resource, context)
    message = Message(data={TEXT: "cam on ban nhieu"})  # typed without diacritics
    tokenizer.process([message])
    classifier.process([message])
    assert message.get("intent")["name"] == "thank"
    assert [r["name"] for r in message.get("intent_ranking")] == ["thank", "deny"]


def test_sentence_embedder_gives_unit_vectors_that_carry_meaning():
    from nlu.sentence_embedder import SentenceEmbedder

    embed = SentenceEmbedder()
    vectors = embed(
        ["lệ phí làm hộ chiếu bao nhiêu", "", "phí làm hộ chiếu hết bao nhiêu tiền", "hôm nay trời mưa to quá"]
    )
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[3]


def test_intent_model_reads_only_a_bounded_opening():
    from nlu.intent_model import MAX_WORD_CHARS, MAX_WORDS, opening

    assert opening("  lệ phí\tbao nhiêu ạ ") == "lệ phí bao nhiêu ạ"
    long_message = "xin chào " * 3000
    assert opening(long_message).split() == long_message.split()[:MAX_WORDS]
    payload = '/attach_document{"data_base64":"' + "A" * 10_000_000 + '"}'  # a 10 MB file sent as text
    assert opening(payload) == payload[:MAX_WORD_CHARS]


# ------------------------------------------------------------------ the trained model (fixture `agent`: conftest.py)
def story_turns():
    turns = []
    for path in sorted((ROOT / "tests" / "stories").glob("test_*.yml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            for step in story["steps"]:
                if "user" in step and not step["user"].strip().startswith("/"):
                    turns.append((story["story"], step["user"].strip(), step["intent"]))
    return turns


def test_test_conversations_user_turns_get_their_intent(agent):
    """`rasa test core` takes the intents of test stories as given: check the NLU on the same turns here."""
    wrong = []
    for story, text, intent in story_turns():
        parsed = asyncio.run(agent.parse_message(text))
        predicted = parsed["intent"]["name"]
        if predicted != intent:
            wrong.append(f"{story}: {text!r} -> {predicted} (expected {intent})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("tra cứu hồ sơ HS-2026-000123 giúp tôi", "receipt_code", "HS-2026-000123"),
        ("số điện thoại của tôi là 0912345678", "phone", "0912345678"),
    ],
)
def test_model_extracts_rule_entities(agent, text, entity, value):
    parsed = asyncio.run(agent.parse_message(text))
    assert (entity, value) in [(e["entity"], e["value"]) for e in parsed["entities"]]


def test_model_finds_a_procedure_mention(agent):
    parsed = asyncio.run(agent.parse_message("lệ phí làm sổ đỏ bao nhiêu"))
    assert parsed["intent"]["name"] == "ask_fee"
    assert any(e["entity"] == "procedure" and "sổ đỏ" in e["value"] for e in parsed["entities"])


@pytest.mark.parametrize(
    "text", ["", "   ", "😀👍🎉", "[sticker]", "qwxz plmk vbnr", "???", "How do I register a birth certificate?"]
)
def test_unreadable_input_goes_to_fallback(agent, text):
    assert asyncio.run(agent.parse_message(text))["intent"]["name"] == "nlu_fallback"


@pytest.mark.parametrize("text, intent", [("ok", "affirm"), ("ko", "deny"), ("lam gks mat bn tien", "ask_fee")])
def test_short_known_input_is_not_guarded(agent, text, intent):
    assert asyncio.run(agent.parse_message(text))["intent"]["name"] == intent

"""The learned ranker: its shipped weights, its features and the questions it is trained on."""

import json

import numpy as np
import pytest

from knowledge_base.ranker import (
    FEATURES,
    QUESTION_FEATURES,
    RERANK,
    Boosted,
    Linear,
    Ranker,
    candidate_features,
    rerank_pool,
)
from knowledge_base.search import RANKER_PATH
from knowledge_base.text import fold
from knowledge_base.train_ranker import TRAINING_SETS, even_lines
from knowledge_base.training_questions import generate


def test_shipped_ranker_matches_the_features_and_says_what_it_was_trained_on():
    shipped = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
    assert tuple(shipped["features"]) == FEATURES and tuple(shipped["question_features"]) == QUESTION_FEATURES
    assert "generated from the catalog" in shipped["trained_on"]
    assert 0 < Ranker.load(RANKER_PATH).refuse_above < 1


def _linear(size):
    return Linear(
        np.arange(size, dtype=np.float32) / size, 0.5, np.zeros(size, dtype=np.float32), np.ones(size, dtype=np.float32)
    )


def _boosted(features, labels):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=7, min_samples_leaf=5, random_state=0)
    return model.fit(features, labels)


def test_boosted_trees_give_sklearns_log_odds_without_sklearn():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(400, 5))
    labels = (features[:, 0] + features[:, 1] * features[:, 2] > 0).astype(int)
    model = _boosted(features, labels)
    trees = Boosted.from_dict(json.loads(json.dumps(Boosted.from_sklearn(model).to_dict())))
    assert np.allclose(trees.log_odds(features), model.decision_function(features), atol=1e-4)


def test_ranker_round_trips_through_its_file(tmp_path):
    rng = np.random.default_rng(1)
    training = rng.normal(size=(200, len(FEATURES)))
    trees = Boosted.from_sklearn(_boosted(training, (training[:, 0] > 0).astype(int)))
    ranker = Ranker(trees, _linear(len(QUESTION_FEATURES)), 0.7)
    ranker.save(tmp_path / "ranker.json", {"questions": 1})
    loaded = Ranker.load(tmp_path / "ranker.json")
    features = rng.normal(size=(3, len(FEATURES))).astype(np.float32)
    probabilities = ranker.probabilities(features)
    assert np.allclose(loaded.probabilities(features), probabilities, atol=1e-5)
    assert loaded.abstains(features, probabilities) == ranker.abstains(features, probabilities)


def test_a_ranker_trained_on_other_features_is_refused(tmp_path):
    data = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    (tmp_path / "ranker.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="other features"):
        Ranker.load(tmp_path / "ranker.json")


def test_features_of_a_question_cover_every_candidate(kb):
    signals = kb.signals("nhà tôi có giếng khoan, giờ muốn khai với xã")
    features = candidate_features(signals)
    assert features.shape == (len(signals.candidates), len(FEATURES))
    assert np.isfinite(features).all()
    pool = rerank_pool(signals.fused)
    assert len(pool) == min(RERANK, len(signals.candidates))
    assert signals.fused[pool[0]] == signals.fused.max()


def test_training_reads_only_the_even_lines_of_the_dev_sets():
    for path in TRAINING_SETS:
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert even_lines(path) == lines[::2]


def test_generated_questions_are_deterministic_and_none_is_a_test_question(kb):
    first, again = generate(kb.procedures, 300), generate(kb.procedures, 300)
    assert first == again
    assert len({q.code for q in first}) == 300
    tests = {
        fold(json.loads(line)["query"])
        for path in TRAINING_SETS
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert not {fold(q.query) for q in first} & tests

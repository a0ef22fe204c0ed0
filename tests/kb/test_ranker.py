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
from knowledge_base.search import RANKER_PATH, hybrid_first
from knowledge_base.text import fold
from knowledge_base.train_ranker import (
    TRAINING_SETS,
    TRAINING_STORIES,
    Example,
    cross_validate,
    even_lines,
    gap_threshold,
    read_lines,
)
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


def test_training_stories_are_read_whole_and_are_not_a_test_set():
    assert TRAINING_STORIES.parent == RANKER_PATH.parent and TRAINING_STORIES not in TRAINING_SETS
    stories = read_lines(TRAINING_STORIES)
    assert len(stories) == len(TRAINING_STORIES.read_text(encoding="utf-8").split("\n")) - 1  # every line
    assert any(not q["codes"] for q in stories)  # out-of-catalog questions teach the abstention model


def test_the_gate_keeps_issue_2s_first_on_a_short_question_unless_the_ranker_is_sure_or_the_story_selects():
    fused, story_match = np.array([0.9, 0.85, 0.5]), np.array([0.0, 0.0, 0.0])
    unsure, sure = np.array([0.0, 1.5, -3.0]), np.array([0.0, 2.5, -3.0])
    assert hybrid_first(fused, unsure, story_match, 10) == 0  # the ranker's first (1) is not sure enough
    assert hybrid_first(fused, sure, story_match, 10) == 1
    assert hybrid_first(fused, unsure, np.array([0.0, 1.0, 0.0]), 10) == 1  # the story names position 1's class
    assert hybrid_first(fused, unsure, story_match, 30) == 1  # a long question: no gate


def _toy_example(rng, source: str) -> Example:
    features = rng.normal(size=(5, len(FEATURES))).astype(np.float32)
    labels = (features[:, 0] == features[:, 0].max()).astype(np.float32)
    return Example(features, labels, source, True, np.zeros(5), np.zeros(5), 30)


def test_cross_validation_scores_each_hand_written_source_and_never_a_generated_question():
    rng = np.random.default_rng(2)
    examples = [_toy_example(rng, source) for source in ("kb_dev.jsonl", "stories", "generated") for _ in range(60)]
    scores = cross_validate(examples, story_weight=1.0)
    assert set(scores) == {"kb_dev.jsonl", "stories"}
    assert all(0.5 < top1 <= 1 for top1 in scores.values())  # the first feature is learnt across folds


def test_the_threshold_refuses_the_most_out_of_catalog_questions_less_the_answerable_ones_refused():
    refusal = np.array([0.1, 0.3, 0.6, 0.83, 0.91, 0.95, 0.99, 0.7])
    answerable = np.array([True, True, True, True, True, False, False, False])
    # above 0.65: 3 out of catalog - 2 answerable; above 0.87: 2 - 1; above 0.93 (midway between the answerable 0.91
    # and the out-of-catalog 0.95): 2 - 0, the best
    assert gap_threshold(refusal, answerable) == pytest.approx(0.93)
    # 0.91 out of catalog: above 0.65 (4 - 1) and above 0.87 (3 - 0) tie; the one refusing more out of catalog wins
    answerable[4] = False
    assert gap_threshold(refusal, answerable) == pytest.approx(0.65)


def test_the_shipped_threshold_was_chosen_again_on_the_even_lines():
    shipped = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
    assert "gap_threshold" in shipped["trained_on"]["refuse_above"]

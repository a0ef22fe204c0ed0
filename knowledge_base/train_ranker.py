"""Train the search's ranker and calibrate its abstention; writes knowledge_base/data/ranker.json.

    .venv/bin/python -m knowledge_base.train_ranker [--generated 1500]

Trained on questions generated from the catalog (knowledge_base/training_questions.py) and on the EVEN lines
of bench/data/kb_dev.jsonl and bench/data/kb_longtail.jsonl only: the odd lines and kb_blind.jsonl are never
read here, so they stay an honest test. The abstention threshold is chosen on out-of-fold probabilities of the
even lines (each question scored by a model that did not see it).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge_base.config import PROJECT_DIR
from knowledge_base.ranker import Boosted, Linear, Ranker, candidate_features, question_features, rerank_pool
from knowledge_base.search import MAX_QUESTION_CHARS, RANKER_PATH, KnowledgeBase
from knowledge_base.text import canonical
from knowledge_base.training_questions import generate

TRAINING_SETS = (PROJECT_DIR / "bench" / "data" / "kb_dev.jsonl", PROJECT_DIR / "bench" / "data" / "kb_longtail.jsonl")
GENERATED = 1500  # generated questions (one per procedure drawn); encoding them is most of the training time
REAL_WEIGHT = 1.0  # weight of a hand-written dev question's candidates
GENERATED_WEIGHT = 0.1  # ... and of a generated one's: templates are a weaker signal (chosen by CV on the even lines)
REGULARISATION = 1.0  # inverse strength (sklearn's C) of the abstention model
# The candidate model: gradient-boosted trees (small: a few thousand questions of ~15 candidates each)
BOOSTING = {
    "max_iter": 150,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "random_state": 0,
}
FOLDS = 5
MAX_WRONG_REFUSALS = 0.02  # out-of-fold share of answerable even-line questions the threshold may refuse (2.5 % refused
# a plain "tôi định hỏi kết hôn" with the boosted ranker: the threshold at the tail of ~320 questions is noisy)


@dataclass
class Example:
    features: np.ndarray  # (candidates, features)
    labels: np.ndarray  # 1 for a right candidate
    real: bool  # a hand-written dev question (not generated)
    answerable: bool


def even_lines(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line) for number, line in enumerate(lines) if number % 2 == 0]


def example(kb: KnowledgeBase, query: str, codes: list[str], real: bool) -> Example | None:
    signals = kb.signals(canonical(query)[:MAX_QUESTION_CHARS])  # as KnowledgeBase.search reads it
    if signals is None:
        return None
    pool = rerank_pool(signals.fused)  # as KnowledgeBase.search ranks it
    candidate_codes = [kb.procedures[i].code for i in signals.candidates[pool]]
    labels = np.array([code in codes for code in candidate_codes], dtype=np.float32)
    return Example(candidate_features(signals)[pool], labels, real, bool(codes))


def _logistic(features: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None, **options) -> Linear:
    from sklearn.linear_model import LogisticRegression

    mean, scale = features.mean(axis=0), np.maximum(features.std(axis=0), 1e-6)
    model = LogisticRegression(max_iter=2000, **options)
    model.fit((features - mean) / scale, labels, sample_weight=weights)
    return Linear(model.coef_[0].astype(np.float32), float(model.intercept_[0]), mean, scale)


def fit(examples: list[Example]) -> Boosted:
    """The candidate model: every candidate of every question, weighted by where the question comes from."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    features = np.vstack([e.features for e in examples])
    labels = np.concatenate([e.labels for e in examples])
    weights = np.concatenate([np.full(len(e.labels), REAL_WEIGHT if e.real else GENERATED_WEIGHT) for e in examples])
    model = HistGradientBoostingClassifier(**BOOSTING).fit(features, labels, sample_weight=weights)
    return Boosted.from_sklearn(model)


def _folds(count: int) -> list[np.ndarray]:
    return [np.arange(count)[fold::FOLDS] for fold in range(FOLDS)]


def out_of_fold_question_features(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    """Question features of every real example under a candidate model trained without its fold, and whether
    it is answerable."""
    real = [i for i, e in enumerate(examples) if e.real]
    rows = {}
    for held in _folds(len(real)):
        held_ids = {real[k] for k in held}
        model = fit([e for i, e in enumerate(examples) if i not in held_ids])
        for i in held_ids:
            rows[i] = question_features(examples[i].features, model.probabilities(examples[i].features))
    return np.array([rows[i] for i in real]), np.array([examples[i].answerable for i in real])


def fit_abstention(questions: np.ndarray, answerable: np.ndarray) -> tuple[Linear, float]:
    """The abstention model and its threshold: the lowest that refuses at most MAX_WRONG_REFUSALS of the answerable
    questions, judged on out-of-fold probabilities."""
    refused = (~answerable).astype(np.float32)
    held_out = np.zeros(len(questions))
    for held in _folds(len(questions)):
        train = np.setdiff1d(np.arange(len(questions)), held)
        model = _logistic(questions[train], refused[train], class_weight="balanced", C=REGULARISATION)
        held_out[held] = model.probabilities(questions[held])
    answerable_scores = np.sort(held_out[answerable])[::-1]
    threshold = float(answerable_scores[int(MAX_WRONG_REFUSALS * len(answerable_scores))])
    return _logistic(questions, refused, class_weight="balanced", C=REGULARISATION), threshold


def training_examples(kb: KnowledgeBase, generated: int) -> tuple[list[Example], dict]:
    examples, counts = [], {}
    for path in TRAINING_SETS:
        questions = even_lines(path)
        examples += [e for q in questions if (e := example(kb, q["query"], q["codes"], real=True))]
        counts[f"{path.name} even lines"] = len(questions)
    made = generate(kb.procedures, generated)
    examples += [e for q in made if (e := example(kb, q.query, [q.code], real=False))]
    counts["generated from the catalog"] = len(made)
    return examples, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=GENERATED)
    args = parser.parse_args()
    kb = KnowledgeBase.load()
    examples, counts = training_examples(kb, args.generated)
    abstention, threshold = fit_abstention(*out_of_fold_question_features(examples))
    ranker = Ranker(fit(examples), abstention, threshold)
    ranker.save(
        RANKER_PATH,
        {
            **counts,
            "real_weight": REAL_WEIGHT,
            "generated_weight": GENERATED_WEIGHT,
            "abstention_regularisation": REGULARISATION,
            "boosting": BOOSTING,
        },
    )
    print(f"wrote {RANKER_PATH} (refuse above {threshold:.4f}; {counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the search's ranker and calibrate its abstention; writes knowledge_base/data/ranker.json.

    .venv/bin/python -m knowledge_base.train_ranker [--generated 1500] [--stories] [--cv 0 0.3 1 2] [--recalibrate]

Trained on questions generated from the catalog (knowledge_base/training_questions.py) and on the EVEN lines of
bench/data/kb_dev.jsonl and bench/data/kb_longtail.jsonl only: the odd lines and kb_blind.jsonl are never read
here, so they stay an honest test. With --stories, also on the hand-written training stories of
knowledge_base/data/training_stories.jsonl (citizen questions written for training, with out-of-catalog ones that
teach refusals; no test set's question): the shipped ranker.json is trained without them, because the model
trained with them measured no better and refused more (bench/RESULTS.md, issue 12 round 3). The abstention
threshold is chosen on out-of-fold probabilities of the hand-written questions (each scored by a model that did
not see it). --recalibrate keeps the shipped model and chooses its threshold again on the even lines as it
scores them today (gap_threshold: the most out-of-catalog questions refused less the answerable ones; round 5,
when the signals' inputs had moved since training). --cv prints the 5-fold cross-validated top-1 of the
hand-written questions (even lines and stories) for each weight of the stories given (0: left out of training),
and writes nothing.
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
from knowledge_base.search import DATA_DIR, MAX_QUESTION_CHARS, RANKER_PATH, KnowledgeBase, hybrid_first
from knowledge_base.text import canonical
from knowledge_base.training_questions import generate

TRAINING_SETS = (PROJECT_DIR / "bench" / "data" / "kb_dev.jsonl", PROJECT_DIR / "bench" / "data" / "kb_longtail.jsonl")
TRAINING_STORIES = DATA_DIR / "training_stories.jsonl"  # read whole: written for training, not a test set
GENERATED = 1500  # generated questions (one per procedure drawn); encoding them is most of the training time
REAL_WEIGHT = 1.0  # weight of a hand-written dev question's candidates
STORY_WEIGHT = 1.0  # ... of a training story's with --stories (5-fold CV on the even lines and the stories: 0.3-2
# measured the same within a question or two)
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
    features: np.ndarray  # (candidates of the pool, features)
    labels: np.ndarray  # 1 for a right candidate
    source: str  # where the question comes from: a dev set's file name, "stories" or "generated"
    answerable: bool
    fused: np.ndarray  # the pool's issue-2 scores, story_class_match and the question's length: what the gate reads
    story_match: np.ndarray
    question_words: int

    @property
    def real(self) -> bool:
        """Hand-written (a dev set's even line or a training story), not generated."""
        return self.source != "generated"

    def weight(self, story_weight: float) -> float:
        return {"generated": GENERATED_WEIGHT, "stories": story_weight}.get(self.source, REAL_WEIGHT)


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def even_lines(path: Path) -> list[dict]:
    return read_lines(path)[::2]


def example(kb: KnowledgeBase, query: str, codes: list[str], source: str) -> Example | None:
    signals = kb.signals(canonical(query)[:MAX_QUESTION_CHARS])  # as KnowledgeBase.search reads it
    if signals is None:
        return None
    pool = rerank_pool(signals.fused)  # as KnowledgeBase.search ranks it
    candidate_codes = [kb.procedures[i].code for i in signals.candidates[pool]]
    labels = np.array([code in codes for code in candidate_codes], dtype=np.float32)
    return Example(
        candidate_features(signals)[pool],
        labels,
        source,
        bool(codes),
        signals.fused[pool],
        signals.story[pool, 0],
        signals.question_words,
    )


def _logistic(features: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None, **options) -> Linear:
    from sklearn.linear_model import LogisticRegression

    mean, scale = features.mean(axis=0), np.maximum(features.std(axis=0), 1e-6)
    model = LogisticRegression(max_iter=2000, **options)
    model.fit((features - mean) / scale, labels, sample_weight=weights)
    return Linear(model.coef_[0].astype(np.float32), float(model.intercept_[0]), mean, scale)


def fit(examples: list[Example], story_weight: float = STORY_WEIGHT) -> Boosted:
    """The candidate model: every candidate of every question, weighted by where the question comes from (a
    source at weight 0 is left out)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    examples = [e for e in examples if e.weight(story_weight) > 0]
    features = np.vstack([e.features for e in examples])
    labels = np.concatenate([e.labels for e in examples])
    weights = np.concatenate([np.full(len(e.labels), e.weight(story_weight)) for e in examples])
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


def gap_threshold(refusal: np.ndarray, answerable: np.ndarray) -> float:
    """The abstention threshold that refuses the most out-of-catalog questions less the answerable ones it refuses
    (ties: the one refusing the most out-of-catalog questions), midway between the two probabilities it falls
    between."""
    values = np.unique(refusal)
    cuts = (values[:-1] + values[1:]) / 2
    outside, inside = refusal[~answerable], refusal[answerable]
    scores = [((outside > cut).sum() - (inside > cut).sum(), (outside > cut).sum()) for cut in cuts]
    return float(cuts[max(range(len(cuts)), key=scores.__getitem__)])


def recalibrate(kb: KnowledgeBase) -> tuple[Ranker, float]:
    """The shipped ranker with its threshold chosen again by gap_threshold on the even lines of the dev sets, as the
    shipped trees and abstention weights score them today (the signals' inputs change after training: the outside
    table, the parser); returns it and the threshold it replaces."""
    shipped = kb.ranker
    examples = [
        e for path in TRAINING_SETS for q in even_lines(path) if (e := example(kb, q["query"], q["codes"], path.name))
    ]
    questions = np.array([question_features(e.features, shipped.probabilities(e.features)) for e in examples])
    refusal = shipped.abstention.probabilities(questions)
    threshold = gap_threshold(refusal, np.array([e.answerable for e in examples]))
    return Ranker(shipped.candidates, shipped.abstention, threshold), shipped.refuse_above


def cross_validate(examples: list[Example], story_weight: float) -> dict[str, float]:
    """Top-1 of the hybrid ranking (gate included) per source of hand-written questions, each answerable one
    scored by a candidate model trained without its fold (generated questions are always in training)."""
    real = [i for i, e in enumerate(examples) if e.real]
    right: dict[str, list[bool]] = {}
    for held in _folds(len(real)):
        held_ids = {real[k] for k in held}
        model = fit([e for i, e in enumerate(examples) if i not in held_ids], story_weight)
        for i in sorted(held_ids):
            e = examples[i]
            if e.answerable:
                first = hybrid_first(e.fused, model.log_odds(e.features), e.story_match, e.question_words)
                right.setdefault(e.source, []).append(bool(e.labels[first]))
    return {source: round(float(np.mean(hits)), 3) for source, hits in sorted(right.items())}


def training_examples(kb: KnowledgeBase, generated: int, stories: bool) -> tuple[list[Example], dict]:
    examples, counts = [], {}
    for path in TRAINING_SETS:
        questions = even_lines(path)
        examples += [e for q in questions if (e := example(kb, q["query"], q["codes"], path.name))]
        counts[f"{path.name} even lines"] = len(questions)
    if stories:
        written = read_lines(TRAINING_STORIES)
        examples += [e for q in written if (e := example(kb, q["query"], q["codes"], "stories"))]
        counts[f"{TRAINING_STORIES.name} (hand-written)"] = len(written)
    made = generate(kb.procedures, generated)
    examples += [e for q in made if (e := example(kb, q.query, [q.code], "generated"))]
    counts["generated from the catalog"] = len(made)
    return examples, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=GENERATED)
    parser.add_argument("--stories", action="store_true", help="also train on the hand-written training stories")
    parser.add_argument("--cv", type=float, nargs="+", metavar="STORY_WEIGHT", help="cross-validate, write nothing")
    parser.add_argument(
        "--recalibrate", action="store_true", help="keep the shipped model, choose its threshold again (gap_threshold)"
    )
    args = parser.parse_args()
    kb = KnowledgeBase.load()
    if args.recalibrate:
        ranker, before = recalibrate(kb)
        trained_on = json.loads(RANKER_PATH.read_text(encoding="utf-8"))["trained_on"]
        ranker.save(RANKER_PATH, {**trained_on, "refuse_above": "gap_threshold on the even lines (--recalibrate)"})
        print(f"wrote {RANKER_PATH} (refuse above {ranker.refuse_above:.4f}, was {before:.4f})")
        return 0
    examples, counts = training_examples(kb, args.generated, stories=args.stories or bool(args.cv))
    if args.cv:
        for weight in args.cv:
            print(f"stories at weight {weight}: out-of-fold top-1 {cross_validate(examples, weight)}", flush=True)
        return 0
    abstention, threshold = fit_abstention(*out_of_fold_question_features(examples))
    ranker = Ranker(fit(examples), abstention, threshold)
    ranker.save(
        RANKER_PATH,
        {
            **counts,
            "real_weight": REAL_WEIGHT,
            **({"story_weight": STORY_WEIGHT} if args.stories else {}),
            "generated_weight": GENERATED_WEIGHT,
            "abstention_regularisation": REGULARISATION,
            "boosting": BOOSTING,
        },
    )
    print(f"wrote {RANKER_PATH} (refuse above {threshold:.4f}; {counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The learned ranker over the retrievers' signals: gradient-boosted trees scoring "this candidate is the procedure
asked for", over the best RERANK candidates of the issue-2 score.

Each candidate gets the features below (absolute values, gaps to the best candidate and to the best of the top
SIBLING_POOL, ranks, and the story classes of knowledge_base/story.py, so a pointwise model can compare candidates of
one question); the model is trained by `python -m knowledge_base.train_ranker` (sklearn) on questions generated from
the catalog and the even lines of the dev sets, and shipped as knowledge_base/data/ranker.json: the trees as arrays of
nodes, evaluated here in numpy, the abstention model's weights and its threshold. A logistic model decides abstention
from how well the best candidates match by every signal (and the ranker's own confidence): above its calibrated
threshold, nothing in the catalog fits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from knowledge_base.story import STORY_FEATURES

if TYPE_CHECKING:
    from knowledge_base.search import Signals

DENSE_FLOOR = 0.8  # e5 cosines of related texts lie in about [0.8, 0.95]: this stretches that range
RRF_K = 5  # reciprocal rank fusion: 1 / (RRF_K + rank) summed over the retrievers
RETRIEVERS = ("name_similarity", "about_similarity", "coverage", "body_coverage", "name_coverage")
SIBLING_POOL = 5  # the best candidates by the issue-2 score, contrasted with each other
RERANK = 15  # the ranker orders the best candidates by the issue-2 score (the right one is in them ~98 % of the time)
STORY_WORDS = 12  # questions longer than this are told as a situation; features of the body count more there

# the parts of the issue-2 prior (Signals.prior_parts) the ranker reads as they are
PRIOR_FEATURES = (
    "qualifiers_granted",
    "qualifiers_unasked",
    "qualifiers_missing",
    "level",
    "non_citizen",
    "age_mismatch",
    "audience_mismatch",
)

FEATURES = (
    "name_similarity",
    "about_similarity",
    "coverage",
    "body_coverage",
    "name_coverage",
    "name_similarity_gap",
    "about_similarity_gap",
    "coverage_gap",
    "body_coverage_gap",
    "name_coverage_gap",
    "name_similarity_rank",
    "about_similarity_rank",
    "coverage_rank",
    "body_coverage_rank",
    "fused",
    "fused_gap",
    "fused_rank",
    "fused_rrf",
    "votes_first",
    "votes_top3",
    *PRIOR_FEATURES,
    "own_words",
    "rival_words",
    "story_about_similarity",
    "story_body_coverage",
    "story_name_coverage",
    "outside_topic",
    "question_length",
    # against the best SIBLING_POOL candidates by the issue-2 score: its rank among them and each signal's gap to
    # their best, and the story classes (knowledge_base/story.py) that tell them apart
    "pool_rank",
    "name_similarity_pool_gap",
    "about_similarity_pool_gap",
    "coverage_pool_gap",
    "body_coverage_pool_gap",
    "name_coverage_pool_gap",
    "fused_pool_gap",
    *STORY_FEATURES,
)
POOL_GAPS = ("name_similarity", "about_similarity", "coverage", "body_coverage", "name_coverage", "fused")


def _stretch(similarity: np.ndarray) -> np.ndarray:
    return (similarity - DENSE_FLOOR) / (1 - DENSE_FLOOR)


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the best candidate by these values, 1 for the next…"""
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return ranks


def _reciprocal_rank(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + _ranks(values))


def rerank_pool(fused: np.ndarray) -> np.ndarray:
    """The positions of the candidates the ranker orders: the best RERANK by the issue-2 score, best first."""
    return np.argsort(-fused, kind="stable")[:RERANK]


def candidate_features(signals: "Signals") -> np.ndarray:
    """(candidates, len(FEATURES)) float32 matrix for one question."""
    name_similarity, about_similarity = _stretch(signals.similarity), _stretch(signals.about_similarity)
    story = float(signals.question_words > STORY_WORDS)
    base = {
        "name_similarity": name_similarity,
        "about_similarity": about_similarity,
        "coverage": signals.coverage,
        "body_coverage": signals.body_coverage,
        "name_coverage": signals.name_coverage,
        "fused": signals.fused,
    }
    columns = dict(base)
    for key in ("name_similarity", "about_similarity", "coverage", "body_coverage", "name_coverage", "fused"):
        columns[f"{key}_gap"] = base[key] - base[key].max()
    for key in ("name_similarity", "about_similarity", "coverage", "body_coverage", "fused"):
        columns[f"{key}_rank"] = _reciprocal_rank(base[key])
    ranks = np.stack([_ranks(base[key]) for key in RETRIEVERS])
    columns["fused_rrf"] = (1.0 / (RRF_K + ranks)).sum(axis=0)
    columns["votes_first"] = (ranks == 0).sum(axis=0)
    columns["votes_top3"] = (ranks < 3).sum(axis=0)
    prior = signals.prior_parts
    columns.update({key: prior[key] for key in PRIOR_FEATURES})
    columns["own_words"], columns["rival_words"] = signals.own_words, signals.rival_words
    columns["story_about_similarity"] = story * about_similarity
    columns["story_body_coverage"] = story * signals.body_coverage
    columns["story_name_coverage"] = story * signals.name_coverage
    ones = np.ones(len(signals.candidates), dtype=np.float32)
    columns["outside_topic"] = ones * float(signals.outside_topic)
    columns["question_length"] = ones * np.log1p(signals.question_words)
    pool = np.argsort(-signals.fused, kind="stable")[:SIBLING_POOL]
    columns["pool_rank"] = np.full(len(ones), len(pool), dtype=np.float32)
    columns["pool_rank"][pool] = np.arange(len(pool))
    for key in POOL_GAPS:
        columns[f"{key}_pool_gap"] = base[key] - base[key][pool].max()
    columns.update(zip(STORY_FEATURES, signals.story.T))
    return np.column_stack([np.asarray(columns[name], dtype=np.float32) for name in FEATURES])


QUESTION_FEATURES = (
    "log_best_probability",
    "best_fused",
    "best_coverage",
    "best_name_coverage",
    "best_about_similarity",
    "best_name_similarity",
    "best_body_coverage",
    "outside_topic",
    "question_length",
)


def question_features(features: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """What the abstention model sees of a question: how well its best candidates match, by every signal."""
    column = {name: features[:, index] for index, name in enumerate(FEATURES)}
    return np.array(
        [
            np.log(max(float(probabilities.max()), 1e-9)),
            column["fused"].max(),
            column["coverage"].max(),
            column["name_coverage"].max(),
            column["about_similarity"].max(),
            column["name_similarity"].max(),
            column["body_coverage"].max(),
            column["outside_topic"][0],
            column["question_length"][0],
        ],
        dtype=np.float32,
    )


@dataclass(frozen=True)
class Linear:
    """A logistic model over standardised features."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        return ((features - self.mean) / self.scale) @ self.weights + self.bias

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(features)))

    def to_dict(self) -> dict:
        return {
            "weights": _rounded(self.weights),
            "bias": round(float(self.bias), 6),
            "mean": _rounded(self.mean),
            "scale": _rounded(self.scale),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Linear":
        return cls(
            np.array(data["weights"], dtype=np.float32),
            float(data["bias"]),
            np.array(data["mean"], dtype=np.float32),
            np.array(data["scale"], dtype=np.float32),
        )


@dataclass(frozen=True)
class Boosted:
    """Gradient-boosted trees (trained by sklearn's HistGradientBoostingClassifier), all evaluated at once: each tree's
    nodes are rows of the arrays below, with the tree's offset added to its children's positions."""

    feature: np.ndarray  # split feature per node (int)
    threshold: np.ndarray  # go left when the feature is <= this
    left: np.ndarray  # child positions (absolute); a leaf points to itself
    right: np.ndarray
    value: np.ndarray  # a leaf's contribution to the log-odds
    roots: np.ndarray  # each tree's root position
    depth: int  # the deepest leaf
    bias: float

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        nodes = np.broadcast_to(self.roots, (len(features), len(self.roots))).copy()
        rows = np.arange(len(features))[:, None]
        for _ in range(self.depth):
            go_left = features[rows, self.feature[nodes]] <= self.threshold[nodes]
            nodes = np.where(go_left, self.left[nodes], self.right[nodes])
        return self.value[nodes].sum(axis=1) + self.bias

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(features)))

    @classmethod
    def from_sklearn(cls, model) -> "Boosted":
        """From a fitted HistGradientBoostingClassifier (numeric features, no missing values)."""
        trees = [predictors[0].nodes for predictors in model._predictors]
        offsets = np.cumsum([0] + [len(nodes) for nodes in trees[:-1]])
        columns = {key: [] for key in ("feature", "threshold", "left", "right", "value")}
        for offset, nodes in zip(offsets, trees):
            leaf = nodes["is_leaf"].astype(bool)
            here = offset + np.arange(len(nodes))
            columns["feature"].append(np.where(leaf, 0, nodes["feature_idx"]))
            columns["threshold"].append(np.where(leaf, 0.0, nodes["num_threshold"]))
            columns["left"].append(np.where(leaf, here, offset + nodes["left"]))
            columns["right"].append(np.where(leaf, here, offset + nodes["right"]))
            columns["value"].append(np.where(leaf, nodes["value"], 0.0))
        depth = int(max(nodes["depth"].max() for nodes in trees))
        return cls(
            **{key: np.concatenate(parts) for key, parts in columns.items()},
            roots=offsets,
            depth=depth,
            bias=float(np.ravel(model._baseline_prediction)[0]),
        )

    def to_dict(self) -> dict:
        return {
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": _rounded(self.value),
            "roots": self.roots.tolist(),
            "depth": self.depth,
            "bias": round(self.bias, 6),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Boosted":
        integers = {key: np.array(data[key], dtype=np.int64) for key in ("feature", "left", "right", "roots")}
        return cls(
            **integers,
            threshold=np.array(data["threshold"], dtype=np.float64),
            value=np.array(data["value"], dtype=np.float64),
            depth=int(data["depth"]),
            bias=float(data["bias"]),
        )


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]


@dataclass(frozen=True)
class Ranker:
    candidates: Boosted  # probability that a candidate is the procedure asked for
    abstention: Linear  # probability that nothing in the catalog fits the question
    refuse_above: float  # abstain when the abstention probability is above this

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return self.candidates.probabilities(features)

    def abstains(self, features: np.ndarray, probabilities: np.ndarray) -> bool:
        asked = question_features(features, probabilities)
        return bool(self.abstention.probabilities(asked[None, :])[0] > self.refuse_above)

    @classmethod
    def load(cls, path: Path) -> "Ranker":
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES or tuple(data["question_features"]) != QUESTION_FEATURES:
            raise ValueError(f"{path} was trained on other features: run python -m knowledge_base.train_ranker")
        return cls(
            Boosted.from_dict(data["candidates"]), Linear.from_dict(data["abstention"]), float(data["refuse_above"])
        )

    def save(self, path: Path, trained_on: dict) -> None:
        data = {
            "features": list(FEATURES),
            "question_features": list(QUESTION_FEATURES),
            "candidates": self.candidates.to_dict(),
            "abstention": self.abstention.to_dict(),
            "refuse_above": round(self.refuse_above, 4),
            "trained_on": trained_on,
        }
        path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")

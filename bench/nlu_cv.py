"""Cross-validation of the intent classifier on the TRAINING templates only, for choosing its settings.

    .venv-rasa/bin/python bench/nlu_cv.py [--C 10 30 100] [--embedding-weight 0 2] [--threshold 0.3] [--ambiguity 0.03]

The held-out set (bench/nlu_f1.py) must not be used to pick settings, or its figure stops being a test. This
script splits the training templates the way make_nlu.py splits training from held-out (by template index
modulo 5; index 2 is the held-out set and never used here): each of the four other residues is validated once
with a model trained on the remaining three, so validation phrasings never occur in training, with or without
accents. Messages are tokenised by the pipeline's own Vietnamese tokenizer; the FallbackClassifier's rule
(top confidence < threshold, or top two closer than the ambiguity threshold -> nlu_fallback) is applied to the
classifier's ranking, as in the running model. Prints mean macro-F1 per setting (sentence vectors are
computed once per distinct text and shared by all settings).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from pathlib import Path
from statistics import mean

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bot" / "tools"), str(ROOT / "bench")]

from make_nlu import build_selected, dedupe, held_out, unannotated  # noqa: E402
from nlu_f1 import f1_table  # noqa: E402

FOLDS = [r for r in range(5) if not held_out(r)]


def lemmas(texts: list[str]) -> list[str]:
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    from nlu.tfidf_intent_classifier import TfidfIntentClassifier
    from nlu.vietnamese_normalizer import VietnameseTokenizer

    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    messages = [Message(data={TEXT: t}) for t in texts]
    tokenizer.process(messages)
    return [TfidfIntentClassifier.lemmas(m) for m in messages]


def fold_data(residue: int) -> tuple[list[str], list[str], list[str], list[str]]:
    """(training texts, labels, validation texts, labels) for one fold, normalised as the pipeline does."""
    from nlu.vietnamese_text import fold, normalize

    def flat(data: dict[str, list[str]]) -> tuple[list[str], list[str]]:
        pairs = [
            (normalize(unannotated(ex)), intent.split("/")[0]) for intent, examples in data.items() for ex in examples
        ]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    train = dedupe(build_selected(lambda i: i % 5 not in (2, residue), seed=7, extra={}))
    seen = {fold(unannotated(ex).lower()) for examples in train.values() for ex in examples}
    valid = dedupe(build_selected(lambda i: i % 5 == residue, seed=1234, extra={}), seen)
    return (*flat(train), *flat(valid))


class CachedEmbedder:
    def __init__(self) -> None:
        from nlu.sentence_embedder import SentenceEmbedder

        self._embedder = SentenceEmbedder(threads=os.cpu_count() or 1)
        self._vectors: dict[str, object] = {}

    def __call__(self, texts: list[str]):
        import numpy as np

        missing = sorted(set(texts) - self._vectors.keys())
        if missing:
            self._vectors.update(zip(missing, self._embedder(missing)))
        return np.vstack([self._vectors[t] for t in texts])


def predict(probabilities, classes, threshold: float, ambiguity: float) -> list[str]:
    out = []
    for row in probabilities:
        order = row.argsort()[::-1]
        top, second = row[order[0]], row[order[1]]
        out.append("nlu_fallback" if top < threshold or top - second < ambiguity else str(classes[order[0]]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, nargs="+", default=[100.0])
    parser.add_argument("--embedding-weight", type=float, nargs="+", default=[2.0])
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.3])
    parser.add_argument("--ambiguity", type=float, nargs="+", default=[0.03])
    args = parser.parse_args()
    from nlu.intent_model import IntentModel
    from nlu.tfidf_intent_classifier import TfidfIntentClassifier

    folds = [fold_data(r) for r in FOLDS]
    print(f"folds (validation residues {FOLDS}): " + ", ".join(f"{len(f[0])}/{len(f[2])}" for f in folds))
    texts = sorted({text for f in folds for text in f[0] + f[2]})
    lemma_of = dict(zip(texts, lemmas(texts)))
    embed = CachedEmbedder() if any(args.embedding_weight) else None
    for c, weight in itertools.product(args.C, args.embedding_weight):
        config = {**TfidfIntentClassifier.get_default_config(), "C": c, "embedding_weight": weight}
        results = []
        for x_train, y_train, x_valid, y_valid in folds:
            model = IntentModel(config, embed).fit([lemma_of[t] for t in x_train], x_train, y_train)
            results.append((model.predict_proba([lemma_of[t] for t in x_valid], x_valid), model.classes, y_valid))
        for threshold, ambiguity in itertools.product(args.threshold, args.ambiguity):
            scores, accuracies = [], []
            for probabilities, classes, y_valid in results:
                pred = predict(probabilities, classes, threshold, ambiguity)
                scores.append(mean(f for _, _, f, _ in f1_table(y_valid, pred).values()))
                accuracies.append(mean(g == p for g, p in zip(y_valid, pred)))
            print(
                f"C={c:<5g} embedding_weight={weight:<4g} threshold={threshold:<4g} ambiguity={ambiguity:<5g} "
                f"macro-F1 {mean(scores):.3f} (folds {' '.join(f'{s:.3f}' for s in scores)}) "
                f"accuracy {mean(accuracies):.3f}"
            )


if __name__ == "__main__":
    main()

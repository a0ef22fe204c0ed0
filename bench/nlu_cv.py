"""Cross-validation of the intent classifier on the TRAINING templates only, for choosing its settings.

    .venv-rasa/bin/python bench/nlu_cv.py [--C 10 30 100] [--threshold 0.3] [--ambiguity 0.03]

The held-out set (bench/nlu_f1.py) must not be used to pick settings, or its figure stops being a test. This
script splits the training templates the way make_nlu.py splits training from held-out (by template index
modulo 5; index 2 is the held-out set and never used here): each of the four other residues is validated once
with a model trained on the remaining three, so validation phrasings never occur in training, with or without
accents. Messages are tokenised by the pipeline's own Vietnamese tokenizer; the FallbackClassifier's rule
(top confidence < threshold, or top two closer than the ambiguity threshold -> nlu_fallback) is applied to the
classifier's ranking, as in the running model. Prints mean macro-F1 per setting.
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
    from nlu.vietnamese_text import normalize

    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    messages = [Message(data={TEXT: normalize(t)}) for t in texts]
    tokenizer.process(messages)
    return [TfidfIntentClassifier.lemmas(m) for m in messages]


def fold_data(residue: int) -> tuple[list[str], list[str], list[str], list[str]]:
    def flat(data: dict[str, list[str]]) -> tuple[list[str], list[str]]:
        pairs = [(unannotated(ex), intent.split("/")[0]) for intent, examples in data.items() for ex in examples]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    train = dedupe(build_selected(lambda i: i % 5 not in (2, residue), seed=7, extra={}))
    seen = {unannotated(ex).lower() for examples in train.values() for ex in examples}
    from nlu.vietnamese_text import fold

    valid = dedupe(build_selected(lambda i: i % 5 == residue, seed=1234, extra={}), {fold(s) for s in seen})
    x_train, y_train = flat(train)
    x_valid, y_valid = flat(valid)
    return lemmas(x_train), y_train, lemmas(x_valid), y_valid


def predict(model, x: list[str], threshold: float, ambiguity: float) -> list[str]:
    out = []
    for row in model.predict_proba(x):
        order = row.argsort()[::-1]
        top, second = row[order[0]], row[order[1]]
        out.append("nlu_fallback" if top < threshold or top - second < ambiguity else str(model.classes_[order[0]]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, nargs="+", default=[100.0])
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.3])
    parser.add_argument("--ambiguity", type=float, nargs="+", default=[0.03])
    args = parser.parse_args()
    from nlu.tfidf_intent_classifier import TfidfIntentClassifier

    folds = [fold_data(r) for r in FOLDS]
    print(f"folds (validation residues {FOLDS}): " + ", ".join(f"{len(f[0])}/{len(f[2])}" for f in folds))
    for c in args.C:
        models = []
        for x_train, y_train, _, _ in folds:
            classifier = TfidfIntentClassifier.build_pipeline({**TfidfIntentClassifier.get_default_config(), "C": c})
            models.append(classifier.fit(x_train, y_train))
        for threshold, ambiguity in itertools.product(args.threshold, args.ambiguity):
            scores, accuracies = [], []
            for model, (_, _, x_valid, y_valid) in zip(models, folds):
                pred = predict(model, x_valid, threshold, ambiguity)
                table = f1_table(y_valid, pred)
                scores.append(mean(f for _, _, f, _ in table.values()))
                accuracies.append(mean(g == p for g, p in zip(y_valid, pred)))
            print(f"C={c:<6g} threshold={threshold:<5g} ambiguity={ambiguity:<5g} "
                  f"macro-F1 {mean(scores):.3f} (folds {' '.join(f'{s:.3f}' for s in scores)}) accuracy {mean(accuracies):.3f}")


if __name__ == "__main__":
    main()

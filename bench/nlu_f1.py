"""Intent macro-F1 on the held-out NLU split (bench/data/nlu_holdout.yml, never used for training).

    .venv-rasa/bin/python bench/nlu_f1.py [--model models/motcua-<hash>.tar.gz]

Without --model it uses the model scripts/train would use (training it if needed). Retrieval intents count
as their base intent (faq, chitchat) for intent F1; the response selector's choice of FAQ/chitchat answer
is reported separately as accuracy. Prints a per-intent table, then the figures. Target: macro-F1 >= 0.92.
Entities annotated in the held-out set (procedure, ward) are scored too: a predicted entity counts when its
type and span are exactly the annotated ones.

    .venv-rasa/bin/python bench/nlu_f1.py --holdout bench/data/nlu_blind_clean.yml    the clean hand-written blind set

Before scoring, the set's overlap with the training data (bot/data, as rasa reads it) is printed, checked as
bench/overlap.py checks it: verbatim after accent folding, or a near duplicate (word-set Jaccard >= 0.8). A figure
is only honest with 0 verbatim overlap; a blind message found in training must be removed from training.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

sys.path.insert(0, str(ROOT / "bench"))
import overlap  # noqa: E402

SCORED_ENTITIES = ("procedure", "ward")  # the ones the training templates annotate (the rest come from rules)


def f1_table(gold: list[str], pred: list[str]) -> dict[str, tuple[float, float, float, int]]:
    labels = sorted(set(gold))
    table = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = (precision, recall, f1, tp + fn)
    return table


def training_overlap(holdout: Path) -> str:
    """How many messages of ``holdout`` the training data repeats (verbatim / verbatim or near duplicate)."""
    texts = overlap.read_questions(holdout)
    training = next(r for r in overlap.references(holdout) if r.name.startswith("NLU training data"))
    matches = overlap.best_matches(texts, training, overlap.DEFAULT_JACCARD)
    verbatim = sum(overlap.is_verbatim(m) for m in matches)
    return f"overlap with the training data: {verbatim} verbatim, {len(matches)} verbatim or near duplicate"


async def evaluate(model: str, holdout: Path, show_errors: bool = False) -> None:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    try:  # rasa logs every parse at debug level through structlog
        import structlog

        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    except ImportError:
        pass
    data = load_data(str(holdout))
    agent = Agent.load(model)
    gold, pred, gold_full, pred_full = [], [], [], []
    spans: Counter = Counter()  # (entity type, "tp" | "fp" | "fn") -> count
    started = time.perf_counter()
    for example in data.intent_examples:
        parsed = await agent.parse_message(example.get("text"))
        intent = example.get("intent")
        predicted = (parsed.get("intent") or {}).get("name") or "None"
        gold.append(intent)
        pred.append(predicted)
        if show_errors and predicted != intent:
            print(f"  {example.get('text')!r}: {intent} -> {predicted}")
        annotated, found = (
            {(e["entity"], e["start"], e["end"]) for e in entities or [] if e["entity"] in SCORED_ENTITIES}
            for entities in (example.get("entities"), parsed.get("entities"))
        )
        for kind, *_ in annotated & found:
            spans[kind, "tp"] += 1
        for kind, *_ in found - annotated:
            spans[kind, "fp"] += 1
        for kind, *_ in annotated - found:
            spans[kind, "fn"] += 1
        full_key = example.get("intent_response_key") or intent
        if "/" in (full_key or ""):
            selector = parsed.get("response_selector") or {}
            choice = (selector.get("default") or {}).get("response") or {}
            gold_full.append(full_key)
            pred_full.append(choice.get("intent_response_key") or "None")
    elapsed = time.perf_counter() - started

    table = f1_table(gold, pred)
    print(f"{'intent':20s} {'prec':>6s} {'rec':>6s} {'f1':>6s} {'n':>4s}")
    for label, (p, r, f, n) in table.items():
        print(f"{label:20s} {p:6.3f} {r:6.3f} {f:6.3f} {n:4d}")
    errors = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    if errors:
        print("confusions:", ", ".join(f"{g}->{p} x{c}" for (g, p), c in errors.most_common(10)))
    macro = sum(f for _, _, f, _ in table.values()) / len(table)
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    selector = sum(g == p for g, p in zip(gold_full, pred_full)) / len(gold_full) if gold_full else float("nan")
    print(f"model: {model}")
    print(f"held-out examples: {len(gold)} ({len(table)} intents); {training_overlap(holdout)}")
    print(f"intent macro-F1: {macro:.3f}")
    print(f"intent accuracy: {accuracy:.3f}")
    print(f"faq/chitchat answer accuracy (response selector, on correctly and wrongly classified): {selector:.3f}")
    for kind in sorted({kind for kind, _ in spans}):
        tp, fp, fn = spans[kind, "tp"], spans[kind, "fp"], spans[kind, "fn"]
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        print(
            f"entity {kind}: {tp + fn} annotated, precision {tp / max(tp + fp, 1):.3f}, "
            f"recall {tp / max(tp + fn, 1):.3f}, F1 {f1:.3f}"
        )
    print(f"parse time: {1000 * elapsed / len(gold):.1f} ms/message")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model archive; default: the one scripts/train gives")
    parser.add_argument("--holdout", default=str(ROOT / "bench" / "data" / "nlu_holdout.yml"))
    parser.add_argument("--errors", action="store_true", help="list the misclassified examples")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    model = (
        args.model
        or subprocess.run(["bash", "scripts/train"], check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    asyncio.run(evaluate(model, Path(args.holdout), args.errors))


if __name__ == "__main__":
    main()

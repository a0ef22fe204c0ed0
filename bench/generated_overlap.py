"""Overlap of the ranker's training questions with the test sets (verbatim and near duplicates).

    .venv/bin/python bench/generated_overlap.py [--generated 1500] [--jaccard 0.8]

Same measure as bench/overlap.py (accent-folded verbatim; near duplicate = word-set Jaccard ≥ --jaccard). Two
references: the questions knowledge_base.train_ranker generates from the catalog, and the hand-written training
stories (knowledge_base/data/training_stories.jsonl). Each test set line is compared with every training question;
only counts are printed, so running it shows no test question.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from overlap import DEFAULT_JACCARD, Reference, best_matches, is_verbatim, jsonl_queries  # noqa: E402

from knowledge_base.catalog import load_catalog  # noqa: E402
from knowledge_base.config import settings  # noqa: E402
from knowledge_base.train_ranker import GENERATED, TRAINING_STORIES  # noqa: E402
from knowledge_base.training_questions import generate  # noqa: E402

TEST_SETS = (
    "kb_longtail.jsonl",
    "kb_dev.jsonl",
    "kb_blind.jsonl",
    "e2e_answers.jsonl",
    "e2e_answers_blind.jsonl",
    "e2e_answers_test.jsonl",
)


def training_references(generated: int) -> list[Reference]:
    made = [q.query for q in generate(load_catalog(settings().catalog_path), generated)] if generated else []
    return [
        Reference("generated training questions", [], made),
        Reference(f"training stories ({TRAINING_STORIES.name})", [TRAINING_STORIES], jsonl_queries(TRAINING_STORIES)),
    ]


def overlap_counts(reference: Reference, threshold: float) -> dict[str, tuple[int, int]]:
    """Per test set: (verbatim, verbatim or near) test questions matched by a line of the reference."""
    counts = {}
    for name in TEST_SETS:
        path = ROOT / "bench" / "data" / name
        if not path.exists():  # a set not written yet in this checkout
            continue
        matches = best_matches(jsonl_queries(path), reference, threshold)
        counts[name] = (sum(map(is_verbatim, matches)), len(matches))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=GENERATED)
    parser.add_argument("--jaccard", type=float, default=DEFAULT_JACCARD)
    args = parser.parse_args()
    print(f"| training questions | lines | test set | verbatim | or near (Jaccard ≥ {args.jaccard}) |")
    print("|---|---|---|---|---|")
    for reference in training_references(args.generated):
        for name, (verbatim, near) in overlap_counts(reference, args.jaccard).items():
            print(f"| {reference.name} | {len(reference.lines)} | {name} | {verbatim} | {near} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

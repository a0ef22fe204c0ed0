"""Overlap of the ranker's generated training questions with the test sets (verbatim and near duplicates).

    .venv/bin/python bench/generated_overlap.py [--generated 1500] [--jaccard 0.8]

Same measure as bench/overlap.py (accent-folded verbatim; near duplicate = word-set Jaccard ≥ --jaccard), with the
questions knowledge_base.train_ranker generates as the reference.
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
from knowledge_base.train_ranker import GENERATED  # noqa: E402
from knowledge_base.training_questions import generate  # noqa: E402

TEST_SETS = ("kb_longtail.jsonl", "kb_dev.jsonl", "kb_blind.jsonl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=GENERATED)
    parser.add_argument("--jaccard", type=float, default=DEFAULT_JACCARD)
    args = parser.parse_args()
    generated = [q.query for q in generate(load_catalog(settings().catalog_path), args.generated)]
    reference = Reference("generated training questions", [], generated)
    print(f"| test set | questions | verbatim in the generated questions | or near (Jaccard ≥ {args.jaccard}) |")
    print("|---|---|---|---|")
    for name in TEST_SETS:
        questions = jsonl_queries(ROOT / "bench" / "data" / name)
        matches = best_matches(questions, reference, args.jaccard)
        print(f"| {name} | {len(questions)} | {sum(map(is_verbatim, matches))} | {len(matches)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

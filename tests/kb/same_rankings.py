"""The search results test_same_rankings.py compares against: written questions (not from any benchmark set: long
stories with and without diacritics, short questions, out-of-catalog ones) and what the search answered them.

A speed change must leave every result as it is. A change meant to rank differently (the ranker, its features, the
catalog) writes the new expected results with

    .venv/bin/python tests/kb/same_rankings.py

and says so in its commit.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "data" / "same_rankings.json"
TOP = 5


def with_shipped_vectors(kb):
    """The knowledge base searching the vectors shipped in git (float16, what a fresh clone uses), whatever the local
    cache holds (a tree that encoded its own has float32 ones: scores differ in the 4th decimal); None when the shipped
    vectors are not those of this catalog."""
    from knowledge_base.dense import DenseIndex, load_shipped
    from knowledge_base.search import SHIPPED_ABOUT_VECTORS, SHIPPED_NAME_VECTORS

    names = load_shipped(SHIPPED_NAME_VECTORS, kb.fingerprint)
    about = load_shipped(SHIPPED_ABOUT_VECTORS, kb.about_fingerprint)
    if names is None or about is None:
        return None
    shipped = copy.copy(kb)
    shipped.dense, shipped.about = DenseIndex(names), DenseIndex(about)
    return shipped


def answer(kb, question: str) -> dict:
    """What test_same_rankings.py compares: the top hits' codes and scores, abstention and the variants asked about."""
    result = kb.search(question, top=TOP)
    return {
        "question": question,
        "abstain": result.abstain,
        "codes": [hit.code for hit in result.hits],
        "scores": [hit.score for hit in result.hits],
        "variants": [hit.code for hit in result.variants],
    }


def main() -> int:
    sys.path.insert(0, str(FIXTURE.parents[3]))
    from knowledge_base import KnowledgeBase

    kb = with_shipped_vectors(KnowledgeBase.load())
    questions = [entry["question"] for entry in json.loads(FIXTURE.read_text(encoding="utf-8"))["questions"]]
    answers = [answer(kb, question) for question in questions]
    FIXTURE.write_text(json.dumps({"questions": answers}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(answers)} questions written to {FIXTURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Overlap of a question set with what the system was built from: verbatim and near-duplicate questions.

    .venv/bin/python bench/overlap.py bench/data/kb_longtail.jsonl [--jaccard 0.8] [--list]
    .venv/bin/python bench/overlap.py bench/data/nlu_blind.yml --list

A question file is a jsonl file with a "query" per line or a Rasa NLU yml (entity annotations are removed).
Each question is compared with four references:
- the NLU training data: bot/data/**/*.yml, the folder scripts/train gives rasa (bot/tools/make_nlu.py writes
  bot/data/nlu.yml there; its other output, bench/data/nlu_holdout.yml, is held out and not a reference);
- the knowledge-base dev sets bench/data/kb_dev.jsonl and kb_blind.jsonl;
- the everyday names of knowledge_base/data/common_names.tsv (settings().common_names_path);
- both columns of knowledge_base/data/aliases.tsv (settings().aliases_path).
"Verbatim" means equal after accent folding, lower-casing, whitespace collapse and trimming the punctuation
around the text (knowledge_base.text.fold); "near duplicate" means a word-set Jaccard similarity of at least
--jaccard with one reference line. A reference file is skipped when it is the file being checked.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge_base.config import settings  # noqa: E402
from knowledge_base.text import fold, words  # noqa: E402

NLU_TRAINING = ROOT / "bot" / "data"
KB_SETS = (ROOT / "bench" / "data" / "kb_dev.jsonl", ROOT / "bench" / "data" / "kb_blind.jsonl")
DEFAULT_JACCARD = 0.8
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
_EDGE_PUNCTUATION = " .,;:!?…\"'()"


def normalise(text: str) -> str:
    return " ".join(fold(text).split()).strip(_EDGE_PUNCTUATION)


def word_set(text: str) -> frozenset[str]:
    return frozenset(words(normalise(text)))


def nlu_examples(path: Path) -> list[tuple[str, str]]:
    """(intent, plain text) of every example of a Rasa NLU yml, entity annotations removed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples = []
    for item in data.get("nlu") or []:
        if "intent" not in item:
            continue  # synonyms, lookup tables, regexes
        for line in (item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append((item["intent"], _ANNOTATION.sub(r"\1", line[2:]).strip()))
    return examples


def jsonl_queries(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["query"] for line in lines if line.strip()]


def read_questions(path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        return jsonl_queries(path)
    return [text for _, text in nlu_examples(path)]


def tsv_columns(path: Path, columns: tuple[int, ...], separator: str | None = None) -> list[str]:
    """Cells of some columns of a tab-separated table (# comments skipped), optionally split further."""
    cells = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        row = line.split("\t")
        for column in columns:
            if column < len(row):
                cells.extend(row[column].split(separator) if separator else [row[column]])
    return [cell.strip() for cell in cells if cell.strip()]


@dataclass
class Reference:
    name: str
    files: list[Path]
    lines: list[str]


def references(checked: Path) -> list[Reference]:
    def keep(paths):
        return [p for p in paths if p.resolve() != checked.resolve()]

    nlu_files = keep(sorted(NLU_TRAINING.rglob("*.yml")))
    kb_files = keep(KB_SETS)
    names, aliases = settings().common_names_path, settings().aliases_path
    return [
        Reference(
            "NLU training data (bot/data/**/*.yml)",
            nlu_files,
            [text for path in nlu_files for text in read_questions(path)],
        ),
        Reference("kb_dev.jsonl + kb_blind.jsonl", kb_files, [q for path in kb_files for q in jsonl_queries(path)]),
        Reference("common_names.tsv (everyday names)", [names], tsv_columns(names, (1,), ";")),
        Reference("aliases.tsv (both columns)", [aliases], tsv_columns(aliases, (0, 1))),
    ]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@dataclass
class Match:
    question: str
    reference: str
    line: str
    similarity: float


def best_matches(questions: list[str], reference: Reference, threshold: float) -> list[Match]:
    """For each question, its closest reference line when the similarity reaches the threshold."""
    exact = {normalise(line): line for line in reference.lines}
    candidates = [(word_set(line), line) for line in reference.lines]
    matches = []
    for question in questions:
        if normalise(question) in exact:
            matches.append(Match(question, reference.name, exact[normalise(question)], 1.0))
            continue
        asked = word_set(question)
        score, line = max(((jaccard(asked, tokens), line) for tokens, line in candidates), default=(0.0, ""))
        if score >= threshold:
            matches.append(Match(question, reference.name, line, score))
    return matches


def is_verbatim(match: Match) -> bool:
    return normalise(match.question) == normalise(match.line)


def report(path: Path, threshold: float, listing: bool) -> str:
    questions = read_questions(path)
    rows, verbatim_any, near_any, listed = [], set(), set(), []
    for reference in references(path):
        matches = best_matches(questions, reference, threshold)
        verbatim = {m.question for m in matches if is_verbatim(m)}
        near = {m.question for m in matches}
        verbatim_any |= verbatim
        near_any |= near
        rows.append(f"| {reference.name} | {len(reference.lines)} | {len(verbatim)} | {len(near)} |")
        listed += matches
    out = [
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(questions)} questions",
        "",
        f"| reference | lines | verbatim | verbatim or near duplicate (Jaccard ≥ {threshold}) |",
        "|---|---|---|---|",
        *rows,
        f"| any reference | | {len(verbatim_any)} | {len(near_any)} |",
    ]
    if listing:
        out.append("")
        out += [f"{m.similarity:.2f}  {m.question!r}  ~  {m.line!r}  [{m.reference}]" for m in listed]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, help="jsonl with a 'query' per line, or a Rasa NLU yml")
    parser.add_argument("--jaccard", type=float, default=DEFAULT_JACCARD, help="near-duplicate threshold")
    parser.add_argument("--list", action="store_true", help="list every matching question and its reference line")
    args = parser.parse_args()
    print(report(args.questions.resolve(), args.jaccard, args.list))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Checklist accuracy (issue 10): the parser's dossier items against hand-labelled gold checklists.

    .venv/bin/python bench/checklist_accuracy.py            # summary and per-procedure table
    .venv/bin/python bench/checklist_accuracy.py --verbose  # also every disagreement

Gold (bench/data/gold_checklists.jsonl), one procedure a line, labelled by hand from the catalog's
thanh_phan_ho_so for the common citizen case:
    {"code", "items": [{"name", "kind": "required" | "conditional" | "alternative",
                        "case": for conditional, "instead_of": for alternative}],
     "common_case": [fragments of the catalog headings that make up the common case] (optional), "note"}

Parser side: knowledge_base.checklist.build_checklist on the parsed record. An item's kind is its ``kind``
attribute when the checklist provides one, else "conditional" when it has a condition and "required" when
not; an item under a case heading that is not the common case counts as conditional on that heading. An
alternative names the paper it replaces in ``instead_of``.

Each gold item is matched to at most one parser item by name (the share of the gold name's words found in
the parser item's short name, or, at a discount, in its full wording). It agrees when the kinds agree and,
for a conditional, at least half of the gold case's words are in the parser item's condition or case
heading; for an alternative, when the replaced paper is the same. Accuracy = agreeing gold items / gold items.
Also counted: gold-required papers the parser makes optional (the form may then mark them "không áp dụng")
and parser items of the common case that match no gold item (remarks and staff notes shown as papers).
Target (issue 10): >= 95 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge_base.catalog import load_catalog  # noqa: E402
from knowledge_base.checklist import Checklist, ChecklistItem, build_checklist  # noqa: E402
from knowledge_base.config import settings  # noqa: E402
from knowledge_base.text import fold, words  # noqa: E402

GOLD = ROOT / "bench" / "data" / "gold_checklists.jsonl"
OUT = ROOT / "var" / "checklist_accuracy.txt"
NAME_MATCH = 0.6  # share of the gold name's words an item must contain to be that paper
DETAIL_DISCOUNT = 0.8  # words found only in the full wording count a little less than in the short name
CASE_MATCH = 0.5  # share of the gold case's words the parser's condition or heading must contain
TARGET = 0.95
REQUIRED, CONDITIONAL, ALTERNATIVE = "required", "conditional", "alternative"


def word_set(text: str) -> set[str]:
    return set(words(fold(text or "")))


def coverage(wanted: str, text: str) -> float:
    """Share of ``wanted``'s words present in ``text`` (accent-folded)."""
    want = word_set(wanted)
    return len(want & word_set(text)) / len(want) if want else 0.0


@dataclass(frozen=True)
class ParsedItem:
    item: ChecklistItem
    kind: str
    case: str  # short name, condition and case heading: what the form would tell the citizen
    instead_of: str
    common: bool  # in the common citizen case


@dataclass
class Verdict:
    gold: dict
    parsed: ParsedItem | None
    agrees: bool
    why: str


@dataclass
class ProcedureResult:
    code: str
    verdicts: list[Verdict] = field(default_factory=list)
    extras: list[ParsedItem] = field(default_factory=list)

    @property
    def agreeing(self) -> int:
        return sum(v.agrees for v in self.verdicts)

    @property
    def required_made_optional(self) -> int:
        return sum(
            v.gold["kind"] == REQUIRED and v.parsed is not None and v.parsed.kind != REQUIRED for v in self.verdicts
        )


def in_common_case(item: ChecklistItem, common_case: list[str]) -> bool:
    return not item.case or any(fold(part) in fold(item.case) for part in common_case)


def parsed_items(checklist: Checklist, common_case: list[str]) -> list[ParsedItem]:
    if len(checklist.cases) == 1 and all(item.case for item in checklist.items):
        # one heading over every paper is not a choice between cases
        common_case = [*common_case, checklist.cases[0]]
    result = []
    for item in checklist.items:
        kind = getattr(item, "kind", "") or (CONDITIONAL if item.condition else REQUIRED)
        if kind == REQUIRED and not in_common_case(item, common_case):
            kind = CONDITIONAL
        shown = f"{item.name} {item.condition} {item.case}"  # what the form tells the citizen about the case
        result.append(ParsedItem(item, kind, shown, getattr(item, "instead_of", ""), in_common_case(item, common_case)))
    return result


def name_score(gold_name: str, parsed: ParsedItem) -> float:
    return max(coverage(gold_name, parsed.item.name), DETAIL_DISCOUNT * coverage(gold_name, parsed.item.detail))


def match(gold_items: list[dict], parsed: list[ParsedItem]) -> dict[int, ParsedItem]:
    """Gold index -> parser item, one to one, best-scoring pairs first. Between copies of the same paper
    (one name under several case headings) the copy that agrees with the gold label wins, then the copy
    whose place (common case or not) fits the gold kind."""

    def key(pair: tuple[int, int]) -> tuple:
        gi, pi = pair
        gold, item = gold_items[gi], parsed[pi]
        fits = item.common == (gold["kind"] != CONDITIONAL)
        return -round(name_score(gold["name"], item), 2), not judge(gold, item).agrees, not fits, gi, pi

    pairs = sorted(((gi, pi) for gi in range(len(gold_items)) for pi in range(len(parsed))), key=key)
    matched, used = {}, set()
    for gi, pi in pairs:
        if gi not in matched and pi not in used and name_score(gold_items[gi]["name"], parsed[pi]) >= NAME_MATCH:
            matched[gi] = parsed[pi]
            used.add(pi)
    return matched


def judge(gold: dict, parsed: ParsedItem | None) -> Verdict:
    if parsed is None:
        return Verdict(gold, None, False, "no parser item")
    if parsed.kind != gold["kind"]:
        return Verdict(gold, parsed, False, f"parser says {parsed.kind}")
    if gold["kind"] == CONDITIONAL and coverage(gold["case"], parsed.case) < CASE_MATCH:
        return Verdict(gold, parsed, False, f"other case: {parsed.case.strip()[:80]!r}")
    if gold["kind"] == ALTERNATIVE and coverage(gold["instead_of"], parsed.instead_of) < NAME_MATCH:
        return Verdict(gold, parsed, False, f"replaces {parsed.instead_of[:60]!r}")
    return Verdict(gold, parsed, True, "")


def evaluate(gold: dict, procedure) -> ProcedureResult:
    common_case = gold.get("common_case", [])
    parsed = parsed_items(build_checklist([procedure]), common_case)
    matched = match(gold["items"], parsed)
    result = ProcedureResult(gold["code"])
    result.verdicts = [judge(g, matched.get(i)) for i, g in enumerate(gold["items"])]
    taken = {id(p) for p in matched.values()}
    result.extras = [p for p in parsed if id(p) not in taken and p.common]
    return result


def describe(gold: dict) -> str:
    extra = gold.get("case") or gold.get("instead_of") or ""
    return f"{gold['kind']}{f' ({extra})' if extra else ''}: {gold['name']}"


def report(results: list[ProcedureResult], names: dict[str, str]) -> tuple[str, str]:
    """The summary with the per-procedure table, and the disagreements."""
    total = sum(len(r.verdicts) for r in results)
    agreeing = sum(r.agreeing for r in results)
    lines = [f"{'code':10s} {'gold':>4s} {'agree':>5s} {'acc':>6s} {'miss':>4s} {'req->opt':>8s} {'extra':>5s}  name"]
    for r in results:
        missing = sum(v.parsed is None for v in r.verdicts)
        lines.append(
            f"{r.code:10s} {len(r.verdicts):4d} {r.agreeing:5d} {r.agreeing / len(r.verdicts):6.0%} "
            f"{missing:4d} {r.required_made_optional:8d} {len(r.extras):5d}  {names[r.code][:50]}"
        )
    by_kind = []
    for kind in (REQUIRED, CONDITIONAL, ALTERNATIVE):
        verdicts = [v for r in results for v in r.verdicts if v.gold["kind"] == kind]
        by_kind.append(f"{kind} {sum(v.agrees for v in verdicts)}/{len(verdicts)}")
    summary = "\n".join(
        [
            f"procedures: {len(results)}, gold items: {total}",
            f"item-level accuracy: {agreeing}/{total} = {agreeing / total:.1%} (target {TARGET:.0%})",
            f"by gold kind: {', '.join(by_kind)}",
            f"gold items with no parser item: {sum(v.parsed is None for r in results for v in r.verdicts)}",
            f"required papers the parser makes optional: {sum(r.required_made_optional for r in results)}",
            f"parser items of the common case matching no gold item: {sum(len(r.extras) for r in results)}",
        ]
    )
    details = []
    for r in results:
        wrong = [v for v in r.verdicts if not v.agrees]
        if wrong or r.extras:
            details.append(f"## {r.code} {names[r.code][:80]}")
            details += [f"  - {describe(v.gold)[:110]} -> {v.why}" for v in wrong]
            details += [f"  + extra: {p.kind}: {p.item.name[:90]}" for p in r.extras]
    return f"{summary}\n\n" + "\n".join(lines), "\n".join(details)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    golds = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    procedures = {p.code: p for p in load_catalog(settings().catalog_path)}
    results = [evaluate(gold, procedures[gold["code"]]) for gold in golds]
    summary, details = report(results, {code: procedures[code].name for code in procedures})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(f"{summary}\n\n{details}\n", encoding="utf-8")
    print(f"{summary}\n\n{details}" if args.verbose else summary)
    print(f"\ndisagreements: {OUT}")


if __name__ == "__main__":
    main()

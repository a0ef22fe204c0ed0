"""The outside/inside question sets of brief O (tests/kb/data/outside_dev.jsonl, tuned on, and outside_heldout.jsonl,
written before building and never tuned on), answered by the real actions, and a report of how honestly.

    .venv/bin/python tests/actions/outside_questions.py tests/kb/data/outside_dev.jsonl [--misses] [--without-meaning]

``--without-meaning`` leaves out the search's meaning-based verdict (knowledge_base/outside_meaning.py): the figures
before it, with everything else as it is now.

An outside question is answered honestly when no catalog procedure is set or offered and the reply names one of its
accepted places (``where``); an inside question is refused when no procedure is set or offered (with ``codes``: none
of its accepted ones; a ``class``, the brief's failure class, is tallied apart). Each question is asked as
``ask_procedure`` (ActionSearchProcedure); a question that holds a grievance, or is marked ``as_complaint`` (a lost
private paper the NLU may file as a complaint), is also asked as ``complain`` (ActionComplain), where an honest answer
must also not open the complaint form.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, Path(__file__).resolve().parent):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from action_helpers import all_text, make_tracker, run_action  # noqa: E402

DATA = ROOT / "tests" / "kb" / "data"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def found(slots: dict, codes: list[str] | None = None) -> bool:
    """A procedure is set or offered; with ``codes``, one of them (the question's accepted procedures)."""
    offered = [slots.get("current_procedure_code"), *(slots.get("pending_variants") or [])]
    return any(offered) if codes is None else any(code in codes for code in offered)


def names_where(reply: str, where: list[str]) -> bool:
    return any(w.lower() in reply.lower() for w in where)


def asked(action, question: dict, intent: str) -> tuple[bool, str]:
    """(answered as its label wants, the reply) for one question asked as ``intent``."""
    messages, events, slots = run_action(action, make_tracker(question["query"], intent))
    reply = all_text(messages)
    if not question["outside"]:
        return found(slots, question.get("codes")), reply
    form = any(e.get("event") == "active_loop" and e.get("name") for e in events)
    return not found(slots) and not form and names_where(reply, question["where"]), reply


def report(path: Path, show_misses: bool = False, without_meaning: bool = False) -> dict:
    from actions.clients import knowledge_base as kb_client
    from actions.feedback.entry import ActionComplain
    from actions.procedures.routing import is_grievance
    from actions.procedures.search import ActionSearchProcedure

    kb_client.get_kb_blocking(timeout=1800)
    if without_meaning:
        from knowledge_base.outside_meaning import OutsideMeanings, Verdict

        OutsideMeanings.verdict = lambda self, question, vector, similarity, abstain, score, handled_by: Verdict(
            abstain, handled_by
        )
    questions = load(path)
    tally: dict[str, list[int]] = {}

    def count(key: str, ok: bool) -> None:
        tally.setdefault(key, [0, 0])
        tally[key][0] += ok
        tally[key][1] += 1

    for q in questions:
        ok, reply = asked(ActionSearchProcedure(), q, "ask_procedure")
        kind = "inside_found" if not q["outside"] else ("outside_new" if q.get("new_topic") else "outside_table")
        count(kind, ok)
        if q["outside"]:
            count("outside_all", ok)
        if "class" in q:
            count(f"class_{q['class']}", ok)
        if show_misses and not ok:
            print(f"MISS {kind}: {q['query']}\n    -> {reply[:200]!r}")
        if q["outside"] and (is_grievance(q["query"]) or q.get("as_complaint")):
            ok, reply = asked(ActionComplain(), q, "complain")
            count("grievance_as_complaint", ok)
            if show_misses and not ok:
                print(f"MISS complaint: {q['query']}\n    -> {reply[:200]!r}")
    return {k: f"{a}/{n} ({a / n:.1%})" for k, (a, n) in tally.items()}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name in args or ["outside_dev.jsonl"]:
        target = Path(name) if Path(name).exists() else DATA / name
        figures = report(target, "--misses" in sys.argv, "--without-meaning" in sys.argv)
        print(target.name, json.dumps(figures, ensure_ascii=False, indent=1))

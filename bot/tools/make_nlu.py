"""Generate bot/data/nlu.yml (training) and bench/data/nlu_holdout.yml (held out) from nlu_source.py.

    python bot/tools/make_nlu.py      # any Python 3.10+, no third-party package

Deterministic (fixed seeds). One template in five goes to the held-out set (and one open-domain topic in
five, for the {o} slot of out_of_scope); each kept sentence gets an accent-folded copy (and some a
chat-abbreviated one) so that at least a third of every intent is typed without diacritics, as citizens
type on phones.
"""

from __future__ import annotations

import random
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from nlu_source import (  # noqa: E402
    EXTRA_HOLDOUT,
    EXTRA_TRAIN,
    OPEN_TOPICS,
    PROCEDURES,
    TEMPLATES,
    WARDS,
    catalog_mentions,
)

from nlu.vietnamese_text import fold  # noqa: E402

CHAT = [  # applied to folded text: how people shorten words on a phone
    (r"\bkhong\b", "ko"),
    (r"\bduoc\b", "dc"),
    (r"\bgi\b", "j"),
    (r"\bbao nhieu\b", "bn"),
    (r"\bgiay khai sinh\b", "gks"),
    (r"\bcan cuoc cong dan\b", "cccd"),
    (r"\bho khau\b", "hk"),
    (r"\bso dien thoai\b", "sdt"),
    (r"\bdang ky\b", "dk"),
    (r"\bho so\b", "hs"),
    (r"\btoi\b", "t"),
    (r"\bem\b", "e"),
    (r"\bvay\b", "v"),
    (r"\bcan cuoc\b", "cccd"),
]
INSTANCES = {"ask_procedure": 3, "out_of_scope": 3}  # other intents: 2 per template with a slot
SLOT = re.compile(r"(\{[pwo]\})")


def held_out(index: int) -> bool:
    """The one-in-five rule, for templates and for open-domain topics alike."""
    return index % 5 == 2


@lru_cache(maxsize=1)
def procedure_mentions() -> list[str]:
    """The hand-written procedure mentions, then a sample of the catalog's names."""
    return [*PROCEDURES, *catalog_mentions()]


def slot_values(select: Callable[[int], bool]) -> dict[str, tuple[str | None, list[str]]]:
    """Slot -> (entity name or None, values). Open-domain topics are split like templates: held-out topics
    never occur in training (procedures and wards are a closed set the model should know)."""
    topics = [t for i, t in enumerate(OPEN_TOPICS) if select(i)]
    return {"{p}": ("procedure", procedure_mentions()), "{w}": ("ward", WARDS), "{o}": (None, topics)}


def chatify(text: str) -> str:
    for pattern, repl in CHAT:
        text = re.sub(pattern, repl, text)
    return text


def render(template: str, rng: random.Random, style: str, slots: dict[str, tuple[str | None, list[str]]]) -> str:
    """Fill {p}/{w}/{o} and apply a style: 'orig', 'fold' or 'chat'."""

    def conv(s: str) -> str:
        if style == "orig" or not s.strip():
            return s
        lead = s[: len(s) - len(s.lstrip())]
        trail = s[len(s.rstrip()) :]
        core = chatify(fold(s)) if style == "chat" else fold(s)
        return lead + core + trail

    out = []
    for part in SLOT.split(template):
        if part in slots:
            entity, values = slots[part]
            value = conv(rng.choice(values))
            out.append(f"[{value}]({entity})" if entity else value)
        else:
            out.append(conv(part))
    return "".join(out).strip()


def build(split: str) -> dict[str, list[str]]:
    if split == "train":
        return build_selected(lambda i: not held_out(i), seed=7, extra=EXTRA_TRAIN)
    return build_selected(held_out, seed=1234, extra=EXTRA_HOLDOUT)


def build_selected(select: Callable[[int], bool], seed: int, extra: dict[str, list[str]]) -> dict[str, list[str]]:
    """Examples from the templates (and open-domain topics) whose index passes `select`, plus `extra`."""
    rng = random.Random(seed)
    slots = slot_values(select)
    data: dict[str, list[str]] = {}
    for intent, templates in TEMPLATES.items():
        chosen = [t for i, t in enumerate(templates) if select(i)]
        examples: list[str] = []
        for template in chosen:
            n = INSTANCES.get(intent, 2) if SLOT.search(template) else 1
            for _ in range(n):
                examples.append(render(template, rng, "orig", slots))
                r = rng.random()
                if r < 0.45:
                    examples.append(render(template, rng, "fold", slots))
                elif r < 0.7:
                    examples.append(render(template, rng, "chat", slots))
        examples.extend(extra.get(intent, []))
        data[intent] = examples
    return data


def unannotated(example: str) -> str:
    return re.sub(r"\]\([a-z_]+\)", "", example).replace("[", "")


def dedupe(data: dict[str, list[str]], excluded: set[str] = frozenset()) -> dict[str, list[str]]:
    """Drop repeated sentences, and those whose accent-folded form is in `excluded`."""
    seen: set[str] = set()
    out = {}
    for intent, examples in data.items():
        kept = []
        for ex in examples:
            key = unannotated(ex).lower()
            if key in seen or fold(key) in excluded:
                continue
            seen.add(key)
            kept.append(ex)
        out[intent] = kept
    return out


def write(path: Path, data: dict[str, list[str]], header: str) -> None:
    lines = [
        f"# {header}",
        "# Generated by bot/tools/make_nlu.py from bot/tools/nlu_source.py: edit those, then rerun.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent, examples in data.items():
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {ex}" for ex in examples)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    train = dedupe(build("train"))
    typed = {fold(unannotated(ex)) for examples in train.values() for ex in examples}
    holdout = dedupe(build("holdout"), typed)  # never repeats a training sentence, with or without accents
    write(ROOT / "bot/data/nlu.yml", train, "NLU training data for motcua.")
    write(
        ROOT / "bench/data/nlu_holdout.yml",
        holdout,
        "Held-out NLU examples: NEVER used for training (bench/nlu_f1.py).",
    )
    for intent in train:
        n = len(train[intent])
        plain = sum(1 for ex in train[intent] if fold(ex) == ex.lower())
        print(f"{intent:28s} train {n:3d} (no diacritics {plain / max(n, 1):.0%})  holdout {len(holdout[intent]):3d}")
    print("total", sum(map(len, train.values())), sum(map(len, holdout.values())))


if __name__ == "__main__":
    main()

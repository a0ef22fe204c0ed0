"""The NLU training examples (bot/data/nlu.yml), read by the actions that learn from them or compare a message with
them: the aspect reader's trainer and the small-talk check."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import yaml

NLU_FILE = Path(__file__).resolve().parents[2] / "bot" / "data" / "nlu.yml"


def intent_blocks(path: Path = NLU_FILE) -> List[Tuple[str, str]]:
    """(intent, examples text) of each block of the NLU file, in file order ("faq/hotline" as written)."""
    nlu = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(str(block.get("intent", "")), block.get("examples") or "") for block in nlu.get("nlu") or []]


def example_lines(examples: str) -> List[str]:
    """The examples of one block: its "- " lines, without the dash."""
    return [line.strip()[2:].strip() for line in examples.splitlines() if line.strip().startswith("- ")]

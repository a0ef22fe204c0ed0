"""The alias table: colloquial names and abbreviations mapped to the catalog's wording."""
from __future__ import annotations

import re
from pathlib import Path

from knowledge_base.text import fold


class AliasTable:
    def __init__(self, pairs: list[tuple[str, str]]):
        # Longest alias first, so "bang lai xe" wins over "bang lai".
        self._pairs = sorted(pairs, key=lambda pair: -len(pair[0]))
        self._patterns = [(re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"), expansion) for alias, expansion in self._pairs]

    @classmethod
    def load(cls, path: Path) -> "AliasTable":
        pairs = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            alias, _, expansion = line.partition("\t")
            pairs.append((fold(alias), expansion.strip()))
        return cls(pairs)

    def expansions(self, question: str) -> list[str]:
        """The catalog wordings of every alias found in the question (each once)."""
        folded = fold(question)
        found: list[str] = []
        for pattern, expansion in self._patterns:
            if pattern.search(folded):
                folded = pattern.sub(" ", folded)  # a shorter alias must not match inside a longer one
                if expansion not in found:
                    found.append(expansion)
        return found

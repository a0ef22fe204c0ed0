"""Phrase tables that live with the data: a phrase found in a question maps to a text.

Used for the alias table (colloquial names -> the catalog's wording); the everyday names of procedures are keyed
by code. The topics outside the catalog have their own table (knowledge_base/outside.py)."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge_base.text import fold


def _rows(path: Path) -> list[tuple[str, str]]:
    """The two tab-separated columns of each line that is neither blank nor a comment."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("\t")
            rows.append((key.strip(), value.strip()))
    return rows


def load_common_names(path: Path) -> dict[str, tuple[str, ...]]:
    """Procedure code -> the everyday names citizens use for it (column 2, separated by ';')."""
    return {code: tuple(n.strip() for n in names.split(";") if n.strip()) for code, names in _rows(path)}


class PhraseTable:
    def __init__(self, pairs: list[tuple[str, str]]):
        # Longest alias first, so "bang lai xe" wins over "bang lai".
        self._pairs = sorted(pairs, key=lambda pair: -len(pair[0]))
        self._patterns = [
            (re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"), expansion) for alias, expansion in self._pairs
        ]

    @classmethod
    def load(cls, path: Path) -> "PhraseTable":
        return cls([(fold(alias), expansion) for alias, expansion in _rows(path)])

    def lookup(self, question: str) -> list[str]:
        """The second column of every phrase found in the question (each once), longest first."""
        return list(dict.fromkeys(expansion for _, expansion in self.matches(question)))

    def matches(self, question: str) -> list[tuple[str, str]]:
        """(folded phrase, second column) of every phrase found in the question, longest first."""
        folded = fold(question)
        found: list[tuple[str, str]] = []
        for (alias, expansion), (pattern, _) in zip(self._pairs, self._patterns):
            if pattern.search(folded):
                folded = pattern.sub(" ", folded)  # a shorter alias must not match inside a longer one
                found.append((alias, expansion))
        return found

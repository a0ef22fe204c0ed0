"""Vietnamese text helpers for the knowledge base.

Normalisation, accent folding and chat abbreviations live in nlu/vietnamese_text.py (standard
library only, so the Rasa venv and this one share one implementation); this module adds what only
the search needs.
"""

from __future__ import annotations

import re

from nlu.vietnamese_text import canonical, fold, has_vietnamese_diacritics, normalize

__all__ = ["canonical", "fold", "has_diacritics", "normalize", "words"]

_WORD = re.compile(r"\w+", re.UNICODE)
has_diacritics = has_vietnamese_diacritics


def words(text: str) -> list[str]:
    """Word tokens of already-normalised text."""
    return _WORD.findall(text)

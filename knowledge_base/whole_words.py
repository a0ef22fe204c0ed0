"""Whether a phrase is in a text as whole words, fast: the one test behind the knowledge base's phrase tables.

``contains(text, phrase)`` is ``re.search(rf"(?<!\\w){re.escape(phrase)}(?!\\w)", text) is not None``, answer for
answer. A search tries about 1,300 phrases of the outside-topic table against one question, two or three times (the
search's abstention feature, ``handled_by``, the meaning verdict's context check), and a few hundred qualifiers: the
regular expressions were a tenth of a warm search's CPU. Most phrases are settled without one: every word of a phrase
found as whole words is a word of the text (the phrase's first and last words are bounded by the look-arounds, the
others by the phrase's own spaces or punctuation), so a phrase with a word the text lacks is not there. Only the others
are searched. The words of the last few texts are kept, and every phrase compiled: the phrases must come from
fixed tables (a phrase made from a question would be kept for ever).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"\w+")
TEXTS_KEPT = 16  # texts whose word sets are kept: one search reads a handful (the question, its folded forms)


@lru_cache(maxsize=None)
def _phrase(phrase: str) -> tuple[re.Pattern, frozenset[str]]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"), frozenset(_WORD.findall(phrase))


@lru_cache(maxsize=TEXTS_KEPT)
def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text))


def contains(text: str, phrase: str) -> bool:
    """The phrase is in the text, not inside a longer word on either side."""
    pattern, needed = _phrase(phrase)
    return needed <= _words(text) and pattern.search(text) is not None

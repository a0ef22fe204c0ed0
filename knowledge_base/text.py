"""Vietnamese text normalisation: Unicode forms, tone-mark placement and accent folding."""
from __future__ import annotations

import re
import unicodedata

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
# Open syllables ending in these nuclei are written with the tone on either vowel ("hoà" / "hòa",
# "thuỷ" / "thủy"); we keep the first-vowel placement. "quy" is excluded: its "u" belongs to "qu".
_MOVABLE_SYLLABLE = re.compile(r"[^aeiouyq]*(oa|oe|uy)")
_WORD = re.compile(r"\w+", re.UNICODE)


def _retone_syllable(syllable: str) -> str:
    """Put the tone of an open 'oa', 'oe', 'uy' syllable on its first vowel (NFD input)."""
    letters = [c for c in syllable if not unicodedata.combining(c)]
    base = "".join(letters).lower()
    if not _MOVABLE_SYLLABLE.fullmatch(base):
        return syllable
    tone = next((c for c in syllable if c in _TONE_MARKS), None)
    if tone is None:
        return syllable
    stripped = "".join(c for c in syllable if c != tone)
    first_vowel = len(base) - 2  # index among letters of the first vowel of the nucleus
    out, seen = [], -1
    for c in stripped:
        out.append(c)
        if not unicodedata.combining(c):
            seen += 1
            if seen == first_vowel:
                out.append(tone)
    return "".join(out)


def normalize(text: str) -> str:
    """NFC form, one tone-mark placement, collapsed white space. Keeps case and diacritics."""
    decomposed = unicodedata.normalize("NFD", text or "")
    retoned = re.sub(r"[\w\u0300-\u036f]+", lambda m: _retone_syllable(m.group(0)), decomposed)
    composed = unicodedata.normalize("NFC", retoned)
    return " ".join(composed.split())


def fold(text: str) -> str:
    """Lower-case text with every diacritic removed: 'Giấy khai sinh' -> 'giay khai sinh'."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def words(text: str) -> list[str]:
    """Word tokens of already-normalised text."""
    return _WORD.findall(text)


def has_diacritics(text: str) -> bool:
    return fold(text) != " ".join((text or "").lower().split())

"""Dependency-free Vietnamese text helpers shared by the NLU pipeline, the actions and the knowledge base.

Standard library only (``unicodedata`` + small tables), so that both venvs can import it:
the Rasa venv (NLU components in ``nlu/``) and the app venv (actions, knowledge base).

- ``normalize(text)``: NFC, removes zero-width characters, puts the tone mark of "oa/oe/uy" syllables
  on one canonical vowel ("hoà" -> "hòa", "thuỷ" -> "thủy"), collapses whitespace.
- ``fold(text)``: lower-case, accent-free view ("Giấy khai sinh" -> "giay khai sinh", "đ" -> "d").
- ``expand_abbreviations(text)``: chat abbreviations to full words ("ko dc" -> "không được").
- ``canonical(text)``: normalize + expand_abbreviations; what a search query should be built from.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ABBREVIATIONS",
    "canonical",
    "expand_abbreviations",
    "expand_token",
    "fold",
    "has_vietnamese_diacritics",
    "looks_english",
    "normalize",
    "normalize_length_preserving",
]

# Combining marks: the five tones, plus the vowel modifiers (circumflex, breve, horn).
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"\s+")

# Chat abbreviations typed on phones (keys are accent-folded, lower-case tokens).
# Multi-word expansions are fine: callers split on whitespace.
ABBREVIATIONS: dict[str, str] = {
    # negation / question words
    "ko": "không",
    "k": "không",
    "kh": "không",
    "hok": "không",
    "hk0": "không",
    "khg": "không",
    "kg": "không",
    "0k": "không",
    "dc": "được",
    "dk0": "được",
    "duoc": "được",
    "đc": "được",
    "j": "gì",
    "gi": "gì",
    "bn": "bao nhiêu",
    "bnhiu": "bao nhiêu",
    "bnh": "bao nhiêu",
    "bh": "bao giờ",
    "bgio": "bao giờ",
    "ntn": "như thế nào",
    "z": "vậy",
    "v": "vậy",
    "r": "rồi",
    "cx": "cũng",
    "nx": "nữa",
    "trc": "trước",
    "vs": "với",
    "ms": "mới",
    "mk": "mình",
    "mik": "mình",
    "e": "em",
    "a": "anh",
    "ng": "người",
    "mn": "mọi người",
    "lm": "làm",
    "ns": "nói",
    "bt": "biết",
    "hnay": "hôm nay",
    "tks": "cảm ơn",
    "thks": "cảm ơn",
    "thanks": "cảm ơn",
    "thank": "cảm ơn",
    "tk": "tài khoản",
    "camon": "cảm ơn",
    "oke": "ok",
    "okie": "ok",
    "oki": "ok",
    "uk": "ừ",
    "uh": "ừ",
    # domain abbreviations
    "cccd": "căn cước công dân",
    "cmnd": "chứng minh nhân dân",
    "cmt": "chứng minh nhân dân",
    "gks": "giấy khai sinh",
    "hk": "hộ khẩu",
    "sdt": "số điện thoại",
    "sđt": "số điện thoại",
    "dt": "điện thoại",
    "đt": "điện thoại",
    "dk": "đăng ký",
    "đk": "đăng ký",
    "dky": "đăng ký",
    "đky": "đăng ký",
    "gplx": "giấy phép lái xe",
    "blx": "bằng lái xe",
    "gpxd": "giấy phép xây dựng",
    "dvc": "dịch vụ công",
    "dvctt": "dịch vụ công trực tuyến",
    "tthc": "thủ tục hành chính",
    "ubnd": "ủy ban nhân dân",
    "ub": "ủy ban",
    "gcn": "giấy chứng nhận",
    "qsdd": "quyền sử dụng đất",
    "qsdđ": "quyền sử dụng đất",
    "lltp": "lý lịch tư pháp",
    "hs": "hồ sơ",
    "lp": "lệ phí",
    "kq": "kết quả",
    "ttr": "tạm trú",
    "vneid": "vneid",
    "onl": "online",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "hkd": "hộ kinh doanh",
    "gtvt": "giao thông vận tải",
}

# Syllables whose tone mark placement differs between the "old" and "new" styles when the
# syllable ends with the second vowel: canonical form is the old style (tone on the first vowel),
# e.g. "hoà" -> "hòa", "khoẻ" -> "khỏe", "thuỷ" -> "thủy".
_TONE_PAIRS = ("oa", "oe", "uy")
_WORD = re.compile(r"\w+", re.UNICODE)


def _strip_tone(ch: str) -> tuple[str, str]:
    """Split a precomposed character into (character without tone, tone mark or '')."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    base = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tone


def _fix_tone_placement(word: str) -> str:
    if len(word) < 2:
        return word
    low = word.lower()
    folded_tail = _base_letters(low[-2:])
    if folded_tail not in _TONE_PAIRS:
        return word
    # "qu" + y/a/e: "u" belongs to the consonant ("quý", "quà"): leave it.
    if len(low) >= 3 and _base_letters(low[-3]) == "q":
        return word
    # "gi" + a: not an "oa/oe/uy" pair; nothing to do. Only move when the tone sits on the last vowel.
    first, last = word[-2], word[-1]
    last_base, tone = _strip_tone(last)
    if not tone:
        return word
    first_base, first_tone = _strip_tone(first)
    if first_tone:
        return word
    moved = unicodedata.normalize("NFC", unicodedata.normalize("NFD", first_base) + tone)
    return word[:-2] + moved + last_base


def _base_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D").lower()


def normalize_length_preserving(text: str) -> str:
    """NFC + tone placement when that keeps the length (so character offsets of annotations stay valid)."""
    if not text:
        return ""
    nfc = unicodedata.normalize("NFC", text)
    if len(nfc) != len(text):
        return text
    return _WORD.sub(lambda m: _fix_tone_placement(m.group(0)), nfc)


def normalize(text: str | None) -> str:
    """Unicode NFC, zero-width characters removed, canonical tone placement, single spaces, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).translate(_ZERO_WIDTH)
    text = _WORD.sub(lambda m: _fix_tone_placement(m.group(0)), text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str | None) -> str:
    """Accent-folded, lower-case view of Vietnamese text: "Giấy khai sinh" -> "giay khai sinh"."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", str(text).translate(_ZERO_WIDTH))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("đ", "d").replace("Đ", "D").replace("ð", "d")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()


def has_vietnamese_diacritics(text: str) -> bool:
    """True when the text carries at least one Vietnamese diacritic (tone or vowel mark, or đ)."""
    return fold(text) != _SPACES.sub(" ", unicodedata.normalize("NFC", text or "").lower()).strip()


def expand_token(token: str) -> str:
    """The expansion of one chat abbreviation, or the token itself."""
    key = token.lower()
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    folded = fold(key)
    # Only plain-ASCII tokens are looked up by their folded form: "gì"/"được" are already words.
    if folded == key and folded in ABBREVIATIONS:
        return ABBREVIATIONS[folded]
    return token


_TOKEN_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.UNICODE | re.DOTALL)


def expand_abbreviations(text: str | None) -> str:
    """Replace chat abbreviations word by word, keeping punctuation: "ko dc j?" -> "không được gì?"."""
    if not text:
        return ""
    out = []
    for raw in text.split():
        m = _TOKEN_EDGES.match(raw)
        lead, core, trail = m.group(1), m.group(2), m.group(3)
        out.append(lead + expand_token(core) + trail if core else raw)
    return " ".join(out)


def canonical(text: str | None) -> str:
    """normalize() then expand_abbreviations(): the text a search query should be built from."""
    return expand_abbreviations(normalize(text))


_ENGLISH = set(
    """the a an is are am was what how where when why who which can could do does did i you we my your to of for in
    on with please help need want get register registration birth certificate passport id card marriage documents fee
    fees long take apply online office hello hi thanks thank sorry speak english
    this that it be have has and or not""".split()
)
_VIETNAMESE_ASCII = set(
    "khong ko k lam thu tuc giay cho toi em duoc dc nop o dau can gi j bao nhieu ban minh anh chi la co va".split()
)


def looks_english(text: str | None) -> bool:
    """True for a message in English ("How do I get a passport?"), False for Vietnamese with or without accents."""
    if not text or has_vietnamese_diacritics(text):
        return False
    words = re.findall(r"[a-z']+", text.lower())
    if len(words) < 2:
        return False
    english = sum(1 for w in words if w in _ENGLISH)
    vietnamese = sum(1 for w in words if w in _VIETNAMESE_ASCII)
    return english >= 2 and english / len(words) >= 0.3 and vietnamese <= english // 3

"""A correction names what the citizen did not mean: "à không, ý tôi là kết hôn chứ không phải khai sinh", "không
phải tạm trú mà là thường trú", "nhầm, không phải khai tử, tôi hỏi khai sinh", "không phải đổi, sổ mất hẳn rồi".

The negated part is left out before searching (a search of the whole message finds both procedures, and the one
the conversation is on wins with its context), and it must not select the conversation's procedure. Only the forms
of a correction are read (``NEGATED``): "chứ không phải X", "không phải X mà (là) Y", "không phải X" opening the
message or a clause after "nhầm" / "à không"; "con tôi không phải người Việt Nam" tells a situation and is kept.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from actions.procedures.conversation import content_words
from nlu.vietnamese_text import canonical, fold

# "not" as typed (accent-folded): "không", "ko", "k", "hông"
_NOT = r"(?:khong|ko|k|hong|kh)"
# where the negated part ends: a clause break, "mà (là)", "ý (tôi) là", "tôi hỏi", or the end of the message
_END = r"(?=\s*(?:[,;.!?]|\bma\b|\by\b|\btoi\b|\bminh\b|\bem\b|\bchi\b|$))"
# the forms of a correction: "chứ không phải X"; "không phải X mà …"; "không phải X" at the start of the message
# or of a clause (after "nhầm", "à không", a comma)
NEGATED = re.compile(
    rf"(?:(?=\bchu )|(?:^|[,;.!?]\s*|\bnham\s+)(?:(?:a|ay|o|u|thoi)\s+)?)"
    rf"(?P<cut>(?:chu )?{_NOT} phai(?: la)?\s+(?P<negated>[^,;.!?]+?)){_END}"
)
_TOKEN = re.compile(r"\w+|[^\w\s]+")


def split_negated(text: str) -> Tuple[str, str]:
    """(``text`` without the parts a correction negates, the negated parts), in the message's own words;
    (``text``, "") when it negates nothing or names nothing besides what it negates (searched as it is)."""
    tokens = _TOKEN.findall(canonical(text or ""))
    joined = " ".join(fold(t) for t in tokens)
    cut: List[int] = []
    negated: List[int] = []
    for match in NEGATED.finditer(joined):
        first, start = (joined[: match.start(group)].count(" ") for group in ("cut", "negated"))
        end = start + match.group("negated").count(" ") + 1
        cut.extend(range(first, end))
        negated.extend(range(start, end))
    said = " ".join(tokens[i] for i in negated)
    kept = " ".join(t for i, t in enumerate(tokens) if i not in cut)
    if not content_words(said) or not content_words(kept):  # "không phải nộp lệ phí à"; "không phải khai sinh"
        return text, ""
    return kept, said

"""Questions generated from the catalog itself, to train the ranker (no external model, nothing downloaded).

Templates tell a citizen's situation from a procedure's own record: who files it (audience openers), its
conditions, the first step the applicant takes, a paper of the dossier, the result it gives and the action its
name starts with ("cấp lại", "gia hạn", "xóa đăng ký"…). Part of the name is kept (a citizen knows roughly what
they want) and part of the questions lose their diacritics, as people type them. Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from knowledge_base.model import Procedure
from knowledge_base.passages import sentences
from knowledge_base.text import fold

NAME_WORDS_KEPT = (0.4, 0.8)  # share of the name's words a generated question keeps (in order)
SITUATION_WORDS = 14  # a condition or step sentence is cut here
WITHOUT_DIACRITICS = 0.45  # share of generated questions typed without accents (as in the dev sets)

_OPENERS = {
    "enterprise": ("công ty tôi", "doanh nghiệp chúng tôi", "bên mình là công ty,"),
    "cooperative": ("hợp tác xã của chúng tôi", "hợp tác xã bên tôi"),
    "organisation": ("cơ quan chúng tôi", "đơn vị tôi"),
    "citizen": ("nhà tôi", "tôi", "gia đình tôi", "bố tôi", "vợ chồng tôi", "em"),
}
_ASKS = (
    "thì làm thủ tục gì",
    "cần làm gì",
    "làm ở đâu",
    "thủ tục thế nào",
    "phải xin giấy gì",
    "có được không",
    "hồ sơ gồm những gì",
    "nộp ở đâu ạ",
)
_WANTS = ("giờ muốn", "nay muốn", "muốn", "cần", "định")
_NAME_PREFIX = re.compile(r"^(?:thủ tục|tthc)\s+", re.IGNORECASE)
_LEVEL = re.compile(r"\s*\((?:thực hiện )?(?:tại )?cấp [^)]*\)", re.IGNORECASE)


@dataclass(frozen=True)
class GeneratedQuestion:
    query: str
    code: str
    template: str


def _audience(procedure: Procedure) -> str:
    audiences = " ".join(procedure.audiences).lower()
    if procedure.for_citizens:
        return "citizen"
    if "doanh nghiệp" in audiences:
        return "enterprise"
    if "hợp tác xã" in audiences:
        return "cooperative"
    return "organisation"


def _name_part(procedure: Procedure, rng: random.Random) -> str:
    """Some of the name's words, in order, without 'Thủ tục' and the level."""
    name_words = _LEVEL.sub("", _NAME_PREFIX.sub("", procedure.name)).split()
    keep = max(2, round(len(name_words) * rng.uniform(*NAME_WORDS_KEPT)))
    if len(name_words) <= keep:
        return " ".join(name_words).lower()
    start = rng.randrange(0, max(1, min(3, len(name_words) - keep + 1)))
    return " ".join(name_words[start : start + keep]).lower()


def _cut(text: str) -> str:
    return " ".join(text.split()[:SITUATION_WORDS]).lower()


def _situations(procedure: Procedure) -> list[tuple[str, str]]:
    """(template, situation) pairs the record supports."""
    found = [("condition", _cut(s)) for s in sentences(procedure.conditions)[:2]]
    found += [("document", f"đã có {_cut(d.name)}") for d in procedure.documents[:3] if len(d.name.split()) >= 3]
    found += [("case", _cut(d.condition)) for d in procedure.documents if d.condition][:2]
    if procedure.results:
        found.append(("result", f"cần {_cut(procedure.results[0])}"))
    return found


def question_for(procedure: Procedure, rng: random.Random) -> GeneratedQuestion:
    opener = rng.choice(_OPENERS[_audience(procedure)])
    situations = _situations(procedure)
    want, ask, name = rng.choice(_WANTS), rng.choice(_ASKS), _name_part(procedure, rng)
    if situations and rng.random() < 0.75:
        template, situation = rng.choice(situations)
        query = f"{opener} {situation}, {want} {name} {ask}"
    else:
        template, query = "name", f"{opener} {want} {name} {ask}"
    if rng.random() < WITHOUT_DIACRITICS:
        query = fold(query)
    return GeneratedQuestion(" ".join(query.split()), procedure.code, template)


def generate(procedures: list[Procedure], count: int, seed: int = 12) -> list[GeneratedQuestion]:
    """`count` questions about as many different procedures, drawn at random."""
    rng = random.Random(seed)
    chosen = rng.sample(procedures, min(count, len(procedures)))
    return [question_for(procedure, rng) for procedure in chosen]

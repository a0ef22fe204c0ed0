"""Whether an asked fact differs between a procedure's near-identical variants (cấp xã / tỉnh / bộ …).

The search returns the close variants it cannot choose between (SearchResult.variants). The bot need
only ask "which one?" when the answer depends on it: renewing a citizen identity card costs the same at
the three levels, so a fee question is answered at once; the place does differ, so a "where" question asks, unless
every variant is filed with one authority (``shared_authority``: the police at the commune, district or province, by
form or online), where the citizen may go to either and the answer names each. The legal basis is the same in
substance when the variants share a Law (the card's issue under and over 14 both cite the Law on Identification).
"""

from __future__ import annotations

import re
from typing import Callable, Hashable, Iterable

from knowledge_base.checklist import build_checklist
from knowledge_base.documents import REQUIRED
from knowledge_base.filing_place import filing_place
from knowledge_base.model import CHANNEL_POSTAL, Procedure
from knowledge_base.text import fold

FEE, TIME, PLACE, ONLINE, DOCUMENTS, LEGAL = "fee", "time", "place", "online", "documents", "legal"
_LAW = re.compile(r"/(?:\d{4}/)?QH\d{2}$")  # a Law's number ("26/2023/QH15"), as render.legal reads it
# Authorities whose bodies at every level (and by every channel) take the same dossier: their variants' places are
# named together, not asked. Folded words of the body or the address.
AUTHORITIES = {"công an": re.compile(r"\b(?:cong an|canh sat|xuat nhap canh)\b")}
_COMMUNE_LEVELS = re.compile(r"\bxa,\s*phuong,?\s*(?:va\s+|hoac\s+)?thi tran\b")  # folded: the commune level
_PARENTHESES = re.compile(r"\([^)]*\)")
_BODY_CUT = re.compile(r"\s*[,;]\s*|\s+(?:hoac|va)\s+")  # a list of bodies


def _fee(procedure: Procedure) -> Hashable:
    # The postal channel's fee is the carrier's charge, which is not what a citizen compares.
    return frozenset(c.fee_text for c in procedure.channels if c.kind != CHANNEL_POSTAL)


def _time(procedure: Procedure) -> Hashable:
    return frozenset(fact.text for fact in procedure.times)


def _place(procedure: Procedure) -> Hashable:
    """The bodies as a citizen reads them, in any order and whatever the level's wording ("Ủy ban nhân dân xã,
    phường, thị trấn" is "UBND cấp xã"); without an agency, where the steps say the dossier is filed."""
    body = fold(procedure.agency or filing_place(procedure.steps)).rstrip(" .")
    body = _PARENTHESES.sub(" ", _COMMUNE_LEVELS.sub("xa", body)).replace("ubnd", "uy ban nhan dan")
    body = body.replace(" co tham quyen", "")  # "the competent body": the body itself
    bodies = frozenset(" ".join(w for w in part.split() if w != "cap") for part in _BODY_CUT.split(body))
    return bodies - {""}, " ".join(fold(procedure.address).split())


def _online(procedure: Procedure) -> Hashable:
    return procedure.online


def _documents(procedure: Procedure) -> Hashable:
    items = build_checklist([procedure]).items
    return frozenset(fold(item.name) for item in items if item.kind == REQUIRED and not item.case)


def _legal(procedure: Procedure) -> Hashable:
    return frozenset(basis.number or basis.title for basis in procedure.legal_basis)


def _laws(procedure: Procedure) -> frozenset:
    return frozenset(basis.number for basis in procedure.legal_basis if _LAW.search(basis.number))


ASPECTS: dict[str, Callable[[Procedure], Hashable]] = {
    FEE: _fee,
    TIME: _time,
    PLACE: _place,
    ONLINE: _online,
    DOCUMENTS: _documents,
    LEGAL: _legal,
}


def shared_laws(variants: Iterable[Procedure]) -> frozenset:
    """The Laws every variant cites ("26/2023/QH15")."""
    laws = [_laws(procedure) for procedure in variants]
    return frozenset.intersection(*laws) if laws else frozenset()


def shared_authority(variants: Iterable[Procedure]) -> str:
    """The authority (a key of AUTHORITIES) every variant is filed with, by its body or its address; "" when none."""
    places = [fold(f"{p.agency or filing_place(p.steps)} {p.address}") for p in variants]
    for authority, words in AUTHORITIES.items():
        if places and all(words.search(place) for place in places):
            return authority
    return ""


def differs(variants: Iterable[Procedure], aspect: str) -> bool:
    """True when the variants give different answers for `aspect` (one of ASPECTS): ask which one applies. Variants
    citing one Law share their legal basis in substance, whatever decrees and circulars they add."""
    procedures = list(variants)
    if aspect == LEGAL and shared_laws(procedures):
        return False
    value = ASPECTS[aspect]
    return len({value(procedure) for procedure in procedures}) > 1


def differing_aspects(variants: Iterable[Procedure]) -> tuple[str, ...]:
    """The aspects whose answer depends on the variant, in ASPECTS order."""
    procedures = list(variants)
    return tuple(aspect for aspect in ASPECTS if differs(procedures, aspect))

"""The sibling stage: among the best hits that are siblings of the first (one object, another act, state or
audience), the one the question's situation selects.

A citizen rarely says "cấp đổi" or "cấp lại"; the state of the thing tells which sibling is meant: a damaged or
worn card is changed ("cấp đổi", "đổi"), a lost or stolen one is re-issued ("cấp lại"), a vehicle no longer used
whose plate is handed back is deregistered ("thu hồi"), a business paused for a few months is "tạm ngừng" and one
closed for good "chấm dứt", a foreigner's licence is the foreign variant. A question that names no special
audience means the general procedure, not its variant for foreigners, the armed forces or a narrow force (a niche
first hit the question does not name yields to its best sibling for everyone), and the procedure at the office nearest
the citizen (the commune's twin of a province-level name) unless the question names a level. A procedure's classes
come from its name, a question's from its words (knowledge_base/situation_classes.py). The stage only reorders the best
hits among themselves; it never adds a candidate.
"""

from __future__ import annotations

from knowledge_base.model import Procedure
from knowledge_base.situation_classes import (
    ACTS,
    NICHE,
    final_acts,
    name_classes,
    names_first_issue,
    question_classes,
    without_acts,
    without_audiences,
)
from knowledge_base.text import canonical, fold, words
from knowledge_base.variants import LEVEL_MARKER, level_rank, mentions_level

DEPTH = 15  # siblings of the first hit are looked for among this many best hits (the ranker's pool, RERANK)
NEIGHBOURS = 5  # the best hits of the first's field that count as its siblings whatever their names
ASKED_NOW = 8  # the best hits of any field that count as its siblings when they do the act the final request asks
OBJECT_OVERLAP = 0.75  # share of the shorter object's words two names must share to be siblings
# (ministry, folded field) -> the audience of every procedure filed there, which its name does not say: the police's own
# welfare ("Cấp lại thẻ bảo hiểm y tế" there is for police officers' relatives, not everyone's card)
RECORD_AUDIENCES = {("bo-cong-an", "chinh sach"): "armed"}

_OBJECT_NOISE = frozenset(
    (
        "thu tuc cap dang ky cua doi voi cho va hoac thuc hien tai trong truong hop theo ve cac nguoi"
        " hoat dong thong bao viet nam"
    ).split()
)


def object_words(folded_name: str) -> frozenset[str]:
    """What a name is about without its act, level and filler words, and without its audience unless the audience
    is all it names ("Chấm dứt hoạt động hộ kinh doanh")."""
    bare = without_acts(LEVEL_MARKER.sub(" ", folded_name))
    content = [w for w in words(bare) if w not in _OBJECT_NOISE and len(w) > 1]
    return frozenset(words(without_audiences(" ".join(content))) or content)


def record_audiences(procedure: Procedure) -> set[str]:
    """The audience the procedure's ministry and field give it (RECORD_AUDIENCES), if any."""
    key = (getattr(procedure, "ministry", ""), fold(getattr(procedure, "field", "") or ""))
    return {RECORD_AUDIENCES[key]} if key in RECORD_AUDIENCES else set()


def siblings(left: frozenset[str], right: frozenset[str]) -> bool:
    """Two objects are one thing when most words of the shorter are in the longer."""
    shorter = min(len(left), len(right))
    return shorter > 0 and len(left & right) / shorter >= OBJECT_OVERLAP


class SiblingStage:
    """Per procedure, its classes, object and level, computed once at load."""

    def __init__(self, procedures: list[Procedure]):
        folded = [fold(p.name) for p in procedures]
        self._classes = [name_classes(name) | record_audiences(p) for name, p in zip(folded, procedures)]
        self._objects = [object_words(name) for name in folded]
        self._named_first = [names_first_issue(name) for name in folded]
        # a niche first hit's twins for everyone are looked for under their names spelled out ("thẻ BHYT" is "thẻ bảo
        # hiểm y tế"); the other siblings are not (a pension paid abroad is no sibling of the lump sum by its name)
        self._spelled_objects = [object_words(fold(canonical(p.name))) for p in procedures]
        self._fields = [fold(getattr(p, "field", "") or "") for p in procedures]
        self._levels = [level_rank(p) if getattr(p, "levels", None) is not None else 0 for p in procedures]

    def choose(self, folded_question: str, ranked: list[int]) -> int:
        """Position in ranked (the candidates' procedure indices, hybrid order) of the hit to put first: the sibling
        of the first hit (among the best DEPTH, or with the very same object anywhere) that the question's classes
        select, or the best one for everyone when the first is for a niche audience the question does not name; then,
        unless the question names a level, the same procedure at the office nearest the citizen; 0 (the first stays)
        otherwise."""
        asked = question_classes(folded_question)
        final = final_acts(folded_question)
        asked = (asked - ACTS - {"first"}) | final if final else asked
        niche_first = bool((self._classes[ranked[0]] - asked) & NICHE)
        objects = self._spelled_objects if niche_first else self._objects
        first = objects[ranked[0]]
        group = [
            k
            for k, i in enumerate(ranked)
            if k == 0
            or (k < DEPTH and siblings(first, objects[i]))
            or (objects[i] == first and len(first) > 1)
            or (k < NEIGHBOURS and self._neighbour(ranked[0], i, asked, niche_first))
            or (k < ASKED_NOW and self._asked_now(ranked[0], i, final))
        ]
        if len(group) < 2:
            return 0
        own = [self._classes[ranked[k]] for k in group]
        distinct = set().union(*own) - set.intersection(*own)
        scores = [self._score(classes & distinct, asked, classes) for classes in own]
        winner = max(range(len(group)), key=lambda k: (scores[k], -k))
        selected = (own[winner] - own[0]) & distinct & asked
        if niche_first:  # a niche first the question does not name: the best sibling for everyone
            plain = [k for k in range(len(group)) if not (own[k] - asked) & NICHE]
            winner = max(plain, key=lambda k: (scores[k], -k)) if plain else 0
        if not (scores[winner] > scores[0] and (selected or niche_first)):
            winner = 0
        return group[self._nearest_level(folded_question, [ranked[k] for k in group], winner)]

    def _neighbour(self, first: int, other: int, asked: set[str], niche_first: bool) -> bool:
        """A hit of the first's field (however named) counts as its sibling when it does an act the question asks and
        the first does not ("hòa giải không thành": the decision on the dispute), or any act the question asks, the
        first issue too, when the first is for a niche (the gift of land to the State yields to the registration of a
        gift to a child, not to any land procedure; a plot never certified to its first certificate)."""
        same_field = bool(self._fields[first]) and self._fields[other] == self._fields[first]
        if niche_first:
            first_asked = "first" in asked and self._named_first[other]
            return same_field and (bool(self._classes[other] & asked & ACTS) or first_asked)
        return same_field and bool((self._classes[other] - self._classes[first]) & asked & ACTS)

    def _asked_now(self, first: int, other: int, final: set[str]) -> bool:
        """A hit of any field counts as the first's sibling when it does an act the final request asks and the first
        does none of them ("đã đổi tên trong khai sinh, giờ đổi căn cước": the card's change, not the civil status)."""
        return bool((self._classes[other] - self._classes[first]) & final) and not self._classes[first] & final

    def ruled_out(self, folded_question: str, first: int, other: int) -> bool:
        """Whether the question's situation already chose the first procedure over the other (a class the question
        selects that the first has and the other lacks; or, when it names no level, the other is the first's twin
        at a farther level: a plain question means the nearest office), so that the other is no variant to ask
        about."""
        if self.sets_aside(folded_question, first, other):
            return True
        return not mentions_level(folded_question) and self._farther_twin(first, other)

    def sets_aside(self, folded_question: str, first: int, other: int) -> bool:
        """Whether the question selects a class (a state, an act, an audience) the first procedure has and the
        other lacks: "bị mất" sets aside the change of a card for its re-issue."""
        return bool((self._classes[first] - self._classes[other]) & question_classes(folded_question))

    def _twins(self, one: int, other: int) -> bool:
        """The same procedure (object and classes), perhaps at another level."""
        return (self._objects[one], self._classes[one]) == (self._objects[other], self._classes[other])

    def _farther_twin(self, first: int, other: int) -> bool:
        return self._twins(first, other) and self._levels[other] > self._levels[first]

    def _nearest_level(self, folded_question: str, group: list[int], chosen: int) -> int:
        """Position in group of the chosen procedure's twin (the same object and classes) at the lowest level, unless
        the question names a level; chosen when it is the lowest or has no twin."""
        if mentions_level(folded_question):
            return chosen
        twins = [k for k, i in enumerate(group) if self._twins(i, group[chosen])]
        return min(twins, key=lambda k: (self._levels[group[k]], k != chosen, k))

    @staticmethod
    def _score(classes: set[str], asked: set[str], all_classes: set[str]) -> int:
        """Classes (those setting the name apart) the question selects, less the niche audiences it does not name and,
        when it asks for an act the name (all its classes) does not do, the name's other acts ("Cấp lại, đổi … thẻ
        BHYT" does the change a worn card asks for, and the re-issue a lost one asks for)."""
        acts = ACTS | {"first"}
        penalised = NICHE | (acts if asked & acts and not all_classes & asked & acts else frozenset())
        return len(classes & asked) - len((classes - asked) & penalised)

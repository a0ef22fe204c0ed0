"""The sibling stage: among the best hits that are siblings of the first (one object, another act, state or
audience), the one the question's situation selects.

A citizen rarely says "cấp đổi" or "cấp lại"; the state of the thing tells which sibling is meant: a damaged or
worn card is changed ("cấp đổi", "đổi"), a lost or stolen one is re-issued ("cấp lại"), a vehicle no longer used
whose plate is handed back is deregistered ("thu hồi"), a business paused for a few months is "tạm ngừng" and one
closed for good "chấm dứt", a foreigner's licence is the foreign variant. A question that names no special
audience means the general procedure, not its variant for foreigners, the armed forces or a narrow force (a niche
first hit the question does not name yields to its best sibling for everyone), and the procedure at the office nearest
the citizen (the commune's twin of a province-level name) unless the question names a level. The tables are
accent-folded; a procedure's classes come from its name, a question's from its words. The stage only reorders the
best hits among themselves; it never adds a candidate.
"""

from __future__ import annotations

import re

from knowledge_base.model import Procedure
from knowledge_base.text import canonical, fold, words
from knowledge_base.variants import LEVEL_MARKER, level_rank, mentions_level

DEPTH = 15  # siblings of the first hit are looked for among this many best hits (the ranker's pool, RERANK)
NEIGHBOURS = 5  # the best hits of the first's field that count as its siblings whatever their names
OBJECT_OVERLAP = 0.75  # share of the shorter object's words two names must share to be siblings

# class -> words of a procedure's name that put it in the class
NAME_CLASSES = {
    "reissue": ("cap lai", "cap lai, doi"),  # "Cấp lại, đổi, điều chỉnh …" does both
    "renew_worn": (
        "cap doi",
        "doi giay",
        "doi the",
        "doi bang",
        "doi chung nhan",
        "doi so",
        "doi tien",
        "cap lai, doi",
    ),
    "pause": ("tam ngung", "tam dung"),
    "close": ("cham dut", "giai the", "thu hoi", "xoa dang ky", "huy dang ky", "xoa ten"),
    "first": ("lan dau", "cap moi", "thanh lap"),
    "transfer": ("sang ten", "thay doi chu", "chuyen nhuong", "tang cho", "thua ke"),
    "mediate": ("hoa giai",),
    "decide": ("giai quyet tranh chap",),
    "appraise": ("giam dinh",),
    "recognise": ("nhan cha, me, con", "nhan cha me con"),
    "adopt": ("con nuoi",),
    "correct": ("cai chinh",),
    "amend": ("sua doi",),
    # a vessel changing owner: re-registered where it is, or moved to another registration office
    "same_office": ("khong thay doi co quan",),
    "other_office": ("thay doi co quan", "co quan dang ky khac"),
    "in_use": ("dang khai thac", "dang hoat dong", "dang su dung"),
    "not_in_use": ("chua khai thac", "chua hoat dong", "chua su dung", "chua dua vao su dung"),
    "foreign": ("nuoc ngoai",),
    "abroad": ("o nuoc ngoai", "co quan dai dien"),
    "enterprise": ("doanh nghiep", "cong ty"),
    "household": ("ho kinh doanh",),
    "cooperative": ("hop tac xa",),
    # "quân đội" only as a phrase: "hải quan đối với" folds to "hai quan doi voi"
    "armed": ("cong an nhan dan", "quan doi nhan dan", "quan su", "quoc phong", "quan nhan", "vu trang", "bien phong"),
    "militia": ("luc luong xung kich", "dan quan"),
    "public": ("cho nha nuoc",),  # land given to the State or a community
    "project": ("trong du an bat dong san",),  # a flat or plot bought from a developer
    "counterfeit": ("tien gia",),
}
_COUNTRIES = (
    "nhat",
    "nhat ban",
    "han",
    "han quoc",
    "trung quoc",
    "dai loan",
    "my",
    "phap",
    "duc",
    "uc",
    "anh",
    "nga",
    "lao",
    "campuchia",
    "thai lan",
    "singapore",
)
# class -> words of a question that select it (the situation, not only the procedure's own word)
# a wrong entry on a paper: its exchange (a card) or its correction (a civil-status record)
_WRONG_ENTRY = ("ghi sai", "in sai", "bi sai", "sai ten", "sai ho ten", "sai ngay sinh")
QUESTION_CLASSES = {
    "reissue": (
        "cap lai",
        "bi mat",
        "lam mat",
        "danh mat",
        "danh roi",
        "lam roi",
        "bi trom",
        "bi cuop",
        "bi lay cap",
        "mat vi",
        "mat cap",
        "that lac",
        "khong tim thay",
        "khong tim duoc",
    ),
    "renew_worn": (
        "cap doi",
        "hu hong",
        "bi hong",
        "bi rach",
        "rach nat",
        "bi gay",
        "gay doi",
        "bi nut",
        "bi mo",
        "mo chu",
        "mo het",
        "bi mon",
        "bi uot",
        "nhau nat",
        "bi nhoe",
        "bong troc",
        "bi bong",
        "hong chip",
        "chip hong",
        "chip bi hong",
        "khong doc duoc",
        "cu nat",
        "doi the",
        "doi bang",
        "doi so",
        "doi can cuoc",
        *_WRONG_ENTRY,
        "sai thong tin",
        "loi chip",
        "chip loi",
        "chip bi loi",
        "khong quet duoc",
    ),
    "pause": ("tam ngung", "tam dung", "tam nghi", "nghi tam", "tam dong cua", "nghi mot thoi gian"),
    "close": (
        "cham dut",
        "giai the",
        "thu hoi",
        "dong han",
        "nghi han",
        "ngung han",
        "dep han",
        "khong kinh doanh nua",
        "khong buon ban nua",
        "khong ban nua",
        "khong dung nua",
        "khong su dung nua",
        "nop lai bien",
        "tra lai bien",
        "nop bien",
        "tra bien",
        "xoa dang ky",
        "huy dang ky",
    ),
    "in_use": ("dang khai thac", "dang hoat dong", "dang chay", "da chay", "chay may nam", "lau nay", "tu lau"),
    "not_in_use": ("chua khai thac", "chua hoat dong", "chua chay", "moi dong", "moi dong xong", "moi mua ve"),
    "transfer": (
        "sang ten",
        "chuyen nhuong",
        "tang cho",
        "cho dat",
        "cho con dat",
        "thua ke",
        "de lai dat",
        "de lai nha",
        "giay tay",
        "mua dat",
        "ban dat",
        "mua manh dat",
        "mua lai dat",
        "mua mieng dat",
    ),
    "mediate": ("hoa giai",),
    "appraise": ("giam dinh",),
    "adopt": ("con nuoi", "nhan nuoi"),  # "nhận con nuôi" is no recognition of one's child
    "recognise": (
        "nhan cha",
        "nhan con",
        "nhan bo",
        "chua cuoi",
        "chua ket hon",
        "chua dang ky ket hon",
        "khong dang ky ket hon",
        "khong ket hon",
    ),
    "correct": (
        "cai chinh",
        *_WRONG_ENTRY,
        "sai nam sinh",
        "sua ngay sinh",
        "sua nam sinh",
        "sua ten",
    ),
    "same_office": ("cung xa", "cung huyen", "cung tinh", "trong xa", "trong tinh", "hang xom", "cua hang xom"),
    "other_office": ("tinh khac", "xa khac", "huyen khac", "noi khac"),
    "amend": ("sua doi", "sua hop dong", "sua lai hop dong", "sua dieu khoan", "sua mot dieu khoan", "huy bo"),
    "first": ("lan dau", "chua tung", "chua co", "moi thanh lap", "cap moi", "dang ky moi", "thanh lap moi"),
    "foreign": (
        "nguoi nuoc ngoai",
        "nuoc ngoai",
        "khach tay",
        "nguoi tay",
        *(f"{before} {country}" for before in ("nguoi", "cua") for country in _COUNTRIES),
    ),
    "abroad": (
        "o nuoc ngoai",
        "viet kieu",
        "dinh cu",
        "dai su quan",
        "lanh su",
        *(f"{before} {country}" for before in ("o", "tai", "ben", "sang") for country in _COUNTRIES),
    ),
    "enterprise": ("cong ty", "doanh nghiep"),
    "household": ("ho kinh doanh", "ho ca the", "cua hang", "tiem", "quan an", "quan nuoc"),
    "cooperative": ("hop tac xa", "htx"),
    "armed": (
        "cong an nhan dan",
        "la cong an",
        "lam cong an",
        "nganh cong an",
        "quan doi nhan dan",
        "trong quan doi",
        "di quan doi",
        "bo doi",
        "quan nhan",
        "quan su",
        "quoc phong",
        "si quan",
        "chien si",
        "xuat ngu",
        "ra quan",
        "phuc vien",
        "bang quan doi",
        "lai xe quan doi",
        "xe quan doi",
    ),
    "militia": ("xung kich", "dan quan"),
    "public": ("nha nuoc", "cong dong", "mo rong duong", "lam duong"),
    "project": ("du an", "chung cu", "can ho", "chu dau tu"),
    "counterfeit": ("tien gia", "nghi gia"),
}
# audiences a plain question does not mean (the procedure for everyone is meant)
NICHE = frozenset({"armed", "militia", "public", "project", "dated", "counterfeit"})
AUDIENCES = frozenset({"foreign", "abroad", "armed", "militia", "enterprise", "household", "cooperative", *NICHE})
ACTS = frozenset(NAME_CLASSES) - AUDIENCES - {"first"}  # what a name does besides the first issue
# a few months or weeks in a story about stopping: a pause, not a closure
_SHORT_STOP = re.compile(r"(?<!\w)(?:\d+|mot|hai|ba|bon|nam|sau|vai|may|it) (?:thang|tuan)(?!\w)")
# the ages at which an identity card must be changed (25, 40, 60): a change, not a first issue
_CHANGE_AGE = re.compile(r"(?<!\w)(?:25|40|60) tuoi(?!\w)")
# a name for what happened before a date ("trước ngày 01 tháng 8 năm 2024"), a question naming a year or such a date
_NAME_DATE = re.compile(r"(?<!\w)truoc ngay \d+(?: thang |/)\d+(?: nam |/)\d{4}(?!\w)")
_DATE = re.compile(r"(?<!\w)(?:(?:19|20)\d\d|truoc ngay)(?!\w)")
# a mediation that failed: the decision on the dispute is asked, not the mediation
_FAILED_MEDIATION = re.compile(r"(?<!\w)hoa giai(?: \w+){0,8} (?:khong thanh|khong duoc|that bai|khong xong)(?!\w)")
# what the citizen asks now, after a story ("…, giờ muốn đổi căn cước"): its acts outweigh the story's
_FINAL_REQUEST = re.compile(r"(?<!\w)(?:bay gio|gio)(?!\w)")
_STOPPING = re.compile(r"(?<!\w)(?:nghi|ngung|dung|dong cua)(?!\w)")
_OBJECT_NOISE = frozenset(
    (
        "thu tuc cap dang ky cua doi voi cho va hoac thuc hien tai trong truong hop theo ve cac nguoi"
        " hoat dong thong bao viet nam"
    ).split()
)


def _matcher(table: dict[str, tuple[str, ...]]) -> tuple[re.Pattern, dict[str, set[str]]]:
    """One pattern for every phrase (longest first, so "tam ngung" is not also read as "ngung") and each phrase's
    classes."""
    classes: dict[str, set[str]] = {}
    for name, phrases in table.items():
        for phrase in phrases:
            classes.setdefault(phrase, set()).add(name)
    alternatives = "|".join(re.escape(p) for p in sorted(classes, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), classes


_NAME_MATCHER = _matcher(NAME_CLASSES)
_ACT_MATCHER, _ = _matcher({k: v for k, v in NAME_CLASSES.items() if k not in AUDIENCES})
_AUDIENCE_MATCHER, _ = _matcher({k: v for k, v in NAME_CLASSES.items() if k in AUDIENCES})
_QUESTION_MATCHER = _matcher(QUESTION_CLASSES)


def _found(folded: str, matcher: tuple[re.Pattern, dict[str, set[str]]]) -> set[str]:
    pattern, classes = matcher
    return set().union(*(classes[m.group(0)] for m in pattern.finditer(folded)))


def question_classes(folded_question: str) -> set[str]:
    """The classes a question's situation selects."""
    found = _found(folded_question, _QUESTION_MATCHER) | (
        {"renew_worn"} if _CHANGE_AGE.search(folded_question) else set()
    )
    found |= {"dated"} if _DATE.search(folded_question) else set()
    if _FAILED_MEDIATION.search(folded_question):
        found = (found - {"mediate"}) | {"decide"}
    if _SHORT_STOP.search(folded_question) and ("close" in found or _STOPPING.search(folded_question)):
        found = (found - {"close"}) | {"pause"}
    return found


def final_acts(folded_question: str) -> set[str]:
    """The acts the clause after the story's last "giờ" asks (none without such a clause)."""
    marks = list(_FINAL_REQUEST.finditer(folded_question))
    return question_classes(folded_question[marks[-1].end() :]) & ACTS if marks else set()


def name_classes(folded_name: str) -> set[str]:
    """The classes a procedure's name puts it in (the first issue when it names no other act)."""
    found = _found(folded_name, _NAME_MATCHER) | ({"dated"} if _NAME_DATE.search(folded_name) else set())
    return found if found & ACTS else found | {"first"}


def object_words(folded_name: str) -> frozenset[str]:
    """What a name is about without its act, level and filler words, and without its audience unless the audience
    is all it names ("Chấm dứt hoạt động hộ kinh doanh")."""
    bare = _ACT_MATCHER.sub(" ", LEVEL_MARKER.sub(" ", folded_name))
    content = [w for w in words(bare) if w not in _OBJECT_NOISE and len(w) > 1]
    return frozenset(words(_AUDIENCE_MATCHER.sub(" ", " ".join(content))) or content)


def siblings(left: frozenset[str], right: frozenset[str]) -> bool:
    """Two objects are one thing when most words of the shorter are in the longer."""
    shorter = min(len(left), len(right))
    return shorter > 0 and len(left & right) / shorter >= OBJECT_OVERLAP


class SiblingStage:
    """Per procedure, its classes, object and level, computed once at load."""

    def __init__(self, procedures: list[Procedure]):
        folded = [fold(p.name) for p in procedures]
        self._classes = [name_classes(name) for name in folded]
        self._objects = [object_words(name) for name in folded]
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
            or (k < NEIGHBOURS and self._asked_now(ranked[0], i, final))
        ]
        if len(group) < 2:
            return 0
        own = [self._classes[ranked[k]] for k in group]
        distinct = set().union(*own) - set.intersection(*own)
        scores = [self._score(classes & distinct, asked) for classes in own]
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
        the first does not ("hòa giải không thành": the decision on the dispute), or any act the question asks when
        the first is for a niche (the gift of land to the State yields to the registration of a gift to a child, not
        to any land procedure)."""
        same_field = bool(self._fields[first]) and self._fields[other] == self._fields[first]
        acts = self._classes[other] - (frozenset() if niche_first else self._classes[first])
        return same_field and bool(acts & asked & ACTS)

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
    def _score(classes: set[str], asked: set[str]) -> int:
        """Classes the question selects, less the niche audiences it does not name and, when it asks for an act the
        name does not do, the name's other acts ("Cấp lại, đổi … thẻ BHYT" does the change a worn card asks for)."""
        acts = ACTS | {"first"}
        penalised = NICHE | (acts if asked & acts and not classes & asked & acts else frozenset())
        return len(classes & asked) - len((classes - asked) & penalised)

"""What a question told as a story asks to do, against what each candidate procedure's name does.

Siblings of one act differ by their action (first issue, re-issue, change, extension, stopping) and by who files
them (an enterprise, a household, a cooperative, an individual). A citizen rarely uses the name's word ("cấp lại")
but tells the situation that selects it ("bị mất giấy", "sắp hết hạn", "không kinh doanh nữa"). Each class below
has the phrases a name uses and those a story uses (accent-folded); the ranker gets, per candidate, how many of
the classes that tell the best candidates apart the question and the name share, the name has unasked, or the
question asks and the name lacks.
"""

from __future__ import annotations

import re

import numpy as np

# class -> (phrases of a procedure's name, phrases of a citizen's question), accent-folded
ACTIONS = {
    "reissue": (
        ("cap lai", "cap ban sao", "cap trich luc"),
        (
            "cap lai",
            "bi mat",
            "lam mat",
            "danh mat",
            "mat giay",
            "mat so",
            "mat the",
            "bi hong",
            "bi rach",
            "lam lai",
            "xin lai",
            "that lac",
            "bi chay",
            "bi uot",
            "nhau nat",
            "ban sao",
            "trich luc",
        ),
    ),
    "change": (
        (
            "thay doi",
            "dieu chinh",
            "sua doi",
            "bo sung",
            "cap doi",
            "chuyen doi",
            "chuyen nhuong",
            "dinh chinh",
            "cai chinh",
        ),
        (
            "thay doi",
            "dieu chinh",
            "sua",
            "bo sung",
            "doi ten",
            "doi dia chi",
            "doi dia diem",
            "chuyen",
            "them",
            "bot",
            "doi sang",
            "doi lai",
            "cai chinh",
            "sai ten",
            "ghi sai",
            "nham",
            "thay",
        ),
    ),
    "extend": (("gia han",), ("gia han", "het han", "sap het han", "keo dai", "het thoi han", "qua han")),
    "stop": (
        (
            "thu hoi",
            "huy",
            "cham dut",
            "xoa",
            "giai the",
            "tam ngung",
            "ngung",
            "dinh chi",
            "rut",
            "thoi",
            "tu bo",
            "tra lai",
        ),
        (
            "huy",
            "thoi",
            "ngung",
            "dung",
            "giai the",
            "xoa",
            "cham dut",
            "khong lam nua",
            "khong kinh doanh nua",
            "dong cua",
            "nghi kinh doanh",
            "tra lai",
            "rut",
            "bo",
            "ban het",
            "thanh ly",
            "tu bo",
            "khong con",
        ),
    ),
    "first": (
        (),
        (
            "lan dau",
            "chua co",
            "moi thanh lap",
            "moi mo",
            "cap moi",
            "lam moi",
            "bat dau",
            "moi xay",
            "chua tung",
            "dang ky moi",
            "thanh lap",
        ),
    ),
}
FIRST_ISSUE = "first"  # a name with no other action is the first issue
AUDIENCES = {
    "enterprise": (
        ("doanh nghiep", "cong ty", "to chuc"),
        ("cong ty", "doanh nghiep", "chi nhanh", "nha may", "tnhh", "co phan", "to chuc"),
    ),
    "household": (
        ("ho kinh doanh", "ho gia dinh"),
        ("ho kinh doanh", "ho gia dinh", "quan an", "tiem", "cua hang", "sap", "nha toi", "gia dinh toi"),
    ),
    "cooperative": (("hop tac xa",), ("hop tac xa", "htx")),
    "individual": (("ca nhan", "cong dan"), ("ca nhan", "ban than toi", "rieng toi")),
}
STORY_FEATURES = ("story_class_match", "story_class_unasked", "story_class_missing")


def _pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_CLASSES = {**ACTIONS, **AUDIENCES}
_IN_NAME = {name: _pattern(phrases[0]) for name, phrases in _CLASSES.items()}
_IN_QUESTION = {name: _pattern(phrases[1]) for name, phrases in _CLASSES.items()}


def _found(folded_text: str, patterns: dict[str, re.Pattern | None]) -> set[str]:
    return {name for name, pattern in patterns.items() if pattern is not None and pattern.search(folded_text)}


def asked(folded_question: str) -> set[str]:
    """The classes a question's words select."""
    return _found(folded_question, _IN_QUESTION)


def name_classes(folded_name: str) -> set[str]:
    """The classes a procedure's name belongs to (first issue when it names no other action)."""
    found = _found(folded_name, _IN_NAME)
    return found if found & set(ACTIONS) else found | {FIRST_ISSUE}


def story_features(question_classes: set[str], names: list[set[str]], pool: list[int]) -> np.ndarray:
    """(candidates, len(STORY_FEATURES)): per candidate, the classes telling the pool's names apart that it shares
    with the question, that it has and the question does not ask (first issue aside), and that the question asks
    and it lacks. names: each candidate's name classes; pool: the best candidates' positions."""
    in_pool = set().union(*(names[k] for k in pool)) if pool else set()
    distinct = {c for c in in_pool if any(c not in names[k] for k in pool)}
    rows = [
        (
            len(own & question_classes & distinct),
            len((own - question_classes - {FIRST_ISSUE}) & distinct),
            len((question_classes - own) & distinct),
        )
        for own in names
    ]
    return np.array(rows, dtype=np.float32).reshape(len(names), len(STORY_FEATURES))

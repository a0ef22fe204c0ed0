"""The situation classes of the sibling stage (knowledge_base/siblings.py): the act, state or audience a procedure's
name puts it in, and the ones a question's words select ("bị mất" a re-issue, "rách" a change, "tạm nghỉ vài tháng" a
pause, a "giờ …" clause after a story the acts asked now). The tables are accent-folded.
"""

from __future__ import annotations

import re

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
    "report": ("trinh bao",),  # a lost paper reported, not re-issued
    "restore": ("khoi phuc",),
    "supervise": ("giam sat",),  # the supervision of a guardianship, not the guardianship
    "convalesce": ("dsphsk", "duong suc"),  # the convalescence leave after a sickness or a birth, not the benefit
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
    "first": (
        "lan dau",
        "chua tung",
        "chua co",
        "chua bao gio",
        "chua duoc cap",
        "moi thanh lap",
        "cap moi",
        "dang ky moi",
        "thanh lap moi",
    ),
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
        "cand",
        "than nhan cong an",
        "gia dinh cong an",
        "nguoi nha cong an",
        "can bo cong an",
        "chien si cong an",
    ),
    "militia": ("xung kich", "dan quan"),
    "public": ("nha nuoc", "cong dong", "mo rong duong", "lam duong"),
    "project": ("du an", "chung cu", "can ho", "chu dau tu"),
    "counterfeit": ("tien gia", "nghi gia"),
    "report": ("trinh bao", "bao mat", "khai bao mat"),
    "restore": ("khoi phuc", "mo lai", "kich hoat lai"),
    "supervise": ("giam sat",),
    "convalesce": ("duong suc", "phuc hoi suc khoe"),
}
# audiences a plain question does not mean (the procedure for everyone is meant)
NICHE = frozenset({"armed", "militia", "public", "project", "dated", "counterfeit", "supervise"})
AUDIENCES = frozenset({"foreign", "abroad", "armed", "militia", "enterprise", "household", "cooperative", *NICHE})
ACTS = frozenset(NAME_CLASSES) - AUDIENCES - {"first"}  # what a name does besides the first issue
# a few months or weeks in a story about stopping: a pause, not a closure
_SHORT_STOP = re.compile(r"(?<!\w)(?:\d+|mot|hai|ba|bon|nam|sau|vai|may|it) (?:thang|tuan)(?!\w)")
# the ages at which an identity card must be changed (25, 40, 60): a change, not a first issue
_CHANGE_AGE = re.compile(r"(?<!\w)(?:25|40|60) tuoi(?!\w)")
# a name for what happened before a date ("trước ngày 01 tháng 8 năm 2024"), a question naming a year or such a date
# in a story of a transfer (a year alone dates the story: "ở từ năm 1990 mà chưa bao giờ được cấp" is no dated transfer)
_NAME_DATE = re.compile(r"(?<!\w)truoc ngay \d+(?: thang |/)\d+(?: nam |/)\d{4}(?!\w)")
_DATE = re.compile(r"(?<!\w)(?:(?:19|20)\d\d|truoc ngay)(?!\w)")
# a mediation that failed: the decision on the dispute is asked, not the mediation
_FAILED_MEDIATION = re.compile(r"(?<!\w)hoa giai(?: \w+){0,8} (?:khong thanh|khong duoc|that bai|khong xong)(?!\w)")
# what the citizen asks now, after a story ("…, giờ muốn đổi căn cước"): its acts outweigh the story's
_FINAL_REQUEST = re.compile(r"(?<!\w)(?:bay gio|gio)(?!\w)")
# a paper made again ("làm lại", "xin lại") after a story of a changed entry: its change, not a re-issue of a lost one
_REDO = re.compile(r"(?<!\w)(?:lam|xin|doi) lai(?!\w)")
_CHANGED_ENTRY = re.compile(
    r"(?<!\w)(?:doi ten|doi ho ten|thay doi ten|sua ten|cai chinh|doi ngay sinh|doi gioi tinh)(?!\w)"
)
# "xác nhận" is a certificate asked for, never a recognition: "xác nhận còn độc thân" is no "nhận con"
_CERTIFY = re.compile(r"(?<!\w)xac nhan(?!\w)")
_STOPPING = re.compile(r"(?<!\w)(?:nghi|ngung|dung|dong cua)(?!\w)")


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
_ACT_MATCHER = _matcher({k: v for k, v in NAME_CLASSES.items() if k not in AUDIENCES})
_AUDIENCE_MATCHER = _matcher({k: v for k, v in NAME_CLASSES.items() if k in AUDIENCES})
_QUESTION_MATCHER = _matcher(QUESTION_CLASSES)


def _found(folded: str, matcher: tuple[re.Pattern, dict[str, set[str]]]) -> set[str]:
    pattern, classes = matcher
    return set().union(*(classes[m.group(0)] for m in pattern.finditer(folded)))


def question_classes(folded_question: str) -> set[str]:
    """The classes a question's situation selects."""
    folded_question = _CERTIFY.sub(" ", folded_question)
    found = _found(folded_question, _QUESTION_MATCHER) | (
        {"renew_worn"} if _CHANGE_AGE.search(folded_question) else set()
    )
    found |= {"dated"} if _DATE.search(folded_question) and "transfer" in found else set()
    if _FAILED_MEDIATION.search(folded_question):
        found = (found - {"mediate"}) | {"decide"}
    if _SHORT_STOP.search(folded_question) and ("close" in found or _STOPPING.search(folded_question)):
        found = (found - {"close"}) | {"pause"}
    if "report" in found:  # a loss reported: the report is asked, not yet the paper's re-issue
        found -= {"reissue"}
    return found


def final_acts(folded_question: str) -> set[str]:
    """The acts the clause after the story's last "giờ" asks (none without such a clause)."""
    marks = list(_FINAL_REQUEST.finditer(folded_question))
    if not marks:
        return set()
    story, request = folded_question[: marks[-1].start()], folded_question[marks[-1].end() :]
    acts = question_classes(request) & ACTS
    if not acts and _REDO.search(request) and _CHANGED_ENTRY.search(story):
        return {"renew_worn"}  # "đã đổi tên trong khai sinh, giờ làm lại căn cước": the card's change
    return acts


def names_first_issue(folded_name: str) -> bool:
    """Whether the name says it is a first issue ("lần đầu", "cấp mới"), not only names no other act."""
    return "first" in _found(folded_name, _NAME_MATCHER)


def name_classes(folded_name: str) -> set[str]:
    """The classes a procedure's name puts it in (the first issue when it names no other act)."""
    found = _found(folded_name, _NAME_MATCHER) | ({"dated"} if _NAME_DATE.search(folded_name) else set())
    return found if found & ACTS else found | {"first"}


def without_acts(folded_name: str) -> str:
    """The name with its act words blanked out."""
    return _ACT_MATCHER[0].sub(" ", folded_name)


def without_audiences(text: str) -> str:
    """The text with its audience words blanked out."""
    return _AUDIENCE_MATCHER[0].sub(" ", text)

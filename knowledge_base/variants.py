"""Near-identical procedure variants and the 'common citizen case' prior.

The catalog lists many procedures in several variants: per level ("(thực hiện tại cấp tỉnh)"),
for special cases ("có yếu tố nước ngoài", "lưu động", "đăng ký lại"…). A citizen who asks about
"khai sinh" means the plain one; one who asks about "khai sinh có yếu tố nước ngoài" means that one.
A qualifier only makes a procedure a special case when a sibling (nearly the same name) lacks it; the
age ranges in names ("dưới 14 tuổi") are matched against an age in the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from knowledge_base.model import Procedure
from knowledge_base.text import fold, words
from knowledge_base.whole_words import contains

# Phrases that make a procedure a special case of a more common one (accent-folded).
QUALIFIERS = (
    "co yeu to nuoc ngoai",
    "khu vuc bien gioi",
    "luu dong",
    "dang ky lai",
    "ket hop",
    "cho nguoi da co ho so, giay to ca nhan",
    "nguoi nuoc ngoai",
    "o nuoc ngoai",
    "nuoc ngoai",
    "co quan dai dien",
    "cap lai",
    "cap doi",
    "gia han",
    "thu hoi",
    "dieu chinh",
    "xoa",
    "huy",
    "tam ngung",
    "cham dut",
    "bo sung",
    "ghi vao so ho tich",
    "lien thong",
    "quan su",
    "cong an nhan dan",
    "quoc te",
    "tam thoi",
    "nhap khau",
    "doanh nghiep",
    "to chuc",
    "hop tac xa",
    "thay doi",
    "toan trinh",
    "dung thuc hien",
    "rut",
    "chuyen doi",
    "cong nhan",
    "cap dac biet",
    "tiep tuc",
)
# Words by which a question says a foreigner or another country is involved. One-syllable country
# names only after "người"/"nước": alone they are other words ("tư pháp", "lao động", "Mỹ phẩm").
_SHORT_COUNTRIES = ("my", "uc", "phap", "lao", "nhat", "han", "duc", "nga", "thai", "trung")
FOREIGN_WORDS = (
    "viet kieu",
    "ngoai quoc",
    "nguoi tay",
    "chong tay",
    "vo tay",
    "khach tay",
    "han quoc",
    "trung quoc",
    "dai loan",
    "nhat ban",
    "campuchia",
    "thai lan",
    "hoa ky",
    "anh quoc",
    "singapore",
    "malaysia",
    "canada",
    "chau au",
    *(f"{prefix} {country}" for country in _SHORT_COUNTRIES for prefix in ("nguoi", "nuoc")),
)
# Other words by which a question asks for a qualifier.
QUALIFIER_SYNONYMS = {
    "toan trinh": ("online", "truc tuyen", "vneid", "qua mang"),
    "nuoc ngoai": FOREIGN_WORDS,
    "co yeu to nuoc ngoai": (*FOREIGN_WORDS, "nguoi nuoc ngoai"),
    "cap lai": ("lam lai", "bi mat", "xin lai"),
    "cap doi": ("het han", "doi lai", "doi the", "doi sang"),
    "thay doi": ("doi ten", "doi dia chi", "them nganh", "chuyen tru so"),
}
# Words by which a question says who is asking: a business, or a person or household (accent-folded).
ENTERPRISE_WORDS = (
    "cong ty",
    "doanh nghiep",
    "hop tac xa",
    "htx",
    "chi nhanh",
    "nha may",
    "xuong",
    "co so san xuat",
    "ngan hang",
    "to chuc tin dung",
)
INDIVIDUAL_WORDS = (
    "nha toi",
    "nha minh",
    "gia dinh toi",
    "gia dinh minh",
    "ho gia dinh",
    "ca nhan",
    "con toi",
    "vo toi",
    "chong toi",
    "bo toi",
    "me toi",
    "ong toi",
    "ba toi",
    "ban than toi",
)
LEVEL_MARKER = re.compile(
    r"\(?\s*(?:thuc hien )?(?:tai |o )?cap (?:xa|huyen|tinh|trung uong|bo)(?:, cap (?:xa|tinh))?\s*\)?"
)
_LEVEL_RANK = {"Cấp xã": 0, "Cấp tỉnh": 1, "Cơ quan khác": 1, "Cấp bộ": 2}
_LEVEL_WORDS = re.compile(r"\b(?:cap )?(xa|phuong|tinh|thanh pho|trung uong|bo)\b")


def _has(folded_text: str, phrase: str) -> bool:
    return contains(folded_text, phrase)


def qualifiers_in(folded_text: str) -> set[str]:
    found = {q for q in QUALIFIERS if _has(folded_text, q)}
    # "nuoc ngoai" inside a longer qualifier is not a separate one
    if found & {"co yeu to nuoc ngoai", "nguoi nuoc ngoai", "o nuoc ngoai"}:
        found.discard("nuoc ngoai")
    return found


_FOREIGN = {"co yeu to nuoc ngoai", "nguoi nuoc ngoai", "o nuoc ngoai", "nuoc ngoai"}
_INDIVIDUALS = re.compile(r"\b(?:ho gia dinh|ca nhan|cong dan viet nam)\b")


def name_qualifiers(procedure: Procedure) -> set[str]:
    """The special-case qualifiers of a procedure's name. A name that lists its audiences
    ("… đối với hộ gia đình, cá nhân, …, người gốc Việt Nam định cư ở nước ngoài") is the citizens'
    variant, not a variant for foreigners."""
    folded = fold(procedure.name)
    found = qualifiers_in(folded)
    if _INDIVIDUALS.search(folded):
        found -= _FOREIGN
    return found


@dataclass(frozen=True)
class SiblingQualifiers:
    """Per procedure, the qualifiers that set its name apart from a sibling's (it is the special
    case) and the qualifiers a sibling's name has that its own lacks (it is the plain case)."""

    special: list[set[str]]
    plain: list[set[str]]


def sibling_qualifiers(procedures: list[Procedure], similarity: float) -> SiblingQualifiers:
    """Siblings are procedures whose base names are nearly the same (Jaccard >= similarity). A
    qualifier that no sibling lacks is what the procedure is about, not a special case of it
    ("tạm ngừng kinh doanh … của hộ kinh doanh" has no plain variant to prefer)."""
    qualifiers = [name_qualifiers(p) for p in procedures]
    bases = [set(base_name(p).split()) for p in procedures]
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, base in enumerate(bases):
        for word in base:
            rows.append(row)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(bases), len(vocabulary))
    )
    qualified = np.array([index for index, own in enumerate(qualifiers) if own], dtype=np.int64)
    shared = (matrix[qualified] @ matrix.T).tocoo()  # only procedures with qualifiers need siblings
    sizes = np.array([len(base) for base in bases], dtype=np.float32)
    left = qualified[shared.row]
    jaccard = shared.data / np.maximum(sizes[left] + sizes[shared.col] - shared.data, 1)
    special: list[set[str]] = [set() for _ in procedures]
    plain: list[set[str]] = [set() for _ in procedures]
    for index, other in zip(left[jaccard >= similarity], shared.col[jaccard >= similarity]):
        for qualifier in qualifiers[index] - qualifiers[other]:
            special[index].add(qualifier)
            plain[other].add(qualifier)
    return SiblingQualifiers(special, plain)


def qualifiers_asked(folded_question: str) -> set[str]:
    """The qualifiers a question asks for, in the catalog's words or in its own."""
    asked = qualifiers_in(folded_question)
    for qualifier, synonyms in QUALIFIER_SYNONYMS.items():
        if any(_has(folded_question, s) for s in synonyms):
            asked.add(qualifier)
    return asked


_AGE_ASKED = re.compile(r"\b(\d{1,3}) ?(thang )?tuoi\b")
_AGE_UNDER = re.compile(r"\bduoi (\d{1,3}) tuoi\b")
_AGE_FROM = re.compile(r"\btu du (\d{1,3}) tuoi\b")
_AGE_BOUND_BEFORE = re.compile(r"\b(?:duoi|du|tren|qua)\s*$")  # "dưới 14 tuổi": a bound, not an age


def age_range(procedure: Procedure) -> tuple[float, float]:
    """The ages [from, under) a procedure's name is for ("dưới 14 tuổi", "từ đủ 14 tuổi trở lên")."""
    folded = fold(procedure.name)
    under, from_ = _AGE_UNDER.search(folded), _AGE_FROM.search(folded)
    return (float(from_.group(1)) if from_ else 0.0, float(under.group(1)) if under else np.inf)


def age_asked(folded_question: str) -> float | None:
    """The age in years a question mentions ("bé 5 tuổi"; "3 tháng tuổi" is 0), if any."""
    found = _AGE_ASKED.search(folded_question)
    if not found:
        return None
    return 0.0 if found.group(2) else float(found.group(1))


def leaves_out_age(folded_text: str, age: float) -> bool:
    """Whether ``folded_text`` states ages ("dưới 06 tuổi", "từ đủ 14 tuổi") and every one of them leaves out
    ``age`` (a child of 10 is not "dưới 06 tuổi"); False when it states none."""
    bounds = [age >= float(n) for n in _AGE_UNDER.findall(folded_text)]
    bounds += [age < float(n) for n in _AGE_FROM.findall(folded_text)]
    return bool(bounds) and all(bounds)


def own_age(folded_question: str) -> float | None:
    """The citizen's (or their child's) age a question states ("con 10 tuổi"), not a bound it asks about ("dưới 14
    tuổi", "đủ 14 tuổi chưa"): None when it states none."""
    found = _AGE_ASKED.search(folded_question)
    if not found or _AGE_BOUND_BEFORE.search(folded_question[: found.start()]):
        return None
    return age_asked(folded_question)


def base_name(procedure: Procedure) -> str:
    """The name without 'Thủ tục', level markers and special-case qualifiers."""
    name = fold(procedure.name)
    name = re.sub(r"^thu tuc\s+", "", name)
    name = LEVEL_MARKER.sub(" ", name)
    for qualifier in qualifiers_in(name):
        name = re.sub(rf"(?<!\w){re.escape(qualifier)}(?!\w)", " ", name)
    return " ".join(words(name))


def level_rank(procedure: Procedure) -> int:
    """0 when a commune (cấp xã) office handles it: the office nearest to the citizen."""
    marked = LEVEL_MARKER.search(fold(procedure.name))
    if marked:
        text = marked.group(0)
        return 0 if "xa" in text or "huyen" in text else 1 if "tinh" in text else 2
    return min((_LEVEL_RANK.get(level, 1) for level in procedure.levels), default=1)


def for_business(procedure: Procedure) -> bool:
    return any("doanh nghiệp" in a.lower() or "hợp tác xã" in a.lower() for a in procedure.audiences)


def asker(folded_question: str) -> str | None:
    """ "business" or "person" when the question says who asks (and not both), else None."""
    business = any(_has(folded_question, w) for w in ENTERPRISE_WORDS)
    person = any(_has(folded_question, w) for w in INDIVIDUAL_WORDS)
    return None if business == person else "business" if business else "person"


def mentions_level(folded_question: str) -> bool:
    return bool(_LEVEL_WORDS.search(folded_question))


def name_similarity(a: Procedure, b: Procedure) -> float:
    """Jaccard similarity of the two names' folded words."""
    left, right = set(words(fold(a.name))), set(words(fold(b.name)))
    return len(left & right) / max(len(left | right), 1)

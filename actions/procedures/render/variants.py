"""Close variants of a procedure (cấp xã / tỉnh / trung ương …): ask which one only when the asked fact differs.

``variant_note`` returns None when the citizen must choose (the answer depends on the variant), else the line
noted under the answer: the fact is the same for every variant, and what does differ between them. A condition
(a deadline, who may go, a step: render.conditions) is compared by the record sentences answering the question in
each variant: sentences stating the same numbers in mostly the same words (SAME_WORDS: "cấp đổi thẻ" against "cấp,
cấp đổi, cấp lại thẻ") answer at once; none in any variant too, with no line (the honest "not stated" answer, never a
claim that the variants agree); sentences with other numbers ("từ đủ 06 tuổi đến dưới 14 tuổi") or in one variant
only ask. Places that
differ but belong to one authority (the police at the commune or the province, by form or online) are not asked:
the line names the other variants' places ("Cũng có thể nộp tại: Phòng Quản lý xuất nhập cảnh Công an tỉnh …").
"""

from __future__ import annotations

import re
from typing import FrozenSet, Optional, Sequence, Tuple

from actions.clients import knowledge_base as kb_client
from actions.procedures.render.common import fit
from actions.procedures.render.place import agency_body, place_text
from actions.procedures.texts import clean
from nlu.vietnamese_text import fold

# The actions' aspects -> knowledge_base.variant_facts' aspects (the overview is not compared).
COMPARED = {
    "fee": "fee",
    "time": "time",
    "where": "place",
    "online": "online",
    "documents": "documents",
    "legal": "legal",
}
ASPECT_WORDS = {
    "fee": "lệ phí",
    "time": "thời hạn",
    "place": "nơi nộp",
    "online": "cách nộp trực tuyến",
    "documents": "giấy tờ",
    "legal": "luật làm căn cứ",
}
CONDITIONS = "conditions"  # compared by the sentences answering the question (knowledge_base.sentences)
SAME_CONDITION = "Điều này"  # what is the same, for a condition
OTHER_PLACES = "Cũng có thể nộp tại: "
PLACE_LIMIT = 110  # characters of one other variant's place
LABEL_LIMIT = 60  # characters of what tells a variant apart ("bằng Phiếu khai báo tạm trú")
_DEPARTMENT = re.compile(r"^(?:Phòng|Cục)\b", re.IGNORECASE)  # an address naming the body more precisely
SAME_WORDS = 0.6  # share of their words (Jaccard) two variants' answering sentences hold in common to say the same
_STEP_NUMBER = re.compile(r"^buoc \d+\s*:\s*")  # folded "Bước 3: …": the same step numbered otherwise
_LEVEL_ONLY = re.compile(r"\(?\s*(?:thực hiện\s+)?(?:tại\s+)?cấp\s+(?:xã|huyện|tỉnh|trung ương|bộ)\s*\)?", re.I)


def variant_note(variants: Sequence, aspect: str, question: str = "") -> Optional[str]:
    """None: ask which variant applies; else the line to note under the answer about the first variant.
    ``question``: the citizen's words, which a condition is compared by (without them a condition asks)."""
    procedures = [getattr(v, "procedure", v) for v in variants]
    if len(procedures) < 2 or (aspect not in COMPARED and not (aspect == CONDITIONS and question.strip())):
        return None
    differing = kb_client.differing_aspects(procedures)
    if aspect == CONDITIONS:
        answers = [_answer_words(p, question) for p in procedures]
        if not all(_says_the_same(answers[0], other) for other in answers[1:]):
            return None
        if not answers[0][0]:
            return ""
        same = SAME_CONDITION
    elif COMPARED[aspect] in differing:
        if aspect == "where" and kb_client.shared_authority(procedures):
            return _other_places(procedures)
        return None
    else:
        same = f"{ASPECT_WORDS[COMPARED[aspect]][:1].upper()}{ASPECT_WORDS[COMPARED[aspect]][1:]}"
    line = f"{same} như nhau ở cả {len(procedures)} trường hợp của thủ tục này"
    if differing:
        line += "; khác nhau ở: " + ", ".join(ASPECT_WORDS[d] for d in differing)
    return line + "."


def _answer_words(procedure, question: str) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """The words and the numbers of the sentences ``procedure``'s record answers ``question`` with (folded, a step's
    number aside); both empty when the record does not say."""
    sentences = kb_client.answering_sentences(procedure, question)
    text = " ".join(_STEP_NUMBER.sub("", fold(clean(s.text))) for s in sentences)
    found = re.findall(r"\w+", text)
    return frozenset(w for w in found if not w.isdigit()), frozenset(str(int(w)) for w in found if w.isdigit())


def _says_the_same(one: Tuple[FrozenSet[str], FrozenSet[str]], other: Tuple[FrozenSet[str], FrozenSet[str]]) -> bool:
    """Both say nothing, or state the same numbers in mostly the same words (SAME_WORDS)."""
    (words, numbers), (other_words, other_numbers) = one, other
    if not words or not other_words:
        return not words and not other_words
    return numbers == other_numbers and len(words & other_words) >= SAME_WORDS * len(words | other_words)


def _other_places(procedures: Sequence) -> str:
    """ "Cũng có thể nộp tại: Công an huyện, hoặc Phòng Quản lý xuất nhập cảnh Công an tỉnh (thực hiện tại cấp tỉnh)."
    — each other variant's place (its address when that names the body more precisely), with what tells it apart."""
    first = fold(_place(procedures[0]))
    names = [_LEVEL_ONLY.sub(" ", clean(p.name)) for p in procedures]
    places = []
    for procedure, name in zip(procedures[1:], names[1:]):
        place = _place(procedure)
        if fold(place) == first:
            continue
        label = _distinct(name, names)
        places.append(f"{fit(place, PLACE_LIMIT).rstrip('.')}" + (f" ({label})" if label else ""))
    return OTHER_PLACES + ", hoặc ".join(dict.fromkeys(places)) + "." if places else ""


def _place(procedure) -> str:
    """The variant's place; its address instead when it names the department ("Phòng Quản lý xuất nhập cảnh Công an
    tỉnh, thành phố trực thuộc Trung ương" under "Công an cấp tỉnh")."""
    address, body = clean(procedure.address).rstrip(" ."), agency_body(procedure)
    if len(address) <= PLACE_LIMIT and _DEPARTMENT.match(address) and not _DEPARTMENT.match(body):
        return address
    return body or place_text(procedure)


def _distinct(name: str, names: Sequence[str]) -> str:
    """What the variant's name (without a bare level: the place says it) says that the others' do not, after their
    common opening: "bằng Phiếu khai báo tạm trú"; "" when nothing is left."""
    words = [n.split() for n in names]
    common = 0
    while all(len(w) > common and w[common] == words[0][common] for w in words):
        common += 1
    rest = " ".join(name.split()[common:]).strip(" ()")
    return rest if len(rest) <= LABEL_LIMIT else ""

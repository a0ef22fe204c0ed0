"""A yes/no question about one paper ("có cần giấy khám sức khỏe không", "hồ sơ có phải có bản vẽ không", "phải
nộp sổ hộ khẩu không"): the paper it asks about, and whether the question is one for the document list.

A clerk hears "có cần <paper> không" as a question about the dossier, whatever else the message holds: the aspect
reader may read it as the overview, a place ("nộp") or a condition. ``asked_paper`` finds the paper's words: after a
verb of needing or handing over ("cần", "phải", "bắt buộc", "nộp", "mang", "kèm", "xuất trình", "có"), a noun a
paper's name starts with ("giấy", "sổ", "bản", "đơn", "hợp đồng", "căn cước"…), up to the closing "không"/"chưa" of a
yes/no question. Words that are also ordinary words without their marks ("bạn"/"bản", "số"/"sổ", "thế"/"thẻ") count
as a paper only before a word that completes a paper's name ("bản vẽ", "sổ hộ khẩu", "thẻ bảo hiểm"). A question
with "gì"/"nào" asks for the list, not about one paper (render.paper_answer answers it).
"""

from __future__ import annotations

import re
from typing import List, Tuple

from actions.clients import knowledge_base as kb_client
from actions.procedures.render.question_match import is_question
from nlu.vietnamese_text import canonical, fold, has_vietnamese_diacritics

MAX_PAPER_WORDS = 10  # words of the asked paper at most
_NEED = frozenset("can phai bat buoc yeu cau nop mang kem theo xuat trinh co them ca chuan bi".split())
_YES_NO = frozenset({"khong", "chua"})
_PARTICLES = frozenset("a ak ah vay nhi nhe ha z the ta anh chi em ban oi ad".split())  # after the closing "không"
_TRAILING = frozenset("nua luon theo kem di vao cung".split())  # words that end the asked words, not the paper
_OPEN = frozenset({"gi", "j", "nao", "nhung"})  # an open question: the list, not one paper
_HEADS = (  # folded words a paper's name starts with (one or two words)
    "giay",
    "don",
    "to khai",
    "hop dong",
    "hd",
    "van ban",
    "xac nhan",
    "trich luc",
    "trich do",
    "bien ban",
    "bien lai",
    "quyet dinh",
    "hoa don",
    "chung tu",
    "chung minh",
    "chung chi",
    "chung nhan",
    "can cuoc",
    "ho chieu",
    "ca vet",
    "cavet",
    "phieu",
    "hinh",
)
# a folded word that is a paper only before one of these words (without marks "ban" is also "bạn", "so" "số")
_BEFORE = {
    "ban": frozenset("ve sao chinh khai do dich cam tu trich thuyet ke an".split()),
    "so": frozenset("ho do hong bao tiet dang tam".split()),
    "the": frozenset("can bao bhyt tam ngan atm sinh".split()),
    "bang": frozenset("lai tot cap diem".split()),
    "anh": frozenset("the chan chup 3x4 4x6 0".split()),
}
_ACCENTED_HEADS = frozenset(
    "giấy đơn tờ hợp hđ hd văn xác trích biên quyết hóa hoá chứng căn hộ cà cavet phiếu hình bản sổ thẻ bằng "
    "ảnh".split()
)
_FORM_VERBS = frozenset({"phai", "can", "bat", "co", "duoc"})  # "hợp đồng … phải công chứng": how, not whether
# no one paper: the dossier, or a kind of copy ("có phải nộp bản sao không" asks how, not for a paper)
_GENERIC = frozenset({"giay", "giay to", "ho so", "giay to nay", "giay to do", "ban sao", "ban chinh", "ban photo"})


def _tokens(question: str) -> Tuple[List[str], List[str]]:
    written = re.findall(r"\w+", canonical(question).lower())
    return written, [fold(word) for word in written]


def _closing(folded: List[str]) -> int:
    """The index of the closing "không"/"chưa" of a yes/no question (only particles after it), or -1."""
    end = len(folded)
    while end and folded[end - 1] in _PARTICLES:
        end -= 1
    return end - 1 if end and folded[end - 1] in _YES_NO else -1


def _head(folded: List[str], written: List[str], i: int, accented: bool) -> bool:
    word = folded[i]
    if accented and written[i] not in _ACCENTED_HEADS:
        return False
    if word in _BEFORE:
        return i + 1 < len(folded) and (folded[i + 1] in _BEFORE[word] or folded[i + 1].isdigit())
    return any(folded[i : i + len(h.split())] == h.split() for h in _HEADS)


def asked_paper(question: str) -> str:
    """The words of the paper a yes/no question asks about, as written ("bản vẽ", "sổ hộ khẩu"); "" for any other
    question."""
    if not is_question(question):
        return ""
    written, folded = _tokens(question)
    end = _closing(folded)
    if end < 1 or _OPEN & set(folded[:end]):
        return ""
    accented = has_vietnamese_diacritics(question)
    for start in range(end - 1, 0, -1):  # the paper nearest the closing "không"
        if folded[start - 1] in _NEED and _head(folded, written, start, accented):
            stop = end
            while stop > start + 1 and folded[stop - 1] in _TRAILING:
                stop -= 1
            words = written[start:stop][:MAX_PAPER_WORDS]
            phrase = " ".join(words)
            return "" if fold(phrase) in _GENERIC else phrase
    return ""


def expanded(paper: str) -> List[str]:
    """The catalog's words for a paper's everyday name ("sổ đỏ" -> "giấy chứng nhận quyền sử dụng đất", "cà vẹt"
    -> "chứng nhận đăng ký xe"), from the aliases table, when they name a paper themselves."""
    found = []
    for words in kb_client.alias_expansions(paper):
        folded = fold(words).split()
        if folded and any(folded[: len(h.split())] == h.split() for h in _HEADS + ("the",)):
            found.append(words)
    return found


def asks_yes_no(question: str) -> bool:
    """Whether the question closes as a yes/no question ("… không", "… chưa ạ")."""
    return is_question(question) and _closing(_tokens(question)[1]) > 0


def without_paper(question: str) -> str:
    """The question without the words of the paper it asks about (they describe no case: "sổ hộ khẩu" is no
    household's case)."""
    asked = asked_paper(question)
    if not asked:
        return question
    written = " ".join(re.findall(r"\w+", canonical(question).lower()))
    return written.replace(asked, " ")


def asks_its_form(question: str) -> bool:
    """Whether the question asks how the paper must be (“hợp đồng thuê nhà phải công chứng không”), not whether."""
    return bool(_FORM_VERBS & set(fold(asked_paper(question)).split()[1:]))

"""Cases a catalog row states that are no condition on a citizen's form: everyone with the citizen among them, the
procedure's own subject, how the dossier is sent when the paper is sent every way, and a deed concerning the very
thing the paper is about."""

from __future__ import annotations

import re

from knowledge_base.text import fold, words

SIMILAR_CASE = 0.8  # share of a condition's words in its case heading for the condition to be that case

# The case of every citizen who files for himself: not a condition for a citizen's form.
# ("hộ gia đình, cá nhân", "người đề nghị là tổ chức, cá nhân Việt Nam": everyone, the citizen among them)
_COMMON_CASE = re.compile(
    r"^(?:người (?:yêu cầu|đề nghị|nộp hồ sơ|có yêu cầu) là )?(?:(?:hộ gia đình|tổ chức),\s*)?(?:cá nhân|công dân)"
    r"(?:,\s*(?:hộ gia đình|tổ chức))?(?: Việt Nam)?(?:\s+hoặc\b.*)?$",
    re.IGNORECASE | re.DOTALL,
)
# A case's first clause without the form's number run into it ("hộ gia đình, cá nhân theo mẫu số 01/TK-SDDPNN …").
_CASE_TAIL = re.compile(r";.*|\s+theo\s+mẫu\b.*", re.IGNORECASE | re.DOTALL)
# The audience a procedure is named for ("Cấp thẻ căn cước cho người dưới 14 tuổi (…)", "Khai thuế TNCN đối với cá
# nhân có thu nhập từ chuyển nhượng bất động sản; …"): the first one it lists is the common case of its papers.
_SUBJECT = re.compile(
    r"\s(?:cho|đối với)\s+(?P<who>(?:người|cá nhân|công dân|trẻ em|hộ gia đình)\b(?:(?!\s(?:hoặc|và)\s)[^,;()])*)",
    re.IGNORECASE,
)
SUBJECT_WORDS = 3  # a shorter case ("tổ chức", "người nước ngoài") does not tell the procedure's subject apart
# A case that only says how the dossier is sent, for a paper sent every way in some form: "02 ảnh màu (đối với trường
# hợp nộp hồ sơ trực tiếp hoặc qua đường bưu điện, 01 tệp ảnh đối với trường hợp nộp hồ sơ trên môi trường điện tử)",
# "Bản sao hoặc bản sao điện tử (trường hợp nộp trên môi trường điện tử) Giấy chứng nhận kiểm định …".
_CHANNEL_CASE = re.compile(r"^(?:khi\s+)?(?:nộp|gửi)\s+(?:hồ sơ\s+)?(?:trực tiếp|trực tuyến|qua|trên|bằng)\b", re.I)
_PAPER_CHANNEL = re.compile(r"trực tiếp|bưu (?:điện|chính)", re.IGNORECASE)
_ONLINE_CHANNEL = re.compile(r"điện tử|trực tuyến|môi trường mạng|qua mạng", re.IGNORECASE)
_BRACKET_CLOSED = re.compile(r"^[^(]*\)\s*\w")


# "… giấy chứng nhận quyền sở hữu, quyền sử dụng hoặc giấy tờ thay thế … đối với tài sản mà pháp luật quy định phải
# đăng ký … trong trường hợp giao dịch liên quan đến tài sản đó": the case only says the deed concerns the thing the
# paper is for ("tài sản đó"), which is the paper's own scope, not a case of the citizen's.
_ABOUT_THAT_THING = re.compile(r"^[^;]{0,80}?\bliên quan đến\s+(?P<thing>\w+(?:\s\w+)?)\s+đó\b", re.IGNORECASE)


def _about_the_paper(condition: str, paper: str) -> bool:
    """Whether a case only says the deed concerns the thing the paper `paper` is about."""
    found = _ABOUT_THAT_THING.match(condition)
    thing = " ".join(words(fold(found.group("thing")))) if found else ""
    return bool(thing) and f" {thing} " in f" {' '.join(words(fold(paper)))} "


def _every_channel(condition: str) -> bool:
    """Whether a case only tells the paper's form for each way of sending the dossier, or for one way in a bracket
    closed before the paper's name goes on: no case of the paper."""
    if not _CHANNEL_CASE.match(condition):
        return False
    both = _PAPER_CHANNEL.search(condition) and _ONLINE_CHANNEL.search(condition)
    return bool(both or _BRACKET_CLOSED.match(condition))


def subject_of(procedure_name: str) -> str:
    """The audience a procedure is named for, "" when it names none."""
    found = _SUBJECT.search(procedure_name)
    return found.group("who").strip() if found else ""


def names_subject(text: str, subject: str) -> bool:
    """Whether `text` (a case, or a paper's name) is about the procedure's own subject."""
    wanted = " ".join(words(fold(subject)))
    return len(wanted.split()) >= SUBJECT_WORDS and f" {wanted} " in f" {' '.join(words(fold(text)))} "


def _is_subject(condition: str, subject: str) -> bool:
    """A case that only names the procedure's subject ("cá nhân có thu nhập từ chuyển nhượng bất động sản")."""
    said = set(words(fold(condition)))
    return (
        bool(subject)
        and len(said) >= SUBJECT_WORDS
        and len(said & set(words(fold(subject)))) >= SIMILAR_CASE * len(said)
    )


def no_citizen_case(condition: str, subject: str, paper: str = "") -> bool:
    """Whether a row's case is no condition on the citizen's form (see the module's doc); `subject` is subject_of the
    procedure's name, `paper` the wording of the paper the case is stated for."""
    return bool(
        _COMMON_CASE.match(_CASE_TAIL.sub("", condition))
        or _is_subject(condition, subject)
        or _every_channel(condition)
        or _about_the_paper(condition, paper)
    )

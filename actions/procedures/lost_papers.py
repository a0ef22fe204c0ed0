"""A lost, damaged, expired or mis-written paper is a question about a procedure (cấp lại, cấp đổi, cải chính /
điều chỉnh), not a complaint.

A complaint needs a grievance: someone did something wrong, was slow or asked for money. "toi bi mat cccd",
"bị mất cà vẹt xe máy làm lại ntn", "căn cước bị gãy một góc" or "giấy khai sinh ghi sai ngày sinh" name a paper and
what happened to it, and nobody to blame. Limits: the papers and the words are the common ones citizens use
(accent-folded whole words); a paper lost, damaged or mis-written *by an office or its staff* ("ủy ban làm thất lạc
giấy khai sinh", "phường ghi sai tên") stays a complaint.

"Mất" said of a person is a death, not a loss ("mẹ tôi vừa mất, làm giấy chứng tử ở đâu"): a family word followed by
"mất", "qua đời", "từ trần"… (``DEATH``) asks of the death's procedures (khai tử, tử tuất, xóa thường trú), unless
"mất" is followed by what was lost ("bố tôi mất căn cước", "mẹ tôi bị mất ví"). Limits: only the family words and
"người nhà / người thân"; "ông ấy mất" or a name ("anh Nam mất") is not read as a death.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from actions.procedures.household_words import residence_query
from nlu.vietnamese_text import canonical, fold

PAPERS = (
    r"can cuoc(?: cong dan)?|chung minh(?: nhan dan| thu)?|cmnd|ho chieu|bang lai(?: xe)?(?: may| o to)?|"
    r"giay phep lai xe|ca ?vet|(?:giay )?dang ky xe|bien so|so do|so hong|giay chung nhan(?: quyen su dung dat)?|"
    r"(?:giay )?khai sinh|giay (?:chung nhan )?ket hon|the (?:bao hiem y te|bhyt)|so ho khau|"
    r"giay phep kinh doanh|the tam tru|giay chung tu|trich luc|giay to|so bao hiem xa hoi"
)
# what a procedure takes, after "mất": "mất bao lâu", "mất mấy ngày", "mất phí", "mất 2 tháng"; "mất hiệu lực"
_TAKES = r"bao|may|phi|le phi|thoi gian|tien|nhieu|khoang|cong|hieu luc|\d"
# losing: "bị mất", "làm mất", "đánh rơi", "thất lạc", "bị trộm"; "mất" right before the paper ("mất cà vẹt") or
# right after it ("cccd mất rồi", "thẻ căn cước của tôi mất rồi"), unless what the procedure takes follows
LOST = re.compile(
    r"\b(?:(?:bi|lam|danh|da|vua|lo) mat|danh roi|roi mat|that lac|bi trom|bi moc tui|bi cuop"
    rf"|mat (?:het )?(?:{PAPERS})|(?:{PAPERS})(?: cua (?:toi|em|minh|tui|con))? mat(?! (?:{_TAKES})))\b"
)
DAMAGED_OR_EXPIRED = re.compile(
    r"\b(?:rach|bi hong|hu hong|hong chip|loi chip|bi uot|ngam nuoc|nhau nat|bi nat|cu nat|mo chu|mo het|mo anh|"
    r"mat chu|phai mau|bong troc|cong venh|(?:bi|da) (?:gay|chay)|gay (?:mot|doi|goc|ngang|mat)|het han)\b"
)
# a wrong entry: "ghi sai ngày sinh", "bị sai tên đệm", "viết nhầm tên mẹ", "sai quê quán"
WRONG_ENTRY = re.compile(
    r"\b(?:(?:ghi|viet|in|danh|khai|nhap) (?:sai|nham)|bi sai|sai sot|nham (?:ten|ngay|nam|gioi tinh)|"
    r"sai (?:ho|ten|ngay|nam|thang|que|dia chi|gioi tinh|dan toc|so|chu|dau|thong tin|noi sinh))\b"
)
PAPER = re.compile(rf"\b(?:{PAPERS})\b")
# A death (accent-folded): a family word, a few words naming whose it is ("bố chồng tôi", "bà ngoại em"), then "mất"
# (not followed by what was lost: a paper, money, a wallet…), "qua đời", "từ trần"…
# Family words as typed; those that are everyday words too once the accents are gone ("có" / "cô", "còn" / "con",
# "chị" / "chỉ", "em", "anh"…) count only with a word saying whose they are after them ("co toi mat", not "co mat phi")
_FAMILY = r"bo|ba|me|ma|cha|ong|chong|vo|chau|bac|thim|nguoi nha|nguoi than"
_FAMILY_OR_WORD = r"co|con|anh|chi|em|chu|di|cau|mo|duong"
_WHOSE_WORDS = r"noi|ngoai|chong|vo|de|ruot|ca|trai|gai|ut|ho|re|dau|toi|em|minh|tui|chau|nha|con|ba|me"
_WHEN = r"(?:(?:da|vua|moi|cung|lai|khi) )?"
# "vi" is a wallet (ví) unless a cause follows ("mất vì tai nạn", "vì bệnh"); "mất bao lâu / mấy ngày / phí" is what
# a procedure takes, not a death
_LOST_THINGS = (
    rf"(?:{PAPERS})|giay|so|the|bang|vi(?! (?:tai nan|benh|ung thu|dot quy|gia yeu|tuoi gia|covid))|tui|tien|xe|"
    r"dien thoai|dt|cai|het|chiec|ban|quyen|viec|nha|dat|bao|may|phi|le phi|thoi gian|cong|khoang|nhieu"
)
_DIED = rf"(?:mat(?! (?:{_LOST_THINGS})\b)|qua doi|tu tran|chet|hy sinh|tu vong|ta the|khuat nui)"
# A death (accent-folded): a family word, a few words naming whose it is ("bố chồng tôi", "bà ngoại em"), then "mất"
# (not followed by what was lost or what a procedure takes), "qua đời", "từ trần"…
DEATH = re.compile(
    rf"\b(?:(?:{_FAMILY}) (?:(?:{_WHOSE_WORDS}) ){{0,3}}|(?:{_FAMILY_OR_WORD}) (?:(?:{_WHOSE_WORDS}) ){{1,3}})"
    rf"{_WHEN}{_DIED}\b"
)
# Typed with accents, "mặt" / "mắt" (present, eyes) fold to "mất"'s letters: "có mặt" is no death
_DIED_AS_TYPED = "mất"
DEATH_WORDING = "đăng ký khai tử"
# Acts a death may ask of besides its registration (the message names one: it is searched as typed).
DEATH_ACTS = re.compile(
    r"\b(?:khai tu|bao tu|chung tu|tu tuat|mai tang|thua ke|di chuc|di san|thuong tru|ho khau|khau|so do|"
    r"dat|nha|tiet kiem|luong huu|bao hiem)\b"
)
# someone to blame: staff, an office that lost, kept or mis-wrote the paper, delays, money asked for, a complaint
GRIEVANCE = re.compile(
    r"\b(?:can bo|nhan vien|tre hen|cham tre|doi tien|boi duong|phong bi|hoi lo|thai do|nhung nhieu|khieu nai|"
    r"to cao|buc xuc|buc minh|gay kho|lam kho|hach sach|uy ban lam|phuong lam|xa lam|cong an lam|lam sai|"
    r"giu lai|khong tra|tra ve|hen mai|hen lan|o uy ban|o phuong|mot cua|"
    r"(?:uy ban|phuong|xa|cong an|ho|co quan) (?:da )?(?:ghi|viet|in|nhap) (?:sai|nham))\b"
)
# A banknote worn or damaged (accent-folded): "tiền" with a damage word a few words on, or a note named as such.
DAMAGED_MONEY = re.compile(
    r"\b(?:tien|to tien|tien giay|tien polymer|tien le)\b(?: \w+){0,5}? (?:rach|chay|muc|nat|mun|uot|bac mau|phai mau"
    r"|chuot (?:can|gam)|moi (?:an|can|xong)|dan bang dinh|bi hong|hu hong|bi gay|bi xe)\b"
)
EXCHANGE_WORDING = "đổi tiền rách"
EXCHANGE = re.compile(r"\bdoi tien\b")
REISSUE_WORDS = re.compile(r"\b(?:cap lai|lam lai|cap doi|doi lai|xin lai)\b")
CORRECTION_WORDS = re.compile(r"\b(?:cai chinh|dinh chinh|dieu chinh)\b")


def _folded(text: str) -> str:
    return fold(canonical(text or ""))


def is_damaged_money(text: str) -> bool:
    """The message tells of a damaged banknote, and blames nobody ("doi tien" beside a damaged note is its
    exchange, "đổi tiền", not money asked for)."""
    folded = _folded(text)
    return bool(DAMAGED_MONEY.search(folded) and not GRIEVANCE.search(EXCHANGE.sub(" ", folded)))


def _deaths(text: str) -> List[Tuple[int, int]]:
    """The spans of the accent-folded message that tell a relative's death (``DEATH``). A span whose "mat" was typed
    with other accents than "mất"'s ("hai bên có mặt", "con mắt") is none."""
    typed = canonical(text or "").lower()
    folded = fold(typed)
    spans = [m.span() for m in DEATH.finditer(folded)]
    if len(typed) != len(folded):
        return spans
    return [(a, b) for a, b in spans if not _typed_words(typed[a:b], folded[a:b], "mat") - {"mat", _DIED_AS_TYPED}]


def _typed_words(typed: str, folded: str, word: str) -> set:
    """The words of ``typed`` whose accent-folded form is ``word``."""
    return {t for t, f in zip(typed.split(), folded.split()) if f == word}


def _without_deaths(text: str) -> str:
    """The accent-folded message with the words telling a relative's death blanked."""
    folded = _folded(text)
    for start, end in reversed(_deaths(text)):
        folded = f"{folded[:start]} {folded[end:]}"
    return folded


def tells_a_death(text: str) -> bool:
    """The message tells of a relative's death ("bố tôi vừa mất", "vợ tôi qua đời"), see ``DEATH``."""
    return bool(_deaths(text))


def tells_a_loss(text: str) -> bool:
    """The message tells of something lost or damaged (a paper or not: a savings book, a bank card, a diploma) and
    blames nobody; a relative's death is no loss."""
    folded = _without_deaths(text)
    return bool((LOST.search(folded) or DAMAGED_OR_EXPIRED.search(folded)) and not GRIEVANCE.search(folded))


def is_lost_paper_question(text: str) -> bool:
    """The message tells of a paper lost, damaged, expired or with a wrong entry, or of a damaged banknote, and
    blames nobody. A relative's "mất" is a death, no loss: its words are left out before looking for a loss."""
    folded = _without_deaths(text)
    happened = LOST.search(folded) or DAMAGED_OR_EXPIRED.search(folded) or WRONG_ENTRY.search(folded)
    return bool(happened and PAPER.search(folded) and not GRIEVANCE.search(folded)) or is_damaged_money(text)


def reissue_query(text: str) -> str:
    """The text to search: a lost paper is searched as its reissue ("đánh rơi bằng lái" -> "… cấp lại"), a wrong
    entry as its correction ("giấy khai sinh ghi sai ngày sinh" -> "… cải chính"), a damaged banknote as its
    exchange, household-book words as their residence procedure (``residence_query``), a relative's death that names
    no act as its registration ("bố tôi mất tuần trước, cần làm giấy tờ gì" -> "… (đăng ký khai tử)")."""
    folded = _folded(text)
    if is_damaged_money(text):
        return text if fold(EXCHANGE_WORDING) in folded else f"{text} ({EXCHANGE_WORDING})"
    if not is_lost_paper_question(text):
        if tells_a_death(text) and not DEATH_ACTS.search(folded):
            return f"{text} ({DEATH_WORDING})"
        return residence_query(text)
    if LOST.search(folded) and not REISSUE_WORDS.search(folded):
        return f"{text} (bị mất, cấp lại)"
    if WRONG_ENTRY.search(folded) and not CORRECTION_WORDS.search(folded):
        return f"{text} (sai thông tin, cải chính)"
    return text

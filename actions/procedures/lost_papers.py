"""A lost, damaged, expired or mis-written paper is a question about a procedure (cấp lại, cấp đổi, cải chính /
điều chỉnh), not a complaint.

A complaint needs a grievance: someone did something wrong, was slow or asked for money. "toi bi mat cccd",
"bị mất cà vẹt xe máy làm lại ntn", "căn cước bị gãy một góc" or "giấy khai sinh ghi sai ngày sinh" name a paper and
what happened to it, and nobody to blame. Limits: the papers and the words are the common ones citizens use
(accent-folded whole words); a paper lost, damaged or mis-written *by an office or its staff* ("ủy ban làm thất lạc
giấy khai sinh", "phường ghi sai tên") stays a complaint.
"""

from __future__ import annotations

import re

from actions.procedures.household_words import residence_query
from nlu.vietnamese_text import canonical, fold

PAPERS = (
    r"can cuoc(?: cong dan)?|chung minh(?: nhan dan| thu)?|cmnd|ho chieu|bang lai(?: xe)?(?: may| o to)?|"
    r"giay phep lai xe|ca ?vet|(?:giay )?dang ky xe|bien so|so do|so hong|giay chung nhan(?: quyen su dung dat)?|"
    r"(?:giay )?khai sinh|giay (?:chung nhan )?ket hon|the (?:bao hiem y te|bhyt)|so ho khau|"
    r"giay phep kinh doanh|the tam tru|giay chung tu|trich luc|giay to|so bao hiem xa hoi"
)
# losing: "bị mất", "làm mất", "đánh rơi", "thất lạc", "bị trộm"; "mất" right before the paper ("mất cà vẹt")
LOST = re.compile(
    r"\b(?:(?:bi|lam|danh|da|vua|lo) mat|danh roi|roi mat|that lac|bi trom|bi moc tui|bi cuop"
    rf"|mat (?:het )?(?:{PAPERS}))\b"
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


def is_lost_paper_question(text: str) -> bool:
    """The message tells of a paper lost, damaged, expired or with a wrong entry, or of a damaged banknote, and
    blames nobody."""
    folded = _folded(text)
    happened = LOST.search(folded) or DAMAGED_OR_EXPIRED.search(folded) or WRONG_ENTRY.search(folded)
    return bool(happened and PAPER.search(folded) and not GRIEVANCE.search(folded)) or is_damaged_money(text)


def reissue_query(text: str) -> str:
    """The text to search: a lost paper is searched as its reissue ("đánh rơi bằng lái" -> "… cấp lại"), a wrong
    entry as its correction ("giấy khai sinh ghi sai ngày sinh" -> "… cải chính"), a damaged banknote as its
    exchange, household-book words as their residence procedure (``residence_query``)."""
    folded = _folded(text)
    if is_damaged_money(text):
        return text if fold(EXCHANGE_WORDING) in folded else f"{text} ({EXCHANGE_WORDING})"
    if not is_lost_paper_question(text):
        return residence_query(text)
    if LOST.search(folded) and not REISSUE_WORDS.search(folded):
        return f"{text} (bị mất, cấp lại)"
    if WRONG_ENTRY.search(folded) and not CORRECTION_WORDS.search(folded):
        return f"{text} (sai thông tin, cải chính)"
    return text

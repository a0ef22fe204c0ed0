"""A lost, damaged or expired paper is a question about a procedure (cấp lại, cấp đổi), not a complaint.

A complaint needs a grievance: someone did something wrong, was slow or asked for money. "toi bi mat cccd",
"bị mất cà vẹt xe máy làm lại ntn" or "thẻ căn cước hết hạn" name a paper and what happened to it, and nobody
to blame. Limits: the papers and the words are the common ones citizens use (accent-folded whole words); a paper
lost *by an office* ("ủy ban làm thất lạc giấy khai sinh") stays a complaint.
"""

from __future__ import annotations

import re

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
DAMAGED_OR_EXPIRED = re.compile(r"\b(?:rach|bi hong|hu hong|bi uot|nhau nat|mo chu|bong troc|het han)\b")
PAPER = re.compile(rf"\b(?:{PAPERS})\b")
# someone to blame: staff, an office that lost or kept the paper, delays, money asked for, an explicit complaint
GRIEVANCE = re.compile(
    r"\b(?:can bo|nhan vien|tre hen|cham tre|doi tien|boi duong|phong bi|hoi lo|thai do|nhung nhieu|khieu nai|"
    r"to cao|buc xuc|buc minh|gay kho|lam kho|hach sach|uy ban lam|phuong lam|xa lam|cong an lam|lam sai|ghi sai|"
    r"giu lai|khong tra|tra ve|hen mai|hen lan|o uy ban|o phuong|mot cua)\b"
)
REISSUE_WORDS = re.compile(r"\b(?:cap lai|lam lai|cap doi|doi lai|xin lai)\b")


def _folded(text: str) -> str:
    return fold(canonical(text or ""))


def is_lost_paper_question(text: str) -> bool:
    """The message tells of a paper lost, damaged or expired, and blames nobody."""
    folded = _folded(text)
    happened = LOST.search(folded) or DAMAGED_OR_EXPIRED.search(folded)
    return bool(happened and PAPER.search(folded) and not GRIEVANCE.search(folded))


def reissue_query(text: str) -> str:
    """The text to search: a lost paper is searched as its reissue ("đánh rơi bằng lái" -> "… cấp lại")."""
    folded = _folded(text)
    if is_lost_paper_question(text) and LOST.search(folded) and not REISSUE_WORDS.search(folded):
        return f"{text} (bị mất, cấp lại)"
    return text

"""Words of the abolished household book that still name a residence procedure (issue 10).

The household book (sổ hộ khẩu) is no longer issued since 01/01/2023, but citizens still say "chuyển khẩu về nhà
chồng", "nhập khẩu cho con", "cắt khẩu cho bố đã mất", "tách khẩu ra ở riêng": these are residence registrations in
the catalog (đăng ký thường trú, xóa đăng ký thường trú, tách hộ), not the abolished paper. "nhập khẩu" and
"chuyển khẩu" are also trade words (importing goods, transit trade), so the residence reading needs a person or a
home near the words ("cho con", "về nhà chồng", "vào nhà ông bà") and no goods word in the message. Limits: common
words only (accent-folded whole words); "nhập khẩu" said of a person without any of them ("nhập khẩu được không")
keeps the message as typed.
"""

from __future__ import annotations

import re

from nlu.vietnamese_text import canonical, fold

# The residence act the household-book words name, and the catalog wording the search is given with the message.
MOVE_IN = re.compile(r"\b(?:nhap|chuyen|dua) (?:ho )?khau\b")
STRIKE_OFF = re.compile(r"\b(?:cat|xoa) (?:ho )?khau\b")
SPLIT = re.compile(r"\btach (?:ho )?khau\b")
READINGS = ((STRIKE_OFF, "xóa đăng ký thường trú"), (SPLIT, "tách hộ"), (MOVE_IN, "đăng ký thường trú"))
# A person or a home the residence is about (within a few words after the act), which goods never have.
PERSON_OR_HOME = re.compile(
    r"\b(?:cho|ve|vao|sang|len|o) (?:\w+ ){0,3}?(?:con|chau|vo|chong|bo|me|ong|ba|em|anh|chi|nguoi|nha|que"
    r"|thanh pho|pho|tinh|xa|phuong|ho|minh|toi)\b|\b(?:ho khau|nha (?:chong|vo|ngoai|noi)|o rieng|da mat|qua doi)\b"
)
GOODS = re.compile(
    r"\b(?:hang|hang hoa|thue|hai quan|to khai|container|lo hang|xuat khau|nguyen lieu|may moc|thiet bi|o to nhap"
    r"|xe nhap|giay phep nhap|han ngach|kinh doanh)\b"
)


def residence_wording(text: str) -> str:
    """The catalog wording of the residence procedure the message's household-book words name, or ""."""
    folded = fold(canonical(text or "")).lower()
    if GOODS.search(folded) or not PERSON_OR_HOME.search(folded):
        return ""
    return next((wording for pattern, wording in READINGS if pattern.search(folded)), "")


def residence_query(text: str) -> str:
    """The text to search: household-book words are searched with their residence procedure's catalog wording
    ("chuyển khẩu về nhà vợ" -> "… (đăng ký thường trú)")."""
    wording = residence_wording(text)
    return f"{text} ({wording})" if wording else text

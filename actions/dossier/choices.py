"""Reading the citizen's choices in dossier_form from a button (entity ``choice``) or typed words.

Pure functions of the message: which liên thông bundle, which case, which delivery method, which part of the
summary to edit, whether to start over. The form (form.py) decides what to do with them.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence

from actions.core.validation import check_yes_no
from actions.dossier.checklist import NONE
from actions.dossier.common import DELIVERY_LABELS
from actions.procedures.search import pick_from_text
from nlu.vietnamese_text import fold

_RESTART = re.compile(
    r"\b(lam lai tu dau|bat dau lai|khai lai tu dau|lam lai ho so|nop lai tu dau|xoa het lam lai|lam lai het)\b"
)
_EDITS = (  # (choice payload, the part of the summary, typed words)
    (
        "edit_applicant",
        re.compile(
            r"\bsua\b.*\b(thong tin|nguoi nop|ten|ho ten|cccd|can cuoc|so dien thoai|sdt|dien thoai|dia chi"
            r"|phuong|xa)\b"
        ),
    ),
    ("edit_documents", re.compile(r"\bsua\b.*\b(giay to|giay|ho so|tep|anh)\b")),
    ("edit_delivery", re.compile(r"\bsua\b.*\b(nhan ket qua|cach nhan|hinh thuc nhan)\b")),
)
_ONLY_THIS = re.compile(r"\b(chi|rieng|mot minh|khong lien thong)\b")


def wants_restart(text: str) -> bool:
    return text.strip() == "/restart_dossier" or bool(_RESTART.search(fold(text)))


def bundle_choice(choice: str, text: str, intent: str, bundle_ids: Sequence[str], names: List[str]) -> Optional[str]:
    """The bundle id chosen (``NONE``: only this procedure); None when unclear."""
    if choice.startswith("bundle:"):
        return choice.split(":", 1)[1]
    folded = fold(text)
    answer = check_yes_no(text, intent)
    if _ONLY_THIS.search(folded) or (answer.ok and answer.value is False):
        return NONE
    if len(bundle_ids) == 1 and (answer.ok or "lien thong" in folded):
        return bundle_ids[0]
    index = pick_from_text(text, list(names) + ["chỉ thủ tục này"])
    if index is None:
        return None
    return bundle_ids[index] if index < len(bundle_ids) else NONE


def case_choice(choice: str, text: str, intent: str, cases: List[str]) -> Optional[str]:
    """The case chosen (``NONE``: none of them); None when unclear."""
    if choice.startswith("case:"):
        part = choice.split(":", 1)[1]
        if part == NONE:
            return NONE
        return cases[int(part)] if part.isdigit() and int(part) < len(cases) else None
    if len(cases) == 1:
        answer = check_yes_no(text, intent)
        return (cases[0] if answer.value else NONE) if answer.ok else None
    index = pick_from_text(text, cases + ["không thuộc trường hợp nào"])
    if index is None:
        return None
    return cases[index] if index < len(cases) else NONE


def edit_choice(choice: str, text: str) -> Optional[str]:
    """ "edit_applicant" / "edit_documents" / "edit_delivery" when the citizen wants to change that part."""
    folded = fold(text)
    for name, words in _EDITS:
        if choice == name or words.search(folded):
            return name
    return None


def delivery_from(choice: str, text: str) -> Optional[str]:
    if choice in DELIVERY_LABELS:
        return choice
    folded = fold(text)
    if re.search(r"\b(buu|buu dien|buu chinh|gui ve nha|ship|chuyen phat)\b", folded):
        return "postal"
    if re.search(r"\b(truc tuyen|online|qua mang|dien tu|email|vneid|ban dien tu)\b", folded):
        return "online"
    if re.search(
        r"\b(mot cua|truc tiep|tai cho|den nhan|toi nhan|tai uy ban|ubnd|tai xa|tai phuong|van phong|bo phan)\b", folded
    ):
        return "office"
    m = re.fullmatch(r"\s*([123])\s*", folded)
    if m:
        return ("office", "postal", "online")[int(m.group(1)) - 1]
    return None

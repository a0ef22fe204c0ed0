"""Close variants of a procedure (cấp xã / tỉnh / trung ương …): ask which one only when the asked fact differs.

``variant_note`` returns None when the citizen must choose (the answer depends on the variant), else the line
noted under the answer: the fact is the same for every variant, and what does differ between them.
"""

from __future__ import annotations

from typing import Optional, Sequence

from actions.clients import knowledge_base as kb_client

# The actions' aspects -> knowledge_base.variant_facts' aspects (legal basis and the overview are not compared).
COMPARED = {"fee": "fee", "time": "time", "where": "place", "online": "online", "documents": "documents"}
ASPECT_WORDS = {
    "fee": "lệ phí",
    "time": "thời hạn",
    "place": "nơi nộp",
    "online": "cách nộp trực tuyến",
    "documents": "giấy tờ",
}


def variant_note(variants: Sequence, aspect: str) -> Optional[str]:
    """None: ask which variant applies; else the line to note under the answer about the first variant."""
    procedures = [getattr(v, "procedure", v) for v in variants]
    if len(procedures) < 2 or aspect not in COMPARED:
        return None
    differing = kb_client.differing_aspects(procedures)
    if COMPARED[aspect] in differing:
        return None
    same = f"{ASPECT_WORDS[COMPARED[aspect]][:1].upper()}{ASPECT_WORDS[COMPARED[aspect]][1:]}"
    line = f"{same} như nhau ở cả {len(procedures)} trường hợp của thủ tục này"
    if differing:
        line += "; khác nhau ở: " + ", ".join(ASPECT_WORDS[d] for d in differing)
    return line + "."

"""A catalog procedure named strongly beside a topic outside the catalog wins over that topic (issue 10).

"xin giấy xác nhận tình trạng hôn nhân để vay ngân hàng", "kết hôn với người nước ngoài có phải khám sức khỏe
không": the outside topic (a bank loan, a health check) is only the purpose or a detail of a catalog procedure the
message names. The outside table's matcher (knowledge_base/outside.py) already drops a topic that is only context
when it can tell from the words; when it cannot and the search abstains (``handled_by`` set) or the bot would answer
the topic without searching, the bot decides here: the message is answered with its procedure when, without the
topic's words, it still finds that procedure confidently, and that procedure is also the best hit of the whole
message, scoring well there too. Limits: "strongly" is a score (``STRONG_SCORE``) reached both by the whole message
(where the search counts the outside topic against it) and by the message without the topic's phrases (accent-folded
whole words). A generic rest ("mở cửa hàng … có cần giấy phép không" once "bán rượu" is cut) finds a generic
procedure confidently, so the whole message's own score is what tells a named procedure: on the 84 outside questions
of tests/actions/test_out_of_catalog_questions.py the best whole-message score of a procedure that would wrongly win
is 0.58 ("mở quán karaoke … giấy phép kinh doanh"); the named ones written for tests/actions/test_routing_misfiled.py
score 0.62 and more.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from actions.clients import knowledge_base as kb_client
from actions.procedures import out_of_catalog
from nlu.vietnamese_text import canonical, fold

# The score (ranker-weighted, about 0.5 to 1.2 for a question that names a procedure) that the whole message's best
# hit and the message without the outside topic's words must both reach for that procedure to win over the topic.
STRONG_SCORE = 0.6


def without_phrases(text: str, phrases: list[str]) -> str:
    """``text`` (as typed) without the words of the accent-folded ``phrases`` ("a+b": both parts)."""
    words = re.findall(r"\w+", canonical(text or ""))
    folded = [fold(w.lower()) for w in words]
    dropped: set[int] = set()
    for phrase in phrases:
        for part in phrase.split("+"):
            target = part.split()
            for i in range(len(folded) - len(target) + 1):
                if folded[i : i + len(target)] == target:
                    dropped.update(range(i, i + len(target)))
    return " ".join(w for i, w in enumerate(words) if i not in dropped)


async def named_beside_outside_topic(text: str) -> Optional[Any]:
    """The search result to answer although ``text`` names a topic outside the catalog, or None (the topic's honest
    answer stands): the whole message's best hit (abstained or not) and the best hit of the message without the
    topic's words are the same procedure, both scoring at least STRONG_SCORE (the latter without abstaining); never
    when the message names no catalog procedure by a known name beside the topic, or asks for the topic's paper
    itself ("xin tóm tắt bệnh án để làm hồ sơ hưởng chế độ ốm đau": the hospital's paper is the ask)."""
    topic = out_of_catalog.topic_of(text)
    if topic is None or not kb_client.catalog_named_beside_outside(text):
        return None
    whole = await kb_client.search(text)
    if whole is None or not whole.hits or whole.hits[0].score < STRONG_SCORE:
        return None
    rest = without_phrases(text, topic.phrases_in(fold(canonical(text)).lower()))
    if not rest.strip() or fold(rest) == fold(text):
        return None
    alone = await kb_client.search(rest)
    if alone is None or alone.abstain or not alone.hits or alone.hits[0].score < STRONG_SCORE:
        return None
    return alone if alone.hits[0].code == whole.hits[0].code else None

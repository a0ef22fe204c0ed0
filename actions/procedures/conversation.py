"""Conversation state shared by the actions: the current procedure, pending choices, failure streaks.

Slots (bot/domain/base.yml): current_procedure_code/name, pending_variants (codes offered as buttons),
pending_aspect (what to answer once a variant is chosen), alternatives (other hits of the last search),
pending_offer (a yes/no question the bot asked), turn_failed (set on turns the bot could not answer), last_query
(the last searched text that found no single procedure: the context of a refinement when there is no current one),
last_aspect (the aspect last answered: a follow-up that asks nothing of its own gets it again, follow_ups.py).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.core.replies import send
from actions.core.tracker import entity, is_payload, latest_text
from actions.procedures import render
from actions.procedures.asked_facts import with_second_fact
from nlu.vietnamese_text import canonical, fold

ASPECTS = ("summary", "documents", "fee", "time", "where", "online", "legal")
INTENT_ASPECT = {
    "ask_procedure": "summary",
    "ask_documents": "documents",
    "ask_fee": "fee",
    "ask_time": "time",
    "ask_where": "where",
    "ask_online": "online",
    "ask_legal_basis": "legal",
}

# What follow-up questions, courtesies and chat filler are made of, accent-folded: what is left after removing them is
# what the message names. Words that also begin procedure names ("hộ" chiếu, "báo" tử, "mất" giấy, "kết" hôn, "ly"
# hôn, "công" chứng…) are question words only inside the question phrases ("hồ sơ", "bao lâu", "mất tiền", "giấy tờ"…);
# "giấy" alone names no procedure ("bao lâu thì nhận được giấy").
_QUESTION_PHRASES = re.compile(
    r"\b(?:ho so|giay to|bao lau|bao nhieu|bao gio|mat (?:bao|may|tien|phi|het|nhieu|khoang|it)|le phi|thoi gian"
    r"|thoi han|ket qua|xu ly|giai quyet|thanh phan|cong chung|co quan|dia chi|tiep nhan|truc tuyen|dich vu cong"
    r"|can cu|phap ly|nghi dinh|thong tu|van ban|quy dinh|thu tuc|cam on|xin loi)\b"
)
# Typed with diacritics, a word is a question word or filler only as one of these ("thẻ căn cước" is not "thế cần",
# nor "bản", "hôn nhân", "Hàn Quốc", "cải chính"); typed without them, its folded form decides (ambiguous, so
# "the can cuoc" loses "the can"). Plus the words that have no diacritics to lose.
_QUESTION_WORDS_ACCENTED = set(
    """
    phí tiền nhiêu nhiều tốn hết giá đồng trả miễn có không chỉ chị hỏi cho chỗ tôi em mình anh bạn
    lâu mấy ngày hôm giờ khi nào xong nhận lấy được hạn
    gồm những gì cần chuẩn bị mang theo nộp phải chính
    ở đâu nơi đi đến tại xã phường huyện tỉnh
    qua mạng trên luật dựa vào
    làm sao vậy à ạ nhé nha ơi thế con còn thì là ra để muốn giúp xin hả nhỉ dùm
    và với hay hoặc nữa rồi này nay kia cái của dạ đã vâng ừa ủa bác cháu giấy
    """.split()
)
_QUESTION_WORDS = {fold(w) for w in _QUESTION_WORDS_ACCENTED} | set(
    "ad ak dc hs j k ko ntn ok okay oke onl online photo thanks v vneid z".split()
)


def _named_tokens(text: str) -> List[str]:
    """The words of ``text`` (as typed, after canonical()) outside its question phrases, question words and filler."""
    tokens = re.findall(r"\w+", canonical(text))
    folded = [fold(t) for t in tokens]
    joined = " ".join(folded)
    asked = set()
    for match in _QUESTION_PHRASES.finditer(joined):
        first = joined[: match.start()].count(" ")
        asked.update(range(first, first + match.group(0).count(" ") + 1))
    return [
        token
        for i, (token, word) in enumerate(zip(tokens, folded))
        if i not in asked and not _is_question_word(token, word) and not word.isdigit()
    ]


def _is_question_word(token: str, word: str) -> bool:
    """``token`` (as typed) with its folded form ``word``: a question word or filler. Typed without diacritics, the
    folded form decides; typed with them, the accented form must be one of the question words."""
    if word not in _QUESTION_WORDS:
        return False
    typed = token.lower()
    return typed == word or typed in _QUESTION_WORDS_ACCENTED


def content_words(text: str) -> List[str]:
    """Folded words of ``text`` that are not question words or filler (one word may name a procedure: "passport",
    "báo tử")."""
    return [fold(t) for t in _named_tokens(text)]


def named_part(text: str) -> str:
    """What ``text`` names once its question and filler are left out, in its own words ("báo tử bao lâu thì xong"
    -> "báo tử"): searched when the whole message finds nothing."""
    return " ".join(_named_tokens(text))


def procedure_query(tracker: Tracker) -> Optional[str]:
    """What to search for the latest message: the whole message whenever it names anything besides the question
    (never only the `procedure` entity the NLU extracted from it; one word may be the procedure, and the knowledge
    base abstains by itself when it names nothing the catalog has); None for a pure question ("bao lâu?"). A
    button's payload gives its `procedure` entity."""
    mention = entity(tracker, "procedure")
    text = latest_text(tracker)
    if is_payload(text):
        return mention if mention and content_words(mention) else None
    if (mention and content_words(mention)) or content_words(text):
        return text
    return None


def conversation_context(tracker: Tracker) -> str:
    """What the conversation is about, for follow-ups, refinements and corrections: the current procedure's name,
    else the last searched query."""
    return tracker.get_slot("current_procedure_name") or tracker.get_slot("last_query") or ""


def previous_user_text(tracker: Tracker) -> str:
    """The citizen's message before the latest one ("" when there is none)."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"]
    return (users[-2].get("text") or "") if len(users) >= 2 else ""


def set_current(proc) -> List[Dict[str, Any]]:
    return [
        SlotSet("last_query", None),
        SlotSet("current_procedure_code", proc.code),
        SlotSet("current_procedure_name", proc.name),
        SlotSet("pending_variants", None),
        SlotSet("pending_aspect", None),
    ]


def set_alternatives(hits: Sequence, current_code: str) -> List[Dict[str, Any]]:
    codes = [h.code for h in hits if h.code != current_code][:3]
    return [SlotSet("alternatives", codes or None)]


def failure_streak(tracker: Tracker) -> int:
    """How many user turns in a row, before the current one, the bot could not answer."""
    streak = 0
    failed = False
    events = list(tracker.events or [])
    # walk the turns backwards, skipping the current (last) user message
    seen_current = False
    for event in reversed(events):
        etype = event.get("event")
        if etype == "slot" and event.get("name") == "turn_failed" and event.get("value"):
            failed = True
        elif etype == "user":
            if not seen_current:
                seen_current = True
                failed = False
                continue
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if failed or intent == "nlu_fallback":
                streak += 1
                failed = False
            else:
                break
    return streak


def mark_failed() -> List[Dict[str, Any]]:
    return [SlotSet("turn_failed", True)]


def aspect_text(proc, aspect: str, ward: str = "") -> str:
    """The answer about one aspect of ``proc`` (documents, fee, time, where, online, legal); else its summary."""
    return render.aspect_text(proc, aspect, ward)


def answer_aspect(
    dispatcher,
    proc,
    aspect: str,
    extra_buttons: Optional[List[dict]] = None,
    ward: str = "",
    detail: str = "",
    note: str = "",
    question: str = "",
) -> None:
    """Send the answer about ``aspect`` of ``proc`` with buttons for the details and the other questions;
    ``question``: the citizen's words (a document list answers the case they describe, the paper they name; a second
    fact they ask is stated under the first)."""
    reply = render.answer(proc, aspect, ward=ward, detail=detail, note=note, extra=extra_buttons, question=question)
    reply = with_second_fact(proc, reply, aspect, question)
    send(dispatcher, reply.text, reply.buttons)

"""Finding a procedure in the knowledge base and choosing between close variants."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import knowledge_base as kb_client
from actions.core.chat import record_procedure_query, record_unanswered
from actions.core.offers import Offer, offer_events
from actions.core.replies import send
from actions.core.tracker import entity, is_payload, latest_text
from actions.procedures import render
from actions.procedures import texts as fmt
from actions.procedures.conversation import (
    answer_aspect,
    content_words,
    failure_streak,
    mark_failed,
    set_alternatives,
    set_current,
)
from actions.settings import HOTLINE
from nlu.vietnamese_text import fold

KB_UNAVAILABLE = (
    "Xin lỗi, hệ thống tra cứu thủ tục đang khởi động hoặc tạm gián đoạn. Bạn vui lòng thử lại sau ít phút, "
    f"hoặc gọi tổng đài {HOTLINE} (miễn phí) ạ."
)


# After two failed turns: a person is offered, never imposed (a ticket opens only when "Gặp cán bộ" is asked for).
OFFER_HUMAN_TEXT = "Bạn bấm “Gặp cán bộ” để được cán bộ hỗ trợ trực tiếp, hoặc “Hỏi lại” để hỏi theo cách khác nhé."


def offer_human_buttons() -> List[dict]:
    """ "Hỏi lại" is a "no" to the offer (``pending_offer`` "human"): the citizen is invited to rephrase."""
    return [{"title": "Gặp cán bộ", "payload": "/request_human"}, {"title": "Hỏi lại", "payload": "/deny"}]


def out_of_catalog_events(dispatcher: CollectingDispatcher, tracker: Tracker, query: str) -> List[Dict[str, Any]]:
    """Say honestly that the catalog has nothing; on the second failure in a row, offer a human."""
    record_unanswered(tracker, latest_text(tracker) or query, "no_result")
    if failure_streak(tracker) >= 1:
        send(
            dispatcher,
            fmt.out_of_catalog(query) + "\n\n" + OFFER_HUMAN_TEXT,
            offer_human_buttons(),
        )
        return mark_failed() + [*offer_events(Offer.HUMAN)]
    send(
        dispatcher,
        fmt.out_of_catalog(query),
        [
            {"title": "Gửi phản ánh, kiến nghị", "payload": "/give_feedback"},
            {"title": "Gặp cán bộ", "payload": "/request_human"},
        ],
    )
    return mark_failed() + [*offer_events(None)]


async def search_and_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, query: str, aspect: str = "summary", retry_with: str = ""
) -> List[Dict[str, Any]]:
    """Search ``query``; answer ``aspect`` of the best match, or ask which variant applies, or say it's not there.

    ``retry_with``: a second query (the whole message) tried when ``query`` (a mention) finds nothing.
    """
    result = await kb_client.search(query)
    if result is not None and (result.abstain or not result.hits) and retry_with and retry_with != query:
        result = await kb_client.search(retry_with)
    if result is None:
        send(dispatcher, KB_UNAVAILABLE)
        return mark_failed()
    if result.abstain or not result.hits:
        return out_of_catalog_events(dispatcher, tracker, query)
    note = render.variant_note(result.variants, aspect) if result.variants else ""
    if note is None:
        text, buttons = fmt.variants_question(result.variants)
        send(dispatcher, text, buttons)
        return [
            SlotSet("pending_variants", [h.code for h in result.variants]),
            SlotSet("pending_aspect", aspect),
            *offer_events(None),
            SlotSet("turn_failed", None),
        ]
    best = result.hits[0]
    return answer_procedure(dispatcher, best.procedure, aspect, result.hits, tracker=tracker, note=note)


def answer_procedure(
    dispatcher, proc, aspect: str, hits=(), tracker: Optional[Tracker] = None, note: str = ""
) -> List[Dict[str, Any]]:
    """Answer about ``proc`` and make it the current procedure (counted for the dashboard, fire-and-forget);
    ``note``: a line under the answer (what differs between close variants)."""
    record_procedure_query(tracker, proc.code, proc.name)
    alternatives = [h for h in hits if h.code != proc.code]
    extra = []
    if aspect == "summary" and alternatives:
        extra.append({"title": "Không phải thủ tục này", "payload": "/deny"})
    answer_aspect(dispatcher, proc, aspect, extra, note=note)
    events = set_current(proc) + set_alternatives(hits, proc.code) + [SlotSet("turn_failed", None)]
    events.extend(offer_events(Offer.ALTERNATIVES if extra else None))
    return events


class ActionSearchProcedure(Action):
    """ask_procedure: search the message (or the procedure mention) and summarise the best match."""

    def name(self) -> Text:
        return "action_search_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        mention = entity(tracker, "procedure")
        query = mention if (mention and (is_payload(text) or len(fold(mention).split()) >= 2)) else text
        if is_payload(query or ""):
            query = mention or ""
        if not (query or "").strip():
            send(dispatcher, "Bạn cần hỏi thủ tục nào ạ? Ví dụ: “làm giấy khai sinh”, “đăng ký tạm trú”.")
            return []
        retry = "" if is_payload(text) else text
        return await search_and_answer(dispatcher, tracker, query, "summary", retry_with=retry)


# ---------------------------------------------------------------- choosing a variant
_ORDINALS = {
    "dau": 1,
    "dau tien": 1,
    "nhat": 1,
    "thu nhat": 1,
    "mot": 1,
    "hai": 2,
    "thu hai": 2,
    "ba": 3,
    "thu ba": 3,
    "bon": 4,
    "thu tu": 4,
    "nam": 5,
    "thu nam": 5,
}
_COMMON_CASE = ("binh thuong", "thong thuong", "thuong", "trong nuoc", "co ban")


def pick_from_text(text: str, names: List[str]) -> Optional[int]:
    """Index in ``names`` chosen by ``text`` ("số 2", "cái đầu", "có yếu tố nước ngoài"), or None."""
    folded = fold(text)
    if not names or not folded:
        return None
    m = re.search(r"\d+", folded)
    if m and 1 <= int(m.group(0)) <= len(names):
        return int(m.group(0)) - 1
    if "cuoi" in folded.split():
        return len(names) - 1
    for word, index in sorted(_ORDINALS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b(thu|cai|so|loai|muc|phuong an|lua chon|truong hop)\s+{word}\b", folded) or folded == word:
            if index <= len(names):
                return index - 1
    # overlap of the words the user typed with each name; the words shared by all names do not count
    name_words = [set(fold(n).split()) for n in names]
    common = set.intersection(*name_words) if name_words else set()
    said = set(folded.split()) - {"cai", "chon", "toi", "loai", "truong", "hop", "thu", "tuc", "la"}
    scores = [len((said & words) - common) for words in name_words]
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return scores.index(best)
    if any(c in folded for c in _COMMON_CASE):
        return 0  # the knowledge base ranks the common citizen case first
    return None


class ActionChooseOption(Action):
    """choose_option: a button payload {"procedure_code": ...} or a typed choice among the pending variants."""

    def name(self) -> Text:
        return "action_choose_option"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        aspect = tracker.get_slot("pending_aspect") or "summary"
        code = entity(tracker, "procedure_code")
        pending = tracker.get_slot("pending_variants") or tracker.get_slot("alternatives") or []
        procs = []
        if not code and pending:
            procs = [p for p in [await kb_client.get(c) for c in pending] if p is not None]
            index = pick_from_text(latest_text(tracker), [p.name for p in procs])
            if index is not None:
                code = procs[index].code
        if code:
            proc = await kb_client.get(code)
            if proc is not None:
                return answer_procedure(dispatcher, proc, aspect, tracker=tracker)
            if kb_client.load_error() is not None or not kb_client.is_ready():
                send(dispatcher, KB_UNAVAILABLE)
                return mark_failed()
        if procs:
            text, buttons = fmt.variants_question(procs, fmt.VARIANT_NOT_CLEAR_HEADING)
            send(dispatcher, text, buttons)
            return []
        # nothing pending: the message may name a procedure itself ("xin chuyển trường cho con học lớp 6"),
        # or refine the current one ("cấp xã", "lưu động"...)
        text = latest_text(tracker)
        if not is_payload(text):
            if len(content_words(text)) >= 2:
                return await search_and_answer(dispatcher, tracker, text, aspect)
            if tracker.get_slot("current_procedure_name"):
                query = f"{tracker.get_slot('current_procedure_name')} {text}"
                return await search_and_answer(dispatcher, tracker, query, aspect)
        send(dispatcher, "Bạn đang hỏi về thủ tục nào ạ? Bạn nhắn tên thủ tục giúp tôi, ví dụ: “đăng ký kết hôn”.")
        return []

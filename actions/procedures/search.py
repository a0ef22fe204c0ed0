"""Finding a procedure in the knowledge base and choosing between close variants."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import knowledge_base as kb_client
from actions.core.chat import record_procedure_query, record_unanswered
from actions.core.offers import Offer, offer_events
from actions.core.replies import send
from actions.core.tracker import entity, is_payload, latest_text
from actions.procedures import out_of_catalog, render
from actions.procedures import texts as fmt
from actions.procedures.aspect import aspect_to_answer
from actions.procedures.conversation import (
    answer_aspect,
    content_words,
    conversation_context,
    mark_failed,
    named_part,
    set_alternatives,
    set_current,
)
from actions.procedures.corrections import split_negated
from actions.procedures.follow_ups import (
    BEST,
    answered,
    follow_up_aspect,
    has_match,
    in_context,
    refused_by,
    same_field_first,
    search_message,
    top_score,
    without_procedure,
)
from actions.procedures.lost_papers import reissue_query
from actions.procedures.named_beside_outside import named_beside_outside_topic
from actions.procedures.render.variants import ASPECT_WORDS, COMPARED
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


def out_of_catalog_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, query: str, handled_by: str = ""
) -> List[Dict[str, Any]]:
    """Say honestly that the catalog has nothing and where to go, with "Gặp cán bộ" offered; a question the
    catalog may still answer once refined is kept as the context of the next message."""
    record_unanswered(tracker, latest_text(tracker) or query, "no_result")
    send(dispatcher, out_of_catalog.answer_for(query, handled_by), out_of_catalog.HUMAN_BUTTONS)
    kept = None if (handled_by or out_of_catalog.topic_of(query)) else query
    return mark_failed() + [SlotSet("last_query", kept), *offer_events(None)]


LONG_STORY_WORDS = 15  # a message this long that finds nothing as a whole is searched clause by clause


_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]+|\b(?:nhưng|nhung|mà|ma|thì|thi|giờ|gio)\b")


def _clauses(text: str) -> List[str]:
    """The parts of a long story worth searching on their own (two content words at least)."""
    return [p.strip() for p in _CLAUSE_BREAK.split(text) if len(content_words(p)) >= 2]


async def find_procedure(tracker: Tracker, text: str) -> Tuple[Any, str]:
    """Search the whole message (a lost paper as its reissue; what a correction negates left out), and with the
    conversation's context: a follow-up or a refinement ("nếu chồng là người nước ngoài thì sao", "làm cho con 5
    tuổi thì cần thêm gì") stays with the conversation's procedure, the variant of it the message selects or the
    sibling its situation chooses, while a correction ("à nhầm, ý tôi là kết hôn") or a new question leaves it
    (``follow_ups.in_context``); the message's own result then puts the current procedure's field first. The
    context's result also wins when the message alone finds nothing. A long story that finds nothing as a whole is
    searched clause by clause. Returns (result, query searched)."""
    kept, negated = split_negated(text)
    query = reissue_query(kept)
    result = await search_message(kept)
    if result is None:
        return None, query
    context = conversation_context(tracker)
    if context and fold(context) not in fold(query):
        code = tracker.get_slot("current_procedure_code")
        current = await kb_client.get(code) if code else None
        followed = await in_context(kept, query, result, context, current, negated)
        if followed is not None:
            return followed
        if refused_by(negated, current):
            result = without_procedure(result, code)
        result = same_field_first(result, current, kept)
    clauses = _clauses(text) if len(text.split()) >= LONG_STORY_WORDS else []
    if not has_match(result) and len(clauses) >= 2:
        results = [r for r in [await kb_client.search(c) for c in clauses] if has_match(r)]
        if results:
            return max(results, key=top_score), query
    return result, query


async def find_asked_procedure(tracker: Tracker, text: str) -> Tuple[Any, str]:
    """find_procedure for a message the NLU read as asking a fact of a procedure: when the whole message finds
    nothing, what it names without its question and filler is searched too, as a whole and clause by clause ("bố
    tôi mất rồi, đi báo tử ở đâu" -> "bố mất báo tử", "bố mất", "báo tử"); the best match wins. Only there: small
    talk left with one word would find a procedure named by it ("giá vàng hôm nay" -> "vàng"). Never when the
    whole message was refused with who handles it (``handled_by``: a topic outside the catalog, by the table or by
    meaning): a fragment of "bị lấy trộm con bò ngoài đồng, báo ai" would find some procedure of its words."""
    result, query = await find_procedure(tracker, text)
    if result is None or has_match(result) or getattr(result, "handled_by", ""):
        return result, query
    named = [named_part(part) for part in [text, *_CLAUSE_BREAK.split(text)]]
    tried = {fold(text)}
    best, best_query = result, query
    for part in named:
        if part and fold(part) not in tried:
            tried.add(fold(part))
            found = await search_message(part)
            if has_match(found) and top_score(found) > top_score(best):
                best, best_query = found, part
    return best, best_query


async def found_by_its_name(text: str, searched: str, result) -> bool:
    """Whether a follow-up's search ``result`` moves the conversation to another procedure: a refinement found with
    the current procedure as context does; a message found alone does when what it names, searched without its
    question and filler, finds one of the same procedures among its best ("passport thì bao lâu"; "sổ đỏ" alone ties
    two land procedures), not when it names nothing the catalog knows ("cảm ơn, nộp ở đâu", "ok vậy bao lâu thì
    xong": the question alone may match some procedure)."""
    if searched != text:
        return True
    named = named_part(text)
    if not named:
        return False
    alone = result if fold(named) == fold(text) else await search_message(named)
    found = {h.code for h in [*result.hits, *result.variants]}
    return has_match(alone) and any(h.code in found for h in alone.hits[:BEST])


async def search_and_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, aspect: str = "summary"
) -> List[Dict[str, Any]]:
    """Answer ``aspect`` of the procedure ``text`` asks about, or ask which variant applies, or say honestly that
    it is outside the catalog and where to go (a topic of out_of_catalog.TOPICS is answered without searching)."""
    events, result = await answer_if_found(dispatcher, tracker, text, aspect)
    if events is not None:
        return events
    if result is None:
        send(dispatcher, KB_UNAVAILABLE)
        return mark_failed()
    return out_of_catalog_events(dispatcher, tracker, text, getattr(result, "handled_by", ""))


async def answer_if_found(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, aspect: str = "summary"
) -> Tuple[Optional[List[Dict[str, Any]]], Any]:
    """(events, search result): the answer when ``text`` names an out-of-catalog topic or the catalog has its
    procedure (or close variants to choose from); (None, result) when nothing was answered (result None: the
    knowledge base is unavailable). The overview ("summary") gives way to the fact the message asks, if any
    ("… thì mang những gì?"): the aspect reader reads the whole message."""
    aspect = aspect_to_answer(split_negated(text)[0], aspect)  # a correction's negated part asks nothing
    if out_of_catalog.topic_of(text) is not None:
        return await answer_outside_topic(dispatcher, tracker, text, aspect)
    result, query = await find_procedure(tracker, text)
    if not has_match(result):
        return None, result
    if query != reissue_query(text):  # found with the conversation's context: a follow-up
        aspect = follow_up_aspect(tracker, text, aspect)
    return answer_found(dispatcher, tracker, result, query, aspect), result


async def answer_outside_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, aspect: str
) -> Tuple[List[Dict[str, Any]], Any]:
    """(events, the search result or None) for ``text`` that names a topic outside the catalog: where to go, unless a
    catalog procedure is named strongly beside the topic (then that procedure's ``aspect``)."""
    named = await named_beside_outside_topic(text)
    if named is None:
        return out_of_catalog_events(dispatcher, tracker, text), None
    return answer_found(dispatcher, tracker, named, text, aspect), named


def answer_found(dispatcher: CollectingDispatcher, tracker: Tracker, result, query: str, aspect: str):
    """Answer ``aspect`` of the best procedure a search found, or ask which of its close variants applies when the
    asked fact differs between them (the searched ``query`` kept as the context of the answer)."""
    note = render.variant_note(result.variants, aspect, query) if result.variants else ""
    if note is None:
        question, buttons = fmt.variants_question(result.variants)
        send(dispatcher, question, buttons)
        return [
            SlotSet("pending_variants", [h.code for h in result.variants]),
            SlotSet("pending_aspect", aspect),
            SlotSet("last_query", query),
            *offer_events(None),
            SlotSet("turn_failed", None),
        ]
    return answer_procedure(dispatcher, result.hits[0].procedure, aspect, result.hits, tracker=tracker, note=note)


def answer_among_variants(
    dispatcher: CollectingDispatcher, tracker: Tracker, procs: Sequence, aspect: str
) -> List[Dict[str, Any]]:
    """A fact asked before the citizen chose among the close variants offered ("làm căn cước", then "mất bao nhiêu
    tiền"): answered for the common case (the first) with what differs noted when the fact is the same in all of
    them; else the choice asked again, saying that the fact depends on it (answered once chosen)."""
    note = render.variant_note(procs, aspect, latest_text(tracker))
    if note is not None:
        return answer_procedure(dispatcher, procs[0], aspect, procs, tracker=tracker, note=note)
    differs = ASPECT_WORDS.get(COMPARED.get(aspect, ""), "")
    lead = (
        f"{differs[:1].upper()}{differs[1:]} khác nhau tùy trường hợp."
        if differs
        else "Bạn chọn giúp tôi trường hợp trước nhé."
    )
    question, buttons = fmt.variants_question(procs)
    send(dispatcher, f"{lead}\n{question}", buttons)
    return [SlotSet("pending_aspect", aspect)]


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
    question = latest_text(tracker) if tracker is not None else ""
    answer_aspect(dispatcher, proc, aspect, extra, note=note, question=question)
    events = set_current(proc) + set_alternatives(hits, proc.code) + [SlotSet("turn_failed", None), *answered(aspect)]
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
        if is_payload(text):  # a button: its procedure entity is the whole question
            mention = entity(tracker, "procedure") or ""
            if mention.strip():
                return await search_and_answer(dispatcher, tracker, mention, "summary")
        elif text.strip():
            return await search_and_answer(dispatcher, tracker, text, "summary")
        send(dispatcher, "Bạn cần hỏi thủ tục nào ạ? Ví dụ: “làm giấy khai sinh”, “đăng ký tạm trú”.")
        return []


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
        if not is_payload(text) and (len(content_words(text)) >= 2 or conversation_context(tracker)):
            return await search_and_answer(dispatcher, tracker, text, aspect)
        send(dispatcher, "Bạn đang hỏi về thủ tục nào ạ? Bạn nhắn tên thủ tục giúp tôi, ví dụ: “đăng ký kết hôn”.")
        return []

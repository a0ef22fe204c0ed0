"""Whether a message follows up the conversation's procedure or leaves it (issue 10), read from the records and two
searches: the message alone, and the message with the conversation's context (the current procedure's name).

- A refinement that tells another situation moves to the sibling it chooses: the context's search puts first a
  procedure of the current one's field that the question's situation chooses over it ("cấp thẻ căn cước lần đầu",
  then "thế nếu bị mất thì làm lại hết bao nhiêu": the re-issue), even when the message alone finds some other
  procedure of the same situation strongly (a land certificate "do bị mất").
- A new question names an object the current procedure does not have: what the message names alone finds one of
  the message's best procedures strongly, that procedure's name or everyday names hold some of the message's words,
  and the current procedure's name and everyday names hold none of them ("đăng ký khai sinh", then "cccd bị mờ ảnh
  thì đổi ở đâu": the abbreviation expands to words no name of the birth registration has).
- A correction's negated part ("chứ không phải khai sinh") is left out of the search and sets the current procedure
  aside when it names it; a negated act ("không phải đổi") is left out of the context's name too. What the message
  alone ranks best in the current procedure's field then wins (a land certificate's exchange set aside, "sổ mất
  hẳn" finds its re-issue first, abstaining on so few words: the conversation's field vouches for it).
- Among the message's best procedures, the one of the current procedure's field comes first unless the question's
  situation chose the other ("đăng ký tạm trú", then "thế còn thường trú thì lệ phí bao nhiêu": the citizens'
  permanent residence, not the foreigners' card, unless the message names foreigners).
- A follow-up that asks nothing of its own is answered for the aspect the previous answer gave (slot
  ``last_aspect``): "thế còn người nước ngoài thì sao" after a documents question gives the variant's documents;
  one that asks how to send the file ("gửi qua bưu điện được không", "làm qua mạng trên trang nào") gets the
  procedure's channels (``online``), not the previous aspect again.
- A correction that swaps one case of an everyday name of the current procedure for another ("ý tôi là ô tô, không
  phải xe máy" on the transfer citizens call "sang tên xe máy, ô tô") refines it: the procedure is not set aside.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Optional, Set, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.clients import knowledge_base as kb_client
from actions.procedures.aspect import CONDITIONS, NONE, question_clauses, read_clause
from actions.procedures.conversation import content_words, named_part
from actions.procedures.lost_papers import is_lost_paper_question, reissue_query
from nlu.vietnamese_text import canonical, fold, has_vietnamese_diacritics

# The knowledge base's score (ranker-weighted) from which a follow-up names a procedure of its own (a correction, a
# new question), when what it names without its question finds it first: on 40 hand-written follow-ups, a procedure
# named by a new question scored 0.7-1.2 both ways; a case named by a refinement scored below 0.6 ("tuổi thêm" 0.31,
# "nhà thuê" 0.4) or the whole message did ("còn bằng ô tô thì sao" 0.51).
NAMED_STRONGLY = 0.6
SAME_FAMILY_SHARE = 0.75  # share of the current procedure's name words a variant of it has in its own name
BEST = 3  # the message's best procedures looked at (a follow-up's procedure is among them)
# The aspects a follow-up that asks nothing of its own is read as: the overview, or the conditions of the case it
# tells ("nếu chồng là người Hàn Quốc thì sao"); it is answered with the previous answer's aspect
INHERITING = ("summary", CONDITIONS)
# How the file is sent (accent-folded whole words): a follow-up asking it is answered with the channels
CHANNEL = re.compile(
    r"\b(?:qua mang|truc tuyen|online|onl|dich vu cong|buu dien|buu chinh|chuyen phat|gui (?:ho so )?qua"
    r"|trang (?:nao|web|gi)|website|web|vneid|cong dich vu)\b"
)
# Where a procedure's name stops naming what it makes or changes and starts naming its case
CASE_START = re.compile(r"\s(?:cho|trong trường hợp|trường hợp|đối với|khi|tại|ở|do|vì)\s|[(,;:]", re.IGNORECASE)


def has_match(result) -> bool:
    """The search found a procedure (it did not abstain)."""
    return result is not None and not result.abstain and bool(result.hits)


def top_score(result) -> float:
    return result.hits[0].score if has_match(result) else float("-inf")


async def search_message(text: str) -> Any:
    """The knowledge base's search of a message or a part of it: a lost or damaged paper as its reissue, which being
    a catalog question is never refused for its meaning's nearest topic outside the catalog; None when the knowledge
    base is unavailable."""
    return await kb_client.search(reissue_query(text), outside_meaning=not is_lost_paper_question(text))


def _best_codes(result) -> list:
    return [h.code for h in [*result.hits[:BEST], *result.variants]]


async def _named_alone(text: str, result) -> Any:
    """The first hit of what ``text`` names without its question and filler, when it is one of ``result``'s best
    procedures or close variants and scores at least NAMED_STRONGLY; else None. Typed without diacritics, a name's
    words can read as question words ("the can cuoc" as "thế cần"): what the message names with its accents restored
    is tried too, and what it names with the catalog's words for the everyday names it holds ("sổ đỏ")."""
    if not has_match(result):
        return None
    readings = [named_part(text), " ".join([named_part(text), *kb_client.alias_expansions(text)])]
    if not has_vietnamese_diacritics(text):
        readings.append(named_part(kb_client.restore_accents(text)))
    for named in dict.fromkeys(r for r in readings if r):
        found = await search_message(named)
        if found and found.hits and found.hits[0].code in _best_codes(result) and found.hits[0].score >= NAMED_STRONGLY:
            return found.hits[0]
    return None


def names_strongly(result, named) -> bool:
    """The message names a procedure of its own, strongly: its search ``result`` (the message alone) finds one scoring
    at least NAMED_STRONGLY without abstaining, and what it names alone finds one of the same (``named``, from
    ``_named_alone``; the fragment's own abstention is not asked: it is calibrated on whole questions). A refinement
    names a case, not a procedure ("làm cho con 5 tuổi thì cần thêm gì" -> "tuổi thêm"; "còn bằng ô tô thì sao" finds
    one weakly)."""
    return named is not None and top_score(result) >= NAMED_STRONGLY


def names_words(proc) -> Set[str]:
    """The content words of a procedure's name and of the everyday names citizens use for it."""
    return {w for name in (proc.name, *kb_client.common_names(proc.code)) for w in content_words(name)}


def without_channel(text: str) -> str:
    """``text`` without the words that say how the file is sent ("gửi qua bưu điện": no post-office procedure)."""
    tokens = re.findall(r"\w+", canonical(text or ""))
    joined = " ".join(fold(t).lower() for t in tokens)
    cut = set()
    for match in CHANNEL.finditer(joined):
        first = joined[: match.start()].count(" ")
        cut.update(range(first, first + match.group(0).count(" ") + 1))
    return " ".join(t for i, t in enumerate(tokens) if i not in cut)


def said_words(text: str) -> Set[str]:
    """The content words of a follow-up (and the catalog's words for the everyday names it holds), without the
    words of how the file is sent."""
    kept = without_channel(text)
    return set(content_words(" ".join([kept, *kb_client.alias_expansions(kept)])))


def object_words(proc) -> Set[str]:
    """The content words of what a procedure's names make or change ("Cấp lại tem AB", "Cấp thẻ căn cước"), before
    the case they name ("trong trường hợp hộ chiếu bị mất", "cho người dưới 14 tuổi")."""
    words: Set[str] = set()
    for name in (proc.name, *kb_client.common_names(proc.code)):
        words.update(content_words(CASE_START.split(name, maxsplit=1)[0]))
    return words


def names_another_object(text: str, named, current) -> bool:
    """``text`` is a new question: what it names alone finds one of its best procedures strongly (``named``, from
    ``_named_alone``), whose names hold some of its words, while the ``current`` procedure's names hold none of them;
    or, for a procedure of the current one's field (a sibling of the family: "thường trú" after "tạm trú"), not all
    of them."""
    if named is None:
        return False
    said = set(content_words(" ".join([text, *kb_client.alias_expansions(text)])))
    shared, current_words = said & names_words(named.procedure), names_words(current)
    if named.procedure.field == current.field and named.code != current.code:
        return bool(shared - current_words)
    return bool(shared) and not said & current_words


def sibling_chosen(text: str, with_context, current) -> bool:
    """The context's search puts first a procedure of the ``current`` one's field that the question's situation
    chooses over it ("nếu bị mất" after the first issue of a card: its re-issue)."""
    first = with_context.hits[0]
    return (
        first.code != current.code
        and first.procedure.field == current.field
        and kb_client.situation_chooses(text, first.code, current.code)
    )


def same_family(name: str, current_name: str) -> bool:
    """``name`` is a variant of the current procedure: it has (nearly) all the words of the current one's name."""
    current = set(content_words(current_name))
    return bool(current) and len(current & set(content_words(name))) >= SAME_FAMILY_SHARE * len(current)


def leaving(result, current: str):
    """``result`` (whose best procedure is not the current one) without the current procedure among its close
    variants: a message that moves the conversation ("ấy chết tôi nhầm, tôi định hỏi kết hôn" while on the birth
    registration) is not asked whether it meant the procedure it leaves."""
    variants = [v for v in result.variants if v.code != current]
    return replace(result, variants=variants if len(variants) >= 2 else [])


def without_procedure(result, code: str):
    """``result`` without procedure ``code`` (a correction said it is not the one meant)."""
    if result is None or not code:
        return result
    return replace(leaving(result, code), hits=[h for h in result.hits if h.code != code])


def _words(text: str) -> Set[str]:
    """The accent-folded words of ``text`` (every word: typed without accents, "xe may" holds the question word
    "mấy")."""
    return set(re.findall(r"\w+", fold(text).lower()))


def swaps_a_case(kept: str, negated: str, current) -> bool:
    """The correction swaps one case of the ``current`` procedure for another that an everyday name of it holds
    together ("sang tên xe máy, ô tô": "ô tô, không phải xe máy"): words outside the procedure's own name, one
    negated and one kept, in the same everyday name."""
    if current is None or not negated:
        return False
    official = _words(current.name)
    denied = _words(negated) - official
    meant = _words(kept) - official - denied
    names = (_words(name) for name in kb_client.common_names(current.code))
    return bool(denied and meant) and any(denied & words and meant & words for words in names)


def refused_by(negated: str, current) -> bool:
    """The correction's negated part names the ``current`` procedure ("chứ không phải khai sinh" on the birth
    registration; "không phải đổi" on an exchange)."""
    return current is not None and bool(set(content_words(negated)) & names_words(current))


def without_words(text: str, negated: str) -> str:
    """``text`` without the words the correction negated (accent-folded whole words)."""
    dropped = set(fold(negated).split())
    return " ".join(w for w in text.split() if fold(w) not in dropped) if dropped else text


def same_field_first(result, current, text: str):
    """``result`` with, among its best procedures, the first one of the ``current`` procedure's field put first,
    unless the question's situation chose the first hit over it (an audience the message names: foreigners)."""
    if not has_match(result) or current is None or result.hits[0].procedure.field == current.field:
        return result
    first = result.hits[0]
    for hit in result.hits[1:BEST]:
        if hit.procedure.field == current.field and not kb_client.situation_chooses(text, first.code, hit.code):
            return replace(result, hits=[hit, *[h for h in result.hits if h.code != hit.code]], variants=[])
    return result


def answered(aspect: str) -> list:
    """The events remembering the aspect just answered (slot ``last_aspect``), for the next follow-up."""
    return [SlotSet("last_aspect", aspect)]


def asks_nothing(text: str) -> bool:
    """The question of ``text`` (its clause after the last "thì" / "vậy") asks no fact: a condition the aspect reader
    finds in "nếu chồng là người Hàn Quốc thì sao" is the case the message tells, not its question."""
    clauses = question_clauses(text)
    return not clauses or read_clause(clauses[0]).aspect == NONE


def follow_up_aspect(tracker: Tracker, text: str, aspect: str) -> str:
    """``aspect``, or the previous answer's aspect when the follow-up ``text`` asks nothing of its own (the aspect
    reader finds no fact, or conditions only in the case the message tells)."""
    last = tracker.get_slot("last_aspect")
    if aspect in INHERITING and CHANNEL.search(fold(text)):
        return "online"
    if not last or aspect not in INHERITING:
        return aspect
    return last if aspect == "summary" or asks_nothing(text) else aspect


async def in_context(text: str, query: str, result, context: str, current, negated: str) -> Optional[Tuple[Any, str]]:
    """(the context's result, the query searched) when ``text`` follows up the conversation (a refinement, a
    sibling its situation chooses, a variant it selects); None when it leaves it (a correction, a new question) or
    the context finds nothing. ``current``: the current procedure's record (None: the context is the last query);
    ``negated``: what a correction negated."""
    if swaps_a_case(text, negated, current):
        negated = ""
    searched = f"{without_words(context, negated)} {query}"
    with_context = await kb_client.search(searched)
    code = current.code if current is not None else ""
    if refused_by(negated, current):
        with_context = without_procedure(with_context, code)
        instead = next((h for h in result.hits[:BEST] if h.code != code and h.procedure.field == current.field), None)
        if instead is not None:
            others = [h for h in result.hits if h.code not in (code, instead.code)]
            return replace(result, abstain=False, hits=[instead, *others], variants=[]), searched
    if not has_match(with_context):
        return None
    variant = with_context.hits[0].code != code
    chosen = leaving(with_context, code) if variant else with_context
    if current is not None and sibling_chosen(text, with_context, current):
        return chosen, searched
    if variant and same_family(with_context.hits[0].name, context) and top_score(with_context) > top_score(result):
        return chosen, searched
    said = said_words(text)
    if current is not None and said <= names_words(current):  # nothing the current procedure's names lack
        return chosen, searched
    # what the message names alone is searched once, for both tests (only when one of them can use it)
    asks = current is not None or top_score(result) >= NAMED_STRONGLY
    named = await _named_alone(text, result) if asks else None
    if current is not None and named is not None and not said & object_words(named.procedure):
        named = None  # a case of another procedure ("cho con dưới 14 tuổi"), not what it makes
    if current is not None and names_another_object(text, named, current):
        return None
    return None if names_strongly(result, named) else (chosen, searched)

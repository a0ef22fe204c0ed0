"""A procedure question the NLU files under another intent (a complaint, a FAQ) still gets its procedure (issue 10).

A complaint needs a grievance against an office or an official: late, rude, money asked for, wrongly refused, a
complaint said as such. "mua xe cũ của hàng xóm, sang tên mất bao lâu" or "tiền bị chuột gặm rách, đổi ở đâu" tell
a story that sounds negative and blame nobody: they ask a fact of a procedure. A canned FAQ text ("định danh mức 2")
answers a general question ("vneid mức 2 là gì"), not "kích hoạt định danh mức 2 mất mấy ngày", which asks a fact of
a catalog procedure.

The asked fact is read by the aspect reader (actions/procedures/aspect.py) from the message *without the words of
the procedure's name*: "dịch vụ công trực tuyến là gì" names the procedures of online services and asks nothing of
them, while "định danh mức 2 ở đâu" asks where. Limits: a grievance is recognised from the common words citizens use
for it (accent-folded whole words, ``GRIEVANCE``); a message with one of them stays a complaint even if it also asks
a fact, unless it only says it complains ("khiếu nại", "bức xúc"), names no office and asks a fact: "hãng không hoàn
tiền thì khiếu nại ở đâu" is a question (``asked_where_to_complain``). A message the NLU read as a wish to file
("nộp hồ sơ …") that asks a fact is answered too (``asks_rather_than_files``).

A grievance is the complaint form's only when it is against an office or an official (``OFFICE``): "công ty nợ
lương", "hàng xóm hát karaoke đến khuya", "bệnh viện tư thu tiền quá đắt" blame no office of a catalog procedure, so
the citizen is first told who handles them (the outside table's topic, else the knowledge base's ``handled_by``), with
a person offered. Limits: an office is recognised from a few words (cán bộ, UBND, một cửa, "xã không …"); "công an"
is not one of them, since reporting to the police is itself where a crime or a fraud goes.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import knowledge_base as kb_client
from actions.core.tracker import is_payload
from actions.procedures import out_of_catalog
from actions.procedures.aspect import (
    NONE,
    asks_a_question,
    aspect_to_answer,
    question_clauses,
    read_aspects,
    read_clause,
)
from actions.procedures.conversation import conversation_context
from actions.procedures.lost_papers import tells_a_death, tells_a_loss
from actions.procedures.search import (
    answer_found,
    find_procedure,
    has_match,
    out_of_catalog_events,
    search_and_answer,
    search_message,
)
from nlu.vietnamese_text import canonical, fold

Events = List[Dict[Text, Any]]

# The knowledge base's score of its best procedure (ranker-weighted, about 0.5 to 1.2 for a question that names one)
# below which a message the NLU filed elsewhere (out of scope, a FAQ) keeps its own answer: small talk sharing one
# word with a procedure's name ("tư vấn mua điện thoại", "du lịch Đà Lạt") scores about 0.3 to 0.5 when the search
# does not abstain.
CONFIDENT_SCORE = 0.5

# A grievance against an office or an official (accent-folded): a delay, money asked for, rudeness, a refusal or a
# dossier sent back again and again, a complaint said as such. "doi tien" alone is also "đổi tiền" (exchanging
# banknotes): money asked for is "đòi" typed with diacritics (``DEMAND``), or said with who asks or how much.
GRIEVANCE = re.compile(
    r"\b(?:tre hen|qua hen|cham tre|hen lan hen lua|hen (?:di hen lai|het lan nay|mai|nhieu lan)"
    r"|chua (?:co|nhan duoc|duoc tra|tra|thay|lay duoc) ket qua|van chua (?:xong|co|duoc|giai quyet|tra)"
    r"|mai (?:chua|khong|van chua)|khong ai (?:giai quyet|tra loi)|(?:that lac|lam mat) ho so"
    r"|(?:can bo|nhan vien|cong chuc|ho(?! so\b)|anh ay|chi ay|ong ay) (?:\w+ ){0,2}doi|doi (?:them|\d+)"
    r"|bat (?:nop|dong|dua) (?:them|ngoai)|thu (?:them|ngoai)|tien ngoai|chi phi ngoai"
    r"|boi duong|phong bi|hoi lo|tien (?:che|tra) nuoc|lot tay"
    r"|thai do|hach dich|hach sach|nhung nhieu|gay kho|lam kho|quat thao|to tieng|coc can|vo le|mat lich su"
    r"|khong (?:chiu )?(?:tiep|nhan ho so|giai quyet)|tu choi (?:nhan|tiep nhan|giai quyet)"
    r"|bat (?:bo sung|lam lai|di lai|ve|cho)|di lai (?:nhieu lan|may lan|\d+ lan)|sai quy dinh|trai quy dinh"
    r"|(?P<said>khieu nai|to cao|phan anh|buc xuc|buc minh|that vong|qua te|te qua|vo trach nhiem))\b"
)
DEMAND = re.compile(r"\bđòi\b")
# A deadline passed ("trễ hạn", "quá hạn", accent-folded) is a grievance only when an office or official is named as
# the one late (``AUTHORITY``): the citizen's own paper or registration past its deadline ("bằng lái quá hạn", "khai
# sinh trễ hạn có bị phạt không") is a question about it.
DEADLINE_PASSED = re.compile(r"\b(?:tre|qua) han\b")
# An office or official of the administration (accent-folded whole words)...
AUTHORITY = (
    r"can bo|cong chuc|vien chuc|ubnd|uy ban|chinh quyen|mot cua|bo phan tiep nhan|dia chinh|tu phap|ho tich"
    r"|chu tich (?:xa|phuong)|(?:xa|phuong) (?:khong|chua|bat|doi|thu|tu choi|giai quyet|tra)"
)
# ...or the citizen's dossier, named in a grievance: the complaint is theirs to hear, so the complaint form opens. A
# grievance naming none of them is about a matter (an employer, a neighbour, a company, a hospital, a school) that a
# body outside the catalog's offices handles.
OFFICE = re.compile(rf"\b(?:{AUTHORITY}|ho so cua toi|nop ho so|thu tuc)\b")


def is_grievance(text: str) -> bool:
    """The message holds a grievance against an office or an official (see ``GRIEVANCE``, ``DEADLINE_PASSED``)."""
    typed = canonical(text or "").lower()
    folded = fold(typed)
    late = DEADLINE_PASSED.search(folded) and re.search(rf"\b(?:{AUTHORITY})\b", folded)
    return bool(GRIEVANCE.search(folded) or DEMAND.search(typed) or late)


def only_says_it_complains(text: str) -> bool:
    """The message's grievance is only a complaint said as such ("khiếu nại", "bức xúc": ``GRIEVANCE``'s ``said``
    group), with nothing an office did (late, money asked for, rude…) and no office named: "hãng không hoàn tiền thì
    khiếu nại ở đâu" complains about a private party."""
    typed = canonical(text or "").lower()
    found = list(GRIEVANCE.finditer(fold(typed)))
    return (
        bool(found) and all(m.group("said") for m in found) and not DEMAND.search(typed) and not names_an_office(text)
    )


def names_an_office(text: str) -> bool:
    """The message names an office or official of the administration (see ``OFFICE``)."""
    return bool(OFFICE.search(fold(canonical(text or "").lower())))


async def outside_grievance_answer(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> Optional[Events]:
    """For a grievance that names no office or official: where to go when its matter is outside the catalog (the
    phrase table's topic, else the knowledge base's ``handled_by`` when its search refuses the message), with a
    person offered; None when the grievance is against an office (the complaint form hears it) or its matter is not
    known to be outside."""
    if not text or is_payload(text) or names_an_office(text):
        return None
    if out_of_catalog.topic_of(text) is not None:
        return out_of_catalog_events(dispatcher, tracker, text)
    result = await kb_client.search(text)
    if result is None or not result.abstain or not getattr(result, "handled_by", ""):
        return await asked_where_to_complain(dispatcher, tracker, text)
    return out_of_catalog_events(dispatcher, tracker, text, result.handled_by)


async def asked_where_to_complain(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> Optional[Events]:
    """A message that only says it complains, names no office and asks a fact ("người quen … không trả, khiếu nại ở
    đâu": the aspect reader reads one) is a question, never the form for complaints about the administration: the
    fact of a procedure the search finds confidently ("khiếu nại quyết định xử phạt ở đâu"), else honestly where to
    go; None otherwise."""
    if not only_says_it_complains(text) or aspect_to_answer(text) == "summary":
        return None
    answered = await answer_asked_fact(dispatcher, tracker, text)
    return answered if answered is not None else out_of_catalog_events(dispatcher, tracker, text)


def without_name(text: str, name: str) -> str:
    """``text`` without the words of the procedure's ``name`` (accent-folded whole words): the question part."""
    named = set(re.findall(r"\w+", fold(canonical(name)).lower()))
    return " ".join(w for w in re.findall(r"\w+|[?.,;!]", canonical(text or "")) if fold(w.lower()) not in named)


def asked_fact(text: str, name: str) -> str:
    """The fact (documents, fee, time, where, online, legal) ``text`` asks of the procedure called ``name``, or
    "summary" when it asks none, read without the procedure's own words ("dịch vụ công trực tuyến là gì")."""
    return aspect_to_answer(without_name(text, name))


async def names_a_procedure(tracker: Tracker, text: str) -> Tuple[bool, str]:
    """(the knowledge base finds a procedure for the whole message, or for it with the conversation's context, and
    its best one scores at least CONFIDENT_SCORE; who handles the topic when it abstains). Only the whole message is
    judged: the search's abstention is calibrated on it, not on the fragments a later search step may try."""
    context = conversation_context(tracker)
    with_context = [await kb_client.search(f"{context} {text}")] if context and context not in text else []
    results = [r for r in [await search_message(text), *with_context] if r is not None]
    confident = any(not r.abstain and r.hits and r.hits[0].score >= CONFIDENT_SCORE for r in results)
    return confident, next((r.handled_by for r in results if getattr(r, "handled_by", "")), "")


async def answer_asked_fact(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    min_score: float = CONFIDENT_SCORE,
    overview: bool = False,
) -> Optional[Events]:
    """The answer to a message that asks a fact of a procedure the search finds (its best hit scoring at least
    ``min_score``), the fact read without the procedure's own words; None when it asks none (unless ``overview``:
    then the procedure's overview) or names none."""
    result, query = await find_procedure(tracker, text)
    if not has_match(result) or result.hits[0].score < min_score:
        return None
    aspect = asked_fact(text, result.hits[0].name)
    if aspect == "summary" and not overview:
        return None
    return answer_found(dispatcher, tracker, result, query, aspect)


async def procedure_question_answer(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> Optional[Events]:
    """For a message the NLU read as a complaint: the answer when it blames nobody and asks a fact of a procedure
    the search finds (without abstaining: the intent already says the message is about the administration, so
    small talk is not the risk here), or tells a relative's death (its procedure's overview when it asks no fact:
    a death told is no grievance); something lost or damaged that blames nobody and names no office (a savings
    book, a bank card: ``tells_a_loss``) is answered as a question, its procedure or where to go, never the form;
    None when it is a grievance (the form opens)."""
    if not text or is_payload(text) or is_grievance(text):
        return None
    if tells_a_loss(text) and not names_an_office(text):
        return await search_and_answer(dispatcher, tracker, text)
    return await answer_asked_fact(dispatcher, tracker, text, float("-inf"), overview=tells_a_death(text))


# The aspect reader's probability of "no fact asked" in a message's first question clause at or above which a
# message that says "nộp hồ sơ" and holds a question word is a wish to file ("nộp giúp tôi hồ sơ khai sinh được
# không": about 0.95) rather than a question ("sáng nộp thì chiều lấy được không": about 0.3).
FILING_WISH = 0.6


def asks_rather_than_files(text: str) -> bool:
    """A message the NLU read as a wish to file ("nộp hồ sơ") asks a fact instead: the aspect reader reads one
    confidently, or its first question clause holds a question word and reads "no fact asked" below FILING_WISH
    ("nộp hồ sơ khai sinh buổi chiều thì bao giờ lấy được giấy"). "tôi muốn nộp hồ sơ khai sinh" asks nothing."""
    if not text or is_payload(text):
        return False
    if read_aspects(text):
        return True
    clauses = question_clauses(text)
    if not clauses or not asks_a_question(clauses[0]):
        return False
    reading = read_clause(clauses[0])
    return reading.aspect != NONE or reading.confidence < FILING_WISH


def faq_response(tracker: Tracker) -> str:
    """The FAQ response the NLU's response selector chose ("utter_faq/vneid_level2"), or ""."""
    selector = (tracker.latest_message or {}).get("response_selector") or {}
    chosen = ((selector.get("faq") or {}).get("response") or {}).get("utter_action") or ""
    return chosen if chosen.startswith("utter_faq/") else ""

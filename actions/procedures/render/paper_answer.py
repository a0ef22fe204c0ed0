"""The first line of a document answer to a question about one paper, as a clerk says it: "Có — cần Giấy khám sức
khỏe, trừ người có giấy phép lái xe hạng A1, A, B1.", "Có — trong trường hợp “Công trình nhà ở riêng lẻ”, cần Hồ sơ
thiết kế xây dựng (“… 02 bộ bản vẽ …”).", or, when no paper of the record's list holds the asked words, "Danh sách
giấy tờ của thủ tục này không nêu riêng “sổ hộ khẩu”." (the record is silent: never "không cần").

The paper is found by its name (``question_match.asked_papers``), by words only its full wording holds
(``papers_by_wording``), or by the catalog's words for its everyday name ("sổ đỏ", "cà vẹt": the aliases table). The
list is said not to name it only when none of the asked words' content pairs (nor their catalog words') is in any
paper's wording nor in the procedure's name.
"""

from __future__ import annotations

import re
from typing import List, Sequence

from actions.clients import knowledge_base as kb_client
from actions.core.replies import shorten
from actions.procedures.aspect import question_clauses, read_aspects
from actions.procedures.render.cases import case_label, citizen_cases, is_part
from actions.procedures.render.paper_names import core_name, paper_brief, paper_name
from actions.procedures.render.paper_question import asked_paper, asks_its_form, asks_yes_no, expanded
from actions.procedures.render.question_match import asked_papers, asked_words, papers_by_wording
from actions.procedures.texts import clean, condition_phrase
from nlu.vietnamese_text import fold

CONDITION_LIMIT = 60  # characters of a paper's case in a list ("nếu trẻ em bị bỏ rơi")
CASE_LABELS = 2  # cases named in the line about a paper asked
EXCERPT_WORDS = 3  # words either side of the asked words quoted from a paper's wording
EXCERPT_LIMIT = 60  # characters quoted from the wording of a paper found by its wording
NOTARY_HEADING = "Về công chứng, chứng thực, danh sách giấy tờ ghi:"
NOTARY_PAPERS = 2  # papers quoted about notarising
NOTARY_LIMIT = 140  # characters quoted of each
_NOTARY = re.compile(r"\b(?:cong chung|chung thuc)\b")  # folded: notarised, certified
_SENTENCE_END = re.compile(r"[.;]\s+")
PAPER_ASPECTS = ("summary", "where", "conditions")  # aspects a question about one paper may be read as
ASKED_LIMIT = 50  # characters of the asked words quoted when the list does not name them
NOT_LISTED = "Danh sách giấy tờ của thủ tục này không nêu riêng “{paper}”."
NOT_IN_CASE = "Danh sách giấy tờ của trường hợp “{case}” không nêu {paper}; giấy này cần trong trường hợp {cases}."
_EXCEPT = re.compile(r"^(?:trừ|nếu|khi|đối với|chỉ)\b", re.IGNORECASE)  # a case that reads without "nếu"
# folded words that say nothing about which paper: a pair holding one is not compared
_GENERAL = frozenset("giay to cua va cho theo co khong cac nhung mot la tai voi hoac da duoc tu trong phai can".split())


def case_note(condition: str) -> str:
    """A paper's case as a phrase after its name: "trừ người có … hạng A1, A, B1", "nếu trẻ em bị bỏ rơi"."""
    phrase = condition_phrase(condition)
    if not phrase:
        return ""
    return shorten(phrase if _EXCEPT.match(phrase) else f"nếu {phrase}", CONDITION_LIMIT)


def _found(proc, checklist, question: str, case: str) -> tuple[List, str]:
    """The items of the paper asked about, and the words quoted from its wording when its name lacks the asked
    words ("02 bộ bản vẽ thiết kế"). The asked paper's words are looked for in the names of the papers of ``case``
    and everyone's, then in their whole wording, then in any paper's name; their catalog words ("sổ đỏ" -> "giấy
    chứng nhận quyền sử dụng đất") only in names and as a whole. Else the whole question names the paper: one that
    shares a pair with the asked words beyond their first two."""
    asked = _asked(proc, question)
    for words in [asked, *expanded(asked)] if asked else []:
        own = words == asked  # the citizen's words, not their catalog words
        loose = asked_papers(words, checklist.items, paper_name, proc.name, case) if own else []
        found = _holding(checklist, words, case) or loose or own and _holding(checklist, words, case, wording=True)
        found = found or _holding(checklist, words)
        if found:
            unnamed = _pairs(words) - _pairs(paper_name(found[0]))  # quoted from the wording when its name lacks them
            return found, _excerpt(found[0].detail, unnamed) if unnamed else ""
    citizen = citizen_cases(checklist)
    found = asked_papers(question, checklist.items, paper_name, proc.name, case)
    worded = not found
    found = found or papers_by_wording(question, checklist.items, paper_name, proc.name, citizen, case)
    if asked:  # only a paper that holds the asked words beyond their first two ("văn bản" of "văn bản đồng ý")
        beyond = _pairs(asked) - _pairs(" ".join(asked.split()[:2]))
        found = [i for i in found if beyond & _pairs(f"{i.name} {i.detail}")]
    return found, asked_words(question, found[0], proc.name, citizen) if worded and found else ""


def _holding(checklist, words: str, case: str = "", wording: bool = False) -> List:
    """The items of the paper whose name up to its first qualifier (or, ``wording``, whose full wording) holds every
    pair of ``words`` ("giấy ủy quyền": "ủy quyền" in "Văn bản ủy quyền …"), among the papers of ``case`` and
    everyone's when a case is given, the one with the fewest other pairs when several do; [] when none, or a
    tie."""
    pairs = _pairs(words)
    items = [i for i in checklist.items if not case or i.case in ("", case)]
    extra = {}
    for item in items:
        held = _pairs(f"{item.name} {item.detail}" if wording else paper_brief(item))
        if pairs and pairs <= held:
            extra[fold(paper_name(item))] = len(held - pairs)
    fewest = sorted(extra, key=extra.__getitem__)
    if not fewest or len(fewest) > 1 and extra[fewest[0]] == extra[fewest[1]]:
        return []
    return [i for i in items if fold(paper_name(i)) == fewest[0]]


def _excerpt(text: str, pairs: set) -> str:
    """The few words of ``text`` around the first of ``pairs`` it holds."""
    words = text.split()
    folded = [fold(w.strip(",.;:()+")) for w in words]
    for i in range(len(words) - 1):
        if f"{folded[i]} {folded[i + 1]}" in pairs:
            return " ".join(words[max(0, i - EXCERPT_WORDS) : i + 2 + EXCERPT_WORDS]).strip(" ,.;:+")
    return ""


def _names_a_paper(proc, question: str) -> bool:
    """The question names one of the procedure's papers by the head of its name ("giấy chứng sinh", "tờ khai"),
    not only by words its wording shares with the question ("Tờ khai … của hai bên nam, nữ")."""
    folded = f" {' '.join(fold(question).split())} "
    found = asked_papers(question, proc.documents, lambda d: d.name, proc.name)
    return any(f" {' '.join(fold(d.name).split()[:2])} " in folded for d in found)


def for_documents(proc, aspect: str, question: str) -> bool:
    """Whether a question read as ``aspect`` is answered from the document list: a yes/no question about a paper
    read as the overview or a place (unless another clause asks the place for itself); read as a condition, one
    naming a paper by its name's head, or asking whether a paper the list holds is needed (not how it must be: "…
    phải công chứng không"), or asking about a paper (or naming one the list holds) when no sentence of the record
    answers it."""
    if aspect == "conditions" and _names_a_paper(proc, question):
        return True
    asked = _asked(proc, question)
    if aspect not in PAPER_ASPECTS or not (asked or aspect == "conditions" and asks_yes_no(question)):
        return False
    if aspect == "where" and _asks_place_apart(question, asked):
        return False
    if aspect != "conditions":
        return True
    if asked and asks_its_form(question):
        return False
    found = bool(_found(proc, kb_client.checklist([proc]), question, "")[0])
    if asked and found:
        return True
    return (asked or found) and not kb_client.answering_sentences(proc, question)


def _asks_place_apart(question: str, asked: str) -> bool:
    """Whether a clause of ``question`` without the ``asked`` paper asks the place, as confidently as the aspect
    reader answers it ("căn cước có phải đổi không, đổi ở đâu"): the place is asked for itself, not read from the
    "nộp" of the paper's clause."""
    paper = fold(asked)
    apart = [clause for clause in question_clauses(question) if paper not in fold(clause)]
    return any(reading.aspect == "where" for clause in apart for reading in read_aspects(clause))


def _unlisted(proc, checklist, asked: str) -> bool:
    """Whether no paper's wording, nor the procedure's name, holds a content pair of the asked words or of their
    catalog words."""
    pairs = set().union(*(_pairs(words) for words in [asked, *expanded(asked)]))
    texts = [proc.name] + [f"{item.name} {item.detail}" for item in checklist.items]
    return bool(pairs) and not any(pairs & _pairs(text) for text in texts)


def asked_paper_line(proc, checklist, question: str, case: str = "") -> str:
    """Whether and when the paper the question asks about is needed, or, asked whether papers must be notarised
    ("có bắt buộc công chứng không"), what the list says of it; "" when the question asks about neither, or the list
    may name the paper in other words."""
    line = _notarised(proc, checklist, question, case) or _line(proc, checklist, question, case)
    return line.replace("….", "…")


def _notarised(proc, checklist, question: str, case: str) -> str:
    """The list's own words about notarising or certifying its papers (“Văn bản ủy quyền này không bắt buộc phải
    công chứng, chứng thực”), those of the paper asked about when the list names it, for a yes/no question about
    it; "" when the list says nothing of it."""
    if not asks_yes_no(question) or not _NOTARY.search(fold(question)):
        return ""
    asked = {fold(paper_name(i)) for i in _found(proc, checklist, question, case)[0]}
    quotes = {}
    for item in checklist.items:
        if case and item.case not in ("", case) or asked and fold(paper_name(item)) not in asked:
            continue
        text = clean(item.detail or item.name)
        said = _NOTARY.search(fold(text))
        if said:
            quotes.setdefault(paper_brief(item), _around(text, said.start()))
    if not quotes:
        return ""
    lines = [f"• {name}: “{quote}”" for name, quote in list(quotes.items())[:NOTARY_PAPERS]]
    return "\n".join([NOTARY_HEADING, *lines])


def _around(text: str, at: int) -> str:
    """The sentence of ``text`` holding position ``at``, its words before ``at`` cut when it is long."""
    start = max([0] + [m.end() for m in _SENTENCE_END.finditer(text, 0, at)])
    end = next((m.start() for m in _SENTENCE_END.finditer(text, at)), len(text))
    cut = start < at - NOTARY_LIMIT // 2 and end - start > NOTARY_LIMIT
    if cut:
        start = text.rfind(" ", 0, at - NOTARY_LIMIT // 2) + 1
    quote = shorten(text[start:end].strip(" ().;"), NOTARY_LIMIT)
    if quote.count("(") > quote.count(")"):  # a bracket the cut left open: the clause before it
        quote = quote[: quote.rindex("(")].rstrip(" ,;")
    return ("…" if cut else "") + quote


def _line(proc, checklist, question: str, case: str) -> str:
    if not _asked(proc, question) and not asks_yes_no(question):
        return ""  # names no paper and asks no yes/no: "thế còn người nước ngoài thì sao" wants the list, no "Có —"
    found, words = _found(proc, checklist, question, case)
    if not found:
        asked = _asked(proc, question)
        if asked and _unlisted(proc, checklist, asked):
            return NOT_LISTED.format(paper=shorten(asked, ASKED_LIMIT))
        return ""
    citizen = citizen_cases(checklist)
    in_case = [i for i in found if i.case == case] if case else []
    item = (in_case or found)[0]
    name = paper_brief(item) if not paper_brief(item).endswith("…") else core_name(item)
    words = words.rsplit(": ", 1)[-1]  # the quote starts after a label it holds ("cá nhân: 02 bộ bản vẽ")
    name += f" (“… {shorten(words, EXCERPT_LIMIT)} …”)" if words else ""
    if item.instead_of:  # an alternative
        return f"Có — {name} dùng được thay cho {shorten(item.instead_of, CONDITION_LIMIT)}."
    note = case_note(item.condition)
    when = f", {note}" if note else ""
    cases = list(dict.fromkeys(i.case for i in found if i.case and not is_part(i.case)))
    if in_case:
        return f"Có — trong trường hợp “{case_label(case, 60, proc)}”, cần {name}{when}."
    if not cases:
        return f"Có — cần {name}{when}."
    if len(cases) == len(citizen) and len(cases) > 1:
        return f"Có — cần {name} trong mọi trường hợp{when}."
    labels = _labels(cases, proc)
    if case:
        return NOT_IN_CASE.format(case=case_label(case, 60, proc), paper=name, cases=labels)
    return f"Có — cần {name} trong trường hợp {labels}{when}."


def _asked(proc, question: str) -> str:
    """The paper the question asks about (``asked_paper``), unless it is what the procedure itself grants ("có cần
    giấy phép xây dựng không" asked of the building permit asks whether to file it, not for a paper)."""
    asked = asked_paper(question)
    pairs = _pairs(asked)
    return "" if pairs and pairs <= _pairs(proc.name) else asked


def _pairs(text: str) -> set:
    """The folded word pairs of ``text`` that hold no general word ("khám sức", "hộ khẩu", "bản vẽ")."""
    words = re.findall(r"\w+", fold(text))
    return {f"{a} {b}" for a, b in zip(words, words[1:]) if not {a, b} & _GENERAL}


def _labels(cases: Sequence[str], proc) -> str:
    labels = "; ".join(f"“{case_label(c, 50, proc)}”" for c in cases[:CASE_LABELS])
    return labels + ("; …" if len(cases) > CASE_LABELS else "")

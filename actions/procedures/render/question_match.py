"""What a citizen's question tells a document list: the case it describes, the paper it asks about.

Both are scored on words and word pairs, never on phrases written for one procedure; a question typed with
diacritics is compared with them (so "giấy tờ" never meets "tổ chức"), one without on accent-folded words:
- a case is chosen when the question shares words with its heading (and, weighing less, with its papers' wording)
  that the other cases lack — each shared word weighs its inverse case frequency, a pair counts for its words, and
  a word the procedure's own description uses for everyone ("hộ gia đình" in household split) weighs half, and a
  word of the procedure's name nothing unless the name lists several cases ("… tôn giáo/Tượng đài… và nhà ở riêng
  lẻ") and the question only one of them (a citizen naming the procedure says no case) — by a clear margin
  (``select_case``: "đăng ký thường trú vào nhà thuê" -> "… do thuê, mượn, ở nhờ"); a relative's home ("về nhà
  chồng") says the catalog's "quan hệ nhân thân", and a heading word the question qualifies otherwise ("nhà thuê"
  against "nhà ở công vụ") weighs half;
- a paper is asked about when the question holds its name's first word pair or two of its pairs that few other
  papers share (``asked_papers``: "có cần giấy khám sức khỏe không" -> "Giấy khám sức khỏe của người lái xe …"),
  else when one paper's full wording holds all its content pairs (``papers_by_wording``: "bản vẽ").
A button's payload ("/ask_documents{…}") is not a question.
"""

from __future__ import annotations

import math
import re
from typing import Dict, List, Optional, Sequence, Set

from nlu.vietnamese_text import canonical, fold, has_vietnamese_diacritics

HEADING_WEIGHT = 1.0  # a question word in a case's heading
PAPER_WEIGHT = 0.3  # a question word in the wording of a case's papers (not a word of the procedure's name)
GENERAL_WEIGHT = 0.5  # a heading word the procedure's name, conditions or steps also use
MIN_CASE_SCORE = 0.6  # a case needs a distinctive heading word, or two or more of its papers' words
COMPOUND_WEIGHT = 0.5  # a heading word the question qualifies otherwise ("nhà thuê" against "nhà ở")
CASE_MARGIN = 1.5  # the chosen case scores at least this many times the next one
PAPER_PAIRS = 2  # word pairs of a paper's name the question must hold (its first pair counts for this many)
EXCERPT_WORDS = 3  # words either side of the asked words quoted from a paper's wording
COMMON_PAIR_SHARE = 0.5  # a pair in more than this share of the papers' names says nothing about which paper
# Function words and the words of any question about papers: alone they tell no case apart ("vào", "của", "giấy tờ",
# "hồ sơ"); their pairs still count ("ở nhờ", "hộ gia đình"). A question with diacritics is compared with them as
# written ("bản vẽ" is no "bạn về"), one without on the folded words.
_FUNCTION_ACCENTED = frozenset(
    "và với của cho về tại vào ở là có không tôi mình bạn em anh chị thì để đến như thế nào gì j cần phải được đc "
    "trong ngoài từ theo khi nếu hoặc các những một này đó đã sẽ đang rất làm xin nộp mang giấy tờ hồ sơ "
    "thủ tục".split()
)
_FUNCTION_WORDS = frozenset(fold(word) for word in _FUNCTION_ACCENTED)


def _function(word: str, accented: bool) -> bool:
    return word in _FUNCTION_ACCENTED if accented else fold(word) in _FUNCTION_WORDS


# Kinship: a citizen moving into a relative's home ("về nhà chồng", "ở với bố mẹ vợ") describes the case the catalog
# words as a relation ("quan hệ nhân thân với chủ hộ"), never by the relatives' names. Folded single words are too
# ambiguous ("co" is "có", "di" "đi", "con" "còn"): without diacritics only an unambiguous relative after "nhà"/"với"
# counts.
_KIN = frozenset("vợ chồng bố mẹ cha con ông bà cháu cô dì chú bác cậu mợ dâu rể".split())
_KIN_FOLDED = frozenset("vo chong bo me cha ong ba chau bac dau re".split())
_KIN_LEAD = frozenset({"nha", "voi"})  # "nhà chồng", "với bố mẹ"
RELATION = "quan hệ nhân thân"  # the catalog's word for a family tie


def _relation(text: str, accented: bool) -> tuple[Set[str], Set[str]]:
    """The relation terms a question naming a relative says, and its words that the relative stands for (the
    relative and the words beside it: "nhà" of "nhà chồng" is the relation's home, not a case's "nhà ở")."""
    tokens = _tokens(text, accented)
    kin = [
        i
        for i, t in enumerate(tokens)
        if (t in _KIN if accented else fold(t) in _KIN_FOLDED and i and fold(tokens[i - 1]) in _KIN_LEAD | _KIN_FOLDED)
    ]
    if not kin:
        return set(), set()
    near = {tokens[j] for i in kin for j in (i - 1, i, i + 1) if 0 <= j < len(tokens)}
    return set(_pairs(RELATION, accented)), near


def _tokens(text: str, accented: bool = False) -> List[str]:
    text = canonical(text).lower() if accented else fold(canonical(text))
    return re.findall(r"\w+", text)


def _terms(text: str, accented: bool = False) -> Set[str]:
    """The content words of ``text`` and its word pairs ("nhà thuê", "ở nhờ"), with diacritics or folded."""
    tokens = _tokens(text, accented)
    return {t for t in tokens if not _function(t, accented) and not t.isdigit()} | set(_pairs(text, accented))


def is_question(question: str) -> bool:
    return bool(question.strip()) and not question.lstrip().startswith("/")


def _inverse_frequency(term: str, profiles: Sequence[Set[str]]) -> float:
    found = sum(term in profile for profile in profiles)
    return math.log(len(profiles) / found) if found else 0.0


def _shared(said: Set[str], profile: Set[str]) -> Set[str]:
    """The terms ``said`` shares with ``profile``, a word counted once when a pair holding it is shared."""
    shared = said & profile
    in_pairs = {word for term in shared if " " in term for word in term.split()}
    return {term for term in shared if term not in in_pairs}


def case_scores(question: str, cases: Sequence[str], papers: Dict[str, Sequence], proc) -> List[float]:
    """How strongly ``question`` describes each case: its heading's distinctive terms, then its papers'."""
    accented = has_vietnamese_diacritics(question)
    relation, stands_for = _relation(question, accented)
    said = {t for t in _terms(question, accented) if not set(t.split()) & stands_for} | relation
    headings = [_terms(case, accented) for case in cases]
    name = _terms(proc.name, accented)
    general = _terms(" ".join([proc.name, getattr(proc, "conditions", ""), getattr(proc, "steps", "")]), accented)
    wording = [
        set().union(*(_terms(f"{item.name} {item.detail}", accented) for item in papers.get(case, ()))) - name
        for case in cases
    ]

    def naming(terms: Set[str]) -> int:  # how many headings these terms of the name tell apart
        return sum(any(0 < _inverse_frequency(t, headings) for t in terms & heading) for heading in headings)

    if naming(name) < 2 or naming(said & name) >= 2:  # the name describes at most one case, or the question says
        name_words = set(_tokens(proc.name, accented))  # the name's several: naming the procedure chooses no case
        said = {t for t in said if not set(t.split()) <= name_words}
    return [
        sum(
            HEADING_WEIGHT
            * (GENERAL_WEIGHT if t in general else 1.0)
            * (COMPOUND_WEIGHT if _other_compounds(t, said, heading) else 1.0)
            * _inverse_frequency(t, headings)
            for t in _shared(said, heading)
        )
        + sum(PAPER_WEIGHT * _inverse_frequency(t, wording) for t in _shared(said, paper_terms))
        for heading, paper_terms in zip(headings, wording)
    ]


def _other_compounds(term: str, said: Set[str], heading: Set[str]) -> bool:
    """A word both sides qualify differently ("nhà thuê" asked, "nhà ở công vụ" in the heading: the word that follows
    a Vietnamese noun qualifies it): the word alone says little about the case. A number is no qualifier ("nhà 3
    tầng")."""

    def qualified(terms: Set[str]) -> Set[str]:
        return {p for p in terms if p.split()[0] == term and len(p.split()) == 2 and not p.split()[1].isdigit()}

    if " " in term:
        return False
    asked, listed = qualified(said), qualified(heading)
    return bool(asked) and bool(listed) and not asked & listed


def select_case(question: str, cases: Sequence[str], papers: Dict[str, Sequence], proc) -> Optional[int]:
    """The index in ``cases`` the question clearly describes, or None (nothing said, or no clear margin)."""
    if len(cases) < 2 or not is_question(question):
        return None
    scores = case_scores(question, cases, papers, proc)
    ranked = sorted(scores, reverse=True)
    best = ranked[0]
    if best < MIN_CASE_SCORE or best < CASE_MARGIN * ranked[1]:
        return None
    return scores.index(best)


def _pairs(text: str, accented: bool = False) -> List[str]:
    """Word pairs of ``text`` with at least one content word ("khám sức", not "giấy tờ")."""
    tokens = _tokens(text, accented)
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if not (_function(a, accented) and _function(b, accented))]


def asked_papers(question: str, items: Sequence, short_name, proc_name: str, said_case: str = "") -> List:
    """The items (one paper, in each case that lists it) whose name the question holds; [] when none clearly.
    ``short_name(item)`` is the name a citizen reads (the catalog's own short name, no legal address); the words of
    the procedure's name and of ``said_case`` (the case the question describes) name no paper."""
    if not items or not is_question(question):
        return []
    accented = has_vietnamese_diacritics(question)
    said = set(_pairs(question, accented))
    names = {fold(short_name(item)): item for item in items}
    pairs = {name: _pairs(short_name(item), accented) for name, item in names.items()}
    common = set(_pairs(f"{proc_name}\n{said_case}", accented))
    for name_pairs in pairs.values():
        for pair in set(name_pairs):
            if sum(pair in other for other in pairs.values()) > COMMON_PAIR_SHARE * max(len(pairs), 2):
                common.add(pair)
    tokens = _tokens(question, accented)
    scores = {}
    for name, name_pairs in pairs.items():
        held = [p for p in dict.fromkeys(name_pairs) if p in said and p not in common]
        first = bool(name_pairs) and name_pairs[0] in held
        head = re.split(r"[,;(]", short_name(names[name]))[0]  # "Hợp đồng, văn bản …": a list, not one name
        if first and _continued_otherwise(tokens, _tokens(head, accented), accented):
            held.remove(name_pairs[0])  # "giấy chứng nhận kết hôn" names no "Giấy chứng sinh"
            first = False
        scores[name] = len(held) + (PAPER_PAIRS - 1 if first else 0)
    best = max(scores.values())
    if best < PAPER_PAIRS or list(scores.values()).count(best) > 1:
        return []
    chosen = next(name for name, score in scores.items() if score == best)
    return [item for item in items if fold(short_name(item)) == chosen]


def _continued_otherwise(tokens: List[str], name: List[str], accented: bool) -> bool:
    """Whether the question goes on after the name's first two words with another content word than the name's
    third ("giấy chứng nhận" against "Giấy chứng sinh"): it names another paper. ``name``: the words before any
    comma."""
    if len(name) < 3 or _function(name[2], accented):
        return False
    after = [
        tokens[i + 2] if i + 2 < len(tokens) else "" for i in range(len(tokens) - 1) if tokens[i : i + 2] == name[:2]
    ]
    return bool(after) and all(word and word != name[2] and not _function(word, accented) for word in after)


def _content_pairs(question: str, proc_name: str, cases: Sequence[str], accented: bool) -> Set[str]:
    """The question's pairs of two content words that neither the procedure's name nor a case heading uses ("bản
    vẽ", "kết hôn"; not "có bản", "xây dựng")."""
    known = set(_tokens(" ".join([proc_name, *cases]), accented))
    pairs = {tuple(p.split()) for p in _pairs(question, accented)}
    return {f"{a} {b}" for a, b in pairs if not ({a, b} & known or _function(a, accented) or _function(b, accented))}


def papers_by_wording(question: str, items: Sequence, short_name, proc_name: str, cases: Sequence[str], said_case=""):
    """The paper whose full wording holds all the question's content pairs though its name does not ("bản vẽ" in
    "Hồ sơ thiết kế xây dựng: … 02 bộ bản vẽ thiết kế …"), among the papers of ``said_case`` and everyone's; pairs
    most papers' wording shares say nothing; [] when none, a tie or a pair no paper holds ("giấy đăng ký kết hôn"
    when no paper speaks of marriage). For a question ``asked_papers`` finds no paper in."""
    if not items or not is_question(question):
        return []
    accented = has_vietnamese_diacritics(question)
    said = _content_pairs(question, proc_name, cases, accented)
    wording: Dict[str, Set[str]] = {}
    for item in items:
        if not said_case or item.case in ("", said_case):
            wording.setdefault(fold(short_name(item)), set()).update(_pairs(item.detail or item.name, accented))
    shared = {p for p in said if sum(p in w for w in wording.values()) > COMMON_PAIR_SHARE * max(len(wording), 2)}
    wanted = said - shared
    holding = [name for name, w in wording.items() if wanted and wanted <= w]
    if len(holding) != 1:
        return []
    return [item for item in items if fold(short_name(item)) == holding[0]]


def asked_words(question: str, item, proc_name: str, cases: Sequence[str]) -> str:
    """The few words of a paper's wording around the first content pair of the question it holds ("02 bộ bản vẽ
    thiết kế xây dựng"), for a paper found by its wording (``papers_by_wording``); "" when none."""
    accented = has_vietnamese_diacritics(question)
    said = _content_pairs(question, proc_name, cases, accented) - set(_pairs(item.name, accented))
    words = (item.detail or "").split()
    folded = [fold(w.strip(",.;:()+")) if not accented else w.strip(",.;:()+").lower() for w in words]
    for i in range(len(words) - 1):
        if f"{folded[i]} {folded[i + 1]}" in said:
            return " ".join(words[max(0, i - EXCERPT_WORDS) : i + 2 + EXCERPT_WORDS]).strip(" ,.;:+")
    return ""

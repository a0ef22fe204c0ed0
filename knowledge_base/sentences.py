"""The sentences of a record that answer a question in one sentence: a deadline, who may go, a condition, a step.

A record states much in free text rather than in a field: "Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ
có trách nhiệm đăng ký khai sinh cho con" (steps), "hai bên nam, nữ phải có mặt" (steps), who may be authorised
(a document's condition), who is eligible (conditions). ``record_sentences`` splits the record's conditions, steps,
document notes, channel and fee notes and document conditions into sentences; ``SentenceIndex`` (built once over
the whole catalog, for the inverse sentence frequency of each word and word pair) scores each sentence of one
record against a question clause:

- the question's accent-folded words and word pairs, without its question and chat words (FILLER) and the words of
  the procedure's own name (every sentence of the record may hold them), plus the record's wording of the citizen's
  words (the aliases table and data/sentence_synonyms.tsv: "bà nội đi làm thay" -> "ông bà", "ủy quyền");
- the score is the share of the question's weight (each term its inverse sentence frequency) a sentence holds,
  plus NUMBER_BONUS when the question asks "bao nhiêu / bao lâu / mấy" and the sentence states a number with a unit;
  a question asking an amount in a unit ("mấy ngày", "bao nhiêu mét vuông", "bao lâu") is answered only by a
  sentence stating a number in that unit (none: the record does not say); a time the citizen must keep ("bao
  nhiêu ngày thì phải đi đăng ký") never by the processing time (counted from the dossier's receipt); a question
  asking the conditions ("điều kiện gì", "đối tượng nào") adds ELIGIBILITY_BONUS to the sentences of the record's
  conditions field; a question about lateness ("chậm thì có bị phạt không", reworded "thời hạn") asks an amount;
- a question no sentence answers surely by its words (below SURE_SCORE) is read by its meaning too
  (``with_meaning``: the knowledge base's encoder, knowledge_base/sentence_meaning.py): the first
  MEANING_CANDIDATES sentences by their words, or any sentence of a short record, each scored its share plus
  MEANING_WEIGHT times its standard score in meaning among them; it answers from MIN_COMBINED ("ai dẫn cháu đi" ->
  "người đại diện hợp pháp đưa người dưới 14 tuổi đến"); nothing near enough: the record does not say;
- a pair of the question's words across a particle ("tuổi thì") or of the name's words with a question word asks
  nothing; a citizen's words the synonyms table rewords are replaced by the record's wording, not added to it;
- a sentence longer than LONG_QUOTE is quoted by its answering clause: cut on meaning (at ";", ":", ", nếu",
  ", trường hợp"), the clause holding most of the question's weight (and the asked number) with its neighbours
  while they fit, never cut mid-word.

Pure (no I/O besides the two phrase files at build time), so that it is tested on its own; ``for_catalog`` reads the
catalog's inverse sentence frequencies from knowledge_base/sentence_cache.py when they were counted before from the
same records by the same code (``catalog_fingerprint``), and each record's sentences when it is first scored.
"""

from __future__ import annotations

import hashlib
import inspect
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from knowledge_base import sentence_cache
from knowledge_base.config import settings
from knowledge_base.model import Procedure
from knowledge_base.phrases import PhraseTable
from knowledge_base.sentence_meaning import SentenceMeanings
from knowledge_base.text import canonical, fold
from knowledge_base.variants import leaves_out_age, own_age

DATA_DIR = Path(__file__).resolve().parent / "data"
SYNONYMS_PATH = DATA_DIR / "sentence_synonyms.tsv"

MIN_CHARS = 25  # a piece shorter than this is a heading or a fragment, not a sentence
LONG_SENTENCE = 320  # a sentence longer than this is split again at ";"
NUMBER_BONUS = 0.2  # added when the question asks an amount and the sentence states a number with a unit
ELIGIBILITY_BONUS = 0.35  # added to the record's conditions when the question asks them ("điều kiện gì", "đối tượng")
ACTOR_BONUS = 0.3  # added to a sentence naming who acts when the question asks who ("ai", "một mình", "đi thay")
DEADLINE_BONUS = 0.3  # added to a sentence stating a time to keep when the question asks one ("hạn", "quá hạn")
MIN_SCORE = 0.35  # a sentence must hold this share of the question's weight (bonus included) to answer it
SECOND_SHARE = 0.9  # a second sentence is quoted when it scores at least this share of the best one
LONG_QUOTE = 200  # a sentence longer than this is quoted by the clause(s) answering the question
# the meaning (sentence_meaning.py): chosen on written questions (tests/actions/test_condition_answers.py, the
# DEVELOPED ones and NOT_STATED of tests/actions/test_condition_paraphrases.py), its HELD_OUT ones measured after
SURE_SCORE = 0.6  # a sentence holding this share of the question's weight answers it by its words alone
MEANING_CANDIDATES = 8  # sentences compared in meaning: the first by their words (each costs ~50 ms to encode once)
SHORT_RECORD = 20  # a record of at most this many sentences offers all of them, even those sharing no word
MEANING_WEIGHT = 0.12  # the weight of a candidate's standard score in meaning among the candidates
MIN_SPREAD = 0.01  # the cosines' standard deviation is taken at least this (near-equal candidates stay near-equal)
MIN_COMBINED = 0.4  # a sentence must score this, words and meaning together, to answer the question

# question and chat words, accent-folded: they ask, they do not say what about ("thời hạn", "có mặt" are kept)
FILLER = frozenset(
    "toi minh em anh chi ban a ah nhe nha oi ak vay the thi la ma gi j nao sao dau ai bao nhieu lau may khi gio di "
    "khong ko k co duoc dc hoi xin cho giup dum vua moi roi nay kia do phai can lam".split()
)
# question phrases of content words: they ask which case or kind, they say none ("trường hợp nào thì không được …",
# "những loại giấy tờ nào")
_ASKING_PHRASE = re.compile(r"\b(?:nhung |trong )?(?:truong hop|loai(?: giay to| giay)?) nao\b")
# particles and question words: a pair holding one asks nothing
PARTICLES = frozenset("a ah nhe nha oi ak vay the thi la ma gi j nao sao dau khong ko k".split())
_WORD = re.compile(r"\w+")
# line breaks, bullets ("- ", "+ ", "• "), enumerations ("(i)", "a)", "1.") and sentence ends before a capital
# (a bullet only at the start of a line or after a sentence: "tư pháp - hộ tịch" is one phrase)
_PIECE_BREAK = re.compile(
    r"\n\s*(?:[-+•*]\s+)?|^\s*[-+•*]\s+|(?:^|\s)\((?:[ivx]+|\d{1,2}|[a-zđ])\)\s+"
    r"|(?:^|\s)(?:[a-zđ]|\d{1,2})[.)]\s+(?=[^\W\d_])|(?<=[.!?])\s+(?=[A-ZĐÀ-ỸÂĂÊÔƠƯ])|(?<=[.:;])\s+-\s+"
)
_ASKS_AMOUNT = re.compile(r"\b(?:bao nhieu|bao lau|may|bao gio|khi nao|thoi han|han chot|toi da|toi thieu)\b")
_UNITS = ("ngay", "thang", "nam", "gio", "tuoi", "dong", "m2", "met", "lan", "ban", "trang")
_ASKS_ELIGIBILITY = re.compile(
    r"\b(?:dieu kien|doi tuong|tieu chuan|yeu cau gi|(?:bao nhieu|may|du|tren|duoi) (?:0 )?tuoi|bat buoc"
    r"|truong hop nao|khong duoc|bi tu choi)\b"
)
# a question asking who goes, who may go instead or who must come (folded; "nhờ", "giúp" alone are too often
# something else: "con nhỏ", "giúp tôi"); "thay" asks it when "được" or the one replaced follows ("xin phiếu thay có
# được không", "đi thay tôi"), not "thay đổi", "thay ảnh"
_ASKS_ACTOR = re.compile(
    r"\b(?:ai|nguoi nao|mot minh|tu di|tu lam|tu dang ky|di thay|lam thay|thay cho|thay (?:(?:co|thi) )?duoc"
    r"|thay (?:toi|minh|em|con|bo|me|ong|ba|vo|chong)|di ho|nop ho|xin ho"
    r"|uy quyen|dan di|dua di|di cung|co mat|cung di|cung len|cung den|chu nha|chu tro|chu ho|nguoi thue)\b"
)
# a sentence naming who acts for the citizen's side: who is responsible, present, represents, authorises, agrees
_STATES_ACTOR = re.compile(
    r"\b(?:co trach nhiem (?:di )?(?:dang ky|khai|nop|lam|thuc hien)|nguoi thuc hien khai bao|nguoi di dang ky"
    r"|nguoi dai dien hop phap|nguoi giam ho|phai co mat|uy quyen|dong y|(?:cha|me|ong|ba|vo|chong|con) hoac)\b"
)
# a question asking a time the citizen must keep (folded words, and with diacritics "muộn", "trễ", "chậm", which fold
# to words of other meaning: "muốn", "trẻ"); "hạn" alone, but not "thời hạn giải quyết", "hết hạn", "gia hạn"
_ASKS_DEADLINE = re.compile(
    r"\b(?:han chot|han cuoi|qua han|tre han|cham nhat|bi phat|xu phat)\b|(?<!thoi )(?<!het )(?<!gia )\bhan\b"
)
_ASKS_DEADLINE_ACCENTED = re.compile(r"\b(?:muộn|trễ|chậm)\b")
# a sentence stating such a time: "trong thời hạn 60 ngày kể từ ngày sinh con", "chậm nhất …"; not the agency's
# working days nor a time counted from the receipt of a request ("03 ngày làm việc kể từ ngày nhận được yêu cầu")
_STATES_DEADLINE = re.compile(
    r"\b(?:trong (?:thoi han|vong)|cham nhat|toi da)\b\D{0,20}\d+\s*(?:ngay|thang|nam)\b"
    r"(?! lam viec(?! truoc))(?!,? ke tu (?:ngay |khi )?(?:duoc )?(?:tiep )?nhan)"
)
_ELIGIBILITY = frozenset("dieu kien doi tuong tieu chuan".split())  # the words that ask the conditions
_TIME_UNITS = {"ngay", "thang", "nam", "gio"}
DEADLINE_TERM = "thoi han"  # a question worded (or reworded by the synonyms) about a time limit asks an amount
# a time the citizen must keep ("bao nhiêu ngày thì phải đi", "trong bao lâu phải") ...
_KEEPS_DEADLINE = re.compile(r"\b(?:bao nhieu|may|bao lau)\b.*\bphai\b|\bphai\b.*\b(?:bao nhieu|may|bao lau)\b")
# ... is not the agency's processing time, counted from the dossier's receipt
_PROCESSING_TIME = re.compile(r"\bke tu (?:ngay |khi )?(?:tiep )?nhan (?:du |duoc )?ho so|\bho so hop le\b")
# the unit an amount is asked in: one of the two words after "bao nhiêu" / "mấy" ("mấy ngày", "bao nhiêu mét vuông";
# "bán xe" or "bạn" elsewhere in the question is no unit)
_ASKED_UNIT = re.compile(r"\b(?:bao nhieu|may|toi da|toi thieu)\s+(?:\w+\s+)?(" + "|".join(_UNITS) + r")\b")
# where a sentence divides on meaning: ";", ":" and before ", nếu" / ", trường hợp" (the case a clause is about)
_MEANING_CUT = re.compile(r"\s*[;:]\s+|,\s+(?=(?:nếu|trường hợp)\s)", re.IGNORECASE)
_COMMA_CUT = re.compile(r",\s+")  # a clause too long alone is cut again at its commas
_NUMBER_WITH_UNIT = re.compile(r"\b\d+(?:[.,]\d+)?\s*(" + "|".join(_UNITS) + r")\b")


@dataclass(frozen=True)
class Sentence:
    text: str  # as the record states it
    source: str  # "conditions" | "steps" | "document_notes" | "channels" | "documents"


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    score: float


def split_sentences(text: str) -> list[str]:
    """The sentences of a free-text field: split at line breaks, bullets, enumerations and sentence ends; a long
    sentence again at ";"; fragments shorter than MIN_CHARS dropped; each once, in order."""
    pieces: list[str] = []
    for piece in _PIECE_BREAK.split(text or ""):
        piece = " ".join(piece.split()).strip(" ;:-+")
        parts = [p.strip(" ;") for p in piece.split(";")] if len(piece) > LONG_SENTENCE else [piece]
        pieces.extend(p for p in parts if len(p) >= MIN_CHARS)
    return list(dict.fromkeys(pieces))


def record_fields(proc: Procedure) -> list[tuple[str, str]]:
    """(source, text) of the record's conditions, steps, document notes, channel and fee notes and document
    conditions (a document's condition is read with its name: "Văn bản ủy quyền: trường hợp ủy quyền …")."""
    fields: list[tuple[str, str]] = [("conditions", proc.conditions), ("steps", proc.steps)]
    fields += [("document_notes", note) for note in proc.document_notes]
    fields += [("channels", text) for c in proc.channels for text in (c.note, c.fee_note)]
    fields += [("documents", f"{d.name}: trường hợp {d.condition}") for d in proc.documents if d.condition]
    return fields


def record_sentences(proc: Procedure) -> list[Sentence]:
    """Every sentence of the record's fields (``record_fields``), each once, in order."""
    seen: set[str] = set()
    sentences = []
    for source, text in record_fields(proc):
        for sentence in split_sentences(text):
            if sentence not in seen:
                seen.add(sentence)
                sentences.append(Sentence(sentence, source))
    return sentences


def terms(folded: str) -> set[str]:
    """Folded words (numbers as "0") and word pairs of accent-folded text."""
    tokens = ["0" if w.isdigit() else w for w in _WORD.findall(folded)]
    return set(tokens) | {f"{a} {b}" for a, b in zip(tokens, tokens[1:])}


def _single_words(found: set[str]) -> set[str]:
    return {t for t in found if " " not in t}


def _says_something(pair: set[str], name_words: set[str]) -> bool:
    """A pair of the question's words asks something: no particle in it, and not only words of the procedure's
    name with question words."""
    return not pair & PARTICLES and not (pair & name_words and pair <= name_words | FILLER)


def _states_amount(text: str, units: set[str]) -> bool:
    """The sentence states a number with a unit (one of ``units`` when the question names some: "mấy ngày")."""
    stated = {m.group(1) for m in _NUMBER_WITH_UNIT.finditer(fold(text))}
    return bool(stated & units) if units else bool(stated)


def meaning_clauses(text: str, cut: re.Pattern = _MEANING_CUT) -> list[str]:
    """The clauses of a sentence, cut on meaning (";", ":", ", nếu", ", trường hợp"; or ``cut``), each with its
    words whole."""
    return [c.strip(" ,;:") for c in cut.split(text) if c.strip(" ,;:")]


def answering_clause(
    text: str, weight: Callable[[str], float], limit: int = LONG_QUOTE, at_commas: bool = False
) -> str:
    """``text`` itself when it is at most ``limit`` characters, else its clause of most ``weight`` (the first of
    equals) joined with its neighbours, the weightier first, while the whole stays within ``limit``; ``at_commas``
    (a question asking an amount), a clause alone still longer is cut again at its commas the same way when its
    weightiest part lies beyond the limit (the asked "chậm nhất là 03 ngày làm việc trước …" at the end of a long
    clause, which a cut at the limit would lose)."""
    quoted = _grown(text, weight, limit, _MEANING_CUT, "; ")
    if at_commas and _weightiest_beyond(quoted, weight, limit):
        return _grown(quoted, weight, limit, _COMMA_CUT, ", ")
    return quoted


def _weightiest_beyond(text: str, weight: Callable[[str], float], limit: int) -> bool:
    """Whether the part of ``text`` between commas of most ``weight`` (the first of equals) ends after ``limit``
    characters: a cut at the limit would lose it."""
    parts = meaning_clauses(text, _COMMA_CUT)
    weights = [weight(part) for part in parts]
    best = parts[weights.index(max(weights))] if parts else ""
    return len(text) > limit and text.find(best) + len(best) > limit


def _grown(text: str, weight: Callable[[str], float], limit: int, cut: re.Pattern, joint: str) -> str:
    """``text``'s clause (by ``cut``) of most ``weight`` grown by its neighbours within ``limit`` (joined by
    ``joint``); ``text`` when it fits or has one clause."""
    clauses = meaning_clauses(text, cut)
    if len(text) <= limit or len(clauses) < 2:
        return text
    weights = [weight(c) for c in clauses]
    first = last = weights.index(max(weights))
    while True:
        grow = [i for i in (first - 1, last + 1) if 0 <= i < len(clauses)]
        fitting = [i for i in grow if len(joint.join(clauses[min(first, i) : max(last, i) + 1])) <= limit]
        if not fitting:
            return joint.join(clauses[first : last + 1])
        best = max(fitting, key=lambda i: (weights[i], -i))
        first, last = min(first, best), max(last, best)


def _rows_of(proc: Procedure) -> list[tuple[Sentence, set[str]]]:
    """The record's sentences with their terms."""
    return [(s, terms(fold(s.text))) for s in record_sentences(proc)]


# the code that splits and folds the records (this module and ``fold``'s) as this process imported it
_CODE = b"".join(Path(source).read_bytes() for source in (__file__, inspect.getsourcefile(fold)))


def catalog_fingerprint(procedures: Iterable[Procedure]) -> str:
    """Changes whenever the inverse sentence frequencies could: the text of any record's fields, or the code that
    splits and folds them."""
    digest = hashlib.sha256(_CODE)
    for proc in procedures:
        for source, text in record_fields(proc):
            digest.update(f"\x1e{source}\x1f{text}".encode())
    return digest.hexdigest()[:16]


class SentenceIndex:
    """The inverse sentence frequency of every term over the catalog's sentences, and each record's sentences."""

    def __init__(
        self,
        procedures: Iterable[Procedure],
        synonyms: Sequence[PhraseTable],
        idf: dict[str, float] | None = None,
    ):
        """The frequencies counted over ``procedures`` now, or ``idf`` as counted before over the same records
        (each record's sentences are then read when it is first scored)."""
        procedures = list(procedures)
        self.synonyms = list(synonyms)
        self._catalog_codes = {proc.code for proc in procedures}
        self._sentences: dict[str, list[tuple[Sentence, set[str]]]] = {}
        if idf is not None:
            self._idf = idf
            return
        counts: dict[str, int] = {}
        total = 0
        for proc in procedures:
            rows = _rows_of(proc)
            self._sentences[proc.code] = rows
            total += len(rows)
            for _, found in rows:
                for term in found:
                    counts[term] = counts.get(term, 0) + 1
        self._idf = {t: math.log((total + 1) / (count + 0.5)) for t, count in counts.items()}

    def idf(self, term: str) -> float:
        return self._idf.get(term, 0.0)

    @property
    def frequencies(self) -> dict[str, float]:
        """Every term's inverse sentence frequency (read-only: what the cache stores)."""
        return self._idf

    @classmethod
    def for_catalog(
        cls, procedures: Iterable[Procedure], aliases: PhraseTable, cache_dir: Path | None = None
    ) -> "SentenceIndex":
        """The index the action server uses: the record's wording from data/sentence_synonyms.tsv and the
        knowledge base's aliases table (both read now); the frequencies cached in ``cache_dir`` (default: the
        knowledge base's index cache) when they were counted from the same records by the same code, else counted
        now and cached."""
        procedures = list(procedures)
        synonyms = [PhraseTable.load(SYNONYMS_PATH), aliases]
        cache_dir = cache_dir or settings().cache_dir
        fingerprint = catalog_fingerprint(procedures)
        cached = sentence_cache.load_idf(cache_dir, fingerprint)
        if cached is not None:
            return cls(procedures, synonyms, idf=cached)
        index = cls(procedures, synonyms)
        sentence_cache.save_idf(cache_dir, fingerprint, index.frequencies)
        return index

    def _rows(self, proc: Procedure) -> list[tuple[Sentence, set[str]]]:
        """The record's sentences with their terms (a catalog record not read yet: read now and kept; a record
        outside the catalog: read now)."""
        rows = self._sentences.get(proc.code)
        if rows is None:
            rows = _rows_of(proc)
            if proc.code in self._catalog_codes:
                self._sentences[proc.code] = rows
        return rows

    def question_terms(self, question: str, proc: Procedure) -> set[str]:
        """The question's terms without its question phrases and the words of the procedure's name (or of a
        nickname of its subject: "sổ đỏ" for "Cấp lại Giấy chứng nhận"), plus the record's wording of its words
        (only terms some sentence of the catalog has)."""
        folded = _ASKING_PHRASE.sub(" ", fold(canonical(question)))
        named = terms(fold(proc.name))
        name_pairs = {t for t in named if " " in t}
        expanded: set[str] = set()
        reworded: set[str] = set()  # the citizen's words the record says otherwise: replaced by its wording
        for table in self.synonyms:
            for alias, expansion in table.matches(folded):
                added = terms(fold(expansion))
                if added & name_pairs:  # a nickname of the procedure's subject ("sổ đỏ"): named, not asked
                    named |= added | terms(alias)
                else:
                    expanded |= added
                    reworded |= terms(alias)
        said = terms(folded) - named - reworded
        # a pair of the question's own words across a particle ("tuoi thi", "nuoi thi", "den khong") or of a word of
        # the name and another or a question word ("ky ho", "xe cho") asks nothing; such pairs are rare in the
        # catalog, so they weighed most and diluted the words that ask
        name_words = _single_words(named)
        asked = {t for t in said if " " not in t or _says_something(set(t.split()), name_words)}
        return {t for t in asked | expanded - named if t in self._idf and not set(t.split()) <= FILLER | {"0"}}

    def _asked(self, question: str, proc: Procedure) -> "_Asked":
        """What ``question`` asks of ``proc``'s record: its terms and their weight, an amount and in which units,
        the conditions."""
        asked = self.question_terms(question, proc)
        folded = fold(canonical(question))
        units = set(_ASKED_UNIT.findall(folded)) or (_TIME_UNITS if "bao lau" in folded else set())
        units |= {"m2"} if "met" in units else set()  # "mét vuông" is written "m2" too
        late = bool(_ASKS_DEADLINE.search(folded) or _ASKS_DEADLINE_ACCENTED.search(canonical(question).lower()))
        return _Asked(
            asked,
            sum(self.idf(t) for t in asked),
            bool(_ASKS_AMOUNT.search(folded)) or DEADLINE_TERM in asked,  # "chậm thì có bị phạt": the deadline
            bool(_ASKS_ELIGIBILITY.search(folded)),
            units,
            late or bool(units & _TIME_UNITS and _KEEPS_DEADLINE.search(folded)),
            late,
            bool(_ASKS_ACTOR.search(folded)),
            own_age(folded),
        )

    def _share(self, asked: "_Asked", text: str, held: set[str]) -> float:
        """The share of the question's weight ``text`` (its terms ``held``) holds, with the amount's bonus; 0 when
        the question asks an amount in a unit ``text`` does not state."""
        if asked.deadline and _PROCESSING_TIME.search(fold(text)):
            return 0.0
        held_mass = sum(self.idf(t) for t in asked.terms & held)  # summed in any order
        share = min(1.0, held_mass / asked.mass) if asked.mass > 0 else 0.0
        if asked.amount and _states_amount(text, asked.units):
            return share + (NUMBER_BONUS if share else 0.0)
        return 0.0 if asked.amount and asked.units else share

    def score(self, question: str, proc: Procedure) -> list[Scored]:
        """The record's sentences scored against ``question``, best first (ties keep the record's order)."""
        asked = self._asked(question, proc)
        if asked.mass <= 0:  # nothing said but the conditions asked ("trường hợp nào thì không được …"): the field
            rows = self._rows(proc) if asked.eligibility else []
            return [Scored(s, ELIGIBILITY_BONUS if s.source == "conditions" else 0.0) for s, _ in rows]
        scored = []
        for sentence, held in self._rows(proc):
            if asked.age is not None and leaves_out_age(fold(sentence.text), asked.age):
                scored.append(Scored(sentence, 0.0))  # about other ages ("dưới 06 tuổi" for a child of 10)
                continue
            if asked.eligibility and sentence.source == "conditions":
                share = self._share(asked, sentence.text, held) + ELIGIBILITY_BONUS
            elif asked.eligibility:  # "hồ sơ không đủ điều kiện thì từ chối" names conditions, it states none
                share = self._share(asked, sentence.text, {t for t in held if not set(t.split()) & _ELIGIBILITY})
            else:
                share = self._share(asked, sentence.text, held)
            scored.append(Scored(sentence, share + self._bonus(asked, sentence.text) if share or asked.actor else 0))
        return sorted(scored, key=lambda s: -s.score)

    @staticmethod
    def _bonus(asked: "_Asked", text: str) -> float:
        """What the sentence states that the question asks, besides its words: who acts (ACTOR_BONUS, for a question
        asking who), a time to keep (DEADLINE_BONUS, for a question asking in words of lateness: "phải niêm yết trong
        bao nhiêu ngày" asks a duration, which the words answer)."""
        folded = fold(text)
        actor = ACTOR_BONUS if asked.actor and _STATES_ACTOR.search(folded) else 0.0
        deadline = DEADLINE_BONUS if asked.late and _STATES_DEADLINE.search(folded) else 0.0
        return actor + deadline

    def best(self, question: str, proc: Procedure, meanings: SentenceMeanings | None = None) -> list[Sentence]:
        """The one or two sentences that answer ``question`` (the best first: a quote too long for both keeps it),
        each a long one's answering clause, [] when none scores MIN_SCORE; with ``meanings``, a question whose words
        no sentence holds surely (below SURE_SCORE) is answered by the words and the meaning together
        (``with_meaning``), from MIN_COMBINED."""
        scored = self.score(question, proc)
        floor = MIN_SCORE
        if meanings is not None and scored and scored[0].score < SURE_SCORE:
            scored, floor = self.with_meaning(question, proc, scored, meanings), MIN_COMBINED
        if not scored or scored[0].score < floor:
            return []
        chosen = [s.sentence for s in scored[:2] if s.score >= max(floor, SECOND_SHARE * scored[0].score)]
        asked = self._asked(question, proc)

        def weight(clause: str) -> float:  # its words, and what it states that the question asks: who acts, a time
            # to keep (the clause "chậm nhất là 03 ngày làm việc trước …" of the sentence asked "báo trước mấy ngày")
            to_keep = asked.deadline and not asked.late and _STATES_DEADLINE.search(fold(clause))
            return (
                self._share(asked, clause, terms(fold(clause)))
                + self._bonus(asked, clause)
                + DEADLINE_BONUS * bool(to_keep)
            )

        quoted = [replace(s, text=answering_clause(s.text, weight, at_commas=asked.amount)) for s in chosen]
        return list({s.text: s for s in quoted}.values())  # two sentences cut to one clause: quoted once

    def with_meaning(
        self, question: str, proc: Procedure, scored: Sequence[Scored], meanings: SentenceMeanings
    ) -> list[Scored]:
        """The candidates (``scored`` best first: those holding some of the question's words, or any sentence of a
        record of at most SHORT_RECORD sentences; the first MEANING_CANDIDATES) scored again: their share plus
        MEANING_WEIGHT times how much nearer in meaning to the question each is than the others (standard scores
        of the cosines among the candidates), best first."""
        pool = scored if len(scored) <= SHORT_RECORD else [s for s in scored if s.score > 0]
        candidates = list(pool[:MEANING_CANDIDATES])
        if not candidates:
            return []
        cosines = meanings.similarities(proc.code, question, [s.sentence.text for s in candidates])
        nearer = (cosines - cosines.mean()) / max(float(cosines.std()), MIN_SPREAD)
        rescored = [Scored(s.sentence, s.score + MEANING_WEIGHT * float(z)) for s, z in zip(candidates, nearer)]
        return sorted(rescored, key=lambda s: -s.score)


@dataclass(frozen=True)
class _Asked:
    terms: set[str]  # the question's terms (SentenceIndex.question_terms)
    mass: float  # their summed inverse sentence frequency
    amount: bool  # it asks an amount ("bao nhiêu", "mấy", "bao lâu")
    eligibility: bool  # it asks the conditions ("điều kiện gì")
    units: set[str]  # the units the amount is asked in ("ngay"), none named: empty
    deadline: bool  # it asks a time the citizen must keep, which no processing time answers
    late: bool  # it asks in words of lateness ("quá hạn", "hạn chót", "muộn"): the deadline the citizen must keep
    actor: bool  # it asks who goes, who may go instead or who must come
    age: float | None  # the age the question states ("con 10 tuổi"), None when none

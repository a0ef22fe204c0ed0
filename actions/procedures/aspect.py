"""Which aspect of a procedure a message asks about, read from the whole message apart from the intent.

"con tôi mới sinh … thì phải làm thế nào, mang những gì?" or "sang tên xe tốn bao nhiêu tiền" reach the NLU as
``ask_procedure`` (the procedure and the question in one message): the intent alone would give the overview. This
reader answers "which fact is asked": documents, fee, time, where, online, legal (the renderer's aspects), or none.

It is learned, not a list of phrases: a softmax regression over accent-folded word 1-2-grams, trained on the NLU
examples of the aspect intents against ``ask_procedure`` / ``start_dossier``, and on hand-written questions of the
same labels (data/aspect_documents.yml: "X cần gì" asks for the papers, as a một cửa clerk hears it), with the
procedure and ward mentions cut out, so that it learns the question part (``python -m
actions.procedures.aspect_training`` writes data/aspect_model.json and prints its cross-validated accuracy). Only
numpy at run time.

"conditions" (what the record states in a sentence: a deadline to keep, who must or may go, eligibility, a step
asked as yes/no; no intent has it) is read by a second, binary regression of the same kind, trained on hand-written
questions (data/aspect_questions.yml) against all the NLU examples; a clause it reads confidently, and more surely
than the first model reads another aspect, asks the conditions; else the first model reads it as before.

A word the models do not know is read as the one known word it is with a letter dropped or added ("nhữg" ->
"những"), and a clause holding a condition's words (a deadline's "hạn chót", an age's "bao nhiêu tuổi", "điều kiện",
"không được") or asking the place yes or no reads the conditions when their model gives them some probability.

Where it looks: the question sentence(s) (those with "?", else the last one), cut into clauses at commas, "thì",
"vậy" and "và". Vietnamese puts the question after its topic ("X thì cần gì", "…, vậy mang những gì"), so a story
told first is not read as a question; the clauses from the last "thì"/"vậy" on are read first, then the earlier
ones; a clause gives way to the conditions read more surely in the wider clause holding it (with its topic).
Two aspects asked ("cần gì và mất bao lâu") come back in the order asked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Sequence

import numpy as np

from nlu.vietnamese_text import canonical, fold

MODEL_PATH = Path(__file__).resolve().parent / "data" / "aspect_model.json"
NONE = "none"  # the message asks for no particular fact: the overview
CONDITIONS = "conditions"  # the aspect of the second model (the first one's labels are the intents' aspects)
PLACE = "where"
CONFIDENT = 0.6  # probability above which the reader's aspect replaces the overview ("summary")
VERY_CONFIDENT = 0.9  # probability above which it replaces another aspect the intent gave
UNREAD = 0.2  # the reader's probability below which no question clause asks the intent's aspect
MIN_WORDED_CONDITIONS = 0.25  # the conditions model's least probability for a clause holding a condition's words
MIN_TYPO_CHARS = 3  # a word of at most this many letters is never read as a misspelling ("gi", "bao")
AMBIGUOUS = ""  # a misspelling several known words could be
# a folded Vietnamese syllable: an initial consonant, one to three vowels, a final consonant ("nhung", "doanh"; not
# "nhug", "giays")
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_TOPIC_MARK = re.compile(r"\b(?:thi|vay)\b")  # folded "thì", "vậy": the question follows its topic
_CLAUSE_CUT = re.compile(r"[,;:.!?…()]+|\b(?:va|vay)\b")
# folded question words, open ("ở đâu", "bao lâu") and closing a yes/no question ("có … không"): a clause holding
# one asks; a clause without one tells the story ("nhà tôi ở xa")
# ("đâu", not the "dâu" / "đầu" of "cô dâu", "chị dâu", "lần đầu", "ban đầu", "bắt đầu")
_NOT_WHERE_BEFORE = ("lan", "co", "chi", "em", "con", "ban", "bat", "hang")
_WHERE_WORD = "".join(rf"(?<!\b{word} )" for word in _NOT_WHERE_BEFORE) + "dau"
_OPEN_WORDS = rf"gi|j|nao|{_WHERE_WORD}|bao|may|sao|ntn"
_CLOSING_WORDS = r"khong|ko|chua|hong"
_QUESTION_WORDS = f"{_OPEN_WORDS}|{_CLOSING_WORDS}"
_ASKS = re.compile(rf"\b(?:{_QUESTION_WORDS})\b")
# an open question word with the word before it, to the clause's end ("ở đâu", "mất bao lâu"): read apart too, so
# that a long topic before it ("làm lại sổ đỏ bị mất") does not drown it
_ASKED_PHRASE = re.compile(r"\w+\s+(?:dau|bao lau|bao nhieu|may ngay|may hom)\b.*$")
_YES_NO_OPENER = re.compile(r"\b(?:co|phai|duoc|can)\b")
# folded words asking how long a paper stays valid ("có giá trị bao lâu", "hiệu lực mấy năm", "thời hạn sử dụng",
# "dùng được trong bao lâu", "hết hạn thì sao"): the record states it as a condition (e.g. 6 months), not the
# processing time
_VALIDITY = (
    r"(?:gia tri|hieu luc|dung duoc)(?: su dung)?(?: trong)? (?:bao lau|may|bao nhieu)|hieu luc"
    r"|(?:co|con) thoi han(?: su dung)? (?:bao lau|may|la)|thoi han su dung|het han thi sao"
)
_VALID = re.compile(rf"\b(?:{_VALIDITY})\b")
# folded words that ask what the record states as a condition, whatever else the clause reads as: a deadline to
# keep ("hạn chót", "quá hạn", "hạn là mấy ngày", "bao lâu phải": not the processing time, "phải chờ bao lâu"), an
# age ("bao nhiêu tuổi": not a fee), eligibility ("điều kiện gì": not the papers), what is not allowed or refused
# ("giấy tờ gì thì không được …"), how long a paper stays valid
_CONDITION_WORDS = re.compile(
    r"\b(?:han chot|han cuoi|qua han|tre han|bi tre|cham nhat|muon han|bi phat|xu phat|(?<!thoi )han (?:la|bao|may)"
    r"|(?:bao lau|may ngay|bao nhieu ngay) phai"
    r"|dieu kien|(?:bao nhieu|may|du) tuoi|khong duoc|bi tu choi|bi cam"
    rf"|{_VALIDITY})\b"
)
# a clause that only asks yes or no ("căn cước có phải đổi không"): an opener, a closing word, no open question
_OPEN_QUESTION = re.compile(rf"\b(?:{_OPEN_WORDS})\b")
_YES_NO_CLOSE = re.compile(rf"\b(?:{_CLOSING_WORDS})\W*$")
# a yes/no question closed by "không" with another question after it, unmarked by a comma: "có phải đổi
# không đổi ở đâu" asks two things
# a money amount told in a story ("mấy tờ 200 nghìn bị rách", "vay 300 triệu"), folded: no fee question by itself
_AMOUNT = re.compile(r"\b\d[\d.,]*\s*(?:nghin|ngan|trieu|ty|dong|d|k|usd)\b")
# the kinds of legal text a question may name ("theo thông tư nào"), folded, as the records write them; "luật" not
# inside "pháp luật" (any law)
_LEGAL_KINDS = {
    "luat": "Luật",
    "nghi dinh": "Nghị định",
    "thong tu": "Thông tư",
    "nghi quyet": "Nghị quyết",
    "quyet dinh": "Quyết định",
}
_LEGAL_KIND = re.compile(r"\b(?:(?<!phap )luat|nghi dinh|thong tu|nghi quyet|(?<!nghi )quyet dinh)\b")
_YES_NO_THEN_QUESTION = re.compile(rf"(?:(?<=\bkhong)|(?<=\bko))\s+(?=.*\b(?:{_QUESTION_WORDS})\b)")


def words(text: str) -> List[str]:
    """Accent-folded words with chat abbreviations expanded ("dk" -> "dang ky"); numbers become "0"."""
    return ["0" if w.isdigit() else w for w in _WORD.findall(fold(canonical(text)))]


def ngrams(segments: Sequence[Sequence[str]]) -> List[str]:
    """Word 1- and 2-grams of each segment (none across segments: a cut-out mention leaves a gap)."""
    grams: List[str] = []
    for seg in segments:
        grams.extend(seg)
        grams.extend(f"{a} {b}" for a, b in zip(seg, seg[1:]))
    return grams


def question_clauses(text: str) -> List[str]:
    """The clauses to read, in reading order: those of the question sentence(s) from the last "thì"/"vậy" on,
    then all the clauses of the same sentence(s) ("mấy hôm thì lấy được" is one question); only those holding a
    question word when some do (a story's "nhà tôi ở xã miền núi" asks no place)."""
    folded = fold(canonical(text))
    sentences = [s for s in _SENTENCE_END.split(folded) if _WORD.search(s)]
    asked = [s for s in sentences if "?" in s] or sentences[-1:]
    first: List[str] = []
    then: List[str] = []
    for sentence in asked:
        marks = list(_TOPIC_MARK.finditer(sentence))
        if marks:
            first.extend(_clauses(sentence[marks[-1].end() :]))
        then.extend(_clauses(sentence))
    clauses = first + [c for c in then if c not in first]
    return [c for c in clauses if asks_a_question(c)] or clauses


def asks_a_question(clause: str) -> bool:
    """The (folded) clause holds a question word, open ("ở đâu", "bao lâu") or closing a yes/no question."""
    return _ASKS.search(clause) is not None


def _asked_phrase(clause: str) -> List[str]:
    """The clause's asked phrase ("o dau"), when the clause says more than it: read when the whole clause asks
    nothing confidently."""
    found = _ASKED_PHRASE.search(clause)
    return [found.group(0)] if found and found.start() > 0 else []


def _clauses(text: str) -> List[str]:
    """The clauses of ``text``: cut at punctuation, "và", "vậy", and after a yes/no question another one follows."""
    pieces = [c.strip() for c in _CLAUSE_CUT.split(text) if _WORD.search(c)]
    return [part for piece in pieces for part in _after_yes_no(piece)]


def _after_yes_no(piece: str) -> List[str]:
    """``piece`` cut after each yes/no question ("có phải đổi không | đổi ở đâu"); a "không" with no "có / phải /
    được / cần" before it negates ("người nước ngoài không biết tiếng Việt thì …"): no cut there."""
    parts: List[str] = []
    for part in _YES_NO_THEN_QUESTION.split(piece):
        if parts and not _YES_NO_OPENER.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return [part.strip() for part in parts if _WORD.search(part)]


@dataclass(frozen=True)
class AspectReading:
    aspect: str  # documents, fee, time, where, online, legal, conditions
    confidence: float
    clause: str = ""  # the folded clause it was read in (read_aspects)


class AspectModel:
    """Softmax regression over n-grams: ``labels`` (aspects and NONE), a bias and one weight row per n-gram."""

    def __init__(self, labels: Sequence[str], bias: Sequence[float], weights: Dict[str, Sequence[float]]):
        self.labels = list(labels)
        self.bias = np.asarray(bias, dtype=float)
        self.index = {gram: i for i, gram in enumerate(weights)}
        self.weights = np.asarray(list(weights.values()), dtype=float).reshape(len(weights), len(self.labels))
        self.dropped = _dropped_letters(self.index)  # a known word with a letter dropped -> the word

    def spelled(self, tokens: Sequence[str]) -> List[str]:
        """``tokens`` with each word the model does not know read as the one known word it is with a letter dropped
        or added ("nhug" -> "nhung", "giays" -> "giay"); a word of MIN_TYPO_CHARS or fewer, a Vietnamese syllable
        (the procedure's words the model never saw: "doanh" is no misspelt "danh"), or one that could be several
        known words, stays as typed."""
        return [
            self._typo_of(t) if t not in self.index and len(t) > MIN_TYPO_CHARS and not _SYLLABLE.match(t) else t
            for t in tokens
        ]

    def _typo_of(self, word: str) -> str:
        dropped = self.dropped.get(word)  # a letter dropped from a known word
        added = {d for d in _deletions(word) if d in self.index and len(d) > MIN_TYPO_CHARS}  # a letter added
        found = ({dropped} if dropped else set()) | added
        return found.pop() if len(found) == 1 and AMBIGUOUS not in found else word

    @classmethod
    def load(cls, path: Path = MODEL_PATH, part: str = "") -> "AspectModel":
        """The model in ``path``, or its ``part`` (the "conditions" model)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data[part] if part else data
        return cls(data["labels"], data["bias"], data["weights"])

    def probabilities(self, text: str) -> Dict[str, float]:
        rows = sorted({self.index[g] for g in ngrams([self.spelled(words(text))]) if g in self.index})
        logits = self.bias + self.weights[rows].sum(axis=0)
        exp = np.exp(logits - logits.max())
        return dict(zip(self.labels, (exp / exp.sum()).tolist()))


def _dropped_letters(known: Iterable[str]) -> Dict[str, str]:
    """Each known word (longer than MIN_TYPO_CHARS + 1) with one letter dropped -> that word, AMBIGUOUS when several
    known words give it."""
    found: Dict[str, str] = {}
    for gram in known:
        if " " not in gram and len(gram) > MIN_TYPO_CHARS + 1:
            for variant in _deletions(gram):
                found[variant] = gram if found.get(variant, gram) == gram else AMBIGUOUS
    return found


def _deletions(word: str) -> set:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def model() -> AspectModel:
    return AspectModel.load()


@lru_cache(maxsize=1)
def conditions_model() -> AspectModel:
    return AspectModel.load(part=CONDITIONS)


def read_clause(clause: str) -> AspectReading:
    """The aspect a clause asks (NONE perhaps) and its probability: "conditions" when the second model reads it at
    least CONFIDENT and more surely than the first model reads its best aspect, or at least MIN_WORDED_CONDITIONS in
    a clause holding a condition's words (_CONDITION_WORDS: "hạn chót mấy ngày" asks a deadline, not the processing
    time; "giấy tờ gì thì không được chứng thực" the conditions, not the papers to bring) or asking the place yes or
    no ("có phải về nơi thường trú làm không": the record may say "không phụ thuộc vào nơi cư trú"; the conditions
    answer gives the place when no sentence says), else that aspect. A money amount is read as no word
    ("mấy tờ 200 nghìn bị rách, đổi ở đâu" asks no fee)."""
    clause = _without_amounts(clause)
    conditions = conditions_model().probabilities(clause)[CONDITIONS]
    probs = model().probabilities(clause)
    aspect = max(probs, key=probs.__getitem__)
    if _VALID.search(clause):  # no processing time: the conditions model knows no validity ("có giá trị bao lâu")
        return AspectReading(CONDITIONS, max(conditions, CONFIDENT))
    if conditions >= CONFIDENT and (aspect == NONE or conditions > probs[aspect]):
        return AspectReading(CONDITIONS, conditions)
    if conditions >= MIN_WORDED_CONDITIONS and (
        _CONDITION_WORDS.search(clause) or aspect == PLACE and _only_yes_no(clause)
    ):
        return AspectReading(CONDITIONS, max(conditions, CONFIDENT))
    return AspectReading(aspect, probs[aspect])


def read_aspects(text: str, threshold: float = CONFIDENT) -> List[AspectReading]:
    """The aspects ``text`` asks about with at least ``threshold`` confidence, in the order asked (each once)."""
    readings: List[AspectReading] = []
    yes_no: List[bool] = []  # the reading's clause only asks yes or no
    starts: List[int] = []  # where the reading's clause starts in the message
    opens: List[bool] = []  # the reading's clause holds an open question word ("ở đâu", "bao lâu")
    folded = fold(canonical(text or ""))
    clauses = question_clauses(text or "")
    for clause in clauses:
        reading = _with_its_topic(clause, read_clause(clause), clauses)
        for phrase in _asked_phrase(clause) if reading.aspect == NONE or reading.confidence < threshold else []:
            reading = _with_its_topic(phrase, read_clause(phrase), [clause, *clauses])
        if (
            reading.aspect != NONE
            and reading.confidence >= threshold
            and reading.aspect not in [r.aspect for r in readings]
            and not any(r.clause in clause for r in readings)  # a story told around a question read before
        ):
            readings.append(replace(reading, clause=clause))
            yes_no.append(_only_yes_no(clause))
            starts.append(folded.find(clause))
            opens.append(bool(_OPEN_QUESTION.search(fold(clause))))
    # "có phải đổi không, đổi ở đâu": the fact asked explicitly is answered first, the yes/no after it (whatever
    # the yes/no clause reads as: "căn cước có phải đổi không" names a paper); but not after a clause told before
    # it that asks nothing open ("con tôi đi làm xa, tôi đi thay được không": a story read as some aspect), which
    # it goes before
    later = [i for i, r in enumerate(readings) if r.aspect == CONDITIONS or yes_no[i]]
    explicit = [i for i in range(len(readings)) if i not in later]
    deferred = {i for i in later if any(starts[j] > starts[i] or opens[j] for j in explicit)}
    rank = {i: 0 if i in later else 1 for i in range(len(readings)) if i not in deferred}  # one not deferred first
    return [readings[i] for i in sorted(range(len(readings)), key=lambda i: rank.get(i, 2))]


def _only_yes_no(clause: str) -> bool:
    return bool(_YES_NO_OPENER.search(clause) and _YES_NO_CLOSE.search(clause) and not _OPEN_QUESTION.search(clause))


def _with_its_topic(clause: str, reading: AspectReading, clauses: Sequence[str]) -> AspectReading:
    """The conditions read more surely in a wider clause holding ``clause`` (its topic before "thì": "con mới sinh
    thì trong bao lâu phải đi khai sinh" asks a deadline to keep, not the processing time), or read confidently
    there when the clause alone reads a time less than very confidently ("ông mất rồi thì mấy ngày phải đi xóa
    thường trú": a deadline), else ``reading``."""
    for wider in clauses:
        if clause in wider and wider != clause:
            topic = read_clause(wider)
            if topic.aspect == CONDITIONS and (
                topic.confidence > reading.confidence
                or reading.aspect == "time"
                and reading.confidence < VERY_CONFIDENT
            ):
                return topic
    return reading


def asked_kind(text: str) -> str:
    """The kind of legal text a legal question names in its question part ("làm theo thông tư nào" -> "Thông tư",
    "căn cứ nghị định gì" -> "Nghị định"), as the records write it; "" when it names none ("văn bản nào")."""
    for clause in question_clauses(text or ""):
        found = _LEGAL_KIND.search(clause)
        if found:
            return _LEGAL_KINDS[found.group(0)]
    return ""


def asks_place(text: str) -> bool:
    """Whether the first model reads ``text`` as asking the place, confidently (a yes/no question about the place
    the conditions answer did not find in the record is answered with the place)."""
    probs = model().probabilities(text)
    return max(probs, key=probs.__getitem__) == PLACE and probs[PLACE] >= CONFIDENT


def asked_aspects(text: str, given: str = "summary") -> List[str]:
    """The aspects to answer for ``text`` when the intent gave ``given``, the first one first: the overview
    ("summary") gives way to the aspects read confidently, in the order read_aspects gives (the explicit open
    question first: "có được miễn phí không, nộp đơn ở đâu" asks the place, then the fee); another aspect stays
    when it is among them (in their order) or when the reader is not very confident of the first one and gives the
    intent's aspect some probability (UNREAD) in a question clause: an intent read off a story's place or amount
    ("nộp ở xã rồi thì bao giờ có") gives way to the question clause read confidently, and to the conditions read
    from a condition's words ("có giá trị bao lâu" asks the validity, not the processing time)."""
    readings = read_aspects(text)
    aspects = [r.aspect for r in readings]
    if given == "summary" or given in aspects:
        return aspects or [given]
    if readings and (
        readings[0].confidence >= VERY_CONFIDENT
        or _support(text, given) < UNREAD
        or readings[0].aspect == CONDITIONS
        and _CONDITION_WORDS.search(readings[0].clause)
    ):
        return aspects
    return [given]


def _support(text: str, aspect: str) -> float:
    """The most probability a question clause of ``text`` gives ``aspect`` (the conditions by their model), its
    amounts cut out; not a clause holding another one (a story with its question: "nộp ở công an tỉnh rồi thì mấy
    hôm có")."""
    reader = conditions_model() if aspect == CONDITIONS else model()
    clauses = question_clauses(text)
    narrow = [c for c in clauses if not any(other != c and other in c for other in clauses)]
    return max([reader.probabilities(_without_amounts(c)).get(aspect, 0.0) for c in narrow], default=0.0)


def _without_amounts(clause: str) -> str:
    """``clause`` folded, its money amounts cut out."""
    return _AMOUNT.sub(" ", fold(clause))


def aspect_to_answer(text: str, given: str = "summary") -> str:
    """The aspect to answer first for ``text`` when the intent gave ``given`` (asked_aspects)."""
    return asked_aspects(text, given)[0]

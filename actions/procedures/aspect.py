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

Where it looks: the question sentence(s) (those with "?", else the last one), cut into clauses at commas, "thì",
"vậy" and "và". Vietnamese puts the question after its topic ("X thì cần gì", "…, vậy mang những gì"), so a story
told first is not read as a question; the clauses from the last "thì"/"vậy" on are read first, then the earlier
ones; a clause gives way to the conditions read more surely in the wider clause holding it (with its topic).
Two aspects asked ("cần gì và mất bao lâu") come back in the order asked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

from nlu.vietnamese_text import canonical, fold

MODEL_PATH = Path(__file__).resolve().parent / "data" / "aspect_model.json"
NONE = "none"  # the message asks for no particular fact: the overview
CONDITIONS = "conditions"  # the aspect of the second model (the first one's labels are the intents' aspects)
CONFIDENT = 0.6  # probability above which the reader's aspect replaces the overview ("summary")
VERY_CONFIDENT = 0.9  # probability above which it replaces another aspect the intent gave

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_TOPIC_MARK = re.compile(r"\b(?:thi|vay)\b")  # folded "thì", "vậy": the question follows its topic
_CLAUSE_CUT = re.compile(r"[,;:.!?…()]+|\b(?:va|vay)\b")
# folded question words, open ("ở đâu", "bao lâu") and closing a yes/no question ("có … không"): a clause holding
# one asks; a clause without one tells the story ("nhà tôi ở xa")
_OPEN_WORDS = r"gi|j|nao|dau|bao|may|sao|ntn"
_CLOSING_WORDS = r"khong|ko|chua|hong"
_QUESTION_WORDS = f"{_OPEN_WORDS}|{_CLOSING_WORDS}"
_ASKS = re.compile(rf"\b(?:{_QUESTION_WORDS})\b")
# an open question word with the word before it, to the clause's end ("ở đâu", "mất bao lâu"): read apart too, so
# that a long topic before it ("làm lại sổ đỏ bị mất") does not drown it
_ASKED_PHRASE = re.compile(r"\w+\s+(?:dau|bao lau|bao nhieu|may ngay|may hom)\b.*$")
_YES_NO_OPENER = re.compile(r"\b(?:co|phai|duoc|can)\b")
# a clause that only asks yes or no ("căn cước có phải đổi không"): an opener, a closing word, no open question
_OPEN_QUESTION = re.compile(rf"\b(?:{_OPEN_WORDS})\b")
_YES_NO_CLOSE = re.compile(rf"\b(?:{_CLOSING_WORDS})\W*$")
# a yes/no question closed by "không" with another question after it, unmarked by a comma: "có phải đổi
# không đổi ở đâu" asks two things
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
    return [c for c in clauses if _ASKS.search(c)] or clauses


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


class AspectModel:
    """Softmax regression over n-grams: ``labels`` (aspects and NONE), a bias and one weight row per n-gram."""

    def __init__(self, labels: Sequence[str], bias: Sequence[float], weights: Dict[str, Sequence[float]]):
        self.labels = list(labels)
        self.bias = np.asarray(bias, dtype=float)
        self.index = {gram: i for i, gram in enumerate(weights)}
        self.weights = np.asarray(list(weights.values()), dtype=float).reshape(len(weights), len(self.labels))

    @classmethod
    def load(cls, path: Path = MODEL_PATH, part: str = "") -> "AspectModel":
        """The model in ``path``, or its ``part`` (the "conditions" model)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data[part] if part else data
        return cls(data["labels"], data["bias"], data["weights"])

    def probabilities(self, text: str) -> Dict[str, float]:
        rows = sorted({self.index[g] for g in ngrams([words(text)]) if g in self.index})
        logits = self.bias + self.weights[rows].sum(axis=0)
        exp = np.exp(logits - logits.max())
        return dict(zip(self.labels, (exp / exp.sum()).tolist()))


@lru_cache(maxsize=1)
def model() -> AspectModel:
    return AspectModel.load()


@lru_cache(maxsize=1)
def conditions_model() -> AspectModel:
    return AspectModel.load(part=CONDITIONS)


def read_clause(clause: str) -> AspectReading:
    """The aspect a clause asks (NONE perhaps) and its probability: "conditions" when the second model reads it at
    least CONFIDENT and more surely than the first model reads its best aspect, else that aspect."""
    conditions = conditions_model().probabilities(clause)[CONDITIONS]
    probs = model().probabilities(clause)
    aspect = max(probs, key=probs.__getitem__)
    if conditions >= CONFIDENT and (aspect == NONE or conditions > probs[aspect]):
        return AspectReading(CONDITIONS, conditions)
    return AspectReading(aspect, probs[aspect])


def read_aspects(text: str, threshold: float = CONFIDENT) -> List[AspectReading]:
    """The aspects ``text`` asks about with at least ``threshold`` confidence, in the order asked (each once)."""
    readings: List[AspectReading] = []
    yes_no: List[bool] = []  # the reading's clause only asks yes or no
    clauses = question_clauses(text or "")
    for clause in clauses:
        reading = _with_its_topic(clause, read_clause(clause), clauses)
        for phrase in _asked_phrase(clause) if reading.aspect == NONE or reading.confidence < threshold else []:
            reading = _with_its_topic(phrase, read_clause(phrase), [clause, *clauses])
        if (
            reading.aspect != NONE
            and reading.confidence >= threshold
            and reading.aspect not in [r.aspect for r in readings]
        ):
            readings.append(reading)
            yes_no.append(_only_yes_no(clause))
    # "có phải đổi không, đổi ở đâu": the fact asked explicitly is answered first, the yes/no after it (whatever
    # the yes/no clause reads as: "căn cước có phải đổi không" names a paper)
    order = sorted(range(len(readings)), key=lambda i: readings[i].aspect == CONDITIONS or yes_no[i])
    return [readings[i] for i in order]


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


def aspect_to_answer(text: str, given: str = "summary") -> str:
    """The aspect to answer for ``text`` when the intent gave ``given``: the overview ("summary") gives way to a
    confidently read aspect; another aspect only to a very confident one it does not also ask."""
    readings = read_aspects(text)
    if not readings:
        return given
    if given == "summary":
        return readings[0].aspect
    if given in [r.aspect for r in readings] or readings[0].confidence < VERY_CONFIDENT:
        return given
    return readings[0].aspect

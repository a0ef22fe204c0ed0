"""What a procedure is about beyond its name: selected sentences of its record, for the dense and BM25 indexes.

A citizen who tells a story ("nhà tôi có giếng khoan…") uses the words of a procedure's conditions, papers and
result more than those of its name. Whole bodies drown that signal in boilerplate ("Bước 1: nộp hồ sơ…", legal
references), so only a few selected sentences are kept:

- about (dense, one short passage per procedure): the head of its name, its first condition sentence, the first
  step that says who files it in which situation, and its result;
- body (BM25): the conditions, the result, the names of the papers and of the cases they apply to, and the
  first sentences of the steps once their boilerplate is removed.

The about passages' own text is their index fingerprint (with the encoder's name): a change of selection here or
of parsing in parse.py re-encodes them (about 15-20 minutes here) until `python -m knowledge_base build --ship`
ships the new vectors.
"""

from __future__ import annotations

import re

from knowledge_base.model import Procedure

ABOUT_WORDS = 48  # the dense passage is cut here: encoding cost grows with length (the index is encoded once)
ABOUT_NAME_WORDS = 14
STEP_SENTENCES = 3
STEP_MIN_WORDS = 6  # shorter step sentences are headings ("Nộp hồ sơ TTHC")
DOCUMENTS = 8
DOCUMENT_WORDS = 14

_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+|\n+|\t+|\s[-+•]\s")
_BOILERPLATE = re.compile(
    r"^(?:\(?\d+\)?\s*|[a-zđ]\)\s*|bước\s*\d+\s*[:.]?\s*|[-+•]\s*)+|"
    r"(?:căn cứ|theo quy định tại|nghị định số|thông tư số|luật số)\b.*$",
    re.IGNORECASE,
)
_PROCEDURAL = re.compile(
    r"tiếp nhận|kiểm tra|trả kết quả|thẩm định|hướng dẫn|chuyển hồ sơ|trong thời hạn|cổng dịch vụ", re.IGNORECASE
)


def sentences(text: str) -> list[str]:
    """The text's sentences without list markers and legal references, longest boilerplate dropped."""
    found = []
    for piece in _SENTENCE_END.split(text or ""):
        piece = _BOILERPLATE.sub("", piece.strip()).strip(" .;:,")
        if len(piece.split()) >= 3:
            found.append(piece)
    return found


def _cut(text: str, limit: int) -> str:
    return " ".join(text.split()[:limit])


def _citizen_steps(procedure: Procedure) -> list[str]:
    """Step sentences that say what the applicant does or is in, not how the office processes the file."""
    return [s for s in sentences(procedure.steps) if len(s.split()) >= STEP_MIN_WORDS and not _PROCEDURAL.search(s)][
        :STEP_SENTENCES
    ]


def about_passage(procedure: Procedure) -> str:
    """One short passage for the dense encoder: name head, first condition, first citizen step, result."""
    parts = [
        _cut(procedure.name, ABOUT_NAME_WORDS),
        *sentences(procedure.conditions)[:1],
        *_citizen_steps(procedure)[:1],
    ]
    if procedure.results:
        parts.append("Kết quả: " + procedure.results[0])
    return _cut(". ".join(parts), ABOUT_WORDS)


def body_text(procedure: Procedure) -> str:
    """The selected body sentences BM25 indexes apart from the name."""
    documents = [_cut(d.name, DOCUMENT_WORDS) for d in procedure.documents[:DOCUMENTS]]
    cases = sorted({_cut(d.condition, DOCUMENT_WORDS) for d in procedure.documents if d.condition})[:DOCUMENTS]
    return " ".join([procedure.conditions, *procedure.results, *documents, *cases, *_citizen_steps(procedure)])

"""Topics outside the catalog recognised by meaning, for wordings the phrase table has never seen (issue 10).

The phrase table (knowledge_base/outside.py) knows a topic only from its phrases. Here each topic, and each sector
the table lacks (neighbours' disputes, crime reports, elections, a hospital's or a school's conduct…), is described by
several questions written for knowledge_base/data/outside_meanings.tsv, encoded once with the knowledge base's
encoder as passages, like the catalog's names, and cached by fingerprint: in ``cache_dir`` and shipped in
knowledge_base/data/outside_vectors.npz (re-ship with ``python -m knowledge_base.outside_meaning`` after editing the
descriptions), so nothing is encoded at start; the knowledge base loads them at its first search.

``verdict`` is the search's one call. Its measure is the margin between the question's cosine with the closest
description and with the closest catalog name (the dense index's best): the question is retrieved by an outside
topic rather than by a procedure. A question the search refuses anyway gets its topic's ``where`` as ``handled_by``
when the margin reaches NAMED_MARGIN; a question the search answers is refused with that ``where`` when the margin
reaches OUTSIDE_MARGIN and the search's best score stays below KEEP_SCORE. Descriptions of talk that is no topic
(name "-": greetings, small talk) win over every topic they are nearer than, so small talk is never sent somewhere.
Limits: the encoder reads meaning loosely, so the margins were chosen on written questions
(tests/kb/data/outside_dev.jsonl) and the even lines of the kb dev sets, with the catalog questions' margins below
OUTSIDE_MARGIN; the phrase table's own rules (its ``unless`` phrases, the context rules) run first and are never
overridden here: a ``handled_by`` the table gave is kept, and a topic the table found only context sends nowhere.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge_base.dense import load_shipped, ship
from knowledge_base.encoders import Encoder
from knowledge_base.outside import OutsideTopics, Topic, folded_question
from knowledge_base.text import fold, words

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
MEANINGS_PATH = DATA_DIR / "outside_meanings.tsv"
SHIPPED_VECTORS = DATA_DIR / "outside_vectors.npz"
COLUMNS = 3  # name, where, sentences
SENTENCE_SEPARATOR = " | "

NO_TOPIC = "-"  # the name of the rows that describe talk that is no topic
# Margins (cosine with the closest description minus cosine with the closest catalog name, both e5 passages). On the
# dev questions an outside question's margin is about -0.01 to 0.08 and a catalog question's -0.08 to 0.02.
# The encoder reads meaning loosely: a question sharing no distinctive word or pair of adjacent words with a topic's
# descriptions ("alo", a song, feeling sad) is no question about it, whatever the margin. Distinctive: in fewer than
# this share of all descriptions.
COMMON_WORD_SHARE = 0.02
NAMED_MARGIN = 0.01  # a refused question this far nearer a topic is told that topic's where
OUTSIDE_MARGIN = 0.03  # an answered question this far nearer a topic is refused with that topic's where...
KEEP_SCORE = 0.8  # ...unless the search's best score (ranker-weighted, ~0.5 to 1.2 when named) reaches this


@dataclass(frozen=True)
class Meaning:
    name: str  # the topic, as the answer names it
    where: str  # who handles it
    sentences: tuple[str, ...]  # questions that mean it


def read_meanings(path: Path, table: tuple[Topic, ...]) -> tuple[Meaning, ...]:
    """The described topics; a row with an empty ``where`` takes the phrase table's row of the same name."""
    table_where = {t.name: t.where for t in table}
    meanings = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != COLUMNS or not cells[0] or not cells[2]:
            raise ValueError(f"{path}:{number}: expected name, where and sentences separated by tabs")
        where = cells[1] or table_where.get(cells[0], "")
        if not where and cells[0] != NO_TOPIC:
            raise ValueError(f"{path}:{number}: {cells[0]!r} has no where and no row in the phrase table")
        sentences = tuple(s.strip() for s in cells[2].split(SENTENCE_SEPARATOR.strip()) if s.strip())
        meanings.append(Meaning(cells[0], where, sentences))
    return tuple(meanings)


def fingerprint(meanings: tuple[Meaning, ...], encoder_name: str) -> str:
    parts = [s for m in meanings for s in m.sentences] + [encoder_name]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Verdict:
    abstain: bool
    handled_by: str


class OutsideMeanings:
    def __init__(self, meanings: tuple[Meaning, ...], vectors: np.ndarray, table: tuple[Topic, ...] = ()):
        self.meanings = meanings
        self.table = OutsideTopics(table)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._owner = np.array([i for i, m in enumerate(meanings) for _ in m.sentences], dtype=np.int32)
        self._words = _distinctive_words(meanings)

    @classmethod
    def load(cls, encoder: Encoder, cache_dir: Path, table: tuple[Topic, ...], path: Path = MEANINGS_PATH):
        """The described topics with their vectors: cached, else shipped, else encoded now and cached."""
        meanings = read_meanings(path, table)
        key = fingerprint(meanings, encoder.name)
        cached = cache_dir / f"outside-{key}.npy"
        if cached.exists():
            return cls(meanings, np.load(cached), table)
        vectors = load_shipped(SHIPPED_VECTORS, key)
        if vectors is None:
            sentences = [s for m in meanings for s in m.sentences]
            log.info("encoding %d outside-topic descriptions", len(sentences))
            vectors = encoder.passages(sentences)
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob("outside-*.npy"):
            stale.unlink()
        temporary = cached.with_suffix(".tmp.npy")
        np.save(temporary, vectors)
        temporary.replace(cached)
        return cls(meanings, vectors, table)

    def ship(self, encoder_name: str) -> Path:
        ship(SHIPPED_VECTORS, fingerprint(self.meanings, encoder_name), self.vectors)
        return SHIPPED_VECTORS

    def only_context(self, question: str) -> bool:
        """The phrase table names a topic in the question and its context rules found every mention only the
        context of a catalog question ("đăng ký thường trú cho con có cần giấy xác nhận của nhà trường không"): that
        reading stands, and no topic is told by meaning."""
        folded = folded_question(question)
        return any(t.matches(folded) for t in self.table.topics) and not self.table.asked(question)

    def nearest(self, question_vector: np.ndarray) -> tuple[Meaning, float]:
        """The topic (or the no-topic rows) whose closest description is nearest the question, and that cosine."""
        similarities = self.vectors @ question_vector
        best = int(np.argmax(similarities))
        return self.meanings[self._owner[best]], float(similarities[best])

    def verdict(
        self,
        question: str,
        question_vector: np.ndarray,
        catalog_similarity: float,
        abstain: bool,
        best_score: float,
        handled_by: str,
    ) -> Verdict:
        """The search's abstention and ``handled_by`` once the question's meaning is weighed (see the docstring):
        ``catalog_similarity`` is the question's cosine with its closest catalog name, ``best_score`` the search's
        best score."""
        if handled_by or self.only_context(question):
            return Verdict(abstain, handled_by)
        meaning, similarity = self.nearest(question_vector)
        margin = similarity - catalog_similarity
        if meaning.name == NO_TOPIC or not _units(question) & self._words[meaning.name]:
            return Verdict(abstain, "")
        if abstain:
            return Verdict(True, meaning.where if margin >= NAMED_MARGIN else "")
        if margin >= OUTSIDE_MARGIN and best_score < KEEP_SCORE:
            return Verdict(True, meaning.where)
        return Verdict(False, "")


def _units(text: str) -> set[str]:
    """A text's folded words and pairs of adjacent words: "vé số" is distinctive though "vé" and "số" are not."""
    found = words(fold(text))
    return set(found) | {f"{a} {b}" for a, b in zip(found, found[1:])}


def _distinctive_words(meanings: tuple[Meaning, ...]) -> dict[str, set[str]]:
    """Each topic's folded words and word pairs (``_units``) that few descriptions of all topics share."""
    described = [(m.name, _units(s)) for m in meanings for s in m.sentences]
    counts: dict[str, int] = {}
    for _, found in described:
        for word in found:
            counts[word] = counts.get(word, 0) + 1
    common = {w for w, n in counts.items() if n > 1 and n >= COMMON_WORD_SHARE * len(described)}
    topics: dict[str, set[str]] = {}
    for name, found in described:
        topics.setdefault(name, set()).update(found - common)
    return topics


def main() -> None:
    """Encode the descriptions (unless cached) and ship their vectors: run after editing outside_meanings.tsv."""
    from knowledge_base.config import settings
    from knowledge_base.encoders import load_encoder
    from knowledge_base.outside import outside_topics

    config = settings()
    encoder = load_encoder(config.encoder, config.encoder_threads)
    print(OutsideMeanings.load(encoder, config.cache_dir, outside_topics().topics).ship(encoder.name))


if __name__ == "__main__":
    main()

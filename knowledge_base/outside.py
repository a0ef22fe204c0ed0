"""Topics the catalog does not cover, and where a citizen should go for them: one table, read by the search
(its abstention feature and ``handled_by``) and, through actions/clients/knowledge_base.py, by the action server.

The table is knowledge_base/data/out_of_catalog.tsv (its header says what each column means and where the bodies
come from). Limits: a topic is recognised only from the whole words of its phrases in the accent-folded question
(chat abbreviations expanded first; a phrase "a+b" needs both parts), and is dropped when one of its ``unless``
phrases is there too; rows are tried in order and the first that matches wins. A topic whose every mention is
only the context of a catalog question (part of a catalog name, the purpose of a catalog paper, a paper of a catalog
procedure the question names: knowledge_base/outside_context.py) does not make the question outside: ``topic_of``
and ``lookup`` apply that, so the bot and the search read questions alike. Reading it needs no loaded knowledge base
(no index, no encoder; the alias and everyday-name tables only).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge_base.outside_context import Reading
from knowledge_base.whole_words import contains
from nlu.vietnamese_text import canonical, fold

TABLE_PATH = Path(__file__).resolve().parent / "data" / "out_of_catalog.tsv"
COLUMNS = 4  # name, where, phrases, unless
PART = "+"  # joins the parts of a phrase that must all be there: "khuyet tat+tro cap"


def _has(folded: str, phrase: str) -> bool:
    """A phrase is there as whole words; "a+b" is there when both "a" and "b" are (in any order)."""
    return all(contains(folded, part) for part in phrase.split(PART))


def folded_question(text: str) -> str:
    """The view of a question (or a catalog name) that phrases are matched against."""
    return fold(canonical(text or ""))


@dataclass(frozen=True)
class Topic:
    name: str  # what the citizen asked about, as the answer names it
    where: str  # who handles it and what to bring or do first
    phrases: tuple[str, ...]  # accent-folded whole-word phrases, any of which names the topic
    unless: tuple[str, ...] = ()  # accent-folded phrases naming the topic's procedures that are in the catalog

    def phrases_in(self, folded: str) -> list[str]:
        """The topic's phrases found in an already folded text."""
        return [p for p in self.phrases if _has(folded, p)]

    def excepted(self, folded: str) -> bool:
        return any(_has(folded, p) for p in self.unless)

    def matches(self, folded: str) -> bool:
        return any(_has(folded, p) for p in self.phrases) and not self.excepted(folded)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(PART.join(part.strip() for part in fold(p).split(PART)) for p in cell.split(";") if p.strip())


def read_topics(path: Path) -> tuple[Topic, ...]:
    topics = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != COLUMNS or not all(cells[:3]):
            raise ValueError(f"{path}:{number}: expected name, where, phrases and unless separated by tabs")
        topics.append(Topic(cells[0], cells[1], _split(cells[2]), _split(cells[3])))
    return tuple(topics)


class OutsideTopics:
    def __init__(self, topics: tuple[Topic, ...]):
        self.topics = topics

    @classmethod
    def load(cls, path: Path = TABLE_PATH) -> "OutsideTopics":
        return cls(read_topics(path))

    def asked(self, question: str) -> list[Topic]:
        """The topics the question asks about, in table order: named, not excepted, and not only context."""
        folded = folded_question(question)
        named = [t for t in self.topics if t.matches(folded)]
        if not named:
            return []
        reading = Reading.of(question)
        return [t for t in named if not reading.only_context(t.phrases_in(folded))]

    def topic_of(self, question: str) -> Topic | None:
        """The first topic the question asks about (see ``asked``)."""
        return next(iter(self.asked(question)), None)

    def catalog_named_beside(self, question: str) -> bool:
        """The question may ask of a catalog procedure beside the topic it asks about: it names one by a known name,
        or asks whether something is needed ("hồ sơ hưởng chế độ ốm đau gồm giấy ra viện không"), and does not ask
        for the topic's paper itself (knowledge_base/outside_context.py). A search finding that procedure strongly
        then decides (actions/procedures/named_beside_outside.py)."""
        topic = self.topic_of(question)
        if topic is None:
            return False
        reading, phrases = Reading.of(question), topic.phrases_in(folded_question(question))
        named = reading.names_beside(phrases) or reading.asks_whether_needed
        return named and not reading.asks_for_paper(phrases)

    def lookup(self, question: str) -> list[str]:
        """Where to go for every topic the question asks about, in table order (the search's ``handled_by``)."""
        return [t.where for t in self.asked(question)]


@lru_cache(maxsize=1)
def outside_topics() -> OutsideTopics:
    """The shipped table, read once per process."""
    return OutsideTopics.load()

"""When a topic outside the catalog is only the context of a catalog question (issue 10).

"giấy xác nhận tình trạng hôn nhân để vay ngân hàng" names a bank loan, which the catalog does not cover, but the
citizen needs the marital-status certificate: the loan is its purpose. A mention of an outside topic does not make
the question outside when every mention of it is
- part of a catalog procedure's name the question uses ("cấp lại thẻ bảo hiểm y tế" holds "bảo hiểm y tế"), or
- inside a purpose clause ("để …", "nhằm …", "phục vụ …"; "cho …", "đi …" right after a catalog name) while the
  question names a catalog procedure outside that clause, or
- a paper (giấy …, sổ …, bằng …, học bạ) asked about together with a catalog procedure the question names: the
  paper is one of that procedure's ("kết hôn với người nước ngoài cần giấy khám sức khỏe tâm thần"), unless the
  question asks for the paper itself, which another body issues ("xin tóm tắt bệnh án để hưởng chế độ ốm đau",
  "giấy khám sức khỏe lái xe khám ở đâu"): it asks nothing of whether a procedure needs it (no NEED word) and the
  paper is its head (named before every catalog procedure, or with every catalog procedure only inside a purpose
  clause), or it asks where or who (WHERE_ASKS). A paper right after a paper act ("chứng thực bản sao học bạ") is
  that act's object, and a paper the citizen has ("có giấy chứng sinh rồi") is not asked for, or
- a plan told before the question: a plan word ("đi", "sang", "sắp", "chuẩn bị") just before the mention, and a
  catalog procedure named after it past a clause end or a NEED word ("sắp đi xuất khẩu lao động, làm hộ chiếu ở
  đâu", "con đi du học cần lý lịch tư pháp số 2"): the plan is why the citizen needs the catalog paper.
A catalog procedure is "named" by one of its known names: the alias table's colloquial names and catalog wordings
(knowledge_base/data/aliases.tsv) and the everyday names (common_names.tsv, each cut before its own purpose
clause), also without their leading action words ("đăng ký kết hôn" -> "kết hôn"), plus PAPER_ACTS; a name has two
words or more and not only action words ("cấp lại"), found as whole words of the accent-folded question.
Limits: the rules read words, not syntax. Typed without diacritics, "de" is read as "để" unless the next word makes
it another word ("đề nghị", "để lại"), and "thi" as "thì" only before a word that follows "thì" ("thì cần").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from knowledge_base.config import settings
from knowledge_base.phrases import load_common_names
from nlu.vietnamese_text import canonical, fold

# A purpose clause starts at one of these (accent-folded words) and runs to the end of its clause.
PURPOSE_MARKERS = ("de", "nham", "phuc vu", "dung de", "dung cho", "cho viec", "nop cho")
PURPOSE = "để"  # "de" typed with diacritics is a purpose marker only as this word (not "đề", "dễ", "đế")
# "de" without diacritics followed by one of these is another word: đề nghị, đề xuất, đề án, đề tài, đề thi, dễ
# dàng, để lại, để ý, để dành, đề cử
NOT_PURPOSE_AFTER_DE = frozenset("nghi xuat an tai thi dang lai y danh cu".split())
# Words that join a purpose to the catalog name just before them: "lý lịch tư pháp đi xuất khẩu lao động", "giấy
# xác nhận độc thân cho ngân hàng"; LINK_REACH words may stand between ("lý lịch tư pháp số 2 đi ...").
LINKS = frozenset(("cho", "di", "sang"))
LINK_REACH = 2
# A clause ends at punctuation or at one of these words. "thi" is "thì" (then) when typed so, or when typed without
# diacritics before one of THEN_WORDS; otherwise it may be "thi" (an exam: "để nộp hồ sơ thi công chức").
CLAUSE_ENDS = frozenset("thi nhung xong roi nen".split())
THEN = "thì"
THEN_WORDS = frozenset("can phai lam xin nop o co bao duoc sao the minh toi em di mang".split())
# A topic phrase starting with one of these names a paper (or the check that gives one), which a catalog procedure
# may ask for.
PAPERS = (
    "giay",
    "so",
    "bang",
    "the",
    "hoc ba",
    "chung chi",
    "van bang",
    "phieu",
    "benh an",
    "ho so benh an",
    "kham suc khoe",
)
# Words that ask whether a procedure needs a paper ("có cần", "phải … không", "gồm", "nộp", "kèm"): the paper is then
# one of the procedure's. "can" typed without diacritics is "cần" unless the next word makes it another word
# (căn cước, căn hộ, căn nhà, cán bộ).
NEED_WORDS = frozenset("can phai gom nop kem".split())
NEED = "cần"
NOT_NEED_AFTER_CAN = frozenset("cuoc ho nha bo phong".split())
# Questions asking where or from whom (accent-folded): the place or the body that gives what is asked.
WHERE_ASKS = re.compile(
    r"\b(?:o dau|cho nao|noi nao|(?:o|tai) \w+(?: \w+)? nao|(?:benh vien|phong kham|co so|tram y te|truong|toa) nao"
    r"|ai (?:cap|ky|xac nhan|giai quyet|phan xu)|do ai|xin ai|hoi ai|gap ai|dau cap)\b"
)
# A plan word (accent-folded) up to SETTING_REACH words before a topic's mention makes it the plan the question is
# told in ("sắp đi xuất khẩu lao động", "con đi du học").
SETTING_WORDS = (("di",), ("sang",), ("sap",), ("chuan", "bi"))
SETTING_REACH = 3
HAVE = ("có", "co")  # "có" (typed either way) just before a paper: the citizen has it, so does not ask for it
OBJECT_REACH = 3  # a paper starting this close after a paper act ("chứng thực bản sao học bạ") is its object
MIN_NAME_WORDS = 2  # a one-word name ("hộ khẩu" is two) says too little about which procedure is meant
# A name made only of these action words ("làm lại", "cấp lại", "bị mất", "hết hạn") names no procedure; a name
# that starts with them is also known without them ("đăng ký kết hôn" -> "kết hôn", "làm hộ chiếu" -> "hộ chiếu").
ACTION_WORDS = frozenset("lam lai cap xin bi mat het han doi moi dang ky".split())
# Catalog acts done on any paper, which the tables only hold inside longer names ("chứng thực bản sao từ bản chính")
PAPER_ACTS = ("chung thuc", "cong chung")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_NAME_CUT = re.compile(r",|\b(?:de|cho|nham|khi|neu)\b")  # an everyday name's own purpose or condition


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


def find(words: tuple[str, ...], phrase: tuple[str, ...]) -> list[range]:
    """Every occurrence of ``phrase`` in ``words``, as a range of word positions."""
    n = len(phrase)
    return [range(i, i + n) for i in range(len(words) - n + 1) if words[i : i + n] == phrase]


def _cut(name: str) -> str:
    return _NAME_CUT.split(fold(name))[0].strip()


@lru_cache(maxsize=1)
def catalog_names() -> tuple[tuple[str, ...], ...]:
    """The known names of catalog procedures, as folded word tuples (see the module docstring)."""
    config = settings()
    names: set[str] = set()
    for line in config.aliases_path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names.update(fold(cell) for cell in line.split("\t")[:2])
    for everyday in load_common_names(config.common_names_path).values():
        names.update(_cut(name) for name in everyday)
    found = {tokens(n) for n in (*names, *PAPER_ACTS)}
    found |= {_without_action(w) for w in found}
    return tuple(sorted(w for w in found if len(w) >= MIN_NAME_WORDS and not ACTION_WORDS.issuperset(w)))


def _without_action(name: tuple[str, ...]) -> tuple[str, ...]:
    start = 0
    while start < len(name) and name[start] in ACTION_WORDS:
        start += 1
    return name[start:]


def is_paper(phrase: str) -> bool:
    """A table phrase that names a paper ("giay kham suc khoe", "hoc ba")."""
    return any(phrase == p or phrase.startswith(p + " ") for p in PAPERS)


def _inside(span: range, outer: range) -> bool:
    return outer.start <= span.start and span.stop <= outer.stop


def _overlaps(a: range, b: range) -> bool:
    return a.start < b.stop and b.start < a.stop


@dataclass(frozen=True)
class Reading:
    """A question as the context rules read it: accent-folded words, and the words as typed when they align."""

    words: tuple[str, ...]
    typed: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "Reading":
        typed = tokens(canonical(text or "").lower())
        words = tokens(fold(" ".join(typed)))
        return cls(words, typed if len(typed) == len(words) else words)

    def spans(self, phrase: str) -> list[range]:
        """Where a folded phrase of the table is ("a+b": where each part is)."""
        return [span for part in phrase.split("+") for span in find(self.words, tokens(part))]

    @cached_property
    def names(self) -> list[range]:
        """Where the question names a catalog procedure."""
        return [span for name in catalog_names() for span in find(self.words, name)]

    def _starts_purpose(self, i: int) -> int:
        """How many words the purpose marker at ``i`` has (0: none there)."""
        for marker in PURPOSE_MARKERS:
            parts = tokens(marker)
            if self.words[i : i + len(parts)] != parts:
                continue
            if parts == ("de",):
                after = self.words[i + 1] if i + 1 < len(self.words) else ""
                if self.typed[i] not in ("de", PURPOSE) or (self.typed[i] == "de" and after in NOT_PURPOSE_AFTER_DE):
                    continue
            return len(parts)
        if self.words[i] in LINKS and any(0 <= i - name.stop <= LINK_REACH for name in self.names):
            return 1
        return 0

    def _ends_clause(self, i: int) -> bool:
        if self.words[i] != "thi":
            return self.words[i] in CLAUSE_ENDS
        after = self.words[i + 1] if i + 1 < len(self.words) else ""
        return self.typed[i] == THEN or (self.typed[i] == "thi" and after in THEN_WORDS)

    @cached_property
    def purpose_clauses(self) -> list[range]:
        clauses, i = [], 0
        while i < len(self.words):
            width = self._starts_purpose(i)
            if not width:
                i += 1
                continue
            end = i + width
            while end < len(self.words) and self.words[end].isalnum() and not self._ends_clause(end):
                end += 1
            clauses.append(range(i, end))
            i = end
        return clauses

    def only_context(self, phrases: list[str]) -> bool:
        """True when every mention of the topic (its matched ``phrases``) is context of a catalog question."""
        mentions = [span for phrase in phrases for span in self.spans(phrase)]
        live = [m for m in mentions if not any(_inside(m, n) and len(n) > len(m) for n in self.names)]
        if not live:
            return True  # every mention is part of a catalog name the question uses
        others = [n for n in self.names if not any(_overlaps(n, m) for m in live)]
        if not others:
            return False
        papers = [span for phrase in phrases if is_paper(phrase) for span in self.spans(phrase)]
        return all(
            self._paper_of(m, papers, others) or self._purpose_of(m, others) or self._setting_of(m, others)
            for m in live
        )

    def names_beside(self, phrases: list[str]) -> bool:
        """True when the question names a catalog procedure apart from the topic's mentions (its ``phrases``)."""
        mentions = [span for phrase in phrases for span in self.spans(phrase)]
        return any(not any(_overlaps(n, m) for m in mentions) for n in self.names)

    def asks_for_paper(self, phrases: list[str]) -> bool:
        """True when one of the topic's paper mentions is asked for itself (see the module docstring)."""
        papers = [span for phrase in phrases if is_paper(phrase) for span in self.spans(phrase)]
        return any(self._paper_asked(p, self.names) for p in papers)

    def _paper_of(self, mention: range, papers: list[range], names: list[range]) -> bool:
        """The mention is in a paper the question asks about as one of the named catalog procedures' papers."""
        inside = [p for p in papers if _inside(mention, p)]
        return bool(inside) and not any(self._paper_asked(p, names) for p in inside)

    def _needs(self, i: int) -> bool:
        """The word at ``i`` asks whether something is needed (see NEED_WORDS)."""
        word = self.words[i]
        if word not in NEED_WORDS:
            return False
        after = self.words[i + 1] if i + 1 < len(self.words) else ""
        return word != "can" or self.typed[i] == NEED or (self.typed[i] == "can" and after not in NOT_NEED_AFTER_CAN)

    @cached_property
    def asks_whether_needed(self) -> bool:
        return any(self._needs(i) for i in range(len(self.words)))

    def _paper_asked(self, paper: range, names: list[range]) -> bool:
        """The question asks for the paper itself rather than whether a named catalog procedure needs it."""
        others = [n for n in names if not _overlaps(n, paper)]
        held = paper.start > 0 and self.typed[paper.start - 1] in HAVE
        if held or self.asks_whether_needed or not others:
            return False
        acts = {tokens(a) for a in PAPER_ACTS}
        if any(self.words[n.start : n.stop] in acts and 0 <= paper.start - n.stop <= OBJECT_REACH for n in others):
            return False
        if paper.start < min(n.start for n in others) or WHERE_ASKS.search(" ".join(self.words)):
            return True
        return all(any(_inside(n, c) and not _overlaps(paper, c) for c in self.purpose_clauses) for n in others)

    def _setting_of(self, mention: range, names: list[range]) -> bool:
        """The mention is a plan told before the question: a plan word just before it, and a catalog procedure named
        after it past a clause end or a NEED word."""
        lead = self.words[max(0, mention.start - SETTING_REACH) : mention.start]
        if not any(find(lead, word) for word in SETTING_WORDS):
            return False
        return any(
            n.start >= mention.stop
            and any(
                not self.words[i].isalnum() or self._ends_clause(i) or self._needs(i)
                for i in range(mention.stop, n.start)
            )
            for n in names
        )

    def _purpose_of(self, mention: range, names: list[range]) -> bool:
        """The mention is inside a purpose clause, and the question names a catalog procedure outside it."""
        return any(
            _inside(mention, clause) and any(not _overlaps(n, clause) for n in names) for clause in self.purpose_clauses
        )

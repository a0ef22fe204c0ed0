"""Hybrid procedure search: dense (faiss) + BM25 on accent-folded text, with the citizen prior.

Score of a procedure for a question:
    fused = W_DENSE * cosine(question, procedure) + W_LEXICAL * coverage + prior
where coverage is the BM25 score divided by the most the question's terms could score (how much of
the question the procedure's wording matches, in [0, 1)), and the prior prefers the common citizen
case among near-identical variants. Both signals are calibrated to [0, 1], so one threshold on the
fused score decides when nothing in the catalog fits (abstain).
"""
from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from knowledge_base import variants
from knowledge_base.phrases import PhraseTable, load_common_names
from knowledge_base.catalog import file_digest, load_catalog
from knowledge_base.config import PACKAGE_DIR, KnowledgeBaseSettings, settings
from knowledge_base.dense import DenseIndex
from knowledge_base.encoders import Encoder, load_encoder
from knowledge_base.lexical import BM25Index
from knowledge_base.model import Procedure
from knowledge_base.restore import DiacriticRestorer
from knowledge_base.text import canonical, fold, words

# Weights chosen by a grid search on bench/data/kb_dev.jsonl (bench/kb_search.py reports them).
# E5 cosines of related texts all lie in about [0.8, 0.95]: DENSE_FLOOR stretches that range.
DENSE_FLOOR = 0.8
W_DENSE = 0.8
W_LEXICAL = 0.5
W_NAME = 0.1
QUALIFIER_PENALTY = 0.08  # per qualifier setting the name apart from a sibling's, when the question does not ask for it
QUALIFIER_BONUS = 0.04  # per qualifier in the name that the question asks for (perhaps in other words)
MISSING_QUALIFIER_PENALTY = 0.04  # per qualifier the question asks for that a sibling's name has and this one lacks
LEVEL_PENALTY = 0.02  # per level above the commune office, unless the question names a level
AGE_PENALTY = 0.08  # the question's age is outside the ages the procedure's name is for
NON_CITIZEN_PENALTY = 0.04  # procedures individuals cannot file
OUTSIDE_TOPIC_PENALTY = 0.15  # the question is about a topic the catalog does not cover
ABSTAIN_BELOW = 0.41  # chosen on the even lines of the dev set: every out-of-catalog question there abstains
VARIANT_MARGIN = 0.015  # hits this close to the best, with similar names, are asked about
AGE_VARIANT_MARGIN = 0.06  # ... and this close when they are the same act for other ages and no age was given
VARIANT_SIMILARITY = 0.5
SIBLING_SIMILARITY = 0.4  # base names this alike (without qualifiers and levels) make procedures variants of one act
CANDIDATES = 60
MAX_QUESTION_CHARS = 500  # a question longer than this is cut: nobody names a procedure in 500+ chars
CHAT_PHRASE_WEIGHT = 20  # how much the everyday phrases count against the catalog's text when restoring accents
INDEX_VERSION = "4"  # bump when the passage format changes

DATA_DIR = PACKAGE_DIR / "data"


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    score: float
    procedure: Procedure


@dataclass(frozen=True)
class Signals:
    candidates: np.ndarray  # procedure indices
    similarity: np.ndarray  # dense cosine
    coverage: np.ndarray  # BM25 / its ceiling: share of the question matched
    name_coverage: np.ndarray  # share of the procedure's name matched
    prior: np.ndarray  # the common-citizen-case prior


@dataclass(frozen=True)
class SearchResult:
    query: str
    abstain: bool
    hits: list[Hit]
    variants: list[Hit]  # non-empty: the best hits are close variants and the question did not say which
    handled_by: str = ""  # for a topic outside the catalog, who handles it (when known)


def passage(procedure: Procedure, common_names: tuple[str, ...]) -> str:
    """What the dense encoder sees of a procedure: its name, field and the names citizens use for it."""
    text = f"{procedure.name} ({procedure.field})" if procedure.field else procedure.name
    return f"{text}. Người dân thường gọi: {'; '.join(common_names)}" if common_names else text


def lexical_text(procedure: Procedure, common_names: tuple[str, ...]) -> str:
    """What BM25 sees: the name twice (it matters most), the field, the result documents and the
    names citizens use for it."""
    return " ".join([procedure.name, procedure.name, procedure.field, *procedure.results[:2], *common_names])


def name_terms(procedure: Procedure) -> str:
    """The name without 'Thủ tục' and level markers: what name coverage is measured against."""
    return variants.LEVEL_MARKER.sub(" ", re.sub(r"^thu tuc\s+", "", fold(procedure.name)))


class KnowledgeBase:
    _instance: "KnowledgeBase | None" = None
    _lock = threading.Lock()

    def __init__(self, config: KnowledgeBaseSettings, encoder: Encoder | None = None):
        self.config = config
        self.procedures = load_catalog(config.catalog_path)
        self._by_code = {p.code: p for p in self.procedures}
        self.aliases = PhraseTable.load(config.aliases_path)
        self.outside_topics = PhraseTable.load(DATA_DIR / "out_of_catalog.tsv")
        self.encoder = encoder or load_encoder(config.encoder, config.encoder_threads)
        self.common_names = load_common_names(config.common_names_path)
        names = [self.common_names.get(p.code, ()) for p in self.procedures]
        self.lexical = BM25Index([lexical_text(p, n) for p, n in zip(self.procedures, names)],
                                 [[name_terms(p), *n] for p, n in zip(self.procedures, names)])
        passages = [passage(p, n) for p, n in zip(self.procedures, names)]
        self.dense = DenseIndex.load_or_build(config.cache_dir, self.fingerprint, passages, self.encoder)
        self._question_words = _phrase_pattern(_read_lines(DATA_DIR / "question_words.txt"))
        chat = _read_lines(DATA_DIR / "chat_phrases.txt")
        restorer_texts = ([p.name for p in self.procedures] + [d.name for p in self.procedures for d in p.documents]
                          + [name for n in names for name in n])
        self.restorer = DiacriticRestorer(restorer_texts + chat * CHAT_PHRASE_WEIGHT)
        self._levels = np.array([variants.level_rank(p) for p in self.procedures], dtype=np.float32)
        self._non_citizen = np.array([not p.for_citizens for p in self.procedures], dtype=np.float32)
        self._qualifiers = variants.sibling_qualifiers(self.procedures, SIBLING_SIMILARITY)
        self._ages = np.array([variants.age_range(p) for p in self.procedures], dtype=np.float32)

    @classmethod
    def load(cls) -> "KnowledgeBase":
        """The process-wide knowledge base (built once; thread-safe)."""
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls(settings())
            return cls._instance

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever the catalog, the everyday names, the passage format or the model change."""
        parts = [file_digest(self.config.catalog_path), file_digest(self.config.common_names_path),
                 self.encoder.name, INDEX_VERSION]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get((code or "").strip())

    # ------------------------------------------------------------------ search
    def search(self, question: str, top: int = 5, mode: str = "hybrid") -> SearchResult:
        """mode "lexical" or "dense" ranks by one signal alone, without the prior (for benchmarks)."""
        question = canonical(question or "")[:MAX_QUESTION_CHARS]
        signals = self.signals(question)
        if signals is None:
            return SearchResult(question, True, [], [])
        if mode == "lexical":
            fused = signals.coverage
        elif mode == "dense":
            fused = signals.similarity
        else:
            dense = (signals.similarity - DENSE_FLOOR) / (1 - DENSE_FLOOR)
            fused = (W_DENSE * dense + W_LEXICAL * signals.coverage
                     + W_NAME * signals.name_coverage + signals.prior)
        outside = self.outside_topics.lookup(question)
        if outside and mode == "hybrid":
            fused = fused - OUTSIDE_TOPIC_PENALTY
        order = np.argsort(-fused)
        hits = [self._hit(signals.candidates[i], fused[i]) for i in order[:max(top, 1)]]
        abstain = not hits or hits[0].score < ABSTAIN_BELOW
        handled_by = next((agency for agency in outside if agency), "") if abstain else ""
        age_given = variants.age_asked(fold(question)) is not None
        return SearchResult(question, abstain, hits[:top], [] if abstain else self._close_variants(hits, age_given), handled_by)

    def signals(self, question: str) -> "Signals | None":
        """Candidate procedures for a normalised question and each ranking signal for them;
        None when the question has no words that could name a procedure."""
        folded = fold(question)
        content = self._question_words.sub(" ", folded)
        if not any(len(w) > 1 for w in words(content)):
            return None
        expansions = self.aliases.lookup(question)
        lexical_query = " ".join([content, *expansions])
        lexical_scores, ceiling = self.lexical.scores(lexical_query)
        # The dense side sees the question as asked (accents restored), without the alias expansions:
        # the passages carry the everyday names, and the expansions' official wording pulls the
        # question towards the generic procedure the alias names.
        query_vector = self.encoder.queries([self.restorer.restore(question)])[0]
        _, dense_ids = self.dense.search(query_vector, CANDIDATES)
        lexical_ids = np.argsort(-lexical_scores)[:CANDIDATES]
        candidates = np.unique(np.concatenate([dense_ids[dense_ids >= 0], lexical_ids]))
        return Signals(
            candidates=candidates,
            similarity=self.dense.scores_for(query_vector, candidates),
            coverage=lexical_scores[candidates] / ceiling if ceiling else np.zeros(len(candidates)),
            name_coverage=self.lexical.name_coverage(lexical_query)[candidates],
            prior=self._prior(candidates, folded + " " + fold(" ".join(expansions))),
        )

    def _prior(self, candidates: np.ndarray, folded_question: str) -> np.ndarray:
        asked = variants.qualifiers_asked(folded_question)
        special, plain = self._qualifiers.special, self._qualifiers.plain
        unasked = np.array([len(special[i] - asked) for i in candidates], dtype=np.float32)
        granted = np.array([len(special[i] & asked) for i in candidates], dtype=np.float32)
        missing = np.array([len(plain[i] & asked) for i in candidates], dtype=np.float32)
        prior = (QUALIFIER_BONUS * granted - QUALIFIER_PENALTY * unasked - MISSING_QUALIFIER_PENALTY * missing
                 - NON_CITIZEN_PENALTY * self._non_citizen[candidates])
        if not variants.mentions_level(folded_question):
            prior -= LEVEL_PENALTY * self._levels[candidates]
        age = variants.age_asked(folded_question)
        if age is not None:
            ages = self._ages[candidates]
            prior -= AGE_PENALTY * ((age < ages[:, 0]) | (age >= ages[:, 1]))
        return prior

    def _hit(self, index: int, score: float) -> Hit:
        procedure = self.procedures[int(index)]
        return Hit(procedure.code, procedure.name, round(float(score), 4), procedure)

    @staticmethod
    def _close_variants(hits: list[Hit], age_given: bool) -> list[Hit]:
        """The best hit and the similar ones too close to it to choose without asking: "cấp thẻ căn cước" is for
        under-14s or for 14 and over, so unless the question gives an age the citizen is asked which."""
        best = hits[0]
        best_ages = variants.age_range(best.procedure)

        def close(hit: Hit) -> bool:
            if variants.name_similarity(best.procedure, hit.procedure) < VARIANT_SIMILARITY:
                return False
            other_ages = not age_given and variants.age_range(hit.procedure) != best_ages
            return best.score - hit.score <= (AGE_VARIANT_MARGIN if other_ages else VARIANT_MARGIN)

        similar = [hit for hit in hits[1:] if close(hit)]
        return [best, *similar] if similar else []


def _read_lines(path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def _phrase_pattern(phrases: list[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

"""Hybrid procedure search: dense (faiss) over names and over what procedures are about, BM25 over names and
over selected body sentences, the citizen prior, and a learned ranker that weighs them.

Candidates come from every retriever. Each one gets the retrievers' signals (knowledge_base/ranker.py turns them
into features); the ranker's log-odds, added to the hand-tuned score of issue 2, order the best RERANK of them by
that score (a gate keeps issue 2's first hit on a short question when the ranker is unsure), and the ranker's
abstention model decides when nothing in the catalog fits. The issue-2 score ("fused") is also one of the features:
    fused = W_DENSE * stretched cosine(question, name passage) + W_LEXICAL * coverage + W_NAME * name coverage + prior
where coverage is the BM25 score divided by the most the question's terms could score, and the prior prefers
the common citizen case among near-identical variants.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from knowledge_base import catalog_cache, siblings, story, variants
from knowledge_base import passages as about
from knowledge_base.catalog import file_digest
from knowledge_base.config import PACKAGE_DIR, KnowledgeBaseSettings, settings
from knowledge_base.dense import DenseIndex, ship
from knowledge_base.encoders import Encoder, load_encoder
from knowledge_base.lexical import BM25Index
from knowledge_base.model import Procedure
from knowledge_base.outside import outside_topics
from knowledge_base.outside_meaning import OutsideMeanings
from knowledge_base.phrases import PhraseTable, load_common_names
from knowledge_base.ranker import DENSE_FLOOR, SIBLING_POOL, Ranker, candidate_features, rerank_pool
from knowledge_base.restore import DiacriticRestorer
from knowledge_base.text import canonical, fold, words

# Weights of the issue-2 score (a grid search on bench/data/kb_dev.jsonl).
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
# The hybrid ranking: the issue-2 score plus the ranker's log-odds times this (chosen by 5-fold cross-validation on
# the even lines of kb_dev and kb_longtail: 0 keeps issue 2's order, large values the ranker's alone).
RANKER_WEIGHT = 0.05
# The gate: on a question this short, the issue-2 first hit stays first unless the ranker's log-odds for its own first
# exceed that hit's by more than GATE_MARGIN (chosen on the same cross-validation; stops the loss on short questions)
# or the story selects the ranker's first (it shares an action or audience class with the question that the other lacks)
GATE_WORDS = 15
GATE_MARGIN = 2.0
FUSED_ABSTAIN_BELOW = 0.41  # the issue-2 score's threshold (mode "fused", for comparison in bench/kb_search.py)
# Rankings by one signal, for benchmarks: mode -> (Signals field, abstention threshold)
BASELINES = {"lexical": ("coverage", 0.0), "dense": ("similarity", 0.0), "fused": ("fused", FUSED_ABSTAIN_BELOW)}
VARIANT_MARGIN = 0.015  # hits this close to the best, with similar names, are asked about
AGE_VARIANT_MARGIN = 0.06  # ... and this close when they are the same act for other ages and no age was given
VARIANT_SIMILARITY = 0.5
VARIANT_POOL = 10  # the best candidates by the issue-2 score among which close variants are looked for
SIBLING_SIMILARITY = 0.4  # base names this alike (without qualifiers and levels) make procedures variants of one act
CANDIDATES = 60  # from the name retrievers (dense and BM25) each
BODY_CANDIDATES = 30  # from the about passages (dense) and the body sentences (BM25) each
MAX_QUESTION_CHARS = 500  # a question longer than this is cut: nobody names a procedure in 500+ chars
CHAT_PHRASE_WEIGHT = 20  # how much the everyday phrases count against the catalog's text when restoring accents
QUERY_CACHE = 256  # questions whose dense vector is kept (a turn searches the same text from several actions)
INDEX_VERSION = "4"  # bump when the passage format changes

DATA_DIR = PACKAGE_DIR / "data"
RANKER_PATH = DATA_DIR / "ranker.json"
# Encoded passages shipped in git (float16), used when their fingerprint matches: a fresh clone encodes nothing.
SHIPPED_NAME_VECTORS = DATA_DIR / "name_vectors.npz"
SHIPPED_ABOUT_VECTORS = DATA_DIR / "about_vectors.npz"


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    score: float
    procedure: Procedure


@dataclass(frozen=True)
class Signals:
    candidates: np.ndarray  # procedure indices
    similarity: np.ndarray  # dense cosine with the name passage
    about_similarity: np.ndarray  # dense cosine with the about passage (conditions, situation, result)
    coverage: np.ndarray  # BM25 / its ceiling: share of the question matched by the name document
    body_coverage: np.ndarray  # the same over the selected body sentences
    name_coverage: np.ndarray  # share of the procedure's name matched
    prior_parts: dict[str, np.ndarray]  # the common-citizen-case evidence, part by part
    prior: np.ndarray  # the issue-2 prior made of those parts
    fused: np.ndarray  # the issue-2 score
    own_words: np.ndarray  # share of the words only its name has (among the best candidates) that the question uses
    rival_words: np.ndarray  # share of the question's name words that only the other best candidates' names have
    story: np.ndarray  # (candidates, 3): the story classes it shares with the question, has unasked, lacks
    outside_topic: bool  # the question names a topic the catalog does not cover
    question_words: int


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
        self.procedures = catalog_cache.load_procedures(config.catalog_path, config.cache_dir)
        self._by_code = {p.code: p for p in self.procedures}
        self._row = {p.code: row for row, p in enumerate(self.procedures)}
        self.aliases = PhraseTable.load(config.aliases_path)
        self.outside_topics = outside_topics()
        self.encoder = encoder or load_encoder(config.encoder, config.encoder_threads)
        self.common_names = load_common_names(config.common_names_path)
        names = [self.common_names.get(p.code, ()) for p in self.procedures]
        self.lexical = BM25Index(
            [lexical_text(p, n) for p, n in zip(self.procedures, names)],
            [[name_terms(p), *n] for p, n in zip(self.procedures, names)],
        )
        self._name_term_ids = [set(self.lexical.query_terms(name_terms(p))) for p in self.procedures]
        passages = [passage(p, n) for p, n in zip(self.procedures, names)]
        self.dense = DenseIndex.load_or_build(
            config.cache_dir, self.fingerprint, passages, self.encoder, shipped=SHIPPED_NAME_VECTORS
        )
        about_passages = [about.about_passage(p) for p in self.procedures]
        self.about_fingerprint = _digest([*about_passages, self.encoder.name])
        self.about = DenseIndex.load_or_build(
            config.cache_dir,
            self.about_fingerprint,
            about_passages,
            self.encoder,
            kind="about",
            shipped=SHIPPED_ABOUT_VECTORS,
        )
        self.body = BM25Index([about.body_text(p) for p in self.procedures])
        self._question_words = _phrase_pattern(_read_lines(DATA_DIR / "question_words.txt"))
        chat = _read_lines(DATA_DIR / "chat_phrases.txt")
        restorer_texts = (
            [p.name for p in self.procedures]
            + [d.name for p in self.procedures for d in p.documents]
            + [name for n in names for name in n]
        )
        self.restorer = DiacriticRestorer(restorer_texts + chat * CHAT_PHRASE_WEIGHT)
        self._levels = np.array([variants.level_rank(p) for p in self.procedures], dtype=np.float32)
        self._non_citizen = np.array([not p.for_citizens for p in self.procedures], dtype=np.float32)
        self._non_business = np.array([not variants.for_business(p) for p in self.procedures], dtype=np.float32)
        self._qualifiers = variants.sibling_qualifiers(self.procedures, SIBLING_SIMILARITY)
        self._ages = np.array([variants.age_range(p) for p in self.procedures], dtype=np.float32)
        self._story_classes = [story.name_classes(fold(p.name)) for p in self.procedures]
        self.sibling_stage = siblings.SiblingStage(self.procedures)
        # accents restored and encoded once per question text (query_vector.cache_clear() to time it cold)
        self.query_vector = lru_cache(maxsize=QUERY_CACHE)(self._encode_question)

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
        return _digest(
            [
                file_digest(self.config.catalog_path),
                file_digest(self.config.common_names_path),
                self.encoder.name,
                INDEX_VERSION,
            ]
        )

    @cached_property
    def ranker(self) -> Ranker:
        """Loaded on first use, so that knowledge_base.train_ranker can build the signals without one."""
        return Ranker.load(RANKER_PATH)

    @cached_property
    def outside_meanings(self) -> OutsideMeanings:
        """Topics outside the catalog by meaning (knowledge_base/outside_meaning.py), loaded on first search."""
        return OutsideMeanings.load(self.encoder, self.config.cache_dir, self.outside_topics.topics)

    def ship_vectors(self) -> list:
        """Write the encoded passages where a fresh clone finds them (python -m knowledge_base build --ship)."""
        ship(SHIPPED_NAME_VECTORS, self.fingerprint, self.dense.vectors)
        ship(SHIPPED_ABOUT_VECTORS, self.about_fingerprint, self.about.vectors)
        return [SHIPPED_NAME_VECTORS, SHIPPED_ABOUT_VECTORS]

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get((code or "").strip())

    # ------------------------------------------------------------------ search
    def situation_chooses(self, question: str, chosen: str, other: str) -> bool:
        """Whether the question's situation chose procedure ``chosen`` over its sibling ``other`` (a state, act or
        audience the sibling stage reads: "nếu bị mất luôn" after the change of a card chooses its re-issue)."""
        rows = self._row.get(chosen), self._row.get(other)
        folded = fold(canonical(question or "")[:MAX_QUESTION_CHARS])
        return None not in rows and self.sibling_stage.sets_aside(folded, *rows)

    def search(self, question: str, top: int = 5, mode: str = "hybrid", outside_meaning: bool = True) -> SearchResult:
        """mode "lexical" or "dense" ranks by one signal alone, without the prior, and "fused" by the issue-2
        score (for benchmarks); "hybrid" is the learned ranker. ``outside_meaning`` False: the question is known to
        be a catalog question (a lost or damaged paper is its reissue's), so its meaning near a topic outside the
        catalog refuses nothing."""
        question = canonical(question or "")[:MAX_QUESTION_CHARS]
        signals = self.signals(question)
        if signals is None:
            return SearchResult(question, True, [], [])
        if mode == "hybrid":
            pool = rerank_pool(signals.fused)
            features = candidate_features(signals)[pool]
            log_odds = self.ranker.candidates.log_odds(features)
            # the ranker orders the pool; the other candidates follow in the issue-2 order
            ranking = signals.fused - (signals.fused.max() - signals.fused.min() + 1.0)
            ranking[pool] = signals.fused[pool] + RANKER_WEIGHT * log_odds
            first = hybrid_first(signals.fused[pool], log_odds, signals.story[pool, 0], signals.question_words)
            ranking[pool[first]] = ranking[pool].max() + 1e-4  # the gate may keep issue 2's first first
            abstain = self.ranker.abstains(features, 1.0 / (1.0 + np.exp(-log_odds)))
        else:
            signal, threshold = BASELINES[mode]
            ranking = getattr(signals, signal)
            abstain = float(ranking.max()) < threshold
        order = np.argsort(-ranking, kind="stable")
        if mode == "hybrid":  # the sibling the question's situation selects goes first (knowledge_base/siblings.py)
            chosen = self.sibling_stage.choose(fold(question), [int(i) for i in signals.candidates[order]])
            ranking[order[chosen]] = ranking[order[0]] + 1e-4 * (chosen > 0)
            order = np.argsort(-ranking, kind="stable")
        hits = [self._hit(signals.candidates[i], ranking[i]) for i in order[: max(top, 1)]]
        outside = self.outside_topics.lookup(question) if abstain else []
        handled_by = next((agency for agency in outside if agency), "")
        if mode == "hybrid" and outside_meaning:  # its meaning near a topic outside the catalog (outside_meaning.py)
            verdict = self.outside_meanings.verdict(
                question,
                self.query_vector(question),
                float(signals.similarity.max()),
                abstain,
                hits[0].score,
                handled_by,
            )
            abstain, handled_by = verdict.abstain, verdict.handled_by
        if abstain:
            return SearchResult(question, True, hits[:top], [], handled_by)
        return SearchResult(question, False, hits[:top], self._close_variants(signals, ranking, order[0], question))

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
        body_scores, body_ceiling = self.body.scores(content)
        # The dense side sees the question as asked (accents restored), without the alias expansions:
        # the passages carry the everyday names, and the expansions' official wording pulls the
        # question towards the generic procedure the alias names.
        query_vector = self.query_vector(question)
        _, dense_ids = self.dense.search(query_vector, CANDIDATES)
        _, about_ids = self.about.search(query_vector, BODY_CANDIDATES)
        candidates = np.unique(
            np.concatenate(
                [
                    dense_ids[dense_ids >= 0],
                    about_ids[about_ids >= 0],
                    np.argsort(-lexical_scores)[:CANDIDATES],
                    np.argsort(-body_scores)[:BODY_CANDIDATES],
                ]
            )
        )
        similarity = self.dense.scores_for(query_vector, candidates)
        coverage = lexical_scores[candidates] / ceiling if ceiling else np.zeros(len(candidates), dtype=np.float32)
        name_coverage = self.lexical.name_coverage(lexical_query)[candidates]
        outside_topic = bool(self.outside_topics.lookup(question))
        prior_parts = self._prior_parts(candidates, folded + " " + fold(" ".join(expansions)))
        prior = _prior(prior_parts)
        fused = (
            W_DENSE * (similarity - DENSE_FLOOR) / (1 - DENSE_FLOOR)
            + W_LEXICAL * coverage
            + W_NAME * name_coverage
            + prior
            - OUTSIDE_TOPIC_PENALTY * outside_topic
        )
        pool = [int(k) for k in np.argsort(-fused, kind="stable")[:SIBLING_POOL]]
        return Signals(
            candidates=candidates,
            similarity=similarity,
            about_similarity=self.about.scores_for(query_vector, candidates),
            coverage=coverage,
            body_coverage=(
                body_scores[candidates] / body_ceiling if body_ceiling else np.zeros(len(candidates), dtype=np.float32)
            ),
            name_coverage=name_coverage,
            prior_parts=prior_parts,
            prior=prior,
            fused=fused,
            **self._sibling_contrast(candidates, pool, set(self.lexical.query_terms(lexical_query))),
            story=story.story_features(story.asked(folded), [self._story_classes[i] for i in candidates], pool),
            outside_topic=outside_topic,
            question_words=len(words(folded)),
        )

    def _encode_question(self, question: str) -> np.ndarray:
        vector = self.encoder.queries([self.restorer.restore(question)])[0]
        vector.setflags(write=False)  # shared by every search of this question
        return vector

    def _prior_parts(self, candidates: np.ndarray, folded_question: str) -> dict[str, np.ndarray]:
        asked = variants.qualifiers_asked(folded_question)
        special, plain = self._qualifiers.special, self._qualifiers.plain
        age = variants.age_asked(folded_question)
        if age is None:
            age_mismatch = np.zeros(len(candidates), dtype=np.float32)
        else:
            ages = self._ages[candidates]
            age_mismatch = ((age < ages[:, 0]) | (age >= ages[:, 1])).astype(np.float32)
        levels = self._levels[candidates] * (not variants.mentions_level(folded_question))
        return {
            "qualifiers_granted": np.array([len(special[i] & asked) for i in candidates], dtype=np.float32),
            "qualifiers_unasked": np.array([len(special[i] - asked) for i in candidates], dtype=np.float32),
            "qualifiers_missing": np.array([len(plain[i] & asked) for i in candidates], dtype=np.float32),
            "level": levels.astype(np.float32),
            "non_citizen": self._non_citizen[candidates],
            "age_mismatch": age_mismatch,
            "audience_mismatch": self._audience_mismatch(candidates, variants.asker(folded_question)),
        }

    def _sibling_contrast(self, candidates: np.ndarray, pool: list[int], asked: set[int]) -> dict[str, np.ndarray]:
        """What tells the best candidates apart, pair by pair: the name words (and word pairs) one has and the other
        lacks ("sửa đổi" Giấy chứng nhận… vs "cấp" Giấy chứng nhận…), idf-weighted, matched against the question.
        own: the mean share of its own distinct words the question uses; rival: the same for the others' words.
        pool: the positions of the best candidates by the issue-2 score."""
        own = np.zeros(len(candidates), dtype=np.float32)
        rival = np.zeros(len(candidates), dtype=np.float32)
        names = {k: self._name_term_ids[candidates[k]] for k in pool}
        for k in pool:
            others = [j for j in pool if j != k]
            own[k] = np.mean([self._matched_share(names[k] - names[j], asked) for j in others]) if others else 0.0
            rival[k] = np.mean([self._matched_share(names[j] - names[k], asked) for j in others]) if others else 0.0
        return {"own_words": own, "rival_words": rival}

    def _matched_share(self, term_ids: set[int], asked: set[int]) -> float:
        """The idf-weighted share of these terms the question uses (0 for no terms)."""
        if not term_ids:
            return 0.0
        idf = self.lexical.idf
        return float(idf[list(term_ids & asked)].sum() / idf[list(term_ids)].sum()) if term_ids & asked else 0.0

    def _audience_mismatch(self, candidates: np.ndarray, asker: str | None) -> np.ndarray:
        """1 for a procedure the asker cannot file (a business asking about one no business files, a person about
        one no individual files)."""
        if asker is None:
            return np.zeros(len(candidates), dtype=np.float32)
        return (self._non_business if asker == "business" else self._non_citizen)[candidates]

    def _hit(self, index: int, score: float) -> Hit:
        procedure = self.procedures[int(index)]
        return Hit(procedure.code, procedure.name, round(float(score), 4), procedure)

    def _close_variants(self, signals: Signals, ranking: np.ndarray, best_index: int, question: str) -> list[Hit]:
        """The best hit and the similar candidates too close to it by the issue-2 score to choose without asking:
        "cấp thẻ căn cước" is for under-14s or for 14 and over, so unless the question gives an age the citizen is
        asked which. A candidate the question's situation already set aside (a broken card is no lost one: its
        sibling stage class) is not asked about."""
        folded = fold(question)
        age_given = variants.age_asked(folded) is not None
        best_procedure = int(signals.candidates[best_index])
        best = self.procedures[best_procedure]
        best_ages, best_fused = variants.age_range(best), signals.fused[best_index]

        def close(index: int) -> bool:
            if index == best_index or best_fused - signals.fused[index] > max(AGE_VARIANT_MARGIN, VARIANT_MARGIN):
                return False  # too far behind for any margin: the names need not be compared
            procedure = self.procedures[signals.candidates[index]]
            if variants.name_similarity(best, procedure) < VARIANT_SIMILARITY:
                return False
            if self.sibling_stage.ruled_out(folded, best_procedure, int(signals.candidates[index])):
                return False
            other_ages = not age_given and variants.age_range(procedure) != best_ages
            return best_fused - signals.fused[index] <= (AGE_VARIANT_MARGIN if other_ages else VARIANT_MARGIN)

        similar = [int(i) for i in np.argsort(-signals.fused, kind="stable")[:VARIANT_POOL] if close(int(i))]
        if not similar:
            return []
        return [self._hit(signals.candidates[i], ranking[i]) for i in [best_index, *similar]]


def hybrid_first(fused: np.ndarray, log_odds: np.ndarray, story_match: np.ndarray, question_words: int) -> int:
    """Position, in the ranker's pool (ordered by the issue-2 score), of the hybrid ranking's first hit: the best
    issue-2 score + RANKER_WEIGHT x log-odds, unless the gate keeps issue 2's first (position 0) on a short question
    where the ranker is unsure and the story does not select its own first (story_class_match, per pool position).
    knowledge_base.train_ranker's cross-validation scores held-out questions with it."""
    best = int(np.argmax(fused + RANKER_WEIGHT * log_odds))
    story_selects = story_match[best] > story_match[0]
    unsure = question_words <= GATE_WORDS and log_odds[best] - log_odds[0] <= GATE_MARGIN and not story_selects
    return 0 if unsure else best


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _prior(parts: dict[str, np.ndarray]) -> np.ndarray:
    """The issue-2 prior: the common citizen case among near-identical variants."""
    return (
        QUALIFIER_BONUS * parts["qualifiers_granted"]
        - QUALIFIER_PENALTY * parts["qualifiers_unasked"]
        - MISSING_QUALIFIER_PENALTY * parts["qualifiers_missing"]
        - NON_CITIZEN_PENALTY * parts["non_citizen"]
        - LEVEL_PENALTY * parts["level"]
        - AGE_PENALTY * parts["age_mismatch"]
    )


def _read_lines(path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _phrase_pattern(phrases: list[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

"""BM25 over accent-folded words and word pairs (Vietnamese words are often two syllables)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import sparse

from knowledge_base.text import fold, words

K1 = 1.2
B = 0.75
QUERY_TERMS_CACHE = 64  # texts whose term ids are kept: a search reads one question's terms several times


def terms(text: str) -> list[str]:
    tokens = words(fold(text))
    return tokens + [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]


class BM25Index:
    """BM25 over documents, plus how much of each document's *name* a question covers.

    Question coverage alone favours long names that happen to share a word with the question
    ("đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân" for "làm giấy tờ khai sinh");
    name coverage (the share of the name's idf mass the question matches) favours the procedure
    whose whole name the question asks about, which is the common case among variants. A document
    may have several names (the catalog's and the everyday ones): the best covered one counts.
    """

    def __init__(self, documents: list[str], names: list[list[str]] | None = None):
        """names: each document's names, for name_coverage (none: every coverage is 0)."""
        vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        lengths = np.zeros(len(documents), dtype=np.float32)
        for row, document in enumerate(documents):
            doc_terms = terms(document)
            lengths[row] = len(doc_terms)
            for term in doc_terms:
                rows.append(row)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
                counts.append(1.0)
        tf = sparse.csr_matrix((counts, (rows, cols)), shape=(len(documents), len(vocabulary)), dtype=np.float32)
        tf.sum_duplicates()
        doc_freq = np.bincount(tf.indices, minlength=len(vocabulary))
        self.idf = np.log(1 + (len(documents) - doc_freq + 0.5) / (doc_freq + 0.5)).astype(np.float32)
        norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1.0))
        weighted = tf.tocoo()
        values = weighted.data * (K1 + 1) / (weighted.data + norm[weighted.row])
        # Column-major so a query touches only its own terms' columns.
        self._weights = Postings(
            sparse.csc_matrix((values * self.idf[weighted.col], (weighted.row, weighted.col)), shape=tf.shape)
        )
        self._vocabulary = vocabulary
        self._term_ids = lru_cache(maxsize=QUERY_TERMS_CACHE)(self._read_term_ids)
        self._names = self._name_matrix(names or [[] for _ in documents])

    def _name_matrix(self, names: list[list[str]]) -> Postings:
        """One row per name; self._name_owner maps each row to its document."""
        flat = [(document, name) for document, alternatives in enumerate(names) for name in alternatives]
        self._name_owner = np.array([document for document, _ in flat], dtype=np.int64)
        rows, cols = [], []
        for row, (_, name) in enumerate(flat):
            for term in set(terms(name)):
                if term in self._vocabulary:
                    rows.append(row)
                    cols.append(self._vocabulary[term])
        shape = (len(flat), len(self._vocabulary))
        weights = sparse.csr_matrix((self.idf[cols], (rows, cols)), shape=shape, dtype=np.float32)
        self._name_mass = np.maximum(np.asarray(weights.sum(axis=1)).ravel(), 1e-6)
        return Postings(weights.tocsc())

    def name_coverage(self, text: str) -> np.ndarray:
        """For every document, the largest share of one of its names' idf mass that the question's
        terms match."""
        coverage = np.zeros(self._weights.rows, dtype=np.float32)
        ids = self._term_ids(text)
        if len(ids):
            per_name = self._names.row_sums(ids) / self._name_mass
            np.maximum.at(coverage, self._name_owner, per_name.astype(np.float32))
        return coverage

    def query_terms(self, text: str) -> list[int]:
        return self._term_ids(text).tolist()

    def scores(self, text: str) -> tuple[np.ndarray, float]:
        """BM25 score of every document, and the largest score any document could reach for this
        query (every term matched at saturation): their ratio is how much of the query matched."""
        ids = self._term_ids(text)
        if not len(ids):
            return np.zeros(self._weights.rows, dtype=np.float32), 0.0
        ceiling = float(self.idf[ids].sum() * (K1 + 1))
        return self._weights.row_sums(ids), ceiling

    def _read_term_ids(self, text: str) -> np.ndarray:
        """The vocabulary ids of the text's terms, sorted, without repeats (cached: read-only)."""
        ids = np.array(sorted({self._vocabulary[t] for t in terms(text) if t in self._vocabulary}), dtype=np.int64)
        ids.setflags(write=False)
        return ids


class Postings:
    """A column-major (CSC) float32 matrix whose row sums over a few columns are read straight from its postings.

    The sums are those of scipy's matrix[:, columns].sum(axis=1), bit for bit (float32, accumulated column after
    column in the order given; a column never lists a row twice), without building the column slice: that slice
    was most of a query's BM25 time."""

    def __init__(self, matrix: sparse.csc_matrix):
        matrix = sparse.csc_matrix(matrix, dtype=np.float32)
        self.rows = matrix.shape[0]
        self._starts = matrix.indptr.tolist()
        self._row_ids = matrix.indices
        self._values = matrix.data

    def row_sums(self, columns: np.ndarray) -> np.ndarray:
        sums = np.zeros(self.rows, dtype=np.float32)
        starts, row_ids, values = self._starts, self._row_ids, self._values
        for column in columns.tolist():
            start, end = starts[column], starts[column + 1]
            sums[row_ids[start:end]] += values[start:end]
        return sums

"""How near in meaning a question is to a record's sentences: the second signal of knowledge_base.sentences.

The words of a question and of the record's answer often differ ("bà đi làm thay được không" / "không phải có văn
bản ủy quyền"; "ai dẫn cháu đi" / "người đại diện hợp pháp đưa người dưới 14 tuổi đến"). The knowledge base's
encoder (the e5 model the search uses) reads the record's candidate sentences as passages; the question is the
search's own query vector (accents restored, cached per question: KnowledgeBase.query_vector); the cosine of each
is returned. A sentence is encoded once: the vectors are kept per record, for the RECORDS records used last (an
LRU), and a record's sentences not encoded yet are encoded together when first asked for.

Not thread-safe, like the encoder: the action server calls it on the knowledge base's one worker thread.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Sequence

import numpy as np

from knowledge_base.encoders import Encoder

RECORDS = 256  # records whose sentence vectors are kept (a record's few candidates: about 1.5 kB each)
PASSAGE_CHARS = 300  # a sentence is encoded by its first characters (the cost grows with its length)


class SentenceMeanings:
    """The cosine between a question and sentences of one record, the sentences' vectors cached per record."""

    def __init__(
        self,
        encoder: Encoder,
        query_vector: Callable[[str], np.ndarray] | None = None,
        records: int = RECORDS,
    ):
        self._encoder = encoder
        # the question's vector: the search's own (accents restored, cached per question) when given
        self._query_vector = query_vector or (lambda question: encoder.queries([question])[0])
        self._records = records
        self._vectors: OrderedDict[str, dict[str, np.ndarray]] = OrderedDict()

    def similarities(self, code: str, question: str, sentences: Sequence[str]) -> np.ndarray:
        """The cosine of ``question`` with each of ``sentences`` (of the record ``code``), in their order."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        known = self._record(code)
        missing = [s for s in dict.fromkeys(sentences) if s not in known]
        if missing:
            for sentence, vector in zip(missing, self._encoder.passages([s[:PASSAGE_CHARS] for s in missing])):
                known[sentence] = vector
        query = self._query_vector(question)
        return np.stack([known[s] for s in sentences]) @ query

    def cached(self, code: str) -> int:
        """How many of the record's sentences are encoded already."""
        return len(self._vectors.get(code, {}))

    def _record(self, code: str) -> dict[str, np.ndarray]:
        """The record's vectors (most recently used now), the least recently used record dropped beyond the cap."""
        vectors = self._vectors.pop(code, None)
        self._vectors[code] = vectors if vectors is not None else {}
        while len(self._vectors) > self._records:
            self._vectors.popitem(last=False)
        return self._vectors[code]

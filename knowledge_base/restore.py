"""Put diacritics back on a question typed without them, using the catalog's own words.

Each folded word can stand for several accented syllables ("giay" -> giấy, giày, giây). We pick the
sequence with the best bigram statistics from the catalog text (Viterbi over add-one-smoothed
bigram counts, backing off to unigram frequency), so "lam giay khai sinh" becomes "làm giấy khai
sinh". Words the catalog never uses are left as typed.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from knowledge_base.text import fold, words


class DiacriticRestorer:
    def __init__(self, texts: list[str]):
        self._unigrams: Counter[str] = Counter()
        self._bigrams: Counter[tuple[str, str]] = Counter()
        for text in texts:
            tokens = [w.lower() for w in words(text)]
            self._unigrams.update(tokens)
            self._bigrams.update(zip(tokens, tokens[1:]))
        self._candidates: dict[str, list[str]] = defaultdict(list)
        for token, _ in self._unigrams.most_common():
            self._candidates[fold(token)].append(token)
        self._total = sum(self._unigrams.values())

    def restore(self, text: str) -> str:
        tokens = [w.lower() for w in words(text)]
        if not tokens:
            return text
        lattice = [self._options(token) for token in tokens]
        # best[i][candidate] = (log probability, back pointer)
        best = [{c: (self._unigram_logp(c), None) for c in lattice[0]}]
        for options in lattice[1:]:
            column = {}
            for c in options:
                column[c] = max(
                    ((score + self._transition_logp(prev, c), prev) for prev, (score, _) in best[-1].items()),
                    key=lambda pair: pair[0],
                )
            best.append(column)
        word = max(best[-1], key=lambda c: best[-1][c][0])
        path = [word]
        for column in reversed(best[1:]):
            word = column[word][1]
            path.append(word)
        return " ".join(reversed(path))

    def _options(self, token: str) -> list[str]:
        if fold(token) != token:  # already has diacritics: keep what the person typed
            return [token]
        return self._candidates.get(token, [token])[:6]

    def _unigram_logp(self, token: str) -> float:
        return math.log((self._unigrams[token] + 1) / (self._total + len(self._unigrams)))

    def _transition_logp(self, previous: str, token: str) -> float:
        pair = self._bigrams[(previous, token)]
        if pair:
            return math.log(pair / (self._unigrams[previous] + 1))
        return math.log(0.05) + self._unigram_logp(token)  # back-off

"""The intent model itself, apart from Rasa: logistic regression over two kinds of features.

- Sublinear, L2-normalised TF-IDF of the accent-folded lemmas: word 1-2-grams (Vietnamese words are mostly two
  syllables: "cổ phiếu", "khiếu nại") and character 2-5-grams within words (typos, missing accents). With raw
  counts, as DIET gets them, a long procedure name outweighs the few words that carry the question.
- Optionally the message's e5 sentence vector, scaled by ``embedding_weight``: it carries meaning across
  phrasings that share no words ("làm ăn kiểu gì vậy" / "cán bộ tắc trách").

Used by ``TfidfIntentClassifier`` (the Rasa component) and by bench/nlu_cv.py, which chooses the settings by
cross-validation on the training templates.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

import numpy as np

Embed = Callable[[List[str]], np.ndarray]
# Only the opening of a message is read: a citizen's intent is there, and the cost must stay bounded. e5's
# tokenizer is quadratic in the length of a word without spaces (a 2,800-character base64 file payload: 5 s),
# and character n-grams grow with the text (a 5,000-character message, a 10 MB "/attach_document{...}").
MAX_WORDS = 48
MAX_WORD_CHARS = 32


def opening(text: str) -> str:
    """The first MAX_WORDS words of a text, each cut to MAX_WORD_CHARS characters."""
    return " ".join(word[:MAX_WORD_CHARS] for word in text.split(maxsplit=MAX_WORDS)[:MAX_WORDS])


class IntentModel:
    def __init__(self, config: Dict[str, Any], embed: Optional[Embed] = None, state: Optional[Dict[str, Any]] = None):
        self.config = config
        self._embed = embed if config.get("embedding_weight") else None
        self.vectorizer = (state or {}).get("vectorizer")
        self.classifier = (state or {}).get("classifier")

    @property
    def classes(self) -> np.ndarray:
        return self.classifier.classes_

    def state(self) -> Dict[str, Any]:
        """What is saved with the model: the fitted scikit-learn objects (the embedder is a package)."""
        return {"vectorizer": self.vectorizer, "classifier": self.classifier}

    def _features(self, lemmas: List[str], texts: List[str]) -> Any:
        from scipy.sparse import csr_matrix, hstack

        features = self.vectorizer.transform([opening(lemma) for lemma in lemmas])
        if self._embed is None:
            return features
        vectors = self._embed([opening(text) for text in texts])
        return hstack([features, csr_matrix(self.config["embedding_weight"] * vectors)]).tocsr()

    def fit(self, lemmas: List[str], texts: List[str], labels: List[str]) -> "IntentModel":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union

        words = TfidfVectorizer(ngram_range=tuple(self.config["word_ngrams"]), sublinear_tf=True, token_pattern=r"\S+")
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.config["char_ngrams"]), sublinear_tf=True)
        self.vectorizer = make_union(words, chars).fit([opening(lemma) for lemma in lemmas])
        self.classifier = LogisticRegression(C=self.config["C"], max_iter=3000).fit(
            self._features(lemmas, texts), labels
        )
        return self

    def predict_proba(self, lemmas: List[str], texts: List[str]) -> np.ndarray:
        return self.classifier.predict_proba(self._features(lemmas, texts))

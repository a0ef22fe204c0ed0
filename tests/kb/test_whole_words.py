"""knowledge_base/whole_words.py answers exactly as the regular expression it stands for, on the shipped phrase tables
against the catalog's names and on the edge cases of word boundaries."""

import re

import pytest

from knowledge_base.catalog_cache import load_procedures
from knowledge_base.config import settings
from knowledge_base.outside import PART, folded_question, outside_topics
from knowledge_base.variants import QUALIFIERS
from knowledge_base.whole_words import contains


def expression(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def direct(text: str, phrase: str) -> bool:
    return expression(phrase).search(text) is not None


@pytest.mark.parametrize(
    ("text", "phrase", "there"),
    [
        ("lam giay khai sinh cho con", "khai sinh", True),
        ("khai sinh", "khai sinh", True),  # the whole text
        ("dang ky khai sinh", "khai sinh", True),  # at the end
        ("khai sinhh cho con", "khai sinh", False),  # a longer word after it
        ("dang ky tam tru", "am tru", False),  # a longer word before it
        ("so tam tru", "tam tru, tam vang", False),  # a word of the phrase missing
        ("tam tru, tam vang o dau", "tam tru, tam vang", True),  # punctuation inside the phrase
        ("tam tru tam vang", "tam tru, tam vang", False),  # ... must be there too
        ("thu tuc (cap xa) nao", "(cap xa)", True),  # the phrase starts and ends with punctuation
        ("thu tuc (cap xa), nao", "(cap xa)", True),
        ("thu tuc(cap xa) nao", "(cap xa)", False),  # a word may not run into it, even at its punctuation
        ("thu tuc (cap xa)nao", "(cap xa)", False),
        ("nop 500.000 dong", "500.000", True),
        ("nop 1500.000 dong", "500.000", False),
        ("ma_so thue", "ma", False),  # an underscore is part of a word
        ("a + b", "+", True),  # a phrase without any word: the expression decides
        ("a+b", "+", False),
        ("", "khai sinh", False),
        ("khai sinh", "", False),  # no place between two non-words
        ("khai sinh ?", "", True),
    ],
)
def test_edge_cases_answer_as_the_expression(text, phrase, there):
    assert direct(text, phrase) is there  # the case says what the expression says
    assert contains(text, phrase) is there


def test_a_text_read_again_after_others_answers_the_same():
    texts = [f"cap lai giay phep so {n}" for n in range(40)]  # more texts than the word sets kept
    for text in texts + texts[::-1]:
        assert contains(text, "giay phep") and not contains(text, "giay phep lai xe")


@pytest.fixture(scope="module")
def folded_names() -> list[str]:
    config = settings()
    procedures = load_procedures(config.catalog_path, config.cache_dir)
    return [folded_question(p.name) for p in procedures[::12]]


def test_the_shipped_phrases_are_found_exactly_where_the_expression_finds_them(folded_names):
    table = [p for topic in outside_topics().topics for p in (*topic.phrases, *topic.unless)]
    parts = {part for p in table for part in p.split(PART)}
    phrases = sorted(parts | set(QUALIFIERS))
    texts = [*folded_names, *(f"toi hoi ve {p} nhe" for p in phrases[::5])]
    patterns = [(p, expression(p)) for p in phrases]
    found = [(t, p) for t in texts for p in phrases if contains(t, p)]
    assert found == [(t, p) for t in texts for p, pattern in patterns if pattern.search(t)]
    assert len(found) > len(phrases)  # not a vacuous comparison: most phrases are found somewhere

"""Explaining a paper says when it is needed once: the catalog's closing "(trường hợp …)" remark and the glossary's
own clause are not repeated next to the "Chỉ cần khi: …" line."""

from __future__ import annotations

import asyncio
import re

import pytest

from actions.dossier.checklist import checklist_items, is_optional
from actions.dossier.glossary import explain_by_words, explanation
from actions.dossier.paper_questions import when_needed
from nlu.vietnamese_text import fold

# Procedures whose checklists have optional papers with a case remark or a glossary entry of their own.
CODES = ("1.001193", "1.000656", "1.000894", "1.004194", "1.004222", "2.000806")


def _optional_items(kb, code: str) -> list:
    """The optional papers of ``code`` as the dossier walk holds them (``kb`` makes sure the base is loaded)."""
    return [item for item in asyncio.run(checklist_items([code])) if is_optional(item)]


@pytest.mark.parametrize("code", CODES)
def test_the_case_of_an_optional_paper_is_said_once(kb, code):
    items = [item for item in _optional_items(kb, code) if not item.get("instead_of")]
    assert items, f"{code}: no optional paper to explain"
    for item in items:
        said = fold(explanation(item))
        assert said.count("chi can khi") == 1, explanation(item)
        remark = re.search(r"\(([^()]*)\)\s*$", item["detail"])
        if remark and fold(when_needed(item)) in fold(remark.group(1)):  # the catalog's closing case remark
            assert said.count(fold(when_needed(item))) == 1, explanation(item)


def test_the_abandoned_child_record_states_its_case_once(kb):
    item = next(i for i in _optional_items(kb, "1.001193") if "bo roi" in fold(i["name"]))
    assert fold(explanation(item)).count("bo roi") == 2  # the paper's name and its case, nothing more


def test_a_question_without_a_checklist_still_hears_when_the_paper_is_needed():
    assert "Chỉ cần khi" in explain_by_words("biên bản trẻ bị bỏ rơi là gì")
    assert "Chỉ cần khi" in explain_by_words("giấy xác nhận mang thai hộ là gì")

"""The ranker's hand-written training stories (issue 12, knowledge_base/data/training_stories.jsonl) keep their
stated make-up and share no question with a test set; bench/generated_overlap.py measures that. No servers."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from bench import generated_overlap, overlap
from knowledge_base.config import settings
from knowledge_base.text import has_diacritics
from knowledge_base.train_ranker import TRAINING_STORIES


@pytest.fixture(scope="module")
def stories() -> list[dict]:
    return [json.loads(line) for line in TRAINING_STORIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_label_is_a_catalog_procedure_of_the_stated_ministry(stories, records):
    for q in stories:
        assert len(set(q["codes"])) == len(q["codes"]) and all(code in records for code in q["codes"]), q
        if q["codes"]:
            assert q["ministry"] == records[q["codes"][0]]["bo_nganh"], q
            assert q["note"] == " ".join(records[q["codes"][0]]["ten_thu_tuc"].split()), q
        else:
            assert q["ministry"] is None and q["note"] == "out of catalog", q


def test_fields_describe_the_question(stories):
    for q in stories:
        assert q["style"] in ("story", "short"), q
        assert q["diacritics"] == has_diacritics(q["query"]), q
        if q["style"] == "story":
            assert 9 <= len(q["query"].split()) <= 45, q
    assert len({overlap.normalise(q["query"]) for q in stories}) == len(stories)


def test_the_stories_have_the_make_up_the_brief_asks_for(stories, main_ministries):
    inside = [q for q in stories if q["codes"]]
    assert len(inside) >= 400 and len(stories) - len(inside) >= 60
    named = set(overlap.tsv_columns(settings().common_names_path, (0,)))
    assert sum(q["codes"][0] not in named for q in inside) >= 0.7 * len(inside)
    assert sum(q["style"] == "story" for q in stories) >= 0.5 * len(stories)
    assert sum(not q["diacritics"] for q in stories) >= 0.4 * len(stories)
    per_ministry = Counter(q["ministry"] for q in inside)
    assert all(per_ministry[m] >= 30 for m in main_ministries) and per_ministry["toa-an-nhan-dan"] >= 1


def test_no_story_repeats_a_test_question():
    (_, stories), jaccard = generated_overlap.training_references(0), overlap.DEFAULT_JACCARD
    counts = generated_overlap.overlap_counts(stories, jaccard)
    assert set(counts) >= {"kb_longtail.jsonl", "kb_dev.jsonl", "kb_blind.jsonl", "e2e_answers.jsonl"}
    assert counts == {name: (0, 0) for name in counts}


def test_overlap_counts_count_verbatim_and_near_test_questions(monkeypatch, tmp_path):
    (tmp_path / "bench" / "data").mkdir(parents=True)
    (tmp_path / "bench" / "data" / "set.jsonl").write_text(
        '{"query": "Xin lại sổ đỏ bị mất?"}\n{"query": "xin lai so do bi mat nhe"}\n{"query": "khai sinh"}\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(generated_overlap, "ROOT", tmp_path)
    monkeypatch.setattr(generated_overlap, "TEST_SETS", ("set.jsonl",))
    reference = overlap.Reference("training", [], ["xin lai so do bi mat", "đăng ký kết hôn"])
    assert generated_overlap.overlap_counts(reference, 0.8) == {"set.jsonl": (1, 2)}

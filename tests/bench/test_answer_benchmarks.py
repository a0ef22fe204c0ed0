"""The issue-10 benchmarks score what they claim: bench/e2e_answers.py (reply scoring, question set) and
bench/checklist_accuracy.py (item-level agreement with the gold checklists). No servers are started."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import pytest

from bench import checklist_accuracy as accuracy
from bench import e2e_answers as answers
from knowledge_base.checklist import Checklist, ChecklistItem
from knowledge_base.parse import parse_record
from knowledge_base.text import fold, has_diacritics, words

BIRTH = "1.001193"
ROOT = answers.ROOT


@pytest.fixture(scope="module")
def catalog() -> answers.Catalog:
    return answers.Catalog(answers.CATALOG)


def load_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- e2e_answers: scoring of one reply
def question(**fields) -> dict:
    base = {
        "query": "q",
        "aspect": "fee",
        "codes": [BIRTH],
        "must_state": [],
        "out_of_catalog": False,
        "where": [],
        "diacritics": True,
        "note": "",
    }
    return {**base, **fields}


def test_a_reply_naming_the_procedure_and_the_fee_passes(catalog):
    reply = [{"text": "Thủ tục đăng ký khai sinh (mã 1.001193)\nLệ phí: 135.000 đồng"}]
    result = answers.score(question(must_state=[r"135[.,]?000"]), reply, catalog)
    assert result.checks == {
        "first answer in limit": True,
        "right procedure": True,
        "named first": True,
        "fact stated": True,
    }


def test_a_longer_variant_name_does_not_count_as_naming_the_plain_procedure(catalog):
    reply = [{"text": "Thủ tục đăng ký khai sinh có yếu tố nước ngoài: bạn nộp tại UBND cấp xã."}]
    result = answers.score(question(), reply, catalog)
    assert result.named == ["2.000528"]
    assert not result.checks["right procedure"]


def test_names_quoted_as_examples_are_not_an_answer(catalog):
    reply = [{"text": "Bạn muốn nộp hồ sơ thủ tục nào ạ? Ví dụ: “đăng ký khai sinh”, “đăng ký tạm trú”."}]
    assert answers.score(question(), reply, catalog).named == []


def test_a_long_name_cut_short_still_names_its_procedure(catalog):
    reply = [
        {
            "text": "📝 Mình cùng nộp hồ sơ “Giải quyết chuyển hưởng sang địa bàn khác đối với người đang hưởng "
            "lương hưu, trợ cấp BHXH hàng tháng và người chờ…” nhé."
        }
    ]
    pension = question(codes=[], out_of_catalog=True, where=["BHXH"])
    assert answers.score(pension, reply, catalog).named == ["1.001742"]
    assert not answers.score(pension, reply, catalog).checks["honest out of catalog"]


def test_a_procedure_offered_only_as_a_button_is_named_but_not_first(catalog):
    reply = [
        {
            "text": "Thủ tục cấp lại thẻ căn cước (mã 1.014064)",
            "buttons": [{"title": "Khai sinh", "payload": '/choose_option{"procedure_code":"1.001193"}'}],
        }
    ]
    result = answers.score(question(), reply, catalog)
    assert result.checks["right procedure"] and not result.checks["named first"]


def test_a_missing_fact_and_a_long_answer_fail(catalog):
    reply = [{"text": "Thủ tục đăng ký khai sinh (mã 1.001193). Lệ phí: Miễn phí. " + "x" * 600}]
    result = answers.score(question(must_state=[r"135[.,]?000"]), reply, catalog)
    assert not result.checks["fact stated"] and not result.checks["first answer in limit"]


def test_out_of_catalog_is_honest_only_without_a_catalog_procedure(catalog):
    divorce = question(codes=[], out_of_catalog=True, where=["Tòa án"])
    honest = [{"text": "Ly hôn do Tòa án nhân dân giải quyết, không thuộc các thủ tục tôi tra cứu được."}]
    dishonest = [{"text": "Tòa án… Thủ tục ghi vào Sổ hộ tịch việc ly hôn (mã 2.000554)"}]
    assert answers.score(divorce, honest, catalog).checks["honest out of catalog"]
    assert not answers.score(divorce, dishonest, catalog).checks["honest out of catalog"]


# ---------------------------------------------------------------- the question sets
BLIND = ROOT / "bench" / "data" / "e2e_answers_blind.jsonl"  # written by another hand, run once at the end
TEST = ROOT / "bench" / "data" / "e2e_answers_test.jsonl"  # the held-out test set, written blind, run once at the end
FRESH = ROOT / "bench" / "data" / "e2e_answers_fresh.jsonl"  # a fresh held-out set (session 10), written blind
FRESH2 = ROOT / "bench" / "data" / "e2e_answers_fresh2.jsonl"  # a second fresh held-out set (session 11), written blind
FRESH3 = ROOT / "bench" / "data" / "e2e_answers_fresh3.jsonl"  # a third fresh held-out set (session 12), written blind
QUESTION_SETS = [  # path, at least this many questions, in the catalog, out of the catalog
    pytest.param(answers.QUESTIONS, 220, 0, 45, id="first"),
    pytest.param(BLIND, 120, 90, 30, id="blind"),
    pytest.param(TEST, 220, 170, 50, id="test"),
    pytest.param(FRESH, 240, 190, 50, id="fresh"),
    pytest.param(FRESH2, 260, 190, 50, id="fresh2"),
    pytest.param(FRESH3, 300, 245, 55, id="fresh3"),
]
ASPECTS = {"documents", "fee", "time", "place", "online", "conditions", "legal", "general"}


@pytest.mark.parametrize(("path", "size", "inside", "outside"), QUESTION_SETS)
def test_the_question_set_is_well_formed(catalog, path, size, inside, outside):
    rows = load_jsonl(path)
    assert len(rows) >= size
    out = [r for r in rows if r["out_of_catalog"]]
    assert len(out) >= outside and len(rows) - len(out) >= inside
    assert all(r["where"] and not r["codes"] and not r["must_state"] for r in out)
    assert all(r["codes"] and set(r["codes"]) <= catalog.codes for r in rows if not r["out_of_catalog"])
    assert all(r["aspect"] in ASPECTS for r in rows)
    assert all(r["diacritics"] == has_diacritics(r["query"]) for r in rows)
    assert 0.4 <= sum(not r["diacritics"] for r in rows) / len(rows) <= 0.6
    assert all(isinstance(m, str) and m for r in rows for m in r.get("before", [])), "before: a list of messages"
    for r in rows:
        for pattern in r["must_state"]:
            re.compile(pattern)
    assert len({r["query"] for r in rows}) == len(rows)


def test_each_set_writes_its_misses_and_replies_to_its_own_folder():
    assert answers.out_dir(answers.QUESTIONS) == ROOT / "var" / "e2e_answers"
    assert answers.out_dir(BLIND) == ROOT / "var" / "e2e_answers_blind"


def record_text(record: dict) -> str:
    """Every field of a catalog record: fee cells and remarks, time cells and the steps text, the agencies…"""
    return "\n".join(str(value) for value in record.values())


@pytest.mark.parametrize(("path", "size", "inside", "outside"), QUESTION_SETS)
def test_every_required_fact_is_stated_by_an_accepted_record(records, path, size, inside, outside):
    """A fact the catalog does not state cannot be required: each must_state regex (case-insensitive, as the
    runner applies it) matches the text of at least one of the line's accepted procedures. Only line numbers are
    reported, so a failure does not show the set's content."""
    texts = {code: record_text(record) for code, record in records.items()}
    unstated = {
        line
        for line, r in enumerate(load_jsonl(path), 1)
        if not all(any(re.search(p, texts[c], re.IGNORECASE) for c in r["codes"]) for p in r["must_state"])
    }
    assert not unstated, f"lines whose must_state no accepted record states: {sorted(unstated)}"


def test_a_fact_only_an_unaccepted_record_states_is_unstated(records):
    """The check above can fail: the driving-licence reissue fee is not a fact of the birth registration."""
    birth, licence = (record_text(records[code]) for code in (BIRTH, "3.000348"))
    assert not re.search(r"135[.,]000", birth) and re.search(r"135[.,]000", licence)


def phrasing_key(text: str) -> str:
    """Accent-folded, punctuation-blind form of a phrasing (rasa entity markup removed)."""
    return " ".join(words(fold(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))))


class Phrasings(dict):
    """Keys of phrasings by source; the repr hides them, so a failing test does not print any test set."""

    def __repr__(self) -> str:
        return f"<phrasings of {len(self)} sources>"


@pytest.fixture(scope="module")
def phrasings(records) -> Phrasings:
    """Every other source of phrasings, by source: catalog names, NLU training and test data, the dev, blind
    and long-tail search sets, the e2e sets, everyday names and aliases."""
    sources = Phrasings({"catalog names": {phrasing_key(r["ten_thu_tuc"]) for r in records.values()}})
    for path in [*ROOT.glob("bot/data/**/*.yml"), *ROOT.glob("bench/data/*.yml")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        sources[str(path)] = {phrasing_key(line.strip()[2:]) for line in lines if line.strip().startswith("- ")}
    for path in ROOT.glob("bench/data/*.jsonl"):
        if path != accuracy.GOLD:
            rows = load_jsonl(path)
            sources[str(path)] = {phrasing_key(row["query"]) for row in rows if "query" in row}
    for name in ("common_names.tsv", "aliases.tsv"):
        text = (ROOT / "knowledge_base" / "data" / name).read_text(encoding="utf-8")
        sources[name] = {phrasing_key(part) for part in re.split(r"[\t;\n]", text)}
    return sources


@pytest.mark.parametrize(("path", "size", "inside", "outside"), QUESTION_SETS)
def test_no_question_is_copied_from_the_training_data_the_other_sets_or_the_catalog_names(
    phrasings, path, size, inside, outside
):
    """Accent-folded, punctuation-blind verbatim comparison of each question with every other source of
    phrasings (the "before" messages set a context and are not scored); only line numbers are reported."""
    seen = set().union(*(keys for source, keys in phrasings.items() if source != str(path)))
    copied = [line for line, r in enumerate(load_jsonl(path), 1) if phrasing_key(r["query"]) in seen]
    assert not copied


# ---------------------------------------------------------------- checklist_accuracy
@dataclass(frozen=True)
class LabelledItem(ChecklistItem):
    """A checklist item as a parser that knows alternatives would give it."""

    kind: str = ""
    instead_of: str = ""


def perfect_checklist(gold: dict):
    """What a parser in full agreement with the gold would return."""
    items = []
    for i, g in enumerate(gold["items"]):
        condition = g.get("case", "") if g["kind"] == accuracy.CONDITIONAL else ""
        items.append(
            LabelledItem(
                f"d{i}",
                g["name"],
                g["name"],
                "1 bản chính",
                condition,
                "",
                "",
                (gold["code"],),
                kind=g["kind"],
                instead_of=g.get("instead_of", ""),
            )
        )
    return Checklist((gold["code"],), tuple(items))


def gold_for(code: str) -> dict:
    return next(g for g in load_jsonl(accuracy.GOLD) if g["code"] == code)


def test_a_parser_that_agrees_with_the_gold_scores_every_item(monkeypatch):
    gold = gold_for(BIRTH)
    monkeypatch.setattr(accuracy, "build_checklist", lambda procedures: perfect_checklist(gold))
    result = accuracy.evaluate(gold, procedure=None)
    assert result.agreeing == len(gold["items"]) and not result.extras


def test_a_substitution_read_as_a_condition_is_a_required_paper_made_optional(monkeypatch):
    """The regression the issue describes: the Giấy chứng sinh asked "only in case: trẻ em bị bỏ rơi"."""
    gold = gold_for(BIRTH)
    wrong = perfect_checklist(gold)
    wrong = replace(
        wrong,
        items=tuple(
            replace(i, kind=accuracy.CONDITIONAL, condition="trẻ em bị bỏ rơi") if i.name == "Giấy chứng sinh" else i
            for i in wrong.items
            if i.name != "Giấy cam đoan về việc sinh"
        ),
    )
    monkeypatch.setattr(accuracy, "build_checklist", lambda procedures: wrong)
    result = accuracy.evaluate(gold, procedure=None)
    verdicts = {v.gold["name"]: v for v in result.verdicts}
    assert result.required_made_optional == 1 and not verdicts["Giấy chứng sinh"].agrees
    assert verdicts["Giấy cam đoan về việc sinh"].parsed is None
    assert result.agreeing == len(gold["items"]) - 2


def test_the_current_parser_is_scored_on_every_gold_paper(records):
    gold = gold_for(BIRTH)
    result = accuracy.evaluate(gold, parse_record(records[BIRTH]))
    assert len(result.verdicts) == len(gold["items"])


def test_the_gold_file_is_well_formed(records):
    golds = load_jsonl(accuracy.GOLD)
    assert len(golds) >= 60 and len({g["code"] for g in golds}) == len(golds)
    for gold in golds:
        assert gold["code"] in records and gold["items"]
        names = {item["name"] for item in gold["items"]}
        for item in gold["items"]:
            assert item["kind"] in {accuracy.REQUIRED, accuracy.CONDITIONAL, accuracy.ALTERNATIVE}
            assert item["kind"] != accuracy.CONDITIONAL or item["case"]
            assert item["kind"] != accuracy.ALTERNATIVE or item["instead_of"] in names

"""The issue-10 benchmarks score what they claim: bench/e2e_answers.py (reply scoring, question set) and
bench/checklist_accuracy.py (item-level agreement with the gold checklists). No servers are started."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, replace

import pytest

from bench import checklist_accuracy as accuracy
from bench import e2e_answers as answers
from knowledge_base.checklist import Checklist, ChecklistItem
from knowledge_base.config import settings
from knowledge_base.parse import parse_record
from knowledge_base.text import fold, has_diacritics, words

BIRTH = "1.001193"
ROOT = answers.ROOT


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    with gzip.open(settings().catalog_path, "rt", encoding="utf-8") as lines:
        return {r["ma_thu_tuc"].strip(): r for r in map(json.loads, lines)}


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


# ---------------------------------------------------------------- the question set
def test_the_question_set_is_well_formed(catalog):
    rows = load_jsonl(answers.QUESTIONS)
    assert len(rows) >= 220
    out = [r for r in rows if r["out_of_catalog"]]
    assert len(out) >= 45 and all(r["where"] and not r["codes"] for r in out)
    assert all(r["codes"] and set(r["codes"]) <= catalog.codes for r in rows if not r["out_of_catalog"])
    assert all(
        r["aspect"] in {"documents", "fee", "time", "place", "online", "conditions", "legal", "general"} for r in rows
    )
    assert all(r["diacritics"] == has_diacritics(r["query"]) for r in rows)
    assert 0.4 <= sum(not r["diacritics"] for r in rows) / len(rows) <= 0.6
    for r in rows:
        for pattern in r["must_state"]:
            re.compile(pattern)
    assert len({r["query"] for r in rows}) == len(rows)


def test_no_question_is_copied_from_the_training_data_the_dev_sets_or_the_catalog_names(records):
    """Accent-folded, punctuation-blind verbatim comparison with every other source of phrasings."""

    def key(text: str) -> str:
        return " ".join(words(fold(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))))  # rasa entity markup

    seen = {key(r["ten_thu_tuc"]) for r in records.values()}
    for path in [*ROOT.glob("bot/data/*.yml"), *ROOT.glob("bench/data/*.yml")]:
        seen |= {
            key(line.strip()[2:])
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("- ")
        }
    for path in ROOT.glob("bench/data/*.jsonl"):
        if path not in (answers.QUESTIONS, accuracy.GOLD):
            seen |= {key(row["query"]) for row in load_jsonl(path) if "query" in row}
    for name in ("common_names.tsv", "aliases.tsv"):
        text = (ROOT / "knowledge_base" / "data" / name).read_text(encoding="utf-8")
        seen |= {key(part) for part in re.split(r"[\t;\n]", text)}
    copied = [r["query"] for r in load_jsonl(answers.QUESTIONS) if key(r["query"]) in seen]
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

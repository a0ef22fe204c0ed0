"""The out-of-catalog topic table (knowledge_base/data/out_of_catalog.tsv), checked against the real catalog."""

import re
from pathlib import Path

import pytest

from knowledge_base.catalog import load_catalog
from knowledge_base.config import settings
from knowledge_base.outside import OutsideTopics, folded_question, outside_topics, read_topics
from knowledge_base.phrases import load_common_names

PHONE_NUMBER = re.compile(r"\d{3,}[ .]?\d{3,}")
MAX_WHERE_CHARS = 360  # the answer around it must stay within one phone screen (600 characters)


@pytest.fixture(scope="module")
def catalog_names() -> list[tuple[str, str]]:
    """(code, text) for every procedure name and every everyday name of the catalog."""
    config = settings()
    common = load_common_names(config.common_names_path)
    return [(p.code, text) for p in load_catalog(config.catalog_path) for text in (p.name, *common.get(p.code, ()))]


def test_no_phrase_names_a_catalog_procedure_unless_its_topic_excepts_it(catalog_names):
    clashes = [
        (topic.name, topic.phrases_in(folded), code, text)
        for topic in outside_topics().topics
        for code, text in catalog_names
        if topic.matches(folded := folded_question(text))
    ]
    assert clashes == []


def read_topics_from(text: str, folder: Path):
    path = folder / "out_of_catalog.tsv"
    path.write_text(text + "\n", encoding="utf-8")
    return read_topics(path)


def test_the_check_catches_a_phrase_that_is_in_a_procedure_name(catalog_names, tmp_path):
    table = OutsideTopics(read_topics_from("x\ty\tdang ky ket hon\t", tmp_path))
    assert any(table.topic_of(text) for _, text in catalog_names)
    excepted = OutsideTopics(read_topics_from("x\ty\tdang ky ket hon\tdang ky", tmp_path))
    assert not any(excepted.topic_of(text) for _, text in catalog_names)


def test_every_topic_says_where_to_go_in_a_few_words():
    topics = outside_topics().topics
    assert len(topics) >= 25
    for topic in topics:
        assert topic.name and topic.where and topic.phrases
        assert len(topic.where) <= MAX_WHERE_CHARS, topic.name
        assert not PHONE_NUMBER.search(topic.where), topic.name


def test_a_malformed_row_is_refused(tmp_path):
    with pytest.raises(ValueError):
        read_topics_from("only a name\tand where", tmp_path)


def test_the_first_matching_row_wins_and_unless_drops_a_topic():
    table = outside_topics()
    assert table.topic_of("nghỉ việc rồi, làm trợ cấp thất nghiệp và chấm dứt hợp đồng lao động").name == (
        "trợ cấp thất nghiệp"
    )
    assert table.topic_of("thủ tục ly hôn") is not None
    assert table.topic_of("ghi vào sổ hộ tịch việc ly hôn ở nước ngoài") is None
    assert table.lookup("ly hon") == [table.topic_of("ly hon").where]


def test_the_search_reads_the_same_table():
    from knowledge_base import search

    assert search.outside_topics is outside_topics


def test_a_phrase_in_parts_needs_every_part(tmp_path):
    table = OutsideTopics(read_topics_from("x\ty\tkhuyet tat+tro cap\t", tmp_path))
    assert table.topic_of("xin trợ cấp cho con bị khuyết tật") is not None
    assert table.topic_of("tôi là người khuyết tật, muốn đăng ký xe ba bánh") is None

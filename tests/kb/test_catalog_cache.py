"""The parsed catalog cached by fingerprint (knowledge_base/catalog_cache.py): the cached procedures equal a fresh
parse field for field (the raw text too), a changed catalog file parses again, an unreadable cache is parsed again."""

import gzip
import json

from knowledge_base import catalog_cache
from knowledge_base.catalog import load_catalog
from knowledge_base.config import PROJECT_DIR, settings


def write_catalog(path, records):
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_the_cached_catalog_equals_a_fresh_parse(tmp_path):
    catalog = settings().catalog_path
    parsed = catalog_cache.load_procedures(catalog, tmp_path)  # parsed now, and cached
    assert [p.name for p in tmp_path.iterdir()] == [f"catalog-{catalog_cache.fingerprint(catalog)}.json.gz"]
    cached = catalog_cache.load_procedures(catalog, tmp_path)
    assert len(cached) == len(parsed) > 2600
    assert cached == parsed  # every field but the raw text (not compared by Procedure's equality)
    assert [p.raw for p in cached] == [p.raw for p in parsed]
    assert [repr(p) for p in cached] == [repr(p) for p in parsed]  # tuples stay tuples, numbers keep their type
    assert {hash(p.channels) for p in cached} == {hash(p.channels) for p in parsed}


def test_a_changed_catalog_file_is_parsed_again(tmp_path, raw_records):
    records = list(raw_records.values())
    catalog, cache_dir = tmp_path / "catalog.jsonl.gz", tmp_path / "cache"
    write_catalog(catalog, records[:5])
    assert [p.code for p in catalog_cache.load_procedures(catalog, cache_dir)] == [r["ma_thu_tuc"] for r in records[:5]]
    write_catalog(catalog, records[:6])
    procedures = catalog_cache.load_procedures(catalog, cache_dir)
    assert procedures == load_catalog(catalog) and len(procedures) == 6
    assert [p.name for p in cache_dir.iterdir()] == [f"catalog-{catalog_cache.fingerprint(catalog)}.json.gz"]


def test_an_unreadable_cache_is_parsed_again(tmp_path, raw_records):
    catalog, cache_dir = tmp_path / "catalog.jsonl.gz", tmp_path / "cache"
    write_catalog(catalog, list(raw_records.values())[:3])
    cache_dir.mkdir()
    (cache_dir / f"catalog-{catalog_cache.fingerprint(catalog)}.json.gz").write_bytes(b"not gzip")
    assert catalog_cache.load_procedures(catalog, cache_dir) == load_catalog(catalog)
    assert catalog_cache.load_procedures(catalog, cache_dir) == load_catalog(catalog)  # now cached again


def test_the_fingerprint_follows_the_parser_and_the_modules_it_imports_only():
    code = {str(path.relative_to(PROJECT_DIR)) for path in catalog_cache.parsing_code()}
    assert {"knowledge_base/parse.py", "knowledge_base/documents.py", "knowledge_base/model.py"} <= code
    assert "nlu/vietnamese_text.py" in code  # through knowledge_base/text.py
    assert not code & {"knowledge_base/search.py", "knowledge_base/catalog_cache.py", "knowledge_base/__init__.py"}


def test_a_cache_that_cannot_be_written_still_gives_the_catalog(tmp_path, raw_records, caplog):
    catalog, not_a_directory = tmp_path / "catalog.jsonl.gz", tmp_path / "file"
    write_catalog(catalog, list(raw_records.values())[:2])
    not_a_directory.write_text("", encoding="utf-8")
    assert catalog_cache.load_procedures(catalog, not_a_directory) == load_catalog(catalog)
    assert "could not be cached" in caplog.text

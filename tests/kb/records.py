"""A catalog record with every field empty, for tests to fill with ``dataclasses.replace``, and one row of a
catalog document table as the parser reads it."""

from __future__ import annotations

from knowledge_base.model import Document, Procedure
from knowledge_base.parse import parse_documents

TABLE_HEADER = "--Tên giấy tờMẫu đơn, tờ khaiSố lượng"  # the catalog's document table opens with it

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


def table_row(text: str) -> Document:
    """The one paper the parser reads from a table holding the single row ``text`` (one original)."""
    (document,), _ = parse_documents(f"{TABLE_HEADER}{text}1 bản chính")
    return document

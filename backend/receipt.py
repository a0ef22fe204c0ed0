"""Receipt codes (mã hồ sơ) such as ``HS-2026-000123``, numbered per year.

The number comes from one atomic upsert on ``receipt_counters`` inside the
transaction that creates the dossier: PostgreSQL locks the year's row until
commit and SQLite holds the database write lock, so two transactions never get
the same number, and a rolled back transaction gives its number back.
"""
from __future__ import annotations

import re

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.models import ReceiptCounter

RECEIPT_CODE_RE = re.compile(r"^HS-(\d{4})-(\d{6,})$")


def format_receipt_code(year: int, number: int) -> str:
    return f"HS-{year:04d}-{number:06d}"


def next_number(session: Session, year: int, counter: type = ReceiptCounter) -> int:
    """The next number of ``year`` from ``counter`` (a table with ``year`` and ``last_value``)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        insert = postgresql.insert
    elif dialect == "sqlite":
        insert = sqlite.insert
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"unsupported database: {dialect}")
    statement = (
        insert(counter)
        .values(year=year, last_value=1)
        .on_conflict_do_update(
            index_elements=[counter.year],
            set_={"last_value": counter.last_value + 1},
        )
        .returning(counter.last_value)
    )
    return int(session.execute(statement).scalar_one())


def next_receipt_code(session: Session, year: int) -> str:
    return format_receipt_code(year, next_number(session, year))

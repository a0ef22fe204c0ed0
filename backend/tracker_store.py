"""Deleting conversations from rasa's SQL tracker store (rasa 3.6: table ``events`` with ``sender_id``
and ``timestamp``, a float of unix seconds). Used by the retention command and by deletion requests.

A tracker store that does not exist yet (no SQLite file, no ``events`` table) has nothing to delete.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from sqlalchemy import column, create_engine, delete, func, inspect, select, table
from sqlalchemy.engine import make_url

EVENTS = table("events", column("sender_id"), column("timestamp"))


def delete_events(
    url: str, *, sender_ids: Collection[str] = (), before: float | None = None, dry_run: bool = False
) -> int:
    """Delete the events of ``sender_ids`` (all senders when empty) older than ``before`` (any age when None);
    returns how many were (or, with ``dry_run``, would be) deleted. At least one filter is required."""
    if not sender_ids and before is None:
        raise ValueError("delete_events needs sender_ids or before")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        return 0
    engine = create_engine(parsed)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table("events"):
                return 0
            conditions = []
            if sender_ids:
                conditions.append(EVENTS.c.sender_id.in_(list(sender_ids)))
            if before is not None:
                conditions.append(EVENTS.c.timestamp < before)
            if dry_run:
                return int(connection.execute(select(func.count()).select_from(EVENTS).where(*conditions)).scalar_one())
            return int(connection.execute(delete(EVENTS).where(*conditions)).rowcount)
    finally:
        engine.dispose()

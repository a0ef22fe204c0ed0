"""Creating a record at most once per idempotency key, also when two requests race."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.errors import Conflict

T = TypeVar("T")


def create_once(
    session: Session,
    find: Callable[[], T | None],
    insert: Callable[[], T],
    reload: Callable[[T], T],
    busy_message: str,
    attempts: int,
) -> tuple[T, bool]:
    """``(record, created)``: the record ``find()`` returns, else a new one from ``insert()``.

    A request repeating an idempotency key gets the record first created with it,
    also when both arrive at the same time: the loser of the race hits the unique
    constraint, rolls back and reads the winner's record. Other unique violations
    (a row a concurrent request inserted meanwhile) are retried ``attempts`` times,
    then answered with ``Conflict(busy_message)``. A new record is read back with
    ``reload`` (its relationships loaded).
    """
    for attempt in range(1, attempts + 1):
        existing = find()
        if existing is not None:
            session.commit()
            return existing, False
        try:
            record = insert()
            session.commit()
        except IntegrityError:
            session.rollback()
            existing = find()
            if existing is not None:
                session.commit()
                return existing, False
            if attempt == attempts:
                raise Conflict(busy_message) from None
        except Exception:
            session.rollback()
            raise
        else:
            record = reload(record)
            session.commit()  # end the read transaction (on SQLite it holds the write lock)
            return record, True
    raise AssertionError("unreachable")

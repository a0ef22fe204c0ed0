"""Clock and calendar helpers: UTC storage, Vietnam local time, working days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from common.vntime import VIETNAM_TZ


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat naive datetimes (SQLite returns them) as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local_year(moment: datetime) -> int:
    return as_utc(moment).astimezone(VIETNAM_TZ).year


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` plus ``days`` working days (Monday to Friday) in Vietnam local time.

    Public holidays are not known here and are not skipped.
    """
    local = as_utc(start).astimezone(VIETNAM_TZ)
    remaining = days
    while remaining > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            remaining -= 1
    return local.astimezone(UTC)

"""Vietnam local time (UTC+7, no daylight saving time: a fixed offset needs no tz database)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from datetime import timedelta as _timedelta
from typing import Any, Optional

VIETNAM_TZ = timezone(_timedelta(hours=7), name="ICT")


def vn_moment(value: Any) -> Optional[datetime]:
    """An ISO datetime (naive means UTC, as the backend stores it) in Vietnam local time; None if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM_TZ)


def vn_today() -> date:
    return datetime.now(VIETNAM_TZ).date()

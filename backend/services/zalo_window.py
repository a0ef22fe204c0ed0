"""How long staff can still answer a Zalo citizen: consultation messages are free for 48 h after the citizen's
last message, billed up to 7 days, refused after that (backend/zalo_config.py holds the durations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from backend.timeutil import as_utc
from backend.zalo_config import FREE_WINDOW, PAID_WINDOW, WINDOW_WARNING


class WindowState(StrEnum):
    FREE = "free"  # within 48 h: free consultation messages
    PAID = "paid"  # 48 h to 7 days: still delivered, billed to the OA
    CLOSED = "closed"  # after 7 days: Zalo refuses consultation messages


@dataclass(frozen=True)
class ReplyWindow:
    last_message_at: datetime
    free_until: datetime
    closes_at: datetime
    state: WindowState
    warning: bool  # the current period ends within WINDOW_WARNING


def reply_window(last_message_at: datetime, now: datetime) -> ReplyWindow:
    last = as_utc(last_message_at)
    free_until, closes_at = last + FREE_WINDOW, last + PAID_WINDOW
    if now < free_until:
        state, period_end = WindowState.FREE, free_until
    elif now < closes_at:
        state, period_end = WindowState.PAID, closes_at
    else:
        state, period_end = WindowState.CLOSED, closes_at
    warning = state is not WindowState.CLOSED and period_end - now <= WINDOW_WARNING
    return ReplyWindow(last, free_until, closes_at, state, warning)

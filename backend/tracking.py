"""Feedback tracking codes (mã phản ánh) such as ``PA-2026-000042``, numbered per year.

Same scheme as receipt codes (``backend/receipt.py``): one atomic upsert on
``feedback_counters`` in the transaction that records the feedback.
"""
from __future__ import annotations

import re

from sqlalchemy.orm import Session

from backend.models import FeedbackCounter
from backend.receipt import next_number

TRACKING_CODE_RE = re.compile(r"^PA-(\d{4})-(\d{6,})$")


def format_tracking_code(year: int, number: int) -> str:
    return f"PA-{year:04d}-{number:06d}"


def next_tracking_code(session: Session, year: int) -> str:
    return format_tracking_code(year, next_number(session, year, FeedbackCounter))

"""Feedback tracking codes (mã phản ánh) ``PA-<year>-<8 random digits><check digit>``; see ``backend/codes.py``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.codes import code_pattern, is_well_formed, unused_code
from backend.models import Feedback
from common.codes import FEEDBACK_PREFIX

PREFIX = FEEDBACK_PREFIX
TRACKING_CODE_RE = code_pattern(PREFIX)


def is_tracking_code(code: str) -> bool:
    return is_well_formed(PREFIX, code)


def next_tracking_code(session: Session, year: int) -> str:
    def taken(code: str) -> bool:
        return session.scalar(select(Feedback.id).where(Feedback.tracking_code == code)) is not None

    return unused_code(PREFIX, year, taken)

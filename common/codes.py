"""Public record codes as citizens type them: ``<PREFIX>-<year>-<6 or more digits>`` (backend/codes.py makes them)."""

from __future__ import annotations

import re

RECEIPT_PREFIX = "HS"  # a dossier's receipt code
FEEDBACK_PREFIX = "PA"  # a feedback's tracking code


def code_in_text(prefix: str) -> re.Pattern[str]:
    """A code of ``prefix`` anywhere in a message, in any case."""
    return re.compile(rf"\b{prefix}-\d{{4}}-\d{{6,}}\b", re.IGNORECASE)


RECEIPT_CODE = code_in_text(RECEIPT_PREFIX)
FEEDBACK_CODE = code_in_text(FEEDBACK_PREFIX)

"""Receipt codes (mã hồ sơ) ``HS-<year>-<8 random digits><check digit>``; see ``backend/codes.py``.

Two concurrent dossiers drawing the same code hit the unique constraint on
``dossiers.receipt_code``; the filing is retried (``backend/services/idempotency.py``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.codes import code_pattern, is_well_formed, unused_code
from backend.models import Dossier
from common.codes import RECEIPT_PREFIX

PREFIX = RECEIPT_PREFIX
RECEIPT_CODE_RE = code_pattern(PREFIX)


def is_receipt_code(code: str) -> bool:
    return is_well_formed(PREFIX, code)


def next_receipt_code(session: Session, year: int) -> str:
    def taken(code: str) -> bool:
        return session.scalar(select(Dossier.id).where(Dossier.receipt_code == code)) is not None

    return unused_code(PREFIX, year, taken)

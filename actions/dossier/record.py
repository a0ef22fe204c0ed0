"""A filed dossier as the backend returns it, in the lines both the receipt (submit.py) and the status look-up
(status.py) show: the procedure's name, its dates in Vietnam time, and "Label: value" lines for the fields present."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from actions.core.replies import shorten
from common.vntime import vn_moment

DATE_FIELDS = ("created_at", "due_at")


def local_date(value: Optional[str]) -> str:
    """ "22/11/2026" (Vietnam time) from the backend's ISO datetime; "" when unreadable."""
    local = vn_moment(value)
    return f"{local:%d/%m/%Y}" if local else ""


def procedure_name(dossier: Dict[str, Any]) -> str:
    return shorten(dossier.get("procedure_name", ""), 160)


def field_lines(dossier: Dict[str, Any], labels: Sequence[Tuple[str, str]]) -> List[str]:
    """ "Label: value" for each (field, label) the dossier has, dates as ``local_date``."""
    return [
        f"{label}: {local_date(dossier[field]) if field in DATE_FIELDS else dossier[field]}"
        for field, label in labels
        if dossier.get(field)
    ]

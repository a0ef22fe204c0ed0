"""Where a confirmed dossier waits during a backend outage: the spool (one file per dossier in
``MOTCUA_PENDING_DIR``, default ``var/pending-dossiers``) and the rasa reminder that retries it
(``MOTCUA_DOSSIER_RETRY_SECONDS``). Filing (submit.py) keeps a dossier here; retry.py resubmits it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa_sdk.events import ReminderScheduled

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RETRY_SECONDS = float(os.environ.get("MOTCUA_DOSSIER_RETRY_SECONDS", "10"))
RETRY_INTENT = "retry_dossier"


# ------------------------------------------------------------------------------------------ spool
def spool_dir() -> Path:
    path = Path(os.environ.get("MOTCUA_PENDING_DIR", "var/pending-dossiers"))
    return path if path.is_absolute() else PROJECT_ROOT / path


def _spool_path(key: str) -> Path:
    return spool_dir() / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")


def keep_pending(payload: Dict[str, Any]) -> None:
    """Write the request body to the spool (atomically); never raises."""
    try:
        directory = spool_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = _spool_path(payload["idempotency_key"])
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"payload": payload, "kept_at": time.time()}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        logger.exception("could not spool pending dossier (it stays in the conversation)")


def remove_spooled(key: Optional[str]) -> None:
    if not key:
        return
    try:
        _spool_path(key).unlink(missing_ok=True)
    except OSError:
        logger.warning("could not remove spool file of %s", key)


def spooled(min_age: float = 0.0) -> List[Dict[str, Any]]:
    """Request bodies in the spool kept at least ``min_age`` seconds ago."""
    directory = spool_dir()
    if not directory.is_dir():
        return []
    found = []
    now = time.time()
    for path in sorted(directory.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            logger.warning("unreadable spool file %s", path)
            continue
        if "payload" in record and now - float(record.get("kept_at") or 0) >= min_age:
            found.append(record["payload"])
    return found


# ------------------------------------------------------------------------------------------ reminders
def reminder(sender_id: str, seconds: float = RETRY_SECONDS) -> Dict[str, Any]:
    """A rasa reminder that triggers ``retry_dossier`` for this chat (reminder ids are global in rasa:
    the name carries the sender)."""
    name = "dossier_retry_" + hashlib.sha256(str(sender_id).encode("utf-8")).hexdigest()[:16]
    return ReminderScheduled(
        RETRY_INTENT, dt.datetime.now() + dt.timedelta(seconds=seconds), name=name, kill_on_user_message=False
    )

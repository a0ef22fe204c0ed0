"""What the feedback, handoff and rating actions share: who is chatting (channel, sender), what the channel
told the bot (``metadata.motcua``), the transcript sent with a handoff ticket, Vietnam-time display, the
1-5 score parser, and fire-and-forget analytics.

Analytics (``record_unanswered``, ``record_procedure_query``) never delay or break a reply: they are
scheduled as tasks on the running event loop with a short HTTP timeout, and every error is logged and
dropped. ``drain()`` awaits the pending ones (tests; nothing else needs it).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Set

from rasa_sdk import Tracker

from actions.clients import backend as backend_client
from common import fields
from common.attachments import is_attachment
from common.channels import CHANNELS, REST
from common.limits import MAX_SENDER_CHARS
from common.vntime import vn_moment
from nlu.vietnamese_text import fold

logger = logging.getLogger(__name__)

TRANSCRIPT_TURNS = 30
ANALYTICS_TIMEOUT = 1.5


# ---------------------------------------------------------------- who is chatting
def channel_of(tracker: Tracker) -> str:
    """The citizen's channel as the backend names it (rest, telegram, zalo, web); rest by default.

    The latest citizen message with a known channel decides (rasa's own names such as "collector" or
    "cmdline" are skipped).
    """
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            channel = (event.get("input_channel") or "").lower()
            if channel in CHANNELS:
                return channel
            if channel == "cmdline" or channel == REST:
                return REST
    channel = (tracker.get_latest_input_channel() or "").lower()
    return channel if channel in CHANNELS else REST


def sender_of(tracker: Tracker) -> str:
    return (tracker.sender_id or "unknown")[:MAX_SENDER_CHARS]


def motcua_metadata(tracker: Tracker) -> Dict[str, Any]:
    """``metadata.motcua`` the web channel put on the latest message ({} on other channels)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    value = metadata.get("motcua") if isinstance(metadata, dict) else None
    return value if isinstance(value, dict) else {}


def conversation_key(tracker: Tracker, prefix: str, loop_name: str) -> str:
    """An idempotency key from the conversation: sender + the moment ``loop_name`` was last activated.

    The same submission retried (the action server timing out, the citizen pressing the button twice) gives
    the same key; a new form later in the same chat gives a new one.
    """
    anchor = ""
    for event in reversed(tracker.events or []):
        if event.get("event") == "active_loop" and event.get("name") == loop_name:
            anchor = str(event.get("timestamp") or "")
            break
    if not anchor:
        user_events = [e for e in tracker.events or [] if e.get("event") == "user"]
        anchor = f"{len(user_events)}:{(user_events[-1].get('timestamp') if user_events else '')}"
    return idempotency_key(prefix, channel_of(tracker), sender_of(tracker), anchor)


def idempotency_key(prefix: str, *parts: str) -> str:
    """``<prefix>-<40 hex>``: the same parts give the same key, in every process and after restarts."""
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:40]}"


# ---------------------------------------------------------------- transcript
def _shown(text: str) -> str:
    """Button payloads as a person reads them: ``/request_human`` -> ``[nút: request_human]``."""
    text = (text or "").strip()
    if is_attachment(text):
        name = re.search(r'"file_name"\s*:\s*"([^"]{0,200})"', text[:2000])
        return f"[tệp đính kèm: {name.group(1) if name else 'không tên'}]"
    if text.startswith("/"):
        return f"[nút: {text[1:].split('{', 1)[0]}]"
    return text


def _iso(timestamp: Any) -> Optional[str]:
    try:
        return datetime.fromtimestamp(float(timestamp), tz=timezone.utc).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def transcript(tracker: Tracker, turns: int = TRANSCRIPT_TURNS) -> List[Dict[str, Any]]:
    """The last ``turns`` user and bot messages as ``[{author: citizen|bot, text, at}]`` (oldest first)."""
    lines: List[Dict[str, Any]] = []
    for event in tracker.events or []:
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = _shown(event.get("text") or "")
        if not text:
            continue
        line: Dict[str, Any] = {"author": "citizen" if kind == "user" else "bot", "text": text[: fields.CHAT_TEXT]}
        at = _iso(event.get("timestamp"))
        if at:
            line["at"] = at
        lines.append(line)
    return lines[-turns:]


# ---------------------------------------------------------------- display
def vn_datetime(value: Any) -> str:
    """ "15:30 ngày 22/11/2026" (Vietnam time) from the backend's ISO datetime; "" when unreadable."""
    local = vn_moment(value)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}" if local else ""


def vn_time(value: Any) -> str:
    """ "15:30" (Vietnam time) from the backend's ISO datetime; "" when unreadable."""
    local = vn_moment(value)
    return f"{local:%H:%M}" if local else ""


# ---------------------------------------------------------------- 1-5 scores
_SCORE_WORDS = (  # folded phrases, longest first
    ("rat khong hai long", 1),
    ("hoan toan khong hai long", 1),
    ("qua te", 1),
    ("rat te", 1),
    ("khong hai long", 2),
    ("chua hai long", 2),
    ("te", 2),
    ("kem", 2),
    ("binh thuong", 3),
    ("tam duoc", 3),
    ("tam on", 3),
    ("rat hai long", 5),
    ("tuyet voi", 5),
    ("xuat sac", 5),
    ("rat tot", 5),
    ("hai long", 4),
    ("tot", 4),
    ("on", 4),
)
_SCORE_NUMBER = re.compile(
    r"^\s*(?:toi\s+)?(?:cham\s+|danh\s+gia\s+|cho\s+)?([1-5])(?:\s*(?:/\s*5|sao|diem|\*|⭐))?(?!\d|[.,/]\d)"
)
_SKIP = {"bo qua", "khong", "thoi", "khong danh gia", "de sau", "skip", "khong can", "khong a", "thoi khong"}


def parse_score(text: str) -> Optional[int]:
    """The 1-5 score that starts ``text`` ("5", "4 sao", "chấm 3 điểm", "rất hài lòng"), else None."""
    folded = fold(text or "").lower().strip()
    if not folded:
        return None
    match = _SCORE_NUMBER.match(folded)
    if match:
        return int(match.group(1))
    words = re.sub(r"[^\w\s]", " ", folded)
    words = " ".join(words.split())
    for phrase, score in _SCORE_WORDS:
        if words == phrase or words.startswith(phrase + " "):
            return score
    return None


def score_comment(text: str) -> Optional[str]:
    """What follows the score in "5 sao, cán bộ rất nhiệt tình" ("cán bộ rất nhiệt tình"), else None."""
    original = (text or "").strip()
    folded = fold(original).lower()
    if len(folded) != len(original):
        return None
    match = _SCORE_NUMBER.match(folded)
    end = match.end() if match else 0
    if not match:
        words = re.sub(r"[^\w\s]", " ", folded)
        for phrase, _score in _SCORE_WORDS:
            if " ".join(words.split()).startswith(phrase):
                index = folded.find(phrase.split()[-1])
                end = index + len(phrase.split()[-1]) if index >= 0 else 0
                break
    rest = original[end:].strip(" ,.;:-–—!\n\t")
    return rest if len(rest) >= 5 else None


def is_skip(text: str) -> bool:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text or "").lower()).split()) in _SKIP


# ---------------------------------------------------------------- fire-and-forget analytics
_pending: Set["asyncio.Task[Any]"] = set()


def _schedule(coro) -> None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no event loop (a synchronous caller): skip, never fail the reply
        coro.close()
        return
    task = loop.create_task(coro)
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def _quietly(what: str, call) -> None:
    try:
        await call
    except backend_client.BackendError as exc:
        logger.info("analytics %s not recorded: %s", what, exc)
    except Exception:  # noqa: BLE001 - analytics must never break the conversation
        logger.warning("analytics %s failed", what, exc_info=True)


def record_unanswered(tracker: Optional[Tracker], text: str, reason: str) -> None:
    """Log a question the assistant could not answer (fallback, out of catalog, out of scope)."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return
    payload: Dict[str, Any] = {"text": text[: fields.UNANSWERED_TEXT], "reason": reason[: fields.REASON]}
    if tracker is not None:
        payload.update(channel=channel_of(tracker), sender_id=sender_of(tracker))
    _schedule(_quietly("unanswered", backend_client.record_unanswered(payload, timeout=ANALYTICS_TIMEOUT)))


def record_procedure_query(tracker: Optional[Tracker], code: str, name: str) -> None:
    """Count an answer about a procedure (for the dashboard's top procedures)."""
    if not code or not name:
        return
    payload: Dict[str, Any] = {
        "procedure_code": code[: fields.PROCEDURE_CODE],
        "procedure_name": name[: fields.PROCEDURE_NAME],
    }
    if tracker is not None:
        payload.update(channel=channel_of(tracker), sender_id=sender_of(tracker))
    _schedule(_quietly("procedure query", backend_client.record_procedure_query(payload, timeout=ANALYTICS_TIMEOUT)))


async def drain(timeout: float = 5.0) -> None:
    """Wait for the analytics calls scheduled so far (tests)."""
    tasks = [t for t in _pending if not t.done()]
    if tasks:
        await asyncio.wait(tasks, timeout=timeout)

"""Who may read a dossier's or a feedback's status by its code.

Staff: everything. The bot (service token) asks on behalf of a chat and must name it: the chat
that filed the record sees it with staff notes; another chat only after typing the last
``VERIFY_DIGITS`` digits of the applicant's CCCD or phone, and then without staff notes. Failed
checks count per chat and per code (``backend/security/limits.py``) so 4 digits cannot be guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel

from backend.api.deps import Caller
from backend.api.errors import ApiError
from backend.api.ratelimits import chat_key, record_failure, refuse_if_blocked
from backend.security.limits import VERIFY_DIGITS
from backend.vocabulary import Channel

View = TypeVar("View", bound=BaseModel)

CHAT_REQUIRED = "Cần cho biết cuộc trò chuyện hỏi tra cứu (channel, sender_id)."
VERIFICATION_REQUIRED = f"Vui lòng cho biết {VERIFY_DIGITS} số cuối CCCD hoặc số điện thoại của người nộp."
VERIFICATION_FAILED = f"{VERIFY_DIGITS} số xác minh không khớp."


@dataclass(frozen=True)
class ChatQuery:
    """The chat asking (query parameters ``channel``, ``sender_id``) and its ``verify`` digits, if any."""

    channel: str | None
    sender_id: str | None
    verify: str | None


def _chat_query(
    channel: Channel | None = None,
    sender_id: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    verify: Annotated[
        str | None,
        Query(pattern=rf"^\d{{{VERIFY_DIGITS}}}$", description="Last 4 digits of the applicant's CCCD or phone"),
    ] = None,
) -> ChatQuery:
    return ChatQuery(channel.value if channel else None, sender_id, verify)


LookupChat = Annotated[ChatQuery, Depends(_chat_query)]


class Access(Enum):
    STAFF = "staff"  # unmasked, everything
    OWNER = "owner"  # the chat that filed it: masked, staff notes included
    VERIFIED = "verified"  # another chat that passed the check: masked, no staff notes


def _tail(value: str | None) -> str | None:
    digits = "".join(c for c in value or "" if c.isdigit())
    return digits[-VERIFY_DIGITS:] if len(digits) >= VERIFY_DIGITS else None


def lookup_access(
    request: Request,
    caller: Caller,
    code: str,
    filed_from: tuple[str, str | None],
    proofs: Iterable[str | None],
    chat: ChatQuery,
) -> Access:
    """How much of the record ``code`` (filed from chat ``filed_from``) this caller sees; raises otherwise.

    ``proofs``: the numbers whose last digits verify a stranger (none for anonymous feedback).
    """
    if caller.is_staff:
        return Access.STAFF
    if not chat.channel or not chat.sender_id:
        raise ApiError(422, CHAT_REQUIRED, "chat_required")
    if filed_from[1] is not None and filed_from == (chat.channel, chat.sender_id):
        return Access.OWNER
    state = request.app.state
    checks = (
        (state.lookup_failures_by_chat, chat_key(chat.channel, chat.sender_id)),
        (state.lookup_failures_by_code, code),
    )
    refuse_if_blocked(*checks)
    if not chat.verify:
        raise ApiError(403, VERIFICATION_REQUIRED, "verification_required")
    if chat.verify in {t for t in map(_tail, proofs) if t}:
        return Access.VERIFIED
    record_failure(*checks)
    raise ApiError(403, VERIFICATION_FAILED, "verification_failed")


def shaped_for(view: View, access: Access) -> View:
    """``view`` (a dossier or feedback with ``history`` and ``verified``) as ``access`` may see it."""
    if access is not Access.VERIFIED:
        return view
    history = [change.model_copy(update={"note": None}) for change in view.history]  # type: ignore[attr-defined]
    return view.model_copy(update={"history": history, "verified": True})

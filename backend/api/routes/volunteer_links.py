"""Linking a chat to a volunteer (tổ công nghệ số) with a one-time code from the console (service token).

Every bad code gets the same 400 ``invalid_code``, whatever the reason, naming no account; failures
count per chat and per caller address (``backend/security/limits.py``), then 429 ``too_many_attempts``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel

from backend.api.deps import ReadSessionDep, ServiceDep, SessionDep, SettingsDep
from backend.api.errors import ApiError
from backend.api.ratelimits import chat_key, client_address, record_failure, refuse_if_blocked
from backend.models import VolunteerLink
from backend.schemas import ChatIn, VolunteerLinkIn
from backend.services import volunteers
from backend.vocabulary import Channel

router = APIRouter(prefix="/api/volunteer-links", tags=["volunteers"])

INVALID_CODE = "Mã liên kết không đúng hoặc đã hết hạn."
NO_LINK = "Cuộc trò chuyện này chưa liên kết với tài khoản tổ công nghệ số."


class VolunteerLinkOut(BaseModel):
    username: str
    display_name: str
    expires_at: datetime


def _view(link: VolunteerLink) -> VolunteerLinkOut:
    return VolunteerLinkOut(username=link.user.username, display_name=link.user.shown_name, expires_at=link.expires_at)


def _chat(channel: Channel, sender_id: Annotated[str, Query(min_length=1, max_length=128)]) -> ChatIn:
    return ChatIn(channel=channel, sender_id=sender_id)


ChatQueryDep = Annotated[ChatIn, Depends(_chat)]


@router.post("", status_code=201, response_model=VolunteerLinkOut, summary="Link this chat to a volunteer for a shift")
def link_chat(
    body: VolunteerLinkIn, request: Request, session: SessionDep, settings: SettingsDep, _s: ServiceDep
) -> VolunteerLinkOut:
    state = request.app.state
    checks = (
        (state.link_failures_by_chat, chat_key(body.channel.value, body.sender_id)),
        (state.link_failures_by_address, client_address(request)),
    )
    refuse_if_blocked(*checks)
    link = volunteers.redeem_code(
        session, settings.token_secret, body.code, body.channel.value, body.sender_id, settings.volunteer_shift_hours
    )
    if link is None:
        record_failure(*checks)
        raise ApiError(400, INVALID_CODE, "invalid_code")
    return _view(link)


@router.get("", response_model=VolunteerLinkOut, summary="The chat's active volunteer link (404 if none)")
def read_link(chat: ChatQueryDep, session: ReadSessionDep, _s: ServiceDep) -> VolunteerLinkOut:
    link = volunteers.active_link(session, chat.channel.value, chat.sender_id)
    if link is None:
        raise ApiError(404, NO_LINK, "no_volunteer_link")
    return _view(link)


@router.delete("", status_code=204, summary="End the chat's volunteer link (kết thúc ca); idempotent")
def end_link(chat: ChatQueryDep, session: SessionDep, _s: ServiceDep) -> Response:
    volunteers.end_chat_link(session, chat.channel.value, chat.sender_id)
    return Response(status_code=204)

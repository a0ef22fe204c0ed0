"""``WebChatInput`` (channel ``web``, ``/webhooks/web/``): the web chat, whose sender is the one of the chat's signed
session cookie (``connectors.web.session``) and never the client's.

- ``POST /session``: renews the chat's valid session, else issues one (``{"new": true}``: the page greets); new
  sessions are rate-limited per client address. In development mode (``MOTCUA_DEV=1``) the page may choose its
  sender, which is still a web sender (``web-`` prefix), never the tracker of a Telegram or Zalo chat.
- ``POST /webhook {"message"}`` and ``GET /outbox``: ``ChatChannel.answer`` and ``ChatChannel.outbox`` for the
  cookie's sender; a missing or invalid cookie gets 401 with a Vietnamese message the page shows. Messages are
  also rate-limited per client address (``X-Forwarded-For`` only from ``MOTCUA_TRUSTED_PROXIES``).
- ``GET /chat``, ``/chat.js``, ``/chat.css``: the page (``connectors.web.page``).
"""

from __future__ import annotations

import os
from typing import Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from backend.ratelimit import RateLimiter
from common.channels import WEB
from connectors.shared import replies
from connectors.shared.backend_client import BackendClient
from connectors.shared.channel import ChatChannel, OnNewMessage, add_chat_routes
from connectors.shared.client_address import client_address, trusted_proxies
from connectors.shared.responses import InvalidBody, json_object, refusal
from connectors.shared.settings import ChannelSettings
from connectors.web import page
from connectors.web.session import COOKIE_NAME, SENDER_PATTERN, SENDER_PREFIX, WebSessions


def development_mode() -> bool:
    return os.environ.get("MOTCUA_DEV", "") == "1"


class WebChatInput(ChatChannel):
    """The web chat (``/webhooks/web/``): the sender comes from the signed session cookie only."""

    channel_value = WEB

    def __init__(
        self,
        backend: BackendClient | None = None,
        settings: ChannelSettings | None = None,
        sessions: WebSessions | None = None,
    ) -> None:
        super().__init__(backend, settings)
        s = self.settings
        self.sessions = sessions or WebSessions()
        self.address_limiter = RateLimiter(s.address_rate_limit_per_minute, s.address_rate_limit_burst)
        self.session_limiter = RateLimiter(s.session_rate_limit_per_minute, s.session_rate_limit_burst)
        self.proxies = trusted_proxies()

    def address(self, request: Request) -> str:
        return client_address(request.ip, request.headers.get("X-Forwarded-For"), self.proxies)

    def _over_limit(self, request: Request, sender: str) -> float:
        return super()._over_limit(request, sender) or self.address_limiter.acquire(self.address(request))

    def _session_sender(self, request: Request) -> Optional[str]:
        return self.sessions.sender_of(request.cookies.get(COOKIE_NAME))

    async def start_session(self, request: Request) -> HTTPResponse:
        """``POST /session``: renews the chat's valid session, else issues one (``{"new": true}``: greet)."""
        try:
            body = json_object(request, empty_allowed=True)
        except InvalidBody as exc:
            return exc.response
        sender = self._session_sender(request)
        if sender is not None:
            return self.sessions.set_cookie(response.json({"new": False}), sender)
        wait = self.session_limiter.acquire(self.address(request))
        if wait > 0:
            headers = {"Retry-After": self.session_limiter.retry_after_header(wait)}
            return response.json({"detail": replies.TOO_MANY_SESSIONS}, status=429, headers=headers)
        chosen = body.get("sender")
        if development_mode() and isinstance(chosen, str) and SENDER_PATTERN.fullmatch(chosen):
            # still a web sender: never the tracker of a Telegram (tg-) or Zalo (zl-) chat
            sender = chosen if chosen.startswith(SENDER_PREFIX) else SENDER_PREFIX + chosen
        else:
            sender = self.sessions.new_sender()
        return self.sessions.set_cookie(response.json({"new": True}), sender)

    async def receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        try:
            body = json_object(request)
        except InvalidBody as exc:
            return exc.response
        sender = self._session_sender(request)
        if sender is None:
            return refusal(replies.SESSION_EXPIRED, 401)
        return self.sessions.set_cookie(await self.answer(request, on_new_message, sender, body.get("message")), sender)

    async def poll(self, request: Request) -> HTTPResponse:
        sender = self._session_sender(request)
        if sender is None:
            return refusal(replies.SESSION_EXPIRED, 401)
        return self.sessions.set_cookie(await self.outbox(request, sender), sender)

    def add_routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/session", methods=["POST"])
        async def session(request: Request) -> HTTPResponse:
            return await self.start_session(request)

        add_chat_routes(blueprint, self, on_new_message)
        page.add_routes(blueprint)

"""``ServiceTokenChannel``: a channel for trusted callers holding the backend's service token (``X-Service-Token``,
compared in constant time), which name the sender in the body (``POST .../webhook {"sender", "message"}``) and in
the outbox query (``GET .../outbox?sender=``). No token or a wrong one → 401; a sender that is not 1 to
``MAX_SENDER_CHARS`` characters of text → 400. The REST relay and the Telegram bridge's channel are ones."""

from __future__ import annotations

import hmac
from typing import Any

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from common.limits import MAX_SENDER_CHARS
from connectors.shared import replies
from connectors.shared.channel import ChatChannel, OnNewMessage, add_chat_routes
from connectors.shared.responses import InvalidBody, json_object, refusal


class ServiceTokenChannel(ChatChannel):
    """A channel whose callers hold the service token and name the sender (see the module's docstring)."""

    def _authorised(self, request: Request) -> bool:
        expected = self.backend.token()
        given = request.headers.get("X-Service-Token") or ""
        return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))

    @staticmethod
    def _valid_sender(sender: Any) -> bool:
        return isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS

    async def receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        if not self._authorised(request):
            return refusal(replies.UNAUTHORISED, 401)
        try:
            body = json_object(request)
        except InvalidBody as exc:
            return exc.response
        if not self._valid_sender(body.get("sender")):
            return refusal(replies.BAD_SENDER, 400)
        return await self.answer(request, on_new_message, body["sender"], body.get("message"))

    async def poll(self, request: Request) -> HTTPResponse:
        if not self._authorised(request):
            return refusal(replies.UNAUTHORISED, 401)
        sender = request.args.get("sender")
        if not self._valid_sender(sender):
            return refusal(replies.BAD_SENDER, 400)
        return await self.outbox(request, sender)

    def add_routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        add_chat_routes(blueprint, self, on_new_message)

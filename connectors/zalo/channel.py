"""The rasa server's ``zalo`` channel (``/webhooks/zalo/webhook``, credentials.yml): the bot's side of Zalo.

Zalo itself never calls the rasa server: its signed webhooks reach the Zalo receiver (connectors/zalo/receiver.py,
its own process), which stores them and has its worker post each citizen message here, ``{"sender": "zl-<Zalo
user id>", "message"}``, with the backend's service token; the answer is the bot's messages, which the worker
sends through the OA API. A request without the service token gets 401 (a Zalo-signed one too: this is not a
second way in), a sender that is not a Zalo chat 400. Then the shared channel logic runs (connectors/shared/
channel.py ``ChatChannel.answer``: limits, cleaning, relay to an open handoff ticket, the file payload staged in
the backend, the bot with a time limit). Only ``/webhook``: Zalo's outbox goes out through
connectors/zalo/delivery.py.
"""

from __future__ import annotations

from typing import Any, Text

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from backend.zalo_config import user_of
from common.channels import ZALO
from connectors.shared.channel import OnNewMessage
from connectors.shared.service_token import ServiceTokenChannel


class ZaloInput(ServiceTokenChannel):
    """``/webhooks/zalo/`` (channel ``zalo``) for the Zalo receiver's worker, senders ``zl-<Zalo user id>``."""

    channel_value = ZALO

    @classmethod
    def name(cls) -> Text:
        return ZALO

    @staticmethod
    def _valid_sender(sender: Any) -> bool:
        return ServiceTokenChannel._valid_sender(sender) and user_of(sender) is not None

    def add_routes(self, blueprint: Blueprint, on_new_message: OnNewMessage) -> None:
        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

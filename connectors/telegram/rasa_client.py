"""The one client of the rasa server for bridge processes (``.venv``): posts a citizen's message to a channel
webhook of ``rasa run`` and returns what the bot said.

The channel is a service-token one (connectors/shared/service_token.py; ``/webhooks/telegram/webhook`` for the
Telegram bridge), which checks the service token, relays to an open handoff ticket and rate-limits per sender.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

logger = logging.getLogger("connectors.rasa")


class RasaUnavailable(Exception):
    """The rasa server could not be reached or failed."""


@dataclass(frozen=True)
class BotReply:
    status: int  # 200, or 413/429 with the channel's Vietnamese explanation in ``messages``
    messages: list[dict[str, Any]]


class RasaClient:
    def __init__(self, base_url: str, channel: str, service_token: str | None, timeout_seconds: float = 60) -> None:
        self.url = f"{base_url.rstrip('/')}/webhooks/{channel}/webhook"
        headers = {"X-Service-Token": service_token} if service_token else {}
        self._http = httpx.AsyncClient(headers=headers, timeout=httpx.Timeout(timeout_seconds, connect=5))

    async def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> BotReply:
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        try:
            response = await self._http.post(self.url, json=body)
        except (httpx.TransportError, OSError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if response.status_code in (413, 429):
            return BotReply(response.status_code, _messages(response))
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        return BotReply(200, _messages(response))

    async def close(self) -> None:
        await self._http.aclose()


def _messages(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        return []
    return [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []

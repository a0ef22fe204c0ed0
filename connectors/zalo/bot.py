"""The rasa server's ``zalo`` channel as the receiver's worker calls it (aiohttp): ``POST
{MOTCUA_RASA_URL}/webhooks/zalo/webhook`` with the backend's service token and ``{"sender", "message"}``; the
answer is the bot's messages (connectors/zalo/channel.py).

200 → the bot's messages; 413 / 429 → the channel's explanation for the citizen (too long, too many messages);
anything else, or no answer, → ``BotUnavailable`` (the worker tries again later).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Callable

import aiohttp

WEBHOOK_PATH = "/webhooks/zalo/webhook"
# Longer than the channel's own limit on the bot (bot_timeout_seconds, then "the system is busy"): a turn is asked
# again only when the rasa server did not answer at all.
TIMEOUT_SECONDS = 90
CONNECT_TIMEOUT_SECONDS = 5
CITIZEN_STATUSES = (200, 413, 429)


class BotUnavailable(Exception):
    """The rasa server could not be reached or did not answer the turn."""


class BotClient:
    def __init__(self, rasa_url: str, service_token: Callable[[], str | None]) -> None:
        self.url = rasa_url.rstrip("/") + WEBHOOK_PATH
        self.service_token = service_token
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)
            self._session = aiohttp.ClientSession(timeout=timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        """The messages the citizen gets for ``text``."""
        headers = {"X-Service-Token": self.service_token() or ""}
        try:
            async with self._http().post(self.url, json={"sender": sender, "message": text}, headers=headers) as answer:
                status, raw = answer.status, await answer.read()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise BotUnavailable(type(exc).__name__) from exc
        if status not in CITIZEN_STATUSES:
            raise BotUnavailable(f"HTTP {status}")
        try:
            body = json.loads(raw or b"[]")
        except ValueError:
            body = []
        return [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []

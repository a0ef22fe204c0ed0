"""The backend API as the channels inside the rasa server use it (aiohttp, service token; ``.venv-rasa``).

Address, service token and errors: ``connectors.shared.backend_access`` (shared with the Telegram bridge's httpx
client). Every failure to reach the backend (refused, timeout, 5xx, bad token) raises ``BackendUnavailable``, so
callers can fall back to the bot; a 429 raises ``RateLimited``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import aiohttp

from connectors.shared.backend_access import (
    DEFAULT_TIMEOUT_SECONDS,
    BackendError,
    BackendUnavailable,
    RateLimited,
    ServiceToken,
    TicketNotOpen,
    backend_url,
    call_again,
)

logger = logging.getLogger("connectors.backend")

# idle pooled connections are dropped before the backend (uvicorn: 5 s) closes them, so a request never goes out on a
# connection the server is closing (ServerDisconnectedError under load)
KEEPALIVE_SECONDS = 2.0

__all__ = ["BackendClient", "BackendError", "BackendUnavailable", "HandoffState", "RateLimited", "TicketNotOpen"]


@dataclass(frozen=True)
class HandoffState:
    open: bool
    ticket_id: int | None = None
    awaiting_rating_ticket_id: int | None = None


class BackendClient:
    def __init__(
        self,
        base_url: str | None = None,
        service_token: str | None = None,
        token_file: str | Path | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.base_url = backend_url(base_url)
        self.service_token = ServiceToken(service_token, token_file)
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    # --- plumbing ---------------------------------------------------------------------------------

    def token(self) -> str | None:
        """The service token this client sends (read from the token file when not given)."""
        return self.service_token.value()

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self.timeout,
                raise_for_status=False,
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict | None = None,
        form: Callable[[], aiohttp.FormData] | None = None,
    ) -> tuple[int, Any]:
        """``(status, decoded JSON)``; raises BackendUnavailable when the backend cannot answer.

        ``form`` builds a multipart body (a new one per attempt: aiohttp consumes it)."""
        call = f"{method} {path}"
        for attempt in (1, 2):
            headers = self.service_token.header(call)
            try:
                async with self._http().request(
                    method,
                    self.base_url + path,
                    json=json,
                    params=params,
                    data=form() if form else None,
                    headers=headers,
                ) as response:
                    status = response.status
                    try:
                        body = await response.json(content_type=None)
                    except ValueError:
                        body = None
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                raise BackendUnavailable(f"{call}: {type(exc).__name__}") from exc
            if not call_again(status, call, self.service_token, attempt == 1):
                return status, body
        raise AssertionError("unreachable")

    # --- what the channels need -------------------------------------------------------------------

    async def handoff_state(self, channel: str, sender_id: str) -> HandoffState:
        status, body = await self.request(
            "GET", "/api/tickets/open", params={"channel": channel, "sender_id": sender_id}
        )
        if status != 200 or not isinstance(body, dict):
            raise BackendUnavailable(f"GET /api/tickets/open: HTTP {status}")
        ticket = body.get("ticket") or {}
        return HandoffState(
            open=bool(body.get("open")),
            ticket_id=ticket.get("id"),
            awaiting_rating_ticket_id=body.get("awaiting_rating_ticket_id"),
        )

    async def relay(self, ticket_id: int, channel: str, sender_id: str, text: str) -> dict:
        status, body = await self.request(
            "POST",
            f"/api/tickets/{ticket_id}/messages",
            json={"channel": channel, "sender_id": sender_id, "text": text},
        )
        if status == 201:
            return body
        if status in (404, 409):
            raise TicketNotOpen(f"ticket {ticket_id}: HTTP {status}")
        raise BackendUnavailable(f"POST /api/tickets/{ticket_id}/messages: HTTP {status}")

    async def upload_file(
        self, channel: str, sender_id: str, file_name: str, data: bytes, mime: str | None = None
    ) -> dict:
        """POST /api/files (multipart) for the chat ``(channel, sender_id)``, the only chat that may file it then:
        ``{stored_file_id, mime, size, original_name, ...}``.

        Raises BackendError (with the backend's status in the message) when the file is refused (413/415/422)."""

        def body() -> aiohttp.FormData:
            form = aiohttp.FormData()
            form.add_field("channel", channel)
            form.add_field("sender_id", sender_id)
            form.add_field("file", data, filename=file_name or "tep", content_type=mime or "application/octet-stream")
            return form

        status, answer = await self.request("POST", "/api/files", form=body)
        if status not in (200, 201) or not isinstance(answer, dict):
            raise BackendError(f"POST /api/files: HTTP {status}")
        return answer

    async def take_outbox(self, channel: str, sender_id: str, limit: int = 50) -> list[dict]:
        status, body = await self.request(
            "POST", "/api/outbox/take", json={"channel": channel, "sender_id": sender_id, "limit": limit}
        )
        if status != 200 or not isinstance(body, list):
            raise BackendUnavailable(f"POST /api/outbox/take: HTTP {status}")
        return body

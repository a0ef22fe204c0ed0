"""The backend API as the Telegram bridge uses it (httpx, ``.venv``): the channel's outbox, pushed to Telegram.

Address and service token as for every connector (``connectors.shared.backend_access``: ``MOTCUA_BACKEND_URL``,
``MOTCUA_SERVICE_TOKEN`` / ``SERVICE_TOKEN`` or the token file, read again after a 401). Every failure to reach the
backend (refused, timeout, 5xx, bad token) raises ``BackendUnavailable``, a 429 ``RateLimited``, another refusal
``BackendError`` (the base of both): the bridge tries again on its next round.
"""

from __future__ import annotations

from typing import Any

import httpx

from connectors.shared.backend_access import (
    DEFAULT_TIMEOUT_SECONDS,
    BackendError,
    BackendUnavailable,
    RateLimited,
    ServiceToken,
    backend_url,
    call_again,
)

__all__ = ["BackendError", "BackendUnavailable", "BridgeBackend", "RateLimited"]


class BridgeBackend:
    def __init__(self, base_url: str | None = None, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.service_token = ServiceToken()
        self._http = httpx.AsyncClient(base_url=backend_url(base_url), timeout=timeout_seconds)

    def token(self) -> str | None:
        return self.service_token.value()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        call = f"{method} {path}"
        for attempt in (1, 2):
            headers = self.service_token.header(call)
            try:
                response = await self._http.request(method, path, headers=headers, **kwargs)
            except (httpx.TransportError, OSError) as exc:
                raise BackendUnavailable(f"{call}: {type(exc).__name__}") from exc
            if call_again(response.status_code, call, self.service_token, attempt == 1):
                continue
            if response.status_code >= 400:
                raise BackendError(f"{call}: HTTP {response.status_code}")
            try:
                return response.json() if response.content else None
            except ValueError as exc:
                raise BackendUnavailable(f"{call}: not JSON") from exc
        raise AssertionError("unreachable")

    async def pending_outbox(self, channel: str, limit: int = 50) -> list[dict[str, Any]]:
        """GET /api/outbox: the channel's undelivered messages, oldest first."""
        body = await self._request("GET", "/api/outbox", params={"channel": channel, "limit": limit})
        return [m for m in body if isinstance(m, dict)] if isinstance(body, list) else []

    async def acknowledge_outbox(self, message_id: int, delivered: bool) -> None:
        """POST /api/outbox/{id}/ack: one delivery attempt; a delivered message is no longer pending."""
        await self._request("POST", f"/api/outbox/{message_id}/ack", json={"delivered": delivered})

    async def close(self) -> None:
        await self._http.aclose()

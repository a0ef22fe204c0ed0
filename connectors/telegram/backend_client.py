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
    TOKEN_HEADER,
    BackendError,
    BackendUnavailable,
    RateLimited,
    ServiceToken,
    backend_url,
)

__all__ = ["BackendError", "BackendUnavailable", "BridgeBackend", "RateLimited"]


class BridgeBackend:
    def __init__(self, base_url: str | None = None, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.service_token = ServiceToken()
        self._http = httpx.AsyncClient(base_url=backend_url(base_url), timeout=timeout_seconds)

    def token(self) -> str | None:
        return self.service_token.value()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        for attempt in (1, 2):
            token = self.token()
            if token is None:
                raise BackendUnavailable(f"no service token (looked in {self.service_token.file})")
            try:
                response = await self._http.request(method, path, headers={TOKEN_HEADER: token}, **kwargs)
            except (httpx.TransportError, OSError) as exc:
                raise BackendUnavailable(f"{method} {path}: {type(exc).__name__}") from exc
            status = response.status_code
            if status == 401 and attempt == 1 and self.service_token.forget():
                continue  # the backend may have created a new token file: read it again
            if status == 401 or status >= 500:
                raise BackendUnavailable(f"{method} {path}: HTTP {status}")
            if status == 429:
                raise RateLimited(f"{method} {path}: HTTP 429")
            if status >= 400:
                raise BackendError(f"{method} {path}: HTTP {status}")
            try:
                return response.json() if response.content else None
            except ValueError as exc:
                raise BackendUnavailable(f"{method} {path}: not JSON") from exc
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

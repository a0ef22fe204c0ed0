"""A thin client of the Zalo OA API v3 (aiohttp, as everything inside the rasa server) and of the backend's Zalo
endpoints that hold the OA's tokens.

``send`` posts one message to ``{ZALO_API_BASE}/v3.0/oa/message/cs`` with the ``access_token`` header:

- ``-216`` (invalid token) / ``-220`` (expired token): the backend refreshes it (under its lock, once for every
  server: a caller whose token another server already replaced gets the new one) and the message is sent again,
  once;
- ``-32`` (rate limit): ``ZaloRateLimited`` with the time to wait;
- ``-201`` invalid parameter, ``-213`` not a follower, ``-227`` inactive for 45 days, ``-230``/``-232`` no
  interaction for 7 days, and any other error: ``ZaloRefused`` with the code and why (never retried).

``download`` fetches a citizen's attachment: only from the configured hosts, at most ``max_bytes``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from connectors.shared.backend_client import BackendClient, BackendUnavailable

logger = logging.getLogger("connectors.zalo")

SEND_PATH = "/v3.0/oa/message/cs"
TOKEN_ERRORS = frozenset({-216, -220})
RATE_LIMITED = -32
RATE_LIMIT_WAIT_SECONDS = 2.0
# Why Zalo refuses, in the words staff read in the console.
REFUSALS = {
    -201: "Tham số không hợp lệ.",
    -213: "Công dân chưa quan tâm (follow) Official Account hoặc đã bỏ quan tâm.",
    -227: "Công dân không hoạt động trên Zalo quá 45 ngày.",
    -230: "Công dân không tương tác với Official Account trong 7 ngày: Zalo không cho gửi tin tư vấn.",
    -232: "Công dân không tương tác với Official Account trong 7 ngày: Zalo không cho gửi tin tư vấn.",
}


class ZaloError(Exception):
    pass


class ZaloUnavailable(ZaloError):
    """Zalo (or the backend holding the token) could not be reached: worth trying again later."""


class ZaloRateLimited(ZaloError):
    def __init__(self, wait_seconds: float) -> None:
        super().__init__(f"rate limited, wait {wait_seconds} s")
        self.wait_seconds = wait_seconds


class ZaloRefused(ZaloError):
    """Zalo will not take this message: do not retry."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


class AttachmentRefused(ZaloError):
    """Not from an allowed host, or not downloadable."""


class AttachmentTooBig(AttachmentRefused):
    pass


@dataclass(frozen=True)
class Sent:
    message_id: str


class TokenSource:
    """The OA access token, from the backend (GET /api/zalo/token) and refreshed there (POST .../refresh).

    One refresh at a time in this process: a coroutine that waited for another one's refresh uses its result."""

    def __init__(self, backend: BackendClient) -> None:
        self.backend = backend
        self._token: str | None = None
        self._lock = asyncio.Lock()

    async def _ask(self, method: str, path: str, body: Any = None) -> str:
        status, answer = await self.backend.request(method, path, json=body)
        if status != 200 or not isinstance(answer, dict) or not answer.get("access_token"):
            detail = answer.get("detail") if isinstance(answer, dict) else None
            raise ZaloUnavailable(f"{method} {path}: HTTP {status} {detail or ''}".strip())
        return str(answer["access_token"])

    async def get(self) -> str:
        if self._token is None:
            async with self._lock:
                if self._token is None:
                    self._token = await self._ask("GET", "/api/zalo/token")
        return self._token

    async def refresh(self, stale: str) -> str:
        async with self._lock:
            if self._token is not None and self._token != stale:
                return self._token  # refreshed by another coroutine meanwhile
            self._token = await self._ask("POST", "/api/zalo/token/refresh", {"stale_access_token": stale})
            return self._token


class ZaloClient:
    def __init__(self, api_base: str, tokens: TokenSource, timeout_seconds: float = 10.0) -> None:
        self.send_url = api_base.rstrip("/") + SEND_PATH
        self.tokens = tokens
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def _post(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            async with self._http().post(self.send_url, json=body, headers={"access_token": token}) as response:
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError) as exc:
            raise ZaloUnavailable(f"POST {SEND_PATH}: {type(exc).__name__}") from exc
        if not isinstance(answer, dict):
            raise ZaloUnavailable(f"POST {SEND_PATH}: unexpected answer")
        return answer

    async def send(self, user_id: str, message: dict[str, Any]) -> Sent:
        body = {"recipient": {"user_id": user_id}, "message": message}
        try:
            token = await self.tokens.get()
            answer = await self._post(token, body)
            if _code(answer) in TOKEN_ERRORS:
                logger.info("Zalo refused the access token (%s): refreshing it", _code(answer))
                answer = await self._post(await self.tokens.refresh(token), body)
        except BackendUnavailable as exc:
            raise ZaloUnavailable(f"token: {exc}") from exc
        code = _code(answer)
        if code == 0:
            return Sent(str((answer.get("data") or {}).get("message_id") or ""))
        if code == RATE_LIMITED:
            raise ZaloRateLimited(RATE_LIMIT_WAIT_SECONDS)
        if code in TOKEN_ERRORS:
            raise ZaloUnavailable(f"Zalo refused the refreshed token too ({code})")
        raise ZaloRefused(code, REFUSALS.get(code) or f"Zalo trả lỗi {code}: {answer.get('message') or ''}".strip())

    async def download(self, url: str, allowed_hosts: tuple[str, ...], max_bytes: int) -> tuple[bytes, str]:
        """``(bytes, content type)`` of an attachment URL on an allowed host (or a sub-domain of one)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not any(host == h or host.endswith("." + h) for h in allowed_hosts):
            raise AttachmentRefused(f"host not allowed: {host or url[:60]}")
        try:
            async with self._http().get(url, allow_redirects=False) as response:
                if response.status != 200:
                    raise AttachmentRefused(f"HTTP {response.status}")
                if (response.content_length or 0) > max_bytes:
                    raise AttachmentTooBig(url[:60])
                data = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    data.extend(chunk)
                    if len(data) > max_bytes:
                        raise AttachmentTooBig(url[:60])
                return bytes(data), response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise AttachmentRefused(type(exc).__name__) from exc


def _code(answer: dict[str, Any]) -> int:
    try:
        return int(answer.get("error", -1))
    except (TypeError, ValueError):
        return -1

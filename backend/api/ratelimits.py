"""Per-sender and per-client rate limits (in-process token buckets, see backend/ratelimit.py).

The citizen-facing service endpoints are limited per chat (channel, sender_id):
the bot calls them on a citizen's behalf, so one citizen flooding the chat
cannot flood the desk. Logins are limited per client address and user name.
"""
from __future__ import annotations

from fastapi import HTTPException, Request

from backend.ratelimit import RateLimiter
from backend.settings import Settings

TOO_MANY = "Bạn gửi yêu cầu quá nhanh, vui lòng thử lại sau ít giây."


def install_limiters(state, settings: Settings) -> None:
    state.sender_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    login_rate = settings.login_rate_limit_per_minute
    state.login_limiter = RateLimiter(login_rate, max(1, int(login_rate)))


def _enforce(limiter: RateLimiter, key: str) -> None:
    wait = limiter.acquire(key)
    if wait > 0:
        raise HTTPException(status_code=429, detail=TOO_MANY, headers={"Retry-After": limiter.retry_after_header(wait)})


def limit_sender(request: Request, channel: str | None, sender_id: str | None) -> None:
    """429 when this chat has used up its requests; calls without a sender are not limited."""
    if sender_id:
        _enforce(request.app.state.sender_limiter, f"{channel or '-'}:{sender_id}")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limit_login(request: Request, username: str) -> None:
    _enforce(request.app.state.login_limiter, f"{client_address(request)}:{username.lower()}")

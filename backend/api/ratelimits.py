"""Per-sender and per-client rate limits (in-process, see backend/ratelimit.py).

The citizen-facing service endpoints are limited per chat (channel, sender_id):
the bot calls them on a citizen's behalf, so one citizen flooding the chat
cannot flood the desk. Logins are limited per client address and user name, and
locked for a while after repeated failures (per user name and per address, the
same answer whether the account exists or not). Checks that can be guessed (a
status look-up's 4 digits, a volunteer's one-time code) count failures too.

The client address is the direct peer, or the ``X-Forwarded-For`` address the
nearest trusted proxy saw when the peer is one (``MOTCUA_TRUSTED_PROXIES``).
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from backend.api.errors import ApiError
from backend.ratelimit import FailureCounter, RateLimiter, retry_after_header
from backend.security import limits
from backend.settings import Settings

TOO_MANY = "Bạn gửi yêu cầu quá nhanh, vui lòng thử lại sau ít giây."
TOO_MANY_ATTEMPTS = "Bạn đã thử sai quá nhiều lần, vui lòng thử lại sau."
LOGIN_LOCKED = "Đăng nhập tạm khóa do nhập sai nhiều lần, vui lòng thử lại sau 15 phút."


def install_limiters(state, settings: Settings) -> None:
    state.sender_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    login_rate = settings.login_rate_limit_per_minute
    state.login_limiter = RateLimiter(login_rate, max(1, int(login_rate)))
    state.login_failures_by_user = FailureCounter(limits.LOGIN_FAILURES_PER_USERNAME, limits.LOGIN_LOCKOUT_SECONDS)
    state.login_failures_by_address = FailureCounter(limits.LOGIN_FAILURES_PER_ADDRESS, limits.LOGIN_LOCKOUT_SECONDS)
    window = limits.LOOKUP_FAILURE_WINDOW_SECONDS
    state.lookup_failures_by_chat = FailureCounter(limits.LOOKUP_FAILURES_PER_CHAT, window)
    state.lookup_failures_by_code = FailureCounter(limits.LOOKUP_FAILURES_PER_CODE, window)
    state.link_failures_by_chat = FailureCounter(
        limits.LINK_FAILURES_PER_CHAT, limits.LINK_FAILURE_WINDOW_PER_CHAT_SECONDS
    )
    state.link_failures_by_address = FailureCounter(
        limits.LINK_FAILURES_PER_ADDRESS, limits.LINK_FAILURE_WINDOW_PER_ADDRESS_SECONDS
    )


def _enforce(limiter: RateLimiter, key: str) -> None:
    wait = limiter.acquire(key)
    if wait > 0:
        raise HTTPException(status_code=429, detail=TOO_MANY, headers={"Retry-After": limiter.retry_after_header(wait)})


def limit_sender(request: Request, channel: str | None, sender_id: str | None) -> None:
    """429 when this chat has used up its requests; calls without a sender are not limited."""
    if sender_id:
        _enforce(request.app.state.sender_limiter, chat_key(channel, sender_id))


def chat_key(channel: str | None, sender_id: str) -> str:
    return f"{channel or '-'}:{sender_id}"


def client_address(request: Request) -> str:
    """The caller's address; ``X-Forwarded-For`` counts only when the direct peer is a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.settings.trusted_proxies
    if peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):  # the rightmost address no trusted proxy added is the client
        if hop not in trusted:
            return hop
    return peer


def limit_login(request: Request, username: str) -> None:
    _enforce(request.app.state.login_limiter, f"{client_address(request)}:{username.strip().lower()}")


def _login_keys(request: Request, username: str) -> tuple[tuple[FailureCounter, str], ...]:
    state = request.app.state
    return (
        (state.login_failures_by_user, username.strip().lower()),
        (state.login_failures_by_address, client_address(request)),
    )


def login_locked(request: Request, username: str) -> bool:
    return any(counter.blocked(key) > 0 for counter, key in _login_keys(request, username))


def record_login_failure(request: Request, username: str) -> None:
    for counter, key in _login_keys(request, username):
        counter.record(key)


def refuse_if_blocked(*checks: tuple[FailureCounter, str]) -> None:
    """429 ``too_many_attempts`` when any (counter, key) has had too many failures."""
    wait = max(counter.blocked(key) for counter, key in checks)
    if wait > 0:
        raise ApiError(429, TOO_MANY_ATTEMPTS, "too_many_attempts", headers={"Retry-After": retry_after_header(wait)})


def record_failure(*checks: tuple[FailureCounter, str]) -> None:
    for counter, key in checks:
        counter.record(key)

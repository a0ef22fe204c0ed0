"""The Zalo OA's access and refresh tokens, kept in the database and refreshed under a lock every server shares.

A refresh token is single use: each refresh returns a new one and invalidates the old, so two servers must never
spend the same one. ``refresh`` runs in one write transaction holding the token row's lock (``SELECT ... FOR
UPDATE`` on PostgreSQL; SQLite's write transactions start with ``BEGIN IMMEDIATE``, which locks the database),
and calls Zalo's OAuth server only if the access token the caller found stale is still the current one; a caller
that waited for the lock gets the token the first one obtained. The new refresh token is stored in the same
transaction, before anyone uses the new access token. A failed refresh is kept on the row for the console.
On SQLite the lock is the whole database's write lock: other writes wait for the OAuth call (at most
``OAUTH_TIMEOUT_SECONDS``, about once a day); on PostgreSQL only the token row is locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.models import ZaloToken
from backend.timeutil import as_utc, utcnow
from backend.zalo_config import ZaloConfig

TOKEN_ROW_ID = 1
OAUTH_PATH = "/v4/oa/access_token"
OAUTH_TIMEOUT_SECONDS = 10.0
# An access token this close to its expiry is refreshed before it is handed out.
EXPIRY_MARGIN = timedelta(minutes=5)
DEFAULT_EXPIRES_SECONDS = 90_000  # Zalo's documented lifetime (25 h) when the answer omits it
MAX_ERROR_CHARS = 500


class ZaloNotConfigured(Exception):
    """No app id / app secret, or no refresh token at all."""


class RefreshFailed(Exception):
    """Zalo's OAuth server refused the refresh or could not be reached (recorded on the token row)."""


@dataclass(frozen=True)
class AccessToken:
    access_token: str
    expires_at: datetime


def _row(session: Session, config: ZaloConfig) -> ZaloToken:
    """The token row, locked for this transaction; created from ``ZALO_REFRESH_TOKEN`` the first time."""
    row = session.scalars(select(ZaloToken).where(ZaloToken.id == TOKEN_ROW_ID).with_for_update()).first()
    if row is not None:
        return row
    if not config.first_refresh_token:
        raise ZaloNotConfigured("ZALO_REFRESH_TOKEN is not set and the database holds no Zalo token")
    row = ZaloToken(id=TOKEN_ROW_ID, refresh_token=config.first_refresh_token, refresh_count=0)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # another server created it meanwhile (PostgreSQL): take theirs, locked
        session.rollback()
        return _row(session, config)
    return row


def _usable(row: ZaloToken, now: datetime) -> bool:
    expires = row.access_expires_at
    return bool(row.access_token) and expires is not None and as_utc(expires) > now + EXPIRY_MARGIN


def _call_oauth(config: ZaloConfig, refresh_token: str) -> tuple[str, str, int]:
    """``(access token, new refresh token, lifetime in seconds)``; RefreshFailed with Zalo's reason."""
    try:
        response = httpx.post(
            config.oauth_base + OAUTH_PATH,
            headers={"secret_key": config.app_secret},
            data={"refresh_token": refresh_token, "app_id": config.app_id, "grant_type": "refresh_token"},
            timeout=OAUTH_TIMEOUT_SECONDS,
        )
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise RefreshFailed(f"Không gọi được máy chủ OAuth của Zalo ({type(exc).__name__}).") from exc
    if not isinstance(body, dict) or not body.get("access_token") or not body.get("refresh_token"):
        answer = body if isinstance(body, dict) else {}
        detail = answer.get("error_description") or answer.get("message") or answer.get("error")
        raise RefreshFailed(f"Zalo từ chối làm mới token (HTTP {response.status_code}): {detail or 'không rõ lý do'}")
    try:
        lifetime = int(body.get("expires_in") or DEFAULT_EXPIRES_SECONDS)
    except (TypeError, ValueError):
        lifetime = DEFAULT_EXPIRES_SECONDS
    return str(body["access_token"]), str(body["refresh_token"]), lifetime


def refresh(session: Session, stale_access_token: str | None, config: ZaloConfig | None = None) -> AccessToken:
    """A fresh access token. Zalo is called only if ``stale_access_token`` (what the caller saw fail, or None
    for "I have none") is still current or the current one is about to expire; else the current one is returned."""
    config = config or ZaloConfig.from_env()
    if not config.oauth_ready:
        raise ZaloNotConfigured("ZALO_APP_ID / ZALO_APP_SECRET are not set")
    row = _row(session, config)
    now = utcnow()
    if _usable(row, now) and row.access_token != stale_access_token:
        token = AccessToken(row.access_token, as_utc(row.access_expires_at))
        session.commit()
        return token
    if not row.refresh_token:
        session.rollback()
        raise ZaloNotConfigured("the database holds no Zalo refresh token")
    try:
        access, new_refresh, lifetime = _call_oauth(config, row.refresh_token)
    except RefreshFailed as exc:
        row.last_error = str(exc)[:MAX_ERROR_CHARS]
        row.last_error_at = now
        session.commit()
        raise
    row.access_token, row.refresh_token = access, new_refresh
    row.access_expires_at = now + timedelta(seconds=lifetime)
    row.refreshed_at = now
    row.refresh_count = (row.refresh_count or 0) + 1
    row.last_error = row.last_error_at = None
    session.commit()
    return AccessToken(access, row.access_expires_at)


def current(session: Session, config: ZaloConfig | None = None) -> AccessToken:
    """The access token to use: the stored one while it is valid, else a refreshed one."""
    row = session.get(ZaloToken, TOKEN_ROW_ID)
    if row is not None and _usable(row, utcnow()):
        token = AccessToken(row.access_token, as_utc(row.access_expires_at))
        session.commit()
        return token
    session.rollback()
    return refresh(session, row.access_token if row is not None else None, config)


def status(session: Session) -> ZaloToken | None:
    """The token row as the console shows it (tokens themselves are not shown)."""
    return session.get(ZaloToken, TOKEN_ROW_ID)


def replace_refresh_token(session: Session, refresh_token: str) -> None:
    """A new refresh token from a new authorisation (an admin in the console): the next call refreshes with it."""
    row = session.scalars(select(ZaloToken).where(ZaloToken.id == TOKEN_ROW_ID).with_for_update()).first()
    if row is None:
        row = ZaloToken(id=TOKEN_ROW_ID, refresh_count=0)
        session.add(row)
    row.refresh_token = refresh_token
    row.access_token = row.access_expires_at = None
    row.last_error = row.last_error_at = None
    session.commit()

"""Zalo Official Account settings, read from the environment in one place (standard library only: the rasa
server's Zalo channel, the Zalo delivery process and the backend all import it).

| variable | meaning | default |
| --- | --- | --- |
| ``ZALO_APP_ID`` | the Zalo app's id (signature, OAuth) | required |
| ``ZALO_APP_SECRET`` | the app's secret key (OAuth ``secret_key`` header) | required by the backend |
| ``ZALO_OA_SECRET_KEY`` | the OA secret key that signs webhooks (not the app secret) | required by the channel |
| ``ZALO_REFRESH_TOKEN`` | the first refresh token (from the first authorisation); used while the database has none | |
| ``ZALO_API_BASE`` | the OA API | https://openapi.zalo.me |
| ``ZALO_OAUTH_BASE`` | the OAuth server | https://oauth.zaloapp.com |
| ``ZALO_ATTACHMENT_HOSTS`` | hosts attachments come from (comma-separated; sub-domains too) | zdn.vn,zadn.vn,zalo.me |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

CHANNEL = "zalo"
SENDER_PREFIX = "zl-"  # sender ids are "zl-<Zalo user id>", the id kept as a string
DEFAULT_API_BASE = "https://openapi.zalo.me"
DEFAULT_OAUTH_BASE = "https://oauth.zaloapp.com"
DEFAULT_ATTACHMENT_HOSTS = "zdn.vn,zadn.vn,zalo.me"

# Zalo's rules for consultation messages, counted from the citizen's last message.
FREE_WINDOW = timedelta(hours=48)
PAID_WINDOW = timedelta(days=7)
# The console warns staff this long before a window closes.
WINDOW_WARNING = timedelta(hours=6)
# A signed webhook event older than this is acknowledged and ignored (Zalo retries for about two hours); the
# backend keeps the keys of taken events longer than that, so a replay within it is recognised.
EVENT_MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class ZaloConfig:
    app_id: str
    app_secret: str
    oa_secret_key: str
    first_refresh_token: str
    api_base: str
    oauth_base: str
    attachment_hosts: tuple[str, ...]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "ZaloConfig":
        env = os.environ if env is None else env
        hosts = env.get("ZALO_ATTACHMENT_HOSTS") or DEFAULT_ATTACHMENT_HOSTS
        return cls(
            app_id=env.get("ZALO_APP_ID", "").strip(),
            app_secret=env.get("ZALO_APP_SECRET", "").strip(),
            oa_secret_key=env.get("ZALO_OA_SECRET_KEY", "").strip(),
            first_refresh_token=env.get("ZALO_REFRESH_TOKEN", "").strip(),
            api_base=(env.get("ZALO_API_BASE") or DEFAULT_API_BASE).rstrip("/"),
            oauth_base=(env.get("ZALO_OAUTH_BASE") or DEFAULT_OAUTH_BASE).rstrip("/"),
            attachment_hosts=tuple(h.strip().lower() for h in hosts.split(",") if h.strip()),
        )

    @property
    def webhook_ready(self) -> bool:
        """The rasa channel can verify webhooks."""
        return bool(self.app_id and self.oa_secret_key)

    @property
    def oauth_ready(self) -> bool:
        """The backend can refresh tokens."""
        return bool(self.app_id and self.app_secret)


def sender_of(user_id: str) -> str:
    return f"{SENDER_PREFIX}{user_id}"


def user_of(sender_id: str) -> str | None:
    """The Zalo user id of a ``zl-`` sender id, else None."""
    if not sender_id.startswith(SENDER_PREFIX) or len(sender_id) == len(SENDER_PREFIX):
        return None
    return sender_id[len(SENDER_PREFIX) :]

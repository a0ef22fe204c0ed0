"""Server-issued, signed sessions of the web chat: the cookie is the only source of a web chat's sender id.

The value is ``<sender>.<expiry, unix seconds>.<HMAC-SHA256 of both, URL-safe base64>``, the sender
``web-<128 random bits in hex>``. The secret is ``MOTCUA_WEB_SESSION_SECRET`` or var/web_session.secret (0600),
so several rasa servers accept each other's sessions. A session lasts ``SESSION_SECONDS`` from its last use
(the channel renews the cookie on every answer). The cookie is HttpOnly, SameSite=Strict, limited to the web
channel's path, and ``Secure`` when ``MOTCUA_SECURE_COOKIES=1`` (behind HTTPS).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import time
from typing import Callable, Optional

from sanic.response import HTTPResponse

from connectors.shared.local_secrets import secret

COOKIE_NAME = "motcua_web"
COOKIE_PATH = "/webhooks/web"
SESSION_SECONDS = 24 * 3600
SENDER_PREFIX = "web-"
SENDER_PATTERN = re.compile(r"[A-Za-z0-9_\-]{1,64}")  # an issued sender, or one chosen in development mode


def secure_cookies() -> bool:
    return os.environ.get("MOTCUA_SECURE_COOKIES", "") == "1"


class WebSessions:
    def __init__(self, key: Optional[str] = None, clock: Callable[[], float] = time.time) -> None:
        self._key = (key or secret("web_session.secret", "MOTCUA_WEB_SESSION_SECRET")).encode("utf-8")
        self._clock = clock

    def _signature(self, sender: str, expiry: int) -> str:
        digest = hmac.new(self._key, f"{sender}.{expiry}".encode("utf-8"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    @staticmethod
    def new_sender() -> str:
        return SENDER_PREFIX + secrets.token_hex(16)

    def sign(self, sender: str) -> str:
        """A cookie value for ``sender``, valid for ``SESSION_SECONDS`` from now."""
        expiry = int(self._clock()) + SESSION_SECONDS
        return f"{sender}.{expiry}.{self._signature(sender, expiry)}"

    def sender_of(self, value: Optional[str]) -> Optional[str]:
        """The sender a cookie value proves, or None (missing, malformed, forged or expired)."""
        parts = (value or "").split(".")
        if len(parts) != 3 or not SENDER_PATTERN.fullmatch(parts[0]) or not parts[1].isdigit():
            return None
        sender, expiry, signature = parts[0], int(parts[1]), parts[2]
        if not hmac.compare_digest(signature, self._signature(sender, expiry)) or expiry < self._clock():
            return None
        return sender

    def set_cookie(self, response: HTTPResponse, sender: str) -> HTTPResponse:
        response.cookies[COOKIE_NAME] = self.sign(sender)
        cookie = response.cookies[COOKIE_NAME]
        cookie["path"] = COOKIE_PATH
        cookie["max-age"] = SESSION_SECONDS
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        if secure_cookies():
            cookie["secure"] = True
        return response

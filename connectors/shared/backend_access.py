"""Where the backend is and how to prove a connector process may call it, for both backend clients of connectors/
(``connectors.shared.backend_client``, aiohttp, inside the rasa server; ``connectors.telegram.backend_client``,
httpx, in the Telegram bridge). Standard library only: both venvs import it.

Configuration, first found wins:

- base URL: the one given (a channel's ``backend_url`` in credentials.yml), ``MOTCUA_BACKEND_URL``,
  ``http://127.0.0.1:8000``;
- service token: the one given (a channel's ``service_token``), ``MOTCUA_SERVICE_TOKEN``, ``SERVICE_TOKEN`` (the
  backend's own variable), else the file given (``service_token_file``), ``MOTCUA_SERVICE_TOKEN_FILE``, default
  ``$MOTCUA_VAR_DIR/service.token`` or ``<project>/var/service.token`` (the backend writes it on first start). The
  file is read when first needed and again after a 401 (``ServiceToken.forget``), so the backend may start later.

Errors: every failure to reach the backend (refused, timeout, 5xx, bad token) is ``BackendUnavailable``, a 429
``RateLimited``; both are ``BackendError``, as is a refusal (4xx) and ``TicketNotOpen``.
"""

from __future__ import annotations

import os
from pathlib import Path

from connectors.shared.local_secrets import PROJECT_ROOT, var_dir

DEFAULT_BACKEND_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT_SECONDS = 5.0
TOKEN_HEADER = "X-Service-Token"


class BackendError(Exception):
    """The backend did not do what was asked."""


class BackendUnavailable(BackendError):
    """The backend could not be reached or did not answer properly."""


class TicketNotOpen(BackendError):
    """The ticket was closed (or is not this chat's) by the time the message was relayed."""


class RateLimited(BackendError):
    """The backend answered 429."""


def backend_url(given: str | None = None) -> str:
    return (given or os.environ.get("MOTCUA_BACKEND_URL") or DEFAULT_BACKEND_URL).rstrip("/")


def default_token_file() -> Path:
    given = os.environ.get("MOTCUA_SERVICE_TOKEN_FILE")
    return Path(given) if given else var_dir() / "service.token"


class ServiceToken:
    """The service token a client sends: the one given or in the environment, else the token file's content."""

    def __init__(self, given: str | None = None, token_file: str | Path | None = None) -> None:
        self.fixed = given or os.environ.get("MOTCUA_SERVICE_TOKEN") or os.environ.get("SERVICE_TOKEN") or None
        path = Path(token_file) if token_file else default_token_file()
        self.file = path if path.is_absolute() else PROJECT_ROOT / path
        self._value: str | None = self.fixed

    def value(self) -> str | None:
        if self._value is None:
            self._value = self._read()
        return self._value

    def forget(self) -> bool:
        """After a 401: read the file again next time (the backend may have written a new one). False when the
        token is fixed, so there is nothing to read again."""
        if self.fixed:
            return False
        self._value = None
        return True

    def header(self, call: str) -> dict[str, str]:
        """The ``X-Service-Token`` header for ``call`` ("GET /api/..."); BackendUnavailable when there is no token."""
        value = self.value()
        if value is None:
            raise BackendUnavailable(f"{call}: no service token (looked in {self.file})")
        return {TOKEN_HEADER: value}

    def _read(self) -> str | None:
        try:
            return self.file.read_text(encoding="ascii").strip() or None
        except OSError:
            return None


def call_again(status: int, call: str, token: ServiceToken, first_attempt: bool) -> bool:
    """What a client does with an answer's status before reading it: True to make the call again (a first 401 with
    a token file, which the backend may have written anew); BackendUnavailable for a 401 otherwise or a 5xx,
    RateLimited for a 429; False when the status is the caller's to read."""
    if status == 401 and first_attempt and token.forget():
        return True
    if status == 401 or status >= 500:
        raise BackendUnavailable(f"{call}: HTTP {status}")
    if status == 429:
        raise RateLimited(f"{call}: HTTP 429")
    return False

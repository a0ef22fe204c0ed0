"""Configuration, read once from the environment.

Every setting has a default that works on a developer machine; secrets that are
not given in the environment are generated once and kept under ``var/``.

Environment variables:

- ``DATABASE_URL``: SQLAlchemy URL (default: SQLite file ``var/motcua.db``).
- ``MOTCUA_VAR_DIR``: directory for local state (default ``var/`` in the project root).
- ``UPLOAD_DIR``: where uploaded files are stored (default ``var/uploads``).
- ``UPLOAD_MAX_BYTES``: upload size limit in bytes (default 10 MB).
- ``UPLOAD_ALLOWED_MIME``: comma separated MIME types (default jpeg, png, pdf).
- ``TOKEN_SECRET``: HMAC key for staff tokens (default: ``var/secret.key``).
- ``TOKEN_TTL_SECONDS``: staff token lifetime (default 8 hours).
- ``SERVICE_TOKEN``: token the bot sends as ``X-Service-Token`` (default: ``var/service.token``).
- ``BACKEND_HOST`` / ``BACKEND_PORT``: where ``serve`` listens (127.0.0.1:8000).
- ``MOTCUA_SLA_HOURS``: handoff ticket deadlines per category, in hours, e.g.
  ``thai_do_can_bo=24,cham_tre=24,thu_tuc_ruom_ra=48,de_xuat=72,khac=48,ho_tro=4,khan_cap=2``;
  keys not given keep their default (``DEFAULT_SLA_HOURS``); ``khan_cap`` is the deadline of
  urgent tickets whatever their category (the shorter of the two applies).
- ``MOTCUA_RATE_LIMIT_PER_MINUTE`` / ``MOTCUA_RATE_LIMIT_BURST``: per-sender token bucket of the
  citizen-facing service endpoints (default 30 per minute, bursts of 15).
- ``MOTCUA_LOGIN_RATE_LIMIT_PER_MINUTE``: login attempts per client address and user name (default 10).
- ``MOTCUA_CONSOLE_SECURE_COOKIE``: ``1`` to mark the console session cookie ``Secure`` (behind HTTPS).
- ``MOTCUA_CONSOLE_SESSION_SECONDS``: console session lifetime (default 8 hours).
- ``MOTCUA_TRUSTED_PROXIES``: comma separated addresses of reverse proxies whose ``X-Forwarded-For``
  is believed (default none: the direct peer is the client).
- ``MOTCUA_VOLUNTEER_SHIFT_HOURS``: how long a chat stays linked to a volunteer (default 8).
- ``MOTCUA_RETENTION_DAYS``: conversations and unused uploads older than this are deleted or
  anonymised by ``python -m backend retention`` (default 90).
- ``MOTCUA_TRACKER_DB_URL``: SQLAlchemy URL of rasa's SQL tracker store (default
  ``sqlite:///<var>/rasa_tracker.db``), cleaned by retention and deletion requests.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from backend.filemodes import private_dir
from common.attachments import ALLOWED_MIME
from common.limits import UPLOAD_MAX_BYTES

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_UPLOAD_MAX_BYTES = UPLOAD_MAX_BYTES
DEFAULT_ALLOWED_MIME = ALLOWED_MIME
DEFAULT_TOKEN_TTL_SECONDS = 8 * 3600
DEFAULT_VOLUNTEER_SHIFT_HOURS = 8.0
DEFAULT_RETENTION_DAYS = 90

# Hours from opening a handoff ticket to its SLA deadline, per ticket category
# (backend.vocabulary.TicketCategory); URGENT_SLA_KEY applies to urgent tickets.
URGENT_SLA_KEY = "khan_cap"
DEFAULT_SLA_HOURS: dict[str, float] = {
    "thai_do_can_bo": 24,
    "cham_tre": 24,
    "thu_tuc_ruom_ra": 48,
    "de_xuat": 72,
    "khac": 48,
    "ho_tro": 4,
    URGENT_SLA_KEY: 2,
}


@dataclass(frozen=True)
class Settings:
    database_url: str
    var_dir: Path
    upload_dir: Path
    upload_max_bytes: int
    allowed_mime_types: tuple[str, ...]
    token_secret: bytes
    token_ttl_seconds: int
    service_token: str
    host: str
    port: int
    sla_hours: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SLA_HOURS))
    rate_limit_per_minute: float = 30
    rate_limit_burst: int = 15
    login_rate_limit_per_minute: float = 10
    console_secure_cookie: bool = False
    console_session_seconds: int = DEFAULT_TOKEN_TTL_SECONDS
    trusted_proxies: frozenset[str] = frozenset()
    volunteer_shift_hours: float = DEFAULT_VOLUNTEER_SHIFT_HOURS
    retention_days: int = DEFAULT_RETENTION_DAYS
    tracker_db_url: str = ""


def _read_or_create_secret(path: Path) -> str:
    """Return the secret kept in ``path``, creating it (mode 0600) on first use."""
    private_dir(path.parent)
    try:
        value = path.read_text(encoding="ascii").strip()
        if value:
            return value
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(32)
    # O_EXCL: if another process created it meanwhile, use theirs.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value


def _resolve(path: str, base: Path) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (base / candidate)


def parse_sla_hours(text: str | None) -> dict[str, float]:
    """``"cham_tre=48, ho_tro=2"`` over the defaults; unknown keys or bad numbers raise ValueError."""
    hours = dict(DEFAULT_SLA_HOURS)
    for item in (text or "").split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in DEFAULT_SLA_HOURS:
            raise ValueError(f"MOTCUA_SLA_HOURS: unknown entry {item.strip()!r}; keys: {', '.join(DEFAULT_SLA_HOURS)}")
        number = float(value)
        if not 0 < number <= 24 * 365:
            raise ValueError(f"MOTCUA_SLA_HOURS: {key} must be between 0 and 8760 hours")
        hours[key] = number
    return hours


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build settings from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    var_dir = _resolve(env.get("MOTCUA_VAR_DIR", "var"), PROJECT_ROOT)
    database_url = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'motcua.db'}"
    upload_dir = _resolve(env.get("UPLOAD_DIR", str(var_dir / "uploads")), PROJECT_ROOT)
    allowed = env.get("UPLOAD_ALLOWED_MIME")
    allowed_mime = tuple(m.strip() for m in allowed.split(",") if m.strip()) if allowed else DEFAULT_ALLOWED_MIME
    token_secret = env.get("TOKEN_SECRET") or _read_or_create_secret(var_dir / "secret.key")
    service_token = env.get("SERVICE_TOKEN") or _read_or_create_secret(var_dir / "service.token")
    return Settings(
        database_url=database_url,
        var_dir=var_dir,
        upload_dir=upload_dir,
        upload_max_bytes=int(env.get("UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES)),
        allowed_mime_types=allowed_mime,
        token_secret=token_secret.encode("utf-8"),
        token_ttl_seconds=int(env.get("TOKEN_TTL_SECONDS", DEFAULT_TOKEN_TTL_SECONDS)),
        service_token=service_token,
        host=env.get("BACKEND_HOST", "127.0.0.1"),
        port=int(env.get("BACKEND_PORT", "8000")),
        sla_hours=parse_sla_hours(env.get("MOTCUA_SLA_HOURS")),
        rate_limit_per_minute=float(env.get("MOTCUA_RATE_LIMIT_PER_MINUTE", "30")),
        rate_limit_burst=int(env.get("MOTCUA_RATE_LIMIT_BURST", "15")),
        login_rate_limit_per_minute=float(env.get("MOTCUA_LOGIN_RATE_LIMIT_PER_MINUTE", "10")),
        console_secure_cookie=_flag(env.get("MOTCUA_CONSOLE_SECURE_COOKIE")),
        console_session_seconds=int(env.get("MOTCUA_CONSOLE_SESSION_SECONDS", DEFAULT_TOKEN_TTL_SECONDS)),
        trusted_proxies=frozenset(p.strip() for p in env.get("MOTCUA_TRUSTED_PROXIES", "").split(",") if p.strip()),
        volunteer_shift_hours=float(env.get("MOTCUA_VOLUNTEER_SHIFT_HOURS", DEFAULT_VOLUNTEER_SHIFT_HOURS)),
        retention_days=int(env.get("MOTCUA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)),
        tracker_db_url=env.get("MOTCUA_TRACKER_DB_URL") or f"sqlite:///{var_dir / 'rasa_tracker.db'}",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first call."""
    return load_settings()

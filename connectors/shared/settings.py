"""The chat channels' settings (credentials.yml keys, every one optional) and their defaults, defined once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Dict, Optional


@dataclass(frozen=True)
class ChannelSettings:
    timeout_seconds: float = 5.0  # each backend call
    rate_limit_per_minute: float = 30  # messages per sender
    rate_limit_burst: int = 10
    outbox_rate_limit_per_minute: float = 120  # outbox polls per sender (the page polls every 2 s)
    address_rate_limit_per_minute: float = 120  # web: messages per client address (offices share one)
    address_rate_limit_burst: int = 40
    session_rate_limit_per_minute: float = 10  # web: new chat sessions per client address
    session_rate_limit_burst: int = 20
    bot_timeout_seconds: float = 30  # then the citizen is told the system is busy

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "ChannelSettings":
        credentials = credentials or {}
        values = {}
        for field in dataclasses.fields(cls):
            value = credentials.get(field.name)
            if value not in (None, ""):
                values[field.name] = int(float(value)) if field.type == "int" else float(value)
        return cls(**values)

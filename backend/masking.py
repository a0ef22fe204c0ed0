"""Hide personal data from callers that are not staff."""

from __future__ import annotations


def mask_tail(value: str | None, visible: int = 3) -> str | None:
    """``"001203004567"`` → ``"*********567"``."""
    if value is None:
        return None
    if len(value) <= visible:
        return "*" * len(value)
    return "*" * (len(value) - visible) + value[-visible:]

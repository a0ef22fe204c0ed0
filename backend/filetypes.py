"""Recognise file types by their first bytes (magic numbers), not by what the client says."""

from __future__ import annotations

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}

HEADER_BYTES = 16


def sniff_mime(head: bytes) -> str | None:
    for signature, mime in SIGNATURES:
        if head.startswith(signature):
            return mime
    return None

"""Answers shared by the API routes and the console."""

from __future__ import annotations

from pathlib import Path

from fastapi import Response
from fastapi.responses import FileResponse

from backend.models import StoredFile


def created_or_existing(response: Response, created: bool) -> None:
    """A create route answers 201 (its default) for a new record, 200 when the request found it already there."""
    if not created:
        response.status_code = 200


def attachment(upload_dir: Path, stored: StoredFile) -> FileResponse:
    """A stored upload as a download: never shown inline, never sniffed or run by the browser."""
    return FileResponse(
        upload_dir / stored.path,
        media_type=stored.mime,
        filename=stored.original_name,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"},
    )

"""Uploads (service token). Files are only ever sent back to staff, as attachments."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.responses import FileResponse

from backend.api.deps import ReadSessionDep, ServiceDep, SessionDep, StaffDep
from backend.api.responses import attachment, created_or_existing
from backend.api.views import StoredFileOut, stored_file_view
from backend.services.files import FileStore, get_file

router = APIRouter(prefix="/api/files", tags=["files"])


def _store(request: Request) -> FileStore:
    return request.app.state.file_store


@router.post("", status_code=201, response_model=StoredFileOut, summary="Upload a JPEG, PNG or PDF")
def upload(
    request: Request,
    response: Response,
    file: Annotated[UploadFile, File(description="JPEG, PNG or PDF; checked by content")],
    session: SessionDep,
    _s: ServiceDep,
) -> StoredFileOut:
    stored, created = _store(request).save(session, file.file, file.filename)
    created_or_existing(response, created)
    return stored_file_view(stored, created)


@router.get("/{file_id}", summary="Download a stored file (staff)", response_class=FileResponse)
def download(file_id: int, request: Request, session: ReadSessionDep, _staff: StaffDep) -> FileResponse:
    return attachment(_store(request).upload_dir, get_file(session, file_id))

"""Uploads (service token). Files are only ever sent back to staff, as attachments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse

from backend.api.deps import ReadSessionDep, ServiceDep, SessionDep, StaffDep
from backend.api.responses import attachment, created_or_existing
from backend.api.views import StoredFileOut, stored_file_view
from backend.errors import InvalidInput
from backend.services.files import FileStore, get_file
from backend.vocabulary import Channel

router = APIRouter(prefix="/api/files", tags=["files"])

_CHAT_HELP = "The chat that uploads (form field or query); with sender_id, only that chat may file the upload"
_SENDER_HELP = "The citizen's sender_id on that channel (form field or query)"


def _store(request: Request) -> FileStore:
    return request.app.state.file_store


def _owner(channel: Channel | None, sender_id: str | None) -> tuple[str, str] | None:
    if (channel is None) != (sender_id is None):
        raise InvalidInput("Cần gửi cả channel và sender_id của cuộc trò chuyện, hoặc không gửi cả hai.")
    return None if channel is None else (channel.value, sender_id)


@router.post("", status_code=201, response_model=StoredFileOut, summary="Upload a JPEG, PNG or PDF")
def upload(
    request: Request,
    response: Response,
    file: Annotated[UploadFile, File(description="JPEG, PNG or PDF; checked by content")],
    session: SessionDep,
    _s: ServiceDep,
    channel_form: Annotated[Channel | None, Form(alias="channel", description=_CHAT_HELP)] = None,
    sender_form: Annotated[
        str | None, Form(alias="sender_id", min_length=1, max_length=128, description=_SENDER_HELP)
    ] = None,
    channel_query: Annotated[Channel | None, Query(alias="channel", description=_CHAT_HELP)] = None,
    sender_query: Annotated[
        str | None, Query(alias="sender_id", min_length=1, max_length=128, description=_SENDER_HELP)
    ] = None,
) -> StoredFileOut:
    owner = _owner(channel_form or channel_query, sender_form or sender_query)
    stored, created = _store(request).save(session, file.file, file.filename, owner)
    created_or_existing(response, created)
    return stored_file_view(stored, created)


@router.get("/{file_id}", summary="Download a stored file (staff)", response_class=FileResponse)
def download(file_id: int, request: Request, session: ReadSessionDep, _staff: StaffDep) -> FileResponse:
    return attachment(_store(request).upload_dir, get_file(session, file_id))

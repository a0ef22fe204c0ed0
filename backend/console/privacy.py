"""The console page "Yêu cầu xóa dữ liệu": chats' deletion requests, overdue first (the law gives 72 hours),
with a button that carries one out (backend/services/deletion.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from backend.console.routes import CsrfViewerDep, ReadDb, ViewerDep, WriteDb, _redirect, _render
from backend.errors import Conflict, NotFound
from backend.services import deletion

PAGE = "/console/deletion-requests"
router = APIRouter(prefix=PAGE, include_in_schema=False)


@router.get("")
def deletion_requests_page(request: Request, viewer: ViewerDep, db: ReadDb) -> HTMLResponse:
    return _render(request, "deletion_requests.html", viewer, items=deletion.list_requests(db))


@router.post("/{request_id}/execute")
def execute(request_id: int, request: Request, viewer: CsrfViewerDep, db: WriteDb) -> RedirectResponse:
    settings = request.app.state.settings
    try:
        deletion.carry_out(db, request_id, viewer.user, settings.upload_dir, settings.tracker_db_url)
    except (Conflict, NotFound):
        return _redirect(PAGE, err="transition")
    return _redirect(PAGE, msg="deletion_done")

"""The console's Zalo page: the state of the OA's tokens (a failed refresh is shown; an admin can enter a new
refresh token after authorising the app again). The Zalo panel of ticket pages is backend/console/zalo_panel.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from backend.console.routes import ConsoleAuthError, CsrfViewerDep, ReadDb, ViewerDep, WriteDb, _redirect, _render
from backend.services import zalo_tokens

router = APIRouter(prefix="/console/zalo", include_in_schema=False)


@router.get("")
def zalo_page(request: Request, viewer: ViewerDep, db: ReadDb) -> HTMLResponse:
    return _render(request, "zalo.html", viewer, token=zalo_tokens.status(db))


@router.post("/refresh-token")
def replace_refresh_token(
    viewer: CsrfViewerDep, db: WriteDb, refresh_token: Annotated[str, Form(max_length=2000)] = ""
) -> RedirectResponse:
    if not viewer.is_admin:
        raise ConsoleAuthError(403, "Chỉ quản trị viên được vào trang này.")
    if not refresh_token.strip():
        return _redirect("/console/zalo", err="invalid")
    zalo_tokens.replace_refresh_token(db, refresh_token.strip())
    return _redirect("/console/zalo")

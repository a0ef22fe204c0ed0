"""The volunteer's only console page, "Mã liên kết tổ công nghệ số": create a one-time code to type in a
chat, see the chats linked to the account and end a shift ("Kết thúc ca")."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from backend.console.routes import (
    VOLUNTEER_PAGE,
    ConsoleAuthError,
    MemberCsrfDep,
    MemberDep,
    ReadDb,
    Viewer,
    WriteDb,
    _redirect,
    _render,
)
from backend.errors import TooManyAttempts
from backend.services import volunteers
from backend.vocabulary import Role

router = APIRouter(prefix=VOLUNTEER_PAGE, include_in_schema=False)


def _volunteer(viewer: Viewer) -> Viewer:
    if viewer.user.role != Role.VOLUNTEER.value:
        raise ConsoleAuthError(403, "Trang này dành cho tình nguyện viên tổ công nghệ số.")
    return viewer


def _page(request: Request, viewer: Viewer, db: Session, status_code: int = 200, **context) -> HTMLResponse:
    links = volunteers.links_of(db, viewer.user.id)
    return _render(request, "volunteer.html", viewer, status_code, links=links, **context)


@router.get("")
def volunteer_page(request: Request, viewer: MemberDep, db: ReadDb) -> HTMLResponse:
    return _page(request, _volunteer(viewer), db)


@router.post("/code")
def new_code(request: Request, viewer: MemberCsrfDep, db: WriteDb) -> HTMLResponse:
    """The code is shown in this answer only (never in a URL); it is stored hashed."""
    _volunteer(viewer)
    try:
        code, record = volunteers.issue_code(db, request.app.state.settings.token_secret, viewer.user)
    except TooManyAttempts as refused:
        return _page(request, viewer, db, 429, refused=refused.message)
    return _page(request, viewer, db, code=code, code_expires_at=record.expires_at)


@router.post("/links/{link_id}/end")
def end_shift(link_id: int, viewer: MemberCsrfDep, db: WriteDb) -> RedirectResponse:
    volunteers.end_user_link(db, _volunteer(viewer).user.id, link_id)
    return _redirect(VOLUNTEER_PAGE, msg="shift_ended")

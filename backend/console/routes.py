"""Console pages. GET pages redirect to the login page without a session; any other method gets 401.
A volunteer may log in and use only the volunteer page (backend/console/volunteer.py): 403 everywhere
else; a staff member gets 403 on the admin pages.
Every POST carries the session's CSRF token (hidden form field ``csrf_token``), else 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api.deps import get_read_session, get_session
from backend.api.ratelimits import LOGIN_LOCKED, TOO_MANY, client_address, login_locked, record_login_failure
from backend.api.responses import attachment
from backend.console.session import (
    COOKIE_PATH,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    InvalidSession,
    end_session,
    issue_session,
    new_csrf_token,
    read_session,
    same_token,
)
from backend.console.zalo_panel import ticket_panel
from backend.errors import Conflict, DomainError, NotFound
from backend.models import ConsoleSession, User
from backend.security.passwords import MIN_PASSWORD_LENGTH
from backend.services import analytics, dossiers, tickets
from backend.services import feedback as feedback_service
from backend.services.files import get_file
from backend.services.status import change_status
from backend.services.users import authenticate, create_user, deactivate_user
from backend.timeutil import VIETNAM_TZ, as_utc, utcnow
from backend.vocabulary import (
    ALLOWED_TRANSITIONS,
    FEEDBACK_CATEGORY_LABELS,
    FEEDBACK_STATUS_LABELS,
    FEEDBACK_TRANSITIONS,
    STAFF_ROLES,
    STATUS_LABELS,
    TICKET_CATEGORY_LABELS,
    TICKET_PRIORITY_LABELS,
    TICKET_REASON_LABELS,
    TICKET_STATUS_LABELS,
    DossierStatus,
    FeedbackStatus,
    Role,
    TicketStatus,
)

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

LOGIN_PATH = "/console/login"
VOLUNTEER_PAGE = "/console/volunteer"
PAGE_SIZE = 50

MESSAGES = {
    "reply_sent": "Đã gửi trả lời tới công dân.",
    "ticket_closed": "Đã kết thúc hỗ trợ; công dân được mời đánh giá.",
    "status_changed": "Đã cập nhật trạng thái và thông báo cho công dân.",
    "user_created": "Đã tạo tài khoản.",
    "closed": "Yêu cầu hỗ trợ này đã kết thúc.",
    "transition": "Không thể chuyển sang trạng thái đã chọn.",
    "invalid": "Thông tin nhập chưa hợp lệ.",
    "exists": "Tên đăng nhập đã tồn tại.",
    "logged_out": "Bạn đã đăng xuất.",
    "shift_ended": "Đã kết thúc ca; cuộc trò chuyện không còn liên kết với tài khoản của bạn.",
    "deletion_done": "Đã thực hiện xóa dữ liệu.",
    "deactivated": "Đã khóa tài khoản; mọi phiên đăng nhập và liên kết trò chuyện của tài khoản đã kết thúc.",
}
ROLE_LABELS = {Role.STAFF.value: "Cán bộ", Role.ADMIN.value: "Quản trị", Role.VOLUNTEER.value: "Tình nguyện viên"}


# --- formatting --------------------------------------------------------------------------------------


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return as_utc(value).astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M")


def remaining(value: datetime | None) -> str:
    """``còn 3 giờ 20 phút`` / ``quá hạn 2 ngày 1 giờ``."""
    if value is None:
        return ""
    seconds = int((as_utc(value) - utcnow()).total_seconds())
    late = seconds < 0
    minutes = abs(seconds) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        span = f"{days} ngày {hours} giờ"
    elif hours:
        span = f"{hours} giờ {minutes} phút"
    else:
        span = f"{minutes} phút"
    return f"quá hạn {span}" if late else f"còn {span}"


templates.env.filters["local_time"] = local_time
templates.env.filters["remaining"] = remaining
templates.env.globals.update(
    STATUS_LABELS={s.value: label for s, label in STATUS_LABELS.items()},
    FEEDBACK_STATUS_LABELS={s.value: label for s, label in FEEDBACK_STATUS_LABELS.items()},
    FEEDBACK_CATEGORY_LABELS={s.value: label for s, label in FEEDBACK_CATEGORY_LABELS.items()},
    TICKET_CATEGORY_LABELS={s.value: label for s, label in TICKET_CATEGORY_LABELS.items()},
    TICKET_PRIORITY_LABELS={s.value: label for s, label in TICKET_PRIORITY_LABELS.items()},
    TICKET_REASON_LABELS={s.value: label for s, label in TICKET_REASON_LABELS.items()},
    TICKET_STATUS_LABELS={s.value: label for s, label in TICKET_STATUS_LABELS.items()},
    ROLE_LABELS=ROLE_LABELS,
)


# --- who is calling ------------------------------------------------------------------------------------


class ConsoleAuthError(Exception):
    """No valid session (401, or a redirect to the login page for GET), or not allowed (403)."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


class Viewer:
    """The logged-in console user and their session."""

    def __init__(self, user: User, session: ConsoleSession) -> None:
        self.user = user
        self.session = session

    @property
    def csrf(self) -> str:
        return self.session.csrf

    @property
    def is_admin(self) -> bool:
        return self.user.role == Role.ADMIN.value

    @property
    def is_staff(self) -> bool:
        return self.user.role in STAFF_ROLES


def require_member(request: Request) -> Viewer:
    """Any logged-in, active account (staff, admin or volunteer), from its server-side session."""
    with request.app.state.read_sessionmaker() as db:
        try:
            session = read_session(db, request.cookies.get(SESSION_COOKIE))
        except InvalidSession:
            raise ConsoleAuthError(401, "Cần đăng nhập để tiếp tục.") from None
        user = db.get(User, session.user_id)
        if user is None or not user.active:
            raise ConsoleAuthError(401, "Phiên đăng nhập không còn hiệu lực, vui lòng đăng nhập lại.")
        db.expunge_all()
    return Viewer(user, session)


def require_viewer(viewer: Annotated[Viewer, Depends(require_member)]) -> Viewer:
    """A staff member or an admin."""
    if not viewer.is_staff:
        raise ConsoleAuthError(403, "Tài khoản của bạn không có quyền dùng bảng điều khiển cán bộ.")
    return viewer


def require_admin_viewer(viewer: Annotated[Viewer, Depends(require_viewer)]) -> Viewer:
    if not viewer.is_admin:
        raise ConsoleAuthError(403, "Chỉ quản trị viên được vào trang này.")
    return viewer


def _origin_ok(request: Request) -> bool:
    """A browser sends Origin with a POST: it must name this site (the scheme may differ behind a TLS proxy)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.partition("://")[2] == request.url.netloc


async def _check_csrf(request: Request, viewer: Viewer) -> Viewer:
    """The session's CSRF token must come back in the form, and a browser's Origin must be this site."""
    form = await request.form()
    if not _origin_ok(request) or not same_token(viewer.csrf, str(form.get("csrf_token") or "")):
        raise ConsoleAuthError(403, "Phiên làm việc không hợp lệ (CSRF). Vui lòng tải lại trang rồi thử lại.")
    return viewer


async def require_csrf(request: Request, viewer: Annotated[Viewer, Depends(require_viewer)]) -> Viewer:
    return await _check_csrf(request, viewer)


async def require_member_csrf(request: Request, viewer: Annotated[Viewer, Depends(require_member)]) -> Viewer:
    return await _check_csrf(request, viewer)


MemberDep = Annotated[Viewer, Depends(require_member)]
MemberCsrfDep = Annotated[Viewer, Depends(require_member_csrf)]
ViewerDep = Annotated[Viewer, Depends(require_viewer)]
AdminViewerDep = Annotated[Viewer, Depends(require_admin_viewer)]
CsrfViewerDep = Annotated[Viewer, Depends(require_csrf)]
ReadDb = Annotated[Session, Depends(get_read_session)]
WriteDb = Annotated[Session, Depends(get_session)]


def console_auth_error_response(request: Request, exc: ConsoleAuthError) -> Response:
    if exc.status_code == 401 and request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{LOGIN_PATH}?next={quote(target, safe='')}", status_code=303)
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "viewer": None,
            "title": "Không có quyền" if exc.status_code == 403 else "Cần đăng nhập",
            "message": exc.message,
        },
        status_code=exc.status_code,
        headers={"WWW-Authenticate": "Cookie"} if exc.status_code == 401 else None,
    )


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/console/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console/queue"


def _redirect(path: str, **params: str) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


def _render(request: Request, name: str, viewer: Viewer | None, status_code: int = 200, **context) -> HTMLResponse:
    note = MESSAGES.get(request.query_params.get("msg", ""))
    error = MESSAGES.get(request.query_params.get("err", ""))
    return templates.TemplateResponse(
        request,
        name,
        {"viewer": viewer, "note": note, "error": error, "now": utcnow(), **context},
        status_code=status_code,
    )


router = APIRouter(prefix="/console", include_in_schema=False)


# --- login -----------------------------------------------------------------------------------------------


def _login_page(request: Request, error: str | None = None, status_code: int = 200, username: str = "") -> HTMLResponse:
    token = new_csrf_token()
    response = templates.TemplateResponse(
        request,
        "login.html",
        {
            "viewer": None,
            "csrf_token": token,
            "error": error,
            "note": MESSAGES.get(request.query_params.get("msg", "")),
            "next": _safe_next(request.query_params.get("next")),
            "username": username,
        },
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        path=LOGIN_PATH,
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.console_secure_cookie,
        max_age=3600,
    )
    return response


@router.get("", include_in_schema=False)
@router.get("/", include_in_schema=False)
def console_root() -> RedirectResponse:
    return RedirectResponse("/console/queue", status_code=303)


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login")
def login(
    request: Request,
    db: ReadDb,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    settings = request.app.state.settings
    if not _origin_ok(request) or not same_token(request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        return _login_page(request, "Phiên đăng nhập không hợp lệ (CSRF), vui lòng thử lại.", 403, username)
    limiter = request.app.state.login_limiter
    if limiter.acquire(f"{client_address(request)}:{username.strip().lower()}") > 0:
        return _login_page(request, TOO_MANY, 429, username)
    if login_locked(request, username):
        return _login_page(request, LOGIN_LOCKED, 429, username)
    user = authenticate(db, username.strip(), password)
    if user is None:
        record_login_failure(request, username)
        return _login_page(request, "Tên đăng nhập hoặc mật khẩu không đúng.", 401, username)
    with request.app.state.sessionmaker() as write_db:
        cookie, _session = issue_session(write_db, user.id, settings.console_session_seconds)
    response = _redirect(_safe_next(next) if user.role in STAFF_ROLES else VOLUNTEER_PAGE)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.console_secure_cookie,
        max_age=settings.console_session_seconds,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH)
    return response


@router.post("/logout")
def logout(request: Request, _viewer: MemberCsrfDep, db: WriteDb) -> RedirectResponse:
    end_session(db, request.cookies.get(SESSION_COOKIE))
    response = _redirect(LOGIN_PATH, msg="logged_out")
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


# --- queue and tickets -----------------------------------------------------------------------------------


class QueueItem:
    def __init__(self, kind: str, due: datetime, item) -> None:
        self.kind = kind
        self.due = due
        self.item = item


@router.get("/queue")
def queue(request: Request, viewer: ViewerDep, db: ReadDb) -> HTMLResponse:
    now = utcnow()
    items = [QueueItem("ticket", t.sla_due_at, t) for t in tickets.list_tickets(db, TicketStatus.OPEN)]
    items += [QueueItem("feedback", f.due_at, f) for f in feedback_service.open_feedback_by_deadline(db)]
    items.sort(key=lambda q: (q.due, 0 if q.kind == "ticket" else 1))
    overdue = sum(1 for q in items if as_utc(q.due) < now)
    return _render(request, "queue.html", viewer, items=items, overdue=overdue)


@router.get("/tickets/{ticket_id}")
def ticket_page(ticket_id: int, request: Request, viewer: ViewerDep, db: ReadDb) -> HTMLResponse:
    try:
        ticket = tickets.get_ticket(db, ticket_id)
    except NotFound:
        return _render(
            request, "error.html", viewer, 404, title="Không tìm thấy", message="Không tìm thấy yêu cầu hỗ trợ."
        )
    return _render(request, "ticket.html", viewer, ticket=ticket, zalo=ticket_panel(db, ticket))


@router.post("/tickets/{ticket_id}/reply")
def ticket_reply(
    ticket_id: int, viewer: CsrfViewerDep, db: WriteDb, text: Annotated[str, Form(max_length=4000)] = ""
) -> RedirectResponse:
    page = f"/console/tickets/{ticket_id}"
    if not text.strip():
        return _redirect(page, err="invalid")
    try:
        tickets.reply(db, ticket_id, text.strip(), viewer.user)
    except Conflict:
        return _redirect(page, err="closed")
    return _redirect(page, msg="reply_sent")


@router.post("/tickets/{ticket_id}/close")
def ticket_close(
    ticket_id: int, viewer: CsrfViewerDep, db: WriteDb, note: Annotated[str, Form(max_length=2000)] = ""
) -> RedirectResponse:
    page = f"/console/tickets/{ticket_id}"
    try:
        tickets.close(db, ticket_id, note.strip() or None, viewer.user)
    except Conflict:
        return _redirect(page, err="closed")
    return _redirect(page, msg="ticket_closed")


# --- status lists and status changes (dossiers, feedback) ---------------------------------------------------


def _list_page(
    request: Request,
    viewer: Viewer,
    template: str,
    statuses: type[StrEnum],
    status: str,
    page: int,
    list_items: Callable[[StrEnum | None, int, int], tuple[list, int]],
    **context,
) -> HTMLResponse:
    """Records filtered by status (all for an unknown one), PAGE_SIZE a page, from
    ``list_items(status, limit, offset)``."""
    selected = statuses(status) if status in statuses._value2member_map_ else None
    page = max(1, page)
    items, total = list_items(selected, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return _render(
        request,
        template,
        viewer,
        items=items,
        total=total,
        selected=selected.value if selected else "",
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        statuses=[s.value for s in statuses],
        **context,
    )


def _status_change(
    back: str, statuses: type[StrEnum], status: str, change: Callable[[StrEnum], object]
) -> RedirectResponse:
    """Apply the status picked in a form with ``change(status)``, then back to ``back`` saying how it went."""
    if status not in statuses._value2member_map_:
        return _redirect(back, err="invalid")
    try:
        change(statuses(status))
    except (Conflict, NotFound):
        return _redirect(back, err="transition")
    return _redirect(back, msg="status_changed")


# --- dossiers ----------------------------------------------------------------------------------------------


@router.get("/dossiers")
def dossier_list(request: Request, viewer: ViewerDep, db: ReadDb, status: str = "", page: int = 1) -> HTMLResponse:
    transitions = {s.value: [t.value for t in DossierStatus if t in ALLOWED_TRANSITIONS[s]] for s in DossierStatus}
    return _list_page(
        request,
        viewer,
        "dossiers.html",
        DossierStatus,
        status,
        page,
        partial(dossiers.list_dossiers, db),
        transitions=transitions,
    )


@router.post("/dossiers/{receipt_code}/status")
def dossier_status(
    receipt_code: str,
    viewer: CsrfViewerDep,
    db: WriteDb,
    status: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> RedirectResponse:
    target = _safe_next(back) if back else "/console/dossiers"
    target = target.split("?", 1)[0]
    return _status_change(
        target,
        DossierStatus,
        status,
        lambda new: change_status(db, receipt_code, new, note.strip() or None, viewer.user),
    )


# --- feedback (complaints) ---------------------------------------------------------------------------------


@router.get("/feedback")
def feedback_list(request: Request, viewer: ViewerDep, db: ReadDb, status: str = "", page: int = 1) -> HTMLResponse:
    return _list_page(
        request, viewer, "feedback_list.html", FeedbackStatus, status, page, partial(feedback_service.list_feedback, db)
    )


@router.get("/feedback/{code}")
def feedback_page(code: str, request: Request, viewer: ViewerDep, db: ReadDb) -> HTMLResponse:
    try:
        item = feedback_service.get_by_code(db, code)
    except NotFound:
        return _render(
            request, "error.html", viewer, 404, title="Không tìm thấy", message=f"Không tìm thấy phản ánh {code}."
        )
    linked = [t for t in tickets.list_tickets(db, None, 500) if t.feedback_id == item.id]
    allowed = [s.value for s in FeedbackStatus if s in FEEDBACK_TRANSITIONS[FeedbackStatus(item.status)]]
    return _render(request, "feedback.html", viewer, item=item, allowed=allowed, linked=linked)


@router.post("/feedback/{code}/status")
def feedback_status(
    code: str,
    viewer: CsrfViewerDep,
    db: WriteDb,
    status: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    return _status_change(
        f"/console/feedback/{quote(code)}",
        FeedbackStatus,
        status,
        lambda new: feedback_service.change_status(db, code, new, note.strip() or None, viewer.user),
    )


@router.get("/files/{file_id}")
def download_file(file_id: int, request: Request, _viewer: ViewerDep, db: ReadDb) -> FileResponse:
    return attachment(request.app.state.file_store.upload_dir, get_file(db, file_id))


# --- dashboard and users -------------------------------------------------------------------------------------


@router.get("/dashboard")
def dashboard_page(request: Request, viewer: ViewerDep, db: ReadDb) -> HTMLResponse:
    data = analytics.dashboard(db)
    peak = max((c.count for c in data.dossiers_by_status), default=0)
    return _render(request, "dashboard.html", viewer, data=data, peak=peak)


@router.get("/users")
def users_page(request: Request, viewer: AdminViewerDep, db: ReadDb) -> HTMLResponse:
    users = list(db.scalars(select(User).order_by(User.username)))
    return _render(request, "users.html", viewer, users=users, roles=[r.value for r in Role])


@router.post("/users")
def users_create(
    viewer: CsrfViewerDep,
    db: WriteDb,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    if not viewer.is_admin:
        raise ConsoleAuthError(403, "Chỉ quản trị viên được vào trang này.")
    if (
        not re.fullmatch(r"[A-Za-z0-9._\-]{3,64}", username)
        or len(password) < MIN_PASSWORD_LENGTH
        or role not in Role._value2member_map_
    ):
        return _redirect("/console/users", err="invalid")
    try:
        create_user(db, username, password, Role(role), display_name.strip() or None)
    except DomainError:
        return _redirect("/console/users", err="exists")
    return _redirect("/console/users", msg="user_created")


@router.post("/users/{user_id}/deactivate")
def users_deactivate(user_id: int, viewer: CsrfViewerDep, db: WriteDb) -> RedirectResponse:
    if not viewer.is_admin:
        raise ConsoleAuthError(403, "Chỉ quản trị viên được vào trang này.")
    user = db.get(User, user_id)
    if user is None or user.id == viewer.user.id:
        return _redirect("/console/users", err="invalid")
    deactivate_user(db, user)
    return _redirect("/console/users", msg="deactivated")

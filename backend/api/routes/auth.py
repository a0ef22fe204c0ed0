from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from backend.api.deps import ReadSessionDep, SettingsDep
from backend.api.errors import ApiError
from backend.api.ratelimits import LOGIN_LOCKED, limit_login, login_locked, record_login_failure
from backend.api.views import TokenOut
from backend.schemas import LoginIn
from backend.security.tokens import issue_token
from backend.services.users import authenticate

router = APIRouter(prefix="/api/auth", tags=["auth"])

BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


@router.post("/login", response_model=TokenOut, summary="Log in (staff, admin, volunteer)")
def login(body: LoginIn, request: Request, session: ReadSessionDep, settings: SettingsDep) -> TokenOut:
    limit_login(request, body.username)
    if login_locked(request, body.username):
        raise ApiError(429, LOGIN_LOCKED, "too_many_attempts")
    user = authenticate(session, body.username, body.password)
    if user is None:
        record_login_failure(request, body.username)
        raise HTTPException(status_code=401, detail=BAD_CREDENTIALS, headers={"WWW-Authenticate": "Bearer"})
    token = issue_token(
        settings.token_secret,
        user_id=user.id,
        username=user.username,
        role=user.role,
        ttl_seconds=settings.token_ttl_seconds,
    )
    return TokenOut(access_token=token, expires_in=settings.token_ttl_seconds)

"""Request dependencies: database sessions and who is calling.

Callers are either the bot's action server and channel adapters, with the
service token in ``X-Service-Token``, or people with a bearer token from
``/api/auth/login`` (staff, admin, volunteer).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from backend.models import User
from backend.security.tokens import InvalidToken, verify_token
from backend.settings import Settings
from backend.vocabulary import STAFF_ROLES, Role

UNAUTHENTICATED = "Cần đăng nhập hoặc mã xác thực hợp lệ."
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."

_bearer = HTTPBearer(auto_error=False, description="Token from POST /api/auth/login")
_service_header = APIKeyHeader(
    name="X-Service-Token", auto_error=False, description="Service token of the bot / channel adapters"
)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessionmaker() as session:
        yield session


def get_read_session(request: Request) -> Iterator[Session]:
    with request.app.state.read_sessionmaker() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _unauthorized() -> HTTPException:
    return HTTPException(status_code=401, detail=UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})


def _forbidden() -> HTTPException:
    return HTTPException(status_code=403, detail=FORBIDDEN)


@dataclass(frozen=True)
class Caller:
    """Who is calling: the service (bot) or a logged-in user."""

    service: bool
    user: User | None = None

    @property
    def is_staff(self) -> bool:
        return self.user is not None and self.user.role in STAFF_ROLES


def _service_ok(settings: Settings, token: str | None) -> bool:
    return token is not None and hmac.compare_digest(token.encode(), settings.service_token.encode())


def _user_from_bearer(
    request: Request, settings: Settings, credentials: HTTPAuthorizationCredentials | None
) -> User | None:
    """The active user the bearer token names; raises 401 for a bad token."""
    if credentials is None:
        return None
    try:
        claims = verify_token(settings.token_secret, credentials.credentials)
    except InvalidToken:
        raise _unauthorized() from None
    with request.app.state.read_sessionmaker() as session:
        user = session.get(User, claims.user_id)
        if user is None or not user.active or user.username != claims.username:
            raise _unauthorized()
        session.expunge(user)
    return user


def get_caller(
    request: Request,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    service_token: Annotated[str | None, Depends(_service_header)],
) -> Caller:
    user = _user_from_bearer(request, settings, credentials)
    if service_token is not None and not _service_ok(settings, service_token):
        raise _unauthorized()
    return Caller(service=service_token is not None, user=user)


CallerDep = Annotated[Caller, Depends(get_caller)]


def require_service(caller: CallerDep) -> Caller:
    if caller.service:
        return caller
    if caller.user is not None:
        raise _forbidden()
    raise _unauthorized()


def require_staff(caller: CallerDep) -> User:
    if caller.user is None:
        raise _unauthorized()
    if not caller.is_staff:
        raise _forbidden()
    return caller.user


def require_admin(user: Annotated[User, Depends(require_staff)]) -> User:
    if user.role != Role.ADMIN:
        raise _forbidden()
    return user


def require_service_or_staff(caller: CallerDep) -> Caller:
    if caller.service or caller.is_staff:
        return caller
    if caller.user is not None:
        raise _forbidden()
    raise _unauthorized()


ServiceDep = Annotated[Caller, Depends(require_service)]
StaffDep = Annotated[User, Depends(require_staff)]
AdminDep = Annotated[User, Depends(require_admin)]
ServiceOrStaffDep = Annotated[Caller, Depends(require_service_or_staff)]

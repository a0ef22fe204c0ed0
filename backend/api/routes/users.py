from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import AdminDep, SessionDep
from backend.api.views import UserOut, user_view
from backend.schemas import UserCreate
from backend.services.users import create_user

router = APIRouter(prefix="/api/users", tags=["users"])


@router.post("", status_code=201, response_model=UserOut, summary="Create a user (admin only)")
def add_user(body: UserCreate, session: SessionDep, _admin: AdminDep) -> UserOut:
    return user_view(create_user(session, body.username, body.password, body.role))

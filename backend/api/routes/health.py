from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from backend.api.deps import ReadSessionDep

router = APIRouter(tags=["health"])


@router.get("/api/health", summary="Liveness and database check")
def health(session: ReadSessionDep) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok"}

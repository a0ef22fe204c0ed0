"""Fixtures for the backend tests.

Every database test runs on SQLite, and on PostgreSQL too when
TEST_DATABASE_URL is set (``eval "$(scripts/start-postgres)"`` sets it).
The PostgreSQL database is wiped (schema ``public`` dropped) before each test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from backend_helpers import PASSWORD, SERVICE_TOKEN, settings_env, start_server
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from backend.api.app import create_app
from backend.db import make_engine, make_sessionmaker
from backend.migrate import upgrade_to_head
from backend.security.tokens import issue_token
from backend.services.users import create_user
from backend.settings import Settings, load_settings
from tests.servers import ServerProcess

PG_SKIP_REASON = (
    'TEST_DATABASE_URL is not set: PostgreSQL cases skipped (run `eval "$(scripts/start-postgres)"` to enable them)'
)


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a fresh SQLite file, or the wiped TEST_DATABASE_URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(PG_SKIP_REASON)
    _reset_postgres(url)
    return url


@pytest.fixture
def migrated_url(database_url: str) -> str:
    upgrade_to_head(database_url)
    return database_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """Session factory: ``with sessions() as s:`` gives a short-lived session that sees fresh data."""
    return make_sessionmaker(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One session for service-level tests (it holds a transaction between commits)."""
    with sessions() as session:
        yield session


@pytest.fixture
def settings(migrated_url: str, tmp_path: Path) -> Settings:
    return load_settings(settings_env(migrated_url, tmp_path))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def service_headers() -> dict[str, str]:
    return {"X-Service-Token": SERVICE_TOKEN}


def bearer_for(settings: Settings, sessions: sessionmaker[Session], username: str, role: str) -> dict[str, str]:
    with sessions() as session:
        user = create_user(session, username, PASSWORD, role)
    token = issue_token(settings.token_secret, user_id=user.id, username=user.username, role=user.role, ttl_seconds=600)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def staff_headers(settings: Settings, sessions: sessionmaker[Session]) -> dict[str, str]:
    return bearer_for(settings, sessions, "canbo", "staff")


@pytest.fixture
def admin_headers(settings: Settings, sessions: sessionmaker[Session]) -> dict[str, str]:
    return bearer_for(settings, sessions, "quantri", "admin")


@pytest.fixture
def volunteer_headers(settings: Settings, sessions: sessionmaker[Session]) -> dict[str, str]:
    return bearer_for(settings, sessions, "tinhnguyen", "volunteer")


@pytest.fixture
def live_server(database_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    """``python -m backend serve`` (which migrates first) on 127.0.0.1 and a free port."""
    try:
        server = start_server(database_url, tmp_path)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield server
    finally:
        server.stop()

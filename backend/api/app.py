"""Builds the FastAPI application for one configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from backend.api.body_limit import BodySizeLimit
from backend.api.errors import install_error_handlers
from backend.api.ratelimits import install_limiters
from backend.api.routes import (
    analytics,
    auth,
    citizens,
    deletion_requests,
    dossiers,
    feedback,
    files,
    health,
    outbox,
    ratings,
    tickets,
    users,
    volunteer_links,
    zalo,
)
from backend.console import privacy as privacy_console
from backend.console import routes as console
from backend.console import volunteer as volunteer_console
from backend.console import zalo as zalo_console
from backend.console.headers import ConsoleSecurityHeaders
from backend.db import make_engine, make_read_sessionmaker, make_sessionmaker
from backend.services.files import FileStore, size_limit_message
from backend.settings import Settings, get_settings

# Room for the multipart framing around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024

DESCRIPTION = """Dossier (hồ sơ) filing and tracking for the motcua assistant.

Authentication: the bot and channel adapters send `X-Service-Token`; staff send
`Authorization: Bearer <token>` from `/api/auth/login`. Dossier lookup by receipt
code accepts either; anonymous calls get 401.

Feedback, handoff tickets, ratings and analytics: the bot and channel adapters
call them with the service token (rate-limited per chat); staff answer and close
tickets with a bearer token or in the console at `/console/`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="motcua backend", version="1.0.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.read_sessionmaker = make_read_sessionmaker(engine)
    app.state.file_store = FileStore(settings.upload_dir, settings.upload_max_bytes, settings.allowed_mime_types)

    install_limiters(app.state, settings)

    install_error_handlers(app)
    app.add_exception_handler(console.ConsoleAuthError, console.console_auth_error_response)
    routers = (
        health,
        auth,
        users,
        dossiers,
        citizens,
        outbox,
        files,
        feedback,
        tickets,
        ratings,
        analytics,
        zalo,
        volunteer_links,
        deletion_requests,
    )
    for module in routers:
        app.include_router(module.router)
    app.include_router(console.router)
    app.include_router(volunteer_console.router)
    app.include_router(privacy_console.router)
    app.include_router(zalo_console.router)
    app.mount("/console/static", StaticFiles(directory=console.HERE / "static"), name="console-static")
    app.add_middleware(ConsoleSecurityHeaders)
    app.add_middleware(
        BodySizeLimit,
        paths=frozenset({"/api/files"}),
        max_bytes=settings.upload_max_bytes + MULTIPART_OVERHEAD_BYTES,
        detail=size_limit_message(settings.upload_max_bytes),
    )
    return app

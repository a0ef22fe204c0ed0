"""Command line: ``python -m backend migrate | serve | create-user NAME --role ROLE | deactivate-user NAME |
retention [--days N] [--tracker-db URL] [--dry-run]``."""

from __future__ import annotations

import argparse
import copy
import getpass
import logging.config
import sys

from backend.logmask import route_uncaught_to_logging
from backend.settings import get_settings
from backend.vocabulary import Role


def _migrate(_args: argparse.Namespace) -> int:
    from backend.migrate import upgrade_to_head

    upgrade_to_head(get_settings().database_url)
    print("Database is at the latest migration.", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from backend.api.app import create_app
    from backend.migrate import upgrade_to_head

    settings = get_settings()
    log_config = masked_log_config(args.log_level)
    logging.config.dictConfig(log_config)  # migration logs go through the masking filter too
    route_uncaught_to_logging()
    if not args.no_migrate:
        upgrade_to_head(settings.database_url)
    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port if args.port is not None else settings.port,
        log_level=args.log_level,
        server_header=False,
        proxy_headers=False,  # X-Forwarded-For only from MOTCUA_TRUSTED_PROXIES (backend/api/ratelimits.py)
        log_config=log_config,
        ws="none",  # no websocket routes; the venv's websockets 10 is too old for uvicorn anyway
    )
    return 0


def masked_log_config(level: str = "info") -> dict:
    """uvicorn's logging configuration with the CCCD / phone masking filter on every handler,
    and the root logger (the backend's own loggers, SQLAlchemy, alembic) sent to the same handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"mask_personal_numbers": {"()": "backend.logmask.MaskingFilter"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["mask_personal_numbers"]
    config["loggers"][""] = {"handlers": ["default"], "level": level.upper() if level != "trace" else "DEBUG"}
    return config


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != first:
            raise SystemExit("error: passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _create_user(args: argparse.Namespace) -> int:
    from backend.db import make_engine, make_sessionmaker
    from backend.errors import Conflict
    from backend.security.passwords import MIN_PASSWORD_LENGTH
    from backend.services.users import create_user

    password = _read_password()
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"error: the password needs at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr)
        return 2
    engine = make_engine(get_settings().database_url)
    try:
        with make_sessionmaker(engine)() as session:
            user = create_user(session, args.name, password, Role(args.role), args.display_name)
            print(f"created {user.role} user '{user.username}' (id {user.id})")
    except Conflict:
        print(f"error: user '{args.name}' already exists", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def _deactivate_user(args: argparse.Namespace) -> int:
    from backend.db import make_engine, make_sessionmaker
    from backend.services.users import deactivate_user, find_user

    engine = make_engine(get_settings().database_url)
    try:
        with make_sessionmaker(engine)() as session:
            user = find_user(session, args.name)
            if user is None:
                print(f"error: no user '{args.name}'", file=sys.stderr)
                return 1
            deactivate_user(session, user)
            print(f"deactivated '{user.username}': its console sessions and chat links ended")
    finally:
        engine.dispose()
    return 0


def _retention(args: argparse.Namespace) -> int:
    from backend.db import make_engine, make_sessionmaker
    from backend.services.retention import run_retention

    settings = get_settings()
    days = settings.retention_days if args.days is None else args.days
    if days < 1:
        print("error: --days must be at least 1", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            counts = run_retention(
                session, settings.upload_dir, args.tracker_db or settings.tracker_db_url, days, dry_run=args.dry_run
            )
    finally:
        engine.dispose()
    print(f"retention: older than {days} days{' (dry run: nothing changed)' if args.dry_run else ''}")
    for name, count in counts.items():
        print(f"{name}={count}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m backend", description="motcua backend")
    commands = parser.add_subparsers(dest="command", required=True)

    migrate = commands.add_parser("migrate", help="apply database migrations (alembic upgrade head)")
    migrate.set_defaults(run=_migrate)

    serve = commands.add_parser("serve", help="migrate, then serve the HTTP API")
    serve.add_argument("--host", default=None, help="default: BACKEND_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: BACKEND_PORT or 8000")
    serve.add_argument("--no-migrate", action="store_true", help="do not run migrations first")
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)

    create = commands.add_parser("create-user", help="create a user; the password is read from stdin")
    create.add_argument("name")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--display-name", default=None, help="name shown to the chats a volunteer links")
    create.set_defaults(run=_create_user)

    deactivate = commands.add_parser("deactivate-user", help="lock an account; its sessions and chat links end")
    deactivate.add_argument("name")
    deactivate.set_defaults(run=_deactivate_user)

    retention = commands.add_parser(
        "retention", help="delete or anonymise conversations and unused uploads older than the retention period"
    )
    retention.add_argument("--days", type=int, default=None, help="default: MOTCUA_RETENTION_DAYS or 90")
    retention.add_argument(
        "--tracker-db",
        default=None,
        help="rasa tracker store URL (default: MOTCUA_TRACKER_DB_URL, var/rasa_tracker.db)",
    )
    retention.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    retention.set_defaults(run=_retention)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)

"""Apply the Alembic migrations (``upgrade head``) from code."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from backend.db import make_engine
from backend.settings import PROJECT_ROOT

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"


class ForeignKeyViolation(RuntimeError):
    pass


def alembic_config() -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(PROJECT_ROOT / "backend" / "migrations"))
    config.attributes["configure_logger"] = False
    return config


def _sqlite_foreign_keys_off(connection: Connection) -> None:
    """SQLite rebuilds a table to change a constraint (alembic batch mode): with foreign keys on, dropping
    the old table fails on references, or runs ON DELETE CASCADE and deletes the rows that refer to it.
    The pragma only works outside a transaction, so it goes straight to the driver before BEGIN."""
    connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")


def _check_sqlite_foreign_keys(connection: Connection) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise ForeignKeyViolation(f"migration left rows referring to missing rows: {violations[:5]}")


def _run(database_url: str, step, revision: str) -> None:
    """``step(config, revision)`` (alembic's upgrade / downgrade) in one transaction on ``database_url``."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                _sqlite_foreign_keys_off(connection)
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                step(config, revision)
                if sqlite:
                    _check_sqlite_foreign_keys(connection)
    finally:
        engine.dispose()  # the connection without foreign keys is not reused


def upgrade_to_head(database_url: str) -> None:
    upgrade_to(database_url, "head")


def upgrade_to(database_url: str, revision: str) -> None:
    _run(database_url, command.upgrade, revision)


def downgrade_to_base(database_url: str) -> None:
    _run(database_url, command.downgrade, "base")

"""Apply the Alembic migrations (``upgrade head``) from code."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from backend.db import make_engine
from backend.settings import PROJECT_ROOT

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"


def alembic_config() -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(PROJECT_ROOT / "backend" / "migrations"))
    config.attributes["configure_logger"] = False
    return config


def _run(database_url: str, step, revision: str) -> None:
    """``step(config, revision)`` (alembic's upgrade / downgrade) in one transaction on ``database_url``."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            step(config, revision)
    finally:
        engine.dispose()


def upgrade_to_head(database_url: str) -> None:
    _run(database_url, command.upgrade, "head")


def downgrade_to_base(database_url: str) -> None:
    _run(database_url, command.downgrade, "base")

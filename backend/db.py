"""Engine and session factory.

SQLite write transactions start with ``BEGIN IMMEDIATE`` so that concurrent
writers queue on the database lock (with a busy timeout) instead of failing
when a read transaction tries to upgrade to a write. Sessions from
``make_read_sessionmaker`` only read and begin deferred transactions, so
lookups do not wait for writers.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from backend.filemodes import private_file

SQLITE_BUSY_TIMEOUT_SECONDS = 30
# Execution option marking read-only work: on SQLite it begins a deferred transaction.
READ_ONLY_OPTION = "motcua_read_only"


def _prepare_sqlite_engine(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN instead of the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(database_url: str, **kwargs) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            private_file(Path(url.database))  # SQLite gives its -wal and -shm files the same mode
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _prepare_sqlite_engine(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def make_read_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for requests that never write."""
    return sessionmaker(bind=engine.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False)

import os
import subprocess
import sys

from backend_helpers import settings_env
from sqlalchemy import inspect, select

from backend.db import make_engine
from backend.models import User
from backend.security.passwords import verify_password
from backend.settings import PROJECT_ROOT


def _run(args, database_url, tmp_path, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "backend", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **settings_env(database_url, tmp_path)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrate_then_create_user(database_url, tmp_path) -> None:
    result = _run(["migrate"], database_url, tmp_path)
    assert result.returncode == 0, result.stderr
    engine = make_engine(database_url)
    try:
        assert {"dossiers", "citizens", "users", "alembic_version"} <= set(inspect(engine).get_table_names())

        created = _run(["create-user", "truongphong", "--role", "admin"], database_url, tmp_path, "mat-khau-moi-1\n")
        assert created.returncode == 0, created.stderr
        with engine.connect() as conn:
            row = conn.execute(select(User.role, User.password_hash).where(User.username == "truongphong")).one()
        assert row.role == "admin"
        assert row.password_hash.startswith("scrypt$")
        assert "mat-khau-moi-1" not in row.password_hash
        assert verify_password("mat-khau-moi-1", row.password_hash)

        duplicate = _run(["create-user", "truongphong", "--role", "staff"], database_url, tmp_path, "khac-mat-khau\n")
        assert duplicate.returncode == 1
        short = _run(["create-user", "ngan", "--role", "staff"], database_url, tmp_path, "abc\n")
        assert short.returncode == 2
        bad_role = _run(["create-user", "x", "--role", "boss"], database_url, tmp_path, "mat-khau-dai-du\n")
        assert bad_role.returncode != 0
        with engine.connect() as conn:
            assert conn.execute(select(User.username)).scalars().all() == ["truongphong"]
    finally:
        engine.dispose()

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backend.db import make_engine
from backend.migrate import downgrade_to_base, upgrade_to_head
from backend.models import Base


def _diff(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def test_migrations_produce_the_models_schema(migrated_url: str) -> None:
    assert _diff(migrated_url) == []


def test_migrations_create_the_check_constraints_of_the_models(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    try:
        inspector = inspect(engine)
        for table in Base.metadata.sorted_tables:
            expected = {c.name for c in table.constraints if c.__class__.__name__ == "CheckConstraint"}
            actual = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert expected <= actual, table.name
    finally:
        engine.dispose()


def test_empty_database_differs_from_models(database_url: str) -> None:
    # The comparison itself must be able to fail.
    assert any(d[0] == "add_table" for d in _diff(database_url))


def test_downgrade_then_upgrade_again(migrated_url: str) -> None:
    downgrade_to_base(migrated_url)
    engine = make_engine(migrated_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    upgrade_to_head(migrated_url)
    assert _diff(migrated_url) == []

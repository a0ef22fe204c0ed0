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


def test_upgrading_a_database_with_data_to_0003_keeps_every_row(database_url: str) -> None:
    """0003 rebuilds ``citizens`` on SQLite (CCCD no longer unique): with foreign keys on, dropping the old
    table failed on the dossiers referring to it (or cascaded into the personal store)."""
    from sqlalchemy import text

    from backend.migrate import upgrade_to

    upgrade_to(database_url, "0002")
    engine = make_engine(database_url)
    rows = {
        "citizens": "(id, full_name, cccd, channel, sender_id, created_at)"
        " VALUES (1, 'A', '001203004567', 'telegram', 'tg-1', '2026-01-01')",
        "stored_files": "(id, sha256, size, mime, original_name, path, created_at)"
        " VALUES (1, 'ab', 1, 'application/pdf', 'a.pdf', 'ab/ab', '2026-01-01')",
        "stored_documents": "(id, citizen_id, kind, name, stored_file_id, created_at)"
        " VALUES (1, 1, 'cccd', 'CCCD', 1, '2026-01-01')",
        "dossiers": "(id, receipt_code, procedure_code, procedure_name, status, citizen_id, channel, sender_id,"
        " delivery_method, consent_recorded, idempotency_key, created_at, updated_at) VALUES (1, 'HS-2026-000001',"
        " 'p', 'P', 'received', 1, 'telegram', 'tg-1', 'office', false, 'key-1', '2026-01-01', '2026-01-01')",
    }
    try:
        with engine.begin() as conn:
            for table, values in rows.items():
                conn.execute(text(f"INSERT INTO {table} {values}"))
        upgrade_to_head(database_url)
        with engine.connect() as conn:
            assert {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in rows} == dict.fromkeys(rows, 1)
    finally:
        engine.dispose()
    assert _diff(database_url) == []

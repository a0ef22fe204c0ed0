"""Security and personal data (issue 9).

- citizens: CCCD no longer unique (each chat has its own applicant record), indexed instead;
- receipt and feedback counters dropped: codes are random with a check digit (backend/codes.py);
- users.display_name (shown to the chat a volunteer links);
- console_sessions (server-side console sessions), volunteer_codes (one-time codes, hashed),
  volunteer_links (a chat speaking for a volunteer during a shift), deletion_requests.

Downgrading recreates empty counters: development only (new numbers could meet old codes).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 06:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_console_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_sessions")),
    )
    with op.batch_alter_table("console_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_console_sessions_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_console_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "deletion_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by_user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'done')", name=op.f("ck_deletion_requests_status_valid")),
        sa.ForeignKeyConstraint(
            ["done_by_user_id"], ["users.id"], name=op.f("fk_deletion_requests_done_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deletion_requests")),
    )
    with op.batch_alter_table("deletion_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deletion_requests_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_deletion_requests_pending_per_chat",
            ["channel", "sender_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )

    op.create_table(
        "volunteer_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_volunteer_codes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_codes")),
    )
    with op.batch_alter_table("volunteer_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_codes_code_hash"), ["code_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteer_codes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "volunteer_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_volunteer_links_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_links")),
    )
    with op.batch_alter_table("volunteer_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_links_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_volunteer_links_live_per_chat",
            ["channel", "sender_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )

    op.drop_table("receipt_counters")
    op.drop_table("feedback_counters")
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_citizens_cccd"), type_="unique")
        batch_op.create_index(batch_op.f("ix_citizens_cccd"), ["cccd"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("display_name")

    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizens_cccd"))
        batch_op.create_unique_constraint(batch_op.f("uq_citizens_cccd"), ["cccd"])

    op.create_table(
        "feedback_counters",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_feedback_counters")),
    )
    op.create_table(
        "receipt_counters",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_receipt_counters")),
    )
    with op.batch_alter_table("volunteer_links", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_volunteer_links_live_per_chat",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_volunteer_links_user_id"))

    op.drop_table("volunteer_links")
    with op.batch_alter_table("volunteer_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_codes_user_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_codes_code_hash"))

    op.drop_table("volunteer_codes")
    with op.batch_alter_table("deletion_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_deletion_requests_pending_per_chat",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index(batch_op.f("ix_deletion_requests_status"))

    op.drop_table("deletion_requests")
    with op.batch_alter_table("console_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_console_sessions_expires_at"))

    op.drop_table("console_sessions")

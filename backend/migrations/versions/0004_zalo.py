"""Zalo Official Account (issue 11): the OA's tokens, webhook events already taken (deduplication), Zalo
contacts (last message for the 48 h / 7 day windows, the choices last offered) and outbox deliveries to Zalo.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 06:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "zalo_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=True),
        sa.Column("access_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refresh_token", sa.Text(), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refresh_count", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zalo_tokens")),
    )
    op.create_table(
        "zalo_events",
        sa.Column("event_key", sa.String(length=160), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_key", name=op.f("pk_zalo_events")),
    )
    with op.batch_alter_table("zalo_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zalo_events_received_at"), ["received_at"], unique=False)

    op.create_table(
        "zalo_contacts",
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", name=op.f("pk_zalo_contacts")),
    )
    op.create_table(
        "zalo_deliveries",
        sa.Column("outbox_message_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("zalo_message_id", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_zalo_deliveries_outbox_message_id_outbox_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("outbox_message_id", name=op.f("pk_zalo_deliveries")),
    )


def downgrade() -> None:
    op.drop_table("zalo_deliveries")
    op.drop_table("zalo_contacts")
    with op.batch_alter_table("zalo_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zalo_events_received_at"))
    op.drop_table("zalo_events")
    op.drop_table("zalo_tokens")

"""Follow-ups to issue 9: the chats that uploaded a stored file (``stored_file_owners``) and the moment the
citizen agreed to the processing of their personal data (``dossiers.consent_at``, ``feedback.consent_at``).

Existing files get no owner: they stay usable as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 08:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stored_file_owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_files.id"],
            name=op.f("fk_stored_file_owners_stored_file_id_stored_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_file_owners")),
    )
    with op.batch_alter_table("stored_file_owners", schema=None) as batch_op:
        batch_op.create_index("ix_stored_file_owners_channel_sender_id", ["channel", "sender_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_file_owners_stored_file_id"), ["stored_file_id"], unique=False)
    op.add_column("dossiers", sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("feedback", sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("consent_at")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("consent_at")
    with op.batch_alter_table("stored_file_owners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_file_owners_stored_file_id"))
        batch_op.drop_index("ix_stored_file_owners_channel_sender_id")
    op.drop_table("stored_file_owners")

"""Initial schema: every table of backend.models.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 16:21:57.975759
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "citizens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("cccd", sa.String(length=12), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("ward", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("sender_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("cccd IS NULL OR length(cccd) = 12", name=op.f("ck_citizens_cccd_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizens")),
        sa.UniqueConstraint("cccd", name=op.f("uq_citizens_cccd")),
    )
    op.create_index("ix_citizens_channel_sender_id", "citizens", ["channel", "sender_id"], unique=False)

    op.create_table(
        "receipt_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_receipt_counters")),
    )
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
        sa.UniqueConstraint("sha256", name=op.f("uq_stored_files_sha256")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('staff', 'admin', 'volunteer')", name=op.f("ck_users_role_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_code", sa.String(length=32), nullable=False),
        sa.Column("procedure_code", sa.String(length=64), nullable=False),
        sa.Column("procedure_name", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=True),
        sa.Column("delivery_method", sa.String(length=16), nullable=False),
        sa.Column("filed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("consent_recorded", sa.Boolean(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("channel IN ('rest', 'telegram', 'zalo', 'web')", name=op.f("ck_dossiers_channel_valid")),
        sa.CheckConstraint(
            "delivery_method IN ('office', 'postal', 'online')", name=op.f("ck_dossiers_delivery_method_valid")
        ),
        sa.CheckConstraint(
            "status IN ('received', 'processing', 'need_more_info', 'completed', 'rejected', 'cancelled')",
            name=op.f("ck_dossiers_status_valid"),
        ),
        sa.CheckConstraint(
            "filed_by_user_id IS NULL OR consent_recorded", name=op.f("ck_dossiers_volunteer_needs_consent")
        ),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"], name=op.f("fk_dossiers_citizen_id_citizens")),
        sa.ForeignKeyConstraint(["filed_by_user_id"], ["users.id"], name=op.f("fk_dossiers_filed_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_dossiers_idempotency_key")),
        sa.UniqueConstraint("receipt_code", name=op.f("uq_dossiers_receipt_code")),
    )
    op.create_index("ix_dossiers_channel_sender_id", "dossiers", ["channel", "sender_id"], unique=False)
    op.create_index(op.f("ix_dossiers_citizen_id"), "dossiers", ["citizen_id"], unique=False)
    op.create_index(op.f("ix_dossiers_status"), "dossiers", ["status"], unique=False)

    op.create_table(
        "stored_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_stored_documents_citizen_id_citizens"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"], ["stored_files.id"], name=op.f("fk_stored_documents_stored_file_id_stored_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_documents")),
        sa.UniqueConstraint(
            "citizen_id", "kind", "stored_file_id", name=op.f("uq_stored_documents_citizen_id_kind_stored_file_id")
        ),
    )
    op.create_index(op.f("ix_stored_documents_citizen_id"), "stored_documents", ["citizen_id"], unique=False)

    op.create_table(
        "dossier_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("provision", sa.String(length=20), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=True),
        sa.Column("stored_document_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "provision <> 'reused' OR stored_document_id IS NOT NULL",
            name=op.f("ck_dossier_documents_reused_has_document"),
        ),
        sa.CheckConstraint(
            "provision <> 'uploaded' OR stored_file_id IS NOT NULL", name=op.f("ck_dossier_documents_uploaded_has_file")
        ),
        sa.CheckConstraint(
            "provision IN ('uploaded', 'reused', 'paper_at_office', 'not_applicable')",
            name=op.f("ck_dossier_documents_provision_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_documents_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["stored_document_id"],
            ["stored_documents.id"],
            name=op.f("fk_dossier_documents_stored_document_id_stored_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"], ["stored_files.id"], name=op.f("fk_dossier_documents_stored_file_id_stored_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_documents")),
    )
    op.create_index(op.f("ix_dossier_documents_dossier_id"), "dossier_documents", ["dossier_id"], unique=False)

    op.create_table(
        "dossier_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("changed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"], ["users.id"], name=op.f("fk_dossier_status_changes_changed_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_dossier_status_changes_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_status_changes")),
    )
    op.create_index(
        op.f("ix_dossier_status_changes_dossier_id"), "dossier_status_changes", ["dossier_id"], unique=False
    )

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_outbox_messages_dossier_id_dossiers"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index("ix_outbox_messages_pending", "outbox_messages", ["channel", "recipient", "sent_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_pending", table_name="outbox_messages")

    op.drop_table("outbox_messages")
    op.drop_index(op.f("ix_dossier_status_changes_dossier_id"), table_name="dossier_status_changes")

    op.drop_table("dossier_status_changes")
    op.drop_index(op.f("ix_dossier_documents_dossier_id"), table_name="dossier_documents")

    op.drop_table("dossier_documents")
    op.drop_index(op.f("ix_stored_documents_citizen_id"), table_name="stored_documents")

    op.drop_table("stored_documents")
    op.drop_index(op.f("ix_dossiers_status"), table_name="dossiers")
    op.drop_index(op.f("ix_dossiers_citizen_id"), table_name="dossiers")
    op.drop_index("ix_dossiers_channel_sender_id", table_name="dossiers")

    op.drop_table("dossiers")
    op.drop_table("users")
    op.drop_table("stored_files")
    op.drop_table("receipt_counters")
    op.drop_index("ix_citizens_channel_sender_id", table_name="citizens")

    op.drop_table("citizens")

"""Feedback (phản ánh, kiến nghị), handoff tickets and their messages, ratings, analytics
(unanswered questions, procedure query counts); outbox messages link to their ticket.

At most one open ticket per chat: a partial unique index on (channel, sender_id) WHERE status = 'open'.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 16:46:49.930109
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_feedback_counters")),
    )
    op.create_table(
        "procedure_query_counts",
        sa.Column("procedure_code", sa.String(length=64), nullable=False),
        sa.Column("procedure_name", sa.String(length=500), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("procedure_code", name=op.f("pk_procedure_query_counts")),
    )
    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("normalized", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("sender_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unanswered_questions")),
    )
    with op.batch_alter_table("unanswered_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unanswered_questions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_unanswered_questions_normalized"), ["normalized"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_code", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("receipt_code", sa.String(length=32), nullable=True),
        sa.Column("procedure_code", sa.String(length=64), nullable=True),
        sa.Column("procedure_name", sa.String(length=500), nullable=True),
        sa.Column("place", sa.String(length=500), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("stored_file_id", sa.Integer(), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=True),
        sa.Column("idempotency_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "category IN ('thai_do_can_bo', 'cham_tre', 'thu_tuc_ruom_ra', 'de_xuat', 'khac')",
            name=op.f("ck_feedback_category_valid"),
        ),
        sa.CheckConstraint("channel IN ('rest', 'telegram', 'zalo', 'web')", name=op.f("ck_feedback_channel_valid")),
        sa.CheckConstraint(
            "status IN ('new', 'processing', 'answered', 'closed')", name=op.f("ck_feedback_status_valid")
        ),
        sa.CheckConstraint(
            "NOT anonymous OR (contact_name IS NULL AND contact_phone IS NULL AND contact_email IS NULL)",
            name=op.f("ck_feedback_anonymous_has_no_contact"),
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"], ["stored_files.id"], name=op.f("fk_feedback_stored_file_id_stored_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_feedback_idempotency_key")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_feedback_tracking_code")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_channel_sender_id", ["channel", "sender_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_status"), ["status"], unique=False)

    op.create_table(
        "feedback_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("changed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"], ["users.id"], name=op.f("fk_feedback_status_changes_changed_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_feedback_status_changes_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_status_changes")),
    )
    with op.batch_alter_table("feedback_status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_status_changes_feedback_id"), ["feedback_id"], unique=False)

    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=True),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("assigned_user_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sla_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "category IN ('thai_do_can_bo', 'cham_tre', 'thu_tuc_ruom_ra', 'de_xuat', 'khac', 'ho_tro')",
            name=op.f("ck_tickets_category_valid"),
        ),
        sa.CheckConstraint("channel IN ('rest', 'telegram', 'zalo', 'web')", name=op.f("ck_tickets_channel_valid")),
        sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f("ck_tickets_priority_valid")),
        sa.CheckConstraint(
            "reason IN ('request', 'fallback', 'urgent_complaint')", name=op.f("ck_tickets_reason_valid")
        ),
        sa.CheckConstraint("status <> 'closed' OR closed_at IS NOT NULL", name=op.f("ck_tickets_closed_has_time")),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_tickets_status_valid")),
        sa.ForeignKeyConstraint(["assigned_user_id"], ["users.id"], name=op.f("fk_tickets_assigned_user_id_users")),
        sa.ForeignKeyConstraint(["closed_by_user_id"], ["users.id"], name=op.f("fk_tickets_closed_by_user_id_users")),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["feedback.id"], name=op.f("fk_tickets_feedback_id_feedback"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_status_sla_due_at", ["status", "sla_due_at"], unique=False)
        batch_op.create_index(
            "uq_tickets_open_per_sender",
            ["channel", "sender_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("subject", sa.String(length=10), nullable=False),
        sa.Column("receipt_code", sa.String(length=32), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(subject = 'dossier' AND receipt_code IS NOT NULL AND ticket_id IS NULL) OR "
            "(subject = 'ticket' AND ticket_id IS NOT NULL AND receipt_code IS NULL)",
            name=op.f("ck_ratings_subject_reference"),
        ),
        sa.CheckConstraint("channel IN ('rest', 'telegram', 'zalo', 'web')", name=op.f("ck_ratings_channel_valid")),
        sa.CheckConstraint("subject IN ('dossier', 'ticket')", name=op.f("ck_ratings_subject_valid")),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_ratings_score_range")),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ratings_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index("ix_ratings_channel_sender_id", ["channel", "sender_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ratings_receipt_code"), ["receipt_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_ratings_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("author_user_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("author IN ('citizen', 'staff', 'system')", name=op.f("ck_ticket_messages_author_valid")),
        sa.ForeignKeyConstraint(["author_user_id"], ["users.id"], name=op.f("fk_ticket_messages_author_user_id_users")),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_messages_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_messages")),
    )
    with op.batch_alter_table("ticket_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_messages_ticket_id"), ["ticket_id"], unique=False)

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_ticket_id_tickets"), "tickets", ["ticket_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_messages_ticket_id_tickets"), type_="foreignkey")
        batch_op.drop_column("ticket_id")

    with op.batch_alter_table("ticket_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_messages_ticket_id"))

    op.drop_table("ticket_messages")
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ratings_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_ratings_receipt_code"))
        batch_op.drop_index("ix_ratings_channel_sender_id")

    op.drop_table("ratings")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_tickets_open_per_sender",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index("ix_tickets_status_sla_due_at")

    op.drop_table("tickets")
    with op.batch_alter_table("feedback_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_status_changes_feedback_id"))

    op.drop_table("feedback_status_changes")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_status"))
        batch_op.drop_index("ix_feedback_channel_sender_id")

    op.drop_table("feedback")
    with op.batch_alter_table("unanswered_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unanswered_questions_normalized"))
        batch_op.drop_index(batch_op.f("ix_unanswered_questions_created_at"))

    op.drop_table("unanswered_questions")
    op.drop_table("procedure_query_counts")
    op.drop_table("feedback_counters")

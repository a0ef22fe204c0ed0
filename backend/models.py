"""Database models (SQLAlchemy 2 typed ORM)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from backend.timeutil import as_utc, utcnow
from backend.vocabulary import (
    Channel,
    DeletionStatus,
    DeliveryMethod,
    DossierStatus,
    FeedbackCategory,
    FeedbackStatus,
    MessageAuthor,
    Provision,
    RatingSubject,
    Role,
    TicketCategory,
    TicketPriority,
    TicketReason,
    TicketStatus,
    sql_in_list,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetime stored as UTC; SQLite's naive values are read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({sql_in_list(Role)})", name="role_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


class Citizen(Base):
    """An applicant. ``channel``/``sender_id``: the chat that created the record and alone may use it
    (None for a record a volunteer filed for). Several records may carry the same CCCD (one per chat)."""

    __tablename__ = "citizens"
    __table_args__ = (
        CheckConstraint("cccd IS NULL OR length(cccd) = 12", name="cccd_length"),
        Index("ix_citizens_channel_sender_id", "channel", "sender_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    cccd: Mapped[str | None] = mapped_column(String(12), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(500))
    ward: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(16))
    sender_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoredFile(Base):
    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owners: Mapped[list[StoredFileOwner]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class StoredFileOwner(Base):
    """A chat that uploaded this content (one file may have several: uploads are deduplicated by hash). A file
    with owners may only be filed by one of them; a file without (uploaded before owners were recorded, or by a
    caller that named no chat) by anyone."""

    __tablename__ = "stored_file_owners"
    __table_args__ = (Index("ix_stored_file_owners_channel_sender_id", "channel", "sender_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoredDocument(Base):
    """A document kept in a citizen's personal store (kho dữ liệu cá nhân) for reuse."""

    __tablename__ = "stored_documents"
    __table_args__ = (UniqueConstraint("citizen_id", "kind", "stored_file_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    stored_file: Mapped[StoredFile] = relationship()


class Dossier(Base):
    __tablename__ = "dossiers"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in_list(DossierStatus)})", name="status_valid"),
        CheckConstraint(f"channel IN ({sql_in_list(Channel)})", name="channel_valid"),
        CheckConstraint(f"delivery_method IN ({sql_in_list(DeliveryMethod)})", name="delivery_method_valid"),
        CheckConstraint("filed_by_user_id IS NULL OR consent_recorded", name="volunteer_needs_consent"),
        Index("ix_dossiers_channel_sender_id", "channel", "sender_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(32), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_name: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str | None] = mapped_column(String(128))
    delivery_method: Mapped[str] = mapped_column(String(16))
    # None: filed by the citizen; otherwise the volunteer (a user) who filed on their behalf.
    filed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the citizen agreed to the processing of their personal data (the bot's consent question).
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    citizen: Mapped[Citizen] = relationship()
    filed_by: Mapped[User | None] = relationship()
    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="dossier", order_by="DossierDocument.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[DossierStatusChange]] = relationship(
        back_populates="dossier", order_by="DossierStatusChange.id", cascade="all, delete-orphan"
    )


class DossierStatusChange(Base):
    __tablename__ = "dossier_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))  # None for the first entry
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_by: Mapped[str] = mapped_column(String(64))  # username, or "citizen" / "volunteer:<name>"
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="history")


class DossierDocument(Base):
    __tablename__ = "dossier_documents"
    __table_args__ = (
        CheckConstraint(f"provision IN ({sql_in_list(Provision)})", name="provision_valid"),
        CheckConstraint("provision <> 'uploaded' OR stored_file_id IS NOT NULL", name="uploaded_has_file"),
        CheckConstraint("provision <> 'reused' OR stored_document_id IS NOT NULL", name="reused_has_document"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    provision: Mapped[str] = mapped_column(String(20))
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    stored_document_id: Mapped[int | None] = mapped_column(ForeignKey("stored_documents.id"))

    dossier: Mapped[Dossier] = relationship(back_populates="documents")


class OutboxMessage(Base):
    """A message waiting to be delivered to a citizen on their chat channel."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_pending", "channel", "recipient", "sent_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(128))  # the citizen's sender_id on that channel
    text: Mapped[str] = mapped_column(Text)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Set for staff replies and the closing message of a handoff ticket.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))

    dossier: Mapped[Dossier | None] = relationship()


# --- Feedback (phản ánh, kiến nghị), handoff tickets, ratings, analytics ---------------------------


class Feedback(Base):
    """A complaint or suggestion (phản ánh, kiến nghị) filed through the chat."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint(f"category IN ({sql_in_list(FeedbackCategory)})", name="category_valid"),
        CheckConstraint(f"status IN ({sql_in_list(FeedbackStatus)})", name="status_valid"),
        CheckConstraint(f"channel IN ({sql_in_list(Channel)})", name="channel_valid"),
        CheckConstraint(
            "NOT anonymous OR (contact_name IS NULL AND contact_phone IS NULL AND contact_email IS NULL)",
            name="anonymous_has_no_contact",
        ),
        Index("ix_feedback_channel_sender_id", "channel", "sender_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(32), unique=True)
    category: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    receipt_code: Mapped[str | None] = mapped_column(String(32))
    procedure_code: Mapped[str | None] = mapped_column(String(64))
    procedure_name: Mapped[str | None] = mapped_column(String(500))
    place: Mapped[str | None] = mapped_column(String(500))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str | None] = mapped_column(String(128))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # consent to the processing of the contact
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # answer deadline, from the SLA table

    stored_file: Mapped[StoredFile | None] = relationship()
    history: Mapped[list[FeedbackStatusChange]] = relationship(
        back_populates="feedback", order_by="FeedbackStatusChange.id", cascade="all, delete-orphan"
    )


class FeedbackStatusChange(Base):
    __tablename__ = "feedback_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feedback: Mapped[Feedback] = relationship(back_populates="history")


class Ticket(Base):
    """A conversation handed over to hotline staff; at most one open ticket per chat."""

    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint(f"channel IN ({sql_in_list(Channel)})", name="channel_valid"),
        CheckConstraint(f"reason IN ({sql_in_list(TicketReason)})", name="reason_valid"),
        CheckConstraint(f"category IN ({sql_in_list(TicketCategory)})", name="category_valid"),
        CheckConstraint(f"priority IN ({sql_in_list(TicketPriority)})", name="priority_valid"),
        CheckConstraint(f"status IN ({sql_in_list(TicketStatus)})", name="status_valid"),
        CheckConstraint("status <> 'closed' OR closed_at IS NOT NULL", name="closed_has_time"),
        Index(
            "uq_tickets_open_per_sender",
            "channel",
            "sender_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_tickets_status_sla_due_at", "status", "sla_due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    summary: Mapped[str | None] = mapped_column(String(500))
    transcript: Mapped[list] = mapped_column(JSON, default=list)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="SET NULL"))
    assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sla_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    feedback: Mapped[Feedback | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_user_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_user_id])
    messages: Mapped[list[TicketMessage]] = relationship(
        back_populates="ticket", order_by="TicketMessage.id", cascade="all, delete-orphan"
    )


class TicketMessage(Base):
    __tablename__ = "ticket_messages"
    __table_args__ = (CheckConstraint(f"author IN ({sql_in_list(MessageAuthor)})", name="author_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(10))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")
    author_user: Mapped[User | None] = relationship()


class Rating(Base):
    """A citizen's satisfaction (1-5) with a filed dossier or a finished handoff."""

    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        CheckConstraint(f"subject IN ({sql_in_list(RatingSubject)})", name="subject_valid"),
        CheckConstraint(f"channel IN ({sql_in_list(Channel)})", name="channel_valid"),
        CheckConstraint(
            "(subject = 'dossier' AND receipt_code IS NOT NULL AND ticket_id IS NULL)"
            " OR (subject = 'ticket' AND ticket_id IS NOT NULL AND receipt_code IS NULL)",
            name="subject_reference",
        ),
        Index("ix_ratings_channel_sender_id", "channel", "sender_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(10))
    receipt_code: Mapped[str | None] = mapped_column(String(32), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class UnansweredQuestion(Base):
    """A message the assistant could not answer (fallback, nothing found in the catalog)."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(String(300), index=True)  # lower-cased, spaces collapsed
    reason: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(16))
    sender_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ProcedureQueryCount(Base):
    """How often the assistant answered about one procedure (for "most-asked procedures")."""

    __tablename__ = "procedure_query_counts"

    procedure_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    procedure_name: Mapped[str] = mapped_column(String(500))
    count: Mapped[int] = mapped_column(Integer)
    last_asked_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- Security and personal data (issue 9) ------------------------------------------------------------------


class ConsoleSession(Base):
    """A console login; the cookie carries ``id`` (random). Logout or deactivation deletes the row."""

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's session token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class VolunteerCode(Base):
    """A one-time code a volunteer types in a chat to link it to their account (stored as a keyed hash)."""

    __tablename__ = "volunteer_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VolunteerLink(Base):
    """A chat (channel, sender_id) speaking for a volunteer during one shift; at most one live link per chat."""

    __tablename__ = "volunteer_links"
    __table_args__ = (
        Index(
            "uq_volunteer_links_live_per_chat",
            "channel",
            "sender_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class DeletionRequest(Base):
    """A chat asking for its personal data to be deleted (Nghị định 13/2023/NĐ-CP); staff carry it out."""

    __tablename__ = "deletion_requests"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in_list(DeletionStatus)})", name="status_valid"),
        Index(
            "uq_deletion_requests_pending_per_chat",
            "channel",
            "sender_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    done_by: Mapped[User | None] = relationship()


# --- Zalo Official Account (issue 11) ---------------------------------------------------------------------


class ZaloToken(Base):
    """The OA's tokens: one row (id 1). Refreshed under this row's lock (backend/services/zalo_tokens.py)."""

    __tablename__ = "zalo_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    access_token: Mapped[str | None] = mapped_column(Text)
    access_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refresh_token: Mapped[str | None] = mapped_column(Text)  # single use: replaced at every refresh
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refresh_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))  # the last failed refresh, shown in the console
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ZaloEvent(Base):
    """A webhook event already taken by a rasa server (``msg_id``, or a key for events without one)."""

    __tablename__ = "zalo_events"

    event_key: Mapped[str] = mapped_column(String(160), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ZaloContact(Base):
    """A Zalo citizen: when they last wrote (Zalo's 48 h / 7 day windows) and the choices last offered to them."""

    __tablename__ = "zalo_contacts"

    sender_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # {"numbered": [payload, ...]}: the numbered choices the last answer offered (number i is index i - 1)
    choices: Mapped[dict] = mapped_column(JSON, default=dict)


class ZaloDelivery(Base):
    """The delivery of one outbox message to Zalo: claimed by the delivery process, then sent or given up."""

    __tablename__ = "zalo_deliveries"

    outbox_message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16))  # ZaloDeliveryStatus
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error_code: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(300))
    zalo_message_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[OutboxMessage] = relationship()

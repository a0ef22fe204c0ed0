"""Validated input shapes shared by the API and the services (pydantic v2).

Error messages are in Vietnamese: the bot may show them to a citizen.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from backend.security.passwords import MIN_PASSWORD_LENGTH
from backend.vocabulary import (
    Channel,
    DeliveryMethod,
    DossierStatus,
    FeedbackCategory,
    FeedbackStatus,
    Provision,
    Role,
    TicketCategory,
    TicketPriority,
    TicketReason,
)
from common import fields

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def _blank_to_none(value: object, info: ValidationInfo) -> object:
    """Validator of optional text fields: blank is missing; a phone number loses its separators."""
    if isinstance(value, str):
        if not value.strip():
            return None
        if info.field_name == "phone":
            return _PHONE_SEPARATORS.sub("", value)
    return value


class _Input(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


_CONSENT_AT = Field(
    default=None,
    description="When the citizen agreed to the processing of their personal data (ISO 8601; naive means UTC)",
)


class ApplicantIn(_Input):
    full_name: str = Field(min_length=1, max_length=200)
    cccd: str | None = Field(default=None, pattern=r"^\d{12}$", description="Căn cước công dân, 12 chữ số")
    phone: str | None = Field(default=None, pattern=r"^\+?\d{8,15}$")
    address: str | None = Field(default=None, max_length=500)
    ward: str | None = Field(default=None, max_length=200)

    _blank_is_none = field_validator("cccd", "phone", "address", "ward", mode="before")(_blank_to_none)


class DocumentIn(_Input):
    name: str = Field(min_length=1, max_length=fields.DOCUMENT_NAME)
    provision: Provision
    stored_file_id: int | None = None
    stored_document_id: int | None = None
    keep_in_store: bool = Field(default=False, description="Lưu tệp đã tải lên vào kho dữ liệu cá nhân để dùng lại")
    kind: str | None = Field(default=None, max_length=64, description="Loại giấy tờ khi lưu vào kho")

    @model_validator(mode="after")
    def _source_matches_provision(self) -> DocumentIn:
        if self.provision == Provision.UPLOADED and self.stored_file_id is None:
            raise ValueError(f"Giấy tờ '{self.name}' được tải lên nhưng thiếu stored_file_id.")
        if self.provision == Provision.REUSED and self.stored_document_id is None:
            raise ValueError(f"Giấy tờ '{self.name}' dùng lại từ kho nhưng thiếu stored_document_id.")
        if self.provision in (Provision.PAPER_AT_OFFICE, Provision.NOT_APPLICABLE) and (
            self.stored_file_id is not None or self.stored_document_id is not None
        ):
            raise ValueError(f"Giấy tờ '{self.name}' nộp bản giấy hoặc không áp dụng thì không kèm tệp.")
        if self.keep_in_store and self.provision != Provision.UPLOADED:
            raise ValueError("Chỉ lưu vào kho được giấy tờ vừa tải lên.")
        return self


class DossierCreate(_Input):
    idempotency_key: str = Field(min_length=8, max_length=fields.IDEMPOTENCY_KEY, pattern=r"^[A-Za-z0-9._:\-]+$")
    procedure_code: str = Field(min_length=1, max_length=fields.PROCEDURE_CODE)
    procedure_name: str = Field(min_length=1, max_length=fields.PROCEDURE_NAME)
    applicant: ApplicantIn
    channel: Channel
    sender_id: str | None = Field(default=None, min_length=1, max_length=fields.SENDER_ID)
    delivery_method: DeliveryMethod = DeliveryMethod.OFFICE
    documents: list[DocumentIn] = Field(default_factory=list, max_length=fields.DOCUMENTS)
    on_behalf: bool = Field(
        default=False, description="Filed by the volunteer this chat is linked to (POST /api/volunteer-links)"
    )
    consent: bool = Field(default=False, description="The resident agreed to the volunteer filing for them")
    consent_at: datetime | None = _CONSENT_AT
    processing_days: int | None = Field(
        default=None, ge=0, le=365, description="Thời hạn giải quyết (ngày làm việc), để tính due_at"
    )

    @model_validator(mode="after")
    def _on_behalf_needs_consent(self) -> DossierCreate:
        if self.on_behalf and not self.consent:
            raise ValueError("Tình nguyện viên chỉ được nộp hộ khi công dân đã đồng ý.")
        if self.on_behalf and self.sender_id is None:
            raise ValueError("Nộp hộ cần biết cuộc trò chuyện của tình nguyện viên (sender_id).")
        return self


class StatusChangeIn(_Input):
    status: DossierStatus
    note: str | None = Field(default=None, max_length=2000)


class LoginIn(_Input):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class UserCreate(_Input):
    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9._\-]+$")
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)
    role: Role


class OutboxAck(_Input):
    delivered: bool = True


# --- Feedback, handoff tickets, ratings, analytics --------------------------------------------------

_SENDER = Field(min_length=1, max_length=fields.SENDER_ID, description="The citizen's sender_id on that channel")
_IDEMPOTENCY_PATTERN = r"^[A-Za-z0-9._:\-]+$"


class ContactIn(_Input):
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, pattern=r"^\+?\d{8,15}$")
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    _blank_is_none = field_validator("name", "phone", "email", mode="before")(_blank_to_none)

    def is_empty(self) -> bool:
        return self.name is None and self.phone is None and self.email is None


class FeedbackCreate(_Input):
    category: FeedbackCategory
    content: str = Field(min_length=1, max_length=fields.FEEDBACK_CONTENT)
    receipt_code: str | None = Field(default=None, max_length=fields.RECEIPT_CODE, description="Mã hồ sơ liên quan")
    procedure_code: str | None = Field(default=None, max_length=fields.PROCEDURE_CODE)
    procedure_name: str | None = Field(default=None, max_length=fields.PROCEDURE_NAME)
    place: str | None = Field(default=None, max_length=fields.PLACE, description="Nơi xảy ra sự việc")
    anonymous: bool = Field(default=False, description="Ẩn danh: không kèm thông tin liên hệ")
    contact: ContactIn | None = None
    stored_file_id: int | None = Field(default=None, description="Tệp đính kèm đã tải lên qua POST /api/files")
    urgent: bool = False
    channel: Channel
    sender_id: str | None = Field(default=None, min_length=1, max_length=fields.SENDER_ID)
    consent_at: datetime | None = _CONSENT_AT
    idempotency_key: str | None = Field(
        default=None, min_length=8, max_length=fields.IDEMPOTENCY_KEY, pattern=_IDEMPOTENCY_PATTERN
    )

    @field_validator("receipt_code", "procedure_code", "procedure_name", "place", mode="before")
    @classmethod
    def _blank_optional_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _anonymous_has_no_contact(self) -> FeedbackCreate:
        if self.contact is not None and self.contact.is_empty():
            self.contact = None
        if self.anonymous and self.contact is not None:
            raise ValueError("Phản ánh ẩn danh thì không kèm thông tin liên hệ.")
        return self


class FeedbackStatusChangeIn(_Input):
    status: FeedbackStatus
    note: str | None = Field(default=None, max_length=2000, description="Trả lời / ghi chú gửi cho công dân")


class TranscriptEntryIn(_Input):
    author: Literal["citizen", "bot"]
    text: str = Field(max_length=fields.CHAT_TEXT)
    at: datetime | None = None


class TicketCreate(_Input):
    channel: Channel
    sender_id: str = _SENDER
    reason: TicketReason
    category: TicketCategory | None = Field(
        default=None, description="Default: the linked feedback's category, else ho_tro (hỗ trợ chung)"
    )
    priority: TicketPriority | None = Field(
        default=None, description="Default: urgent for urgent_complaint or urgent feedback, else normal"
    )
    summary: str | None = Field(
        default=None, max_length=fields.TICKET_SUMMARY, description="What the citizen needs, in a line"
    )
    feedback_code: str | None = Field(default=None, pattern=r"^PA-\d{4}-\d{6,}$")
    transcript: list[TranscriptEntryIn] = Field(default_factory=list, max_length=fields.TRANSCRIPT_LINES)


class TicketMessageIn(_Input):
    channel: Channel
    sender_id: str = _SENDER
    text: str = Field(min_length=1, max_length=fields.CHAT_TEXT)


class StaffReplyIn(_Input):
    text: str = Field(min_length=1, max_length=fields.CHAT_TEXT)


class TicketCloseIn(_Input):
    note: str | None = Field(default=None, max_length=2000, description="Internal note, not sent to the citizen")


class RatingCreate(_Input):
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=fields.COMMENT)
    receipt_code: str | None = Field(default=None, max_length=fields.RECEIPT_CODE, description="Rate a filed dossier")
    ticket_id: int | None = Field(default=None, description="Rate a finished handoff")
    channel: Channel
    sender_id: str = _SENDER

    @model_validator(mode="after")
    def _one_subject(self) -> RatingCreate:
        if (self.receipt_code is None) == (self.ticket_id is None):
            raise ValueError("Đánh giá phải gắn với đúng một hồ sơ (receipt_code) hoặc một yêu cầu hỗ trợ (ticket_id).")
        return self


class UnansweredIn(_Input):
    text: str = Field(min_length=1, max_length=fields.UNANSWERED_TEXT)
    reason: str | None = Field(
        default=None, max_length=fields.REASON, description="e.g. fallback, no_result, out_of_scope"
    )
    channel: Channel | None = None
    sender_id: str | None = Field(default=None, min_length=1, max_length=fields.SENDER_ID)


class ProcedureQueryIn(_Input):
    procedure_code: str = Field(min_length=1, max_length=fields.PROCEDURE_CODE)
    procedure_name: str = Field(min_length=1, max_length=fields.PROCEDURE_NAME)
    channel: Channel | None = None
    sender_id: str | None = Field(default=None, min_length=1, max_length=fields.SENDER_ID)


class OutboxTakeIn(_Input):
    channel: Channel
    sender_id: str = _SENDER
    limit: int = Field(default=50, ge=1, le=200)


class OutboxCreateIn(_Input):
    """A message for one chat, queued by the bot (e.g. a receipt code obtained after an outage)."""

    channel: Channel
    sender_id: str = _SENDER
    text: str = Field(min_length=1, max_length=fields.CHAT_TEXT)
    receipt_code: str | None = Field(
        default=None, max_length=fields.RECEIPT_CODE, description="Links the message to this dossier"
    )


class ChatIn(_Input):
    """One chat: a channel and the citizen's (or volunteer's) sender_id on it."""

    channel: Channel
    sender_id: str = _SENDER


class StoredDocumentCreate(ChatIn):
    """A paper kept in the personal store of a citizen record the chat (channel, sender_id) owns."""

    kind: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=255)
    stored_file_id: int


class VolunteerLinkIn(ChatIn):
    code: str = Field(min_length=1, max_length=32, description="The one-time code shown in the console")

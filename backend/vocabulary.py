"""Closed sets of values (statuses, channels, ...) and their Vietnamese labels."""

from __future__ import annotations

from enum import StrEnum


class DossierStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    NEED_MORE_INFO = "need_more_info"
    COMPLETED = "completed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


STATUS_LABELS: dict[DossierStatus, str] = {
    DossierStatus.RECEIVED: "Đã tiếp nhận",
    DossierStatus.PROCESSING: "Đang xử lý",
    DossierStatus.NEED_MORE_INFO: "Cần bổ sung hồ sơ",
    DossierStatus.COMPLETED: "Đã có kết quả",
    DossierStatus.REJECTED: "Từ chối giải quyết",
    DossierStatus.CANCELLED: "Đã hủy",
}

# Which status a dossier may move to from each status; terminal statuses map to nothing.
ALLOWED_TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    DossierStatus.RECEIVED: frozenset(
        {
            DossierStatus.PROCESSING,
            DossierStatus.NEED_MORE_INFO,
            DossierStatus.COMPLETED,
            DossierStatus.REJECTED,
            DossierStatus.CANCELLED,
        }
    ),
    DossierStatus.PROCESSING: frozenset(
        {DossierStatus.NEED_MORE_INFO, DossierStatus.COMPLETED, DossierStatus.REJECTED, DossierStatus.CANCELLED}
    ),
    DossierStatus.NEED_MORE_INFO: frozenset(
        {DossierStatus.PROCESSING, DossierStatus.REJECTED, DossierStatus.CANCELLED}
    ),
    DossierStatus.COMPLETED: frozenset(),
    DossierStatus.REJECTED: frozenset(),
    DossierStatus.CANCELLED: frozenset(),
}


class Channel(StrEnum):
    REST = "rest"
    TELEGRAM = "telegram"
    ZALO = "zalo"
    WEB = "web"


class DeliveryMethod(StrEnum):
    OFFICE = "office"
    POSTAL = "postal"
    ONLINE = "online"


DELIVERY_LABELS: dict[DeliveryMethod, str] = {
    DeliveryMethod.OFFICE: "Nhận kết quả tại bộ phận một cửa",
    DeliveryMethod.POSTAL: "Nhận kết quả qua bưu chính",
    DeliveryMethod.ONLINE: "Nhận kết quả trực tuyến",
}


class Provision(StrEnum):
    """How one document of a dossier is supplied."""

    UPLOADED = "uploaded"
    REUSED = "reused"
    PAPER_AT_OFFICE = "paper_at_office"
    NOT_APPLICABLE = "not_applicable"


class Role(StrEnum):
    STAFF = "staff"  # officers of the one-stop desk: read and update dossiers
    ADMIN = "admin"  # staff rights plus user management
    VOLUNTEER = "volunteer"  # may file on a citizen's behalf (with consent); no staff rights


STAFF_ROLES = frozenset({Role.STAFF, Role.ADMIN})


class DeletionStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"


def dossier_in_progress(status: str) -> bool:
    """A dossier that can still move on (not completed, rejected or cancelled)."""
    return bool(ALLOWED_TRANSITIONS[DossierStatus(status)])


def status_label(status: str) -> str:
    return STATUS_LABELS[DossierStatus(status)]


def sql_in_list(values: type[StrEnum]) -> str:
    """``'a', 'b'`` for a CHECK constraint over an enum's values."""
    return ", ".join(f"'{v.value}'" for v in values)


# --- Feedback (phản ánh, kiến nghị), handoff tickets, ratings -------------------------------------


class FeedbackCategory(StrEnum):
    STAFF_ATTITUDE = "thai_do_can_bo"
    DELAY = "cham_tre"
    RED_TAPE = "thu_tuc_ruom_ra"
    SUGGESTION = "de_xuat"
    OTHER = "khac"


FEEDBACK_CATEGORY_LABELS: dict[FeedbackCategory, str] = {
    FeedbackCategory.STAFF_ATTITUDE: "Thái độ cán bộ",
    FeedbackCategory.DELAY: "Chậm trễ",
    FeedbackCategory.RED_TAPE: "Thủ tục rườm rà",
    FeedbackCategory.SUGGESTION: "Đề xuất",
    FeedbackCategory.OTHER: "Khác",
}


class FeedbackStatus(StrEnum):
    NEW = "new"
    PROCESSING = "processing"
    ANSWERED = "answered"
    CLOSED = "closed"


FEEDBACK_STATUS_LABELS: dict[FeedbackStatus, str] = {
    FeedbackStatus.NEW: "Đã tiếp nhận",
    FeedbackStatus.PROCESSING: "Đang xử lý",
    FeedbackStatus.ANSWERED: "Đã trả lời",
    FeedbackStatus.CLOSED: "Đã đóng",
}

FEEDBACK_TRANSITIONS: dict[FeedbackStatus, frozenset[FeedbackStatus]] = {
    FeedbackStatus.NEW: frozenset({FeedbackStatus.PROCESSING, FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED}),
    FeedbackStatus.PROCESSING: frozenset({FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED}),
    FeedbackStatus.ANSWERED: frozenset({FeedbackStatus.PROCESSING, FeedbackStatus.CLOSED}),
    FeedbackStatus.CLOSED: frozenset(),
}


class TicketCategory(StrEnum):
    """What a handoff is about: a feedback category, or general help (hỗ trợ chung)."""

    STAFF_ATTITUDE = "thai_do_can_bo"
    DELAY = "cham_tre"
    RED_TAPE = "thu_tuc_ruom_ra"
    SUGGESTION = "de_xuat"
    OTHER = "khac"
    SUPPORT = "ho_tro"


TICKET_CATEGORY_LABELS: dict[TicketCategory, str] = {
    **{TicketCategory(c.value): label for c, label in FEEDBACK_CATEGORY_LABELS.items()},
    TicketCategory.SUPPORT: "Hỗ trợ chung",
}


class TicketReason(StrEnum):
    REQUEST = "request"  # the citizen asked for a person
    FALLBACK = "fallback"  # the assistant failed twice in a row
    URGENT_COMPLAINT = "urgent_complaint"


TICKET_REASON_LABELS: dict[TicketReason, str] = {
    TicketReason.REQUEST: "Công dân yêu cầu gặp cán bộ",
    TicketReason.FALLBACK: "Trợ lý không hiểu câu hỏi hai lần liên tiếp",
    TicketReason.URGENT_COMPLAINT: "Phản ánh khẩn",
}


class TicketPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


TICKET_PRIORITY_LABELS: dict[TicketPriority, str] = {
    TicketPriority.LOW: "Thấp",
    TicketPriority.NORMAL: "Bình thường",
    TicketPriority.HIGH: "Cao",
    TicketPriority.URGENT: "Khẩn",
}

# Sort order of the queue after the SLA deadline: most urgent first.
PRIORITY_RANK: dict[str, int] = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


class TicketStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


TICKET_STATUS_LABELS: dict[TicketStatus, str] = {
    TicketStatus.OPEN: "Đang mở",
    TicketStatus.CLOSED: "Đã đóng",
}


class MessageAuthor(StrEnum):
    CITIZEN = "citizen"
    STAFF = "staff"
    SYSTEM = "system"


class RatingSubject(StrEnum):
    DOSSIER = "dossier"
    TICKET = "ticket"

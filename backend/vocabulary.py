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


def status_label(status: str) -> str:
    return STATUS_LABELS[DossierStatus(status)]


def sql_in_list(values: type[StrEnum]) -> str:
    """``'a', 'b'`` for a CHECK constraint over an enum's values."""
    return ", ".join(f"'{v.value}'" for v in values)

"""Constants and payload builders shared by the backend tests."""
from __future__ import annotations

from pathlib import Path

SERVICE_TOKEN = "test-service-token-0123456789"
TOKEN_SECRET = "test-token-secret-0123456789"
UPLOAD_LIMIT = 200 * 1024
PASSWORD = "mat-khau-an-toan-1"


def dossier_payload(key: str = "key-00000001", **overrides) -> dict:
    payload = {
        "idempotency_key": key,
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "applicant": {
            "full_name": "Nguyễn Thị Lan",
            "cccd": "001203004567",
            "phone": "0912 345 678",
            "address": "12 Hàng Bạc",
            "ward": "Phường Hoàn Kiếm",
        },
        "channel": "telegram",
        "sender_id": "tg-1001",
        "delivery_method": "office",
        "documents": [{"name": "Tờ khai đăng ký khai sinh", "provision": "paper_at_office"}],
    }
    payload.update(overrides)
    return payload


def settings_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "MOTCUA_VAR_DIR": str(tmp_path / "var"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "UPLOAD_MAX_BYTES": str(UPLOAD_LIMIT),
        "SERVICE_TOKEN": SERVICE_TOKEN,
        "TOKEN_SECRET": TOKEN_SECRET,
    }

"""Citizen-facing constants of the assistant (one place to adapt to a province or a deployment)."""

import os

HOTLINE = os.environ.get("MOTCUA_HOTLINE", "1800 1096")  # tổng đài hỗ trợ Cổng Dịch vụ công quốc gia (miễn phí)
PORTAL = os.environ.get("MOTCUA_PORTAL", "dichvucong.gov.vn")
MAX_QUERY_CHARS = 300  # longer messages are cut before searching
KB_WAIT_SECONDS = float(os.environ.get("MOTCUA_KB_WAIT_SECONDS", "90"))  # first load builds the index (~1 min)
# Conversations are kept this many days, then deleted (the backend's retention command reads the same variable).
RETENTION_DAYS = int(os.environ.get("MOTCUA_RETENTION_DAYS", "90"))
DELETION_HOURS = 72  # Nghị định 13/2023/NĐ-CP: a deletion request is carried out within 72 hours

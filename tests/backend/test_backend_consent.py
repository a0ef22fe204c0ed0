"""The moment a citizen agreed to the processing of their personal data (``consent_at``), stored with the dossier or
feedback it was given for and shown to staff. Before: the bot asked, but the backend refused the field (422)."""

from __future__ import annotations

from backend_helpers import dossier_payload
from support_helpers import console_login, feedback_payload

CONSENT_AT = "2026-11-30T01:02:03Z"  # 08:02 in Vietnam
SHOWN = "Đồng ý xử lý dữ liệu lúc 30/11/2026 08:02"


def test_a_dossier_records_when_the_citizen_consented(client, service_headers, staff_headers) -> None:
    filed = client.post("/api/dossiers", json=dossier_payload(consent_at=CONSENT_AT), headers=service_headers)
    assert filed.status_code == 201, filed.text
    assert filed.json()["consent_at"] == "2026-11-30T01:02:03Z"
    without = client.post("/api/dossiers", json=dossier_payload("key-00000002"), headers=service_headers)
    assert without.json()["consent_at"] is None
    console_login(client, "canbo")
    assert SHOWN in client.get("/console/dossiers").text
    bad = client.post(
        "/api/dossiers", json=dossier_payload("key-00000003", consent_at="hôm qua"), headers=service_headers
    )
    assert bad.status_code == 422


def test_feedback_records_when_the_citizen_consented(client, service_headers, staff_headers) -> None:
    filed = client.post("/api/feedback", json=feedback_payload(consent_at=CONSENT_AT), headers=service_headers)
    assert filed.status_code == 201, filed.text
    code = filed.json()["tracking_code"]
    staff_view = client.get(f"/api/feedback/{code}", headers=staff_headers).json()
    assert staff_view["consent_at"] == "2026-11-30T01:02:03Z"
    console_login(client, "canbo")
    assert SHOWN in client.get(f"/console/feedback/{code}").text

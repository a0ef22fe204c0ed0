from backend_helpers import dossier_payload, link_volunteer
from sqlalchemy import func, select

from backend.models import Citizen, Dossier
from backend.receipt import RECEIPT_CODE_RE


def test_filing_returns_201_with_a_receipt_code(client, service_headers) -> None:
    response = client.post("/api/dossiers", json=dossier_payload(processing_days=5), headers=service_headers)
    assert response.status_code == 201
    body = response.json()
    assert RECEIPT_CODE_RE.match(body["receipt_code"]) and len(body["receipt_code"]) == len("HS-2026-") + 9
    assert body["status"] == "received"
    assert body["status_label"] == "Đã tiếp nhận"
    assert body["documents"] == [
        {
            "name": "Tờ khai đăng ký khai sinh",
            "provision": "paper_at_office",
            "stored_file_id": None,
            "stored_document_id": None,
        }
    ]
    assert [h["to_status"] for h in body["history"]] == ["received"]
    assert body["due_at"] > body["created_at"]


def test_repeat_with_same_idempotency_key_returns_the_same_dossier(client, service_headers, sessions) -> None:
    first = client.post("/api/dossiers", json=dossier_payload("same-key-1"), headers=service_headers)
    second = client.post("/api/dossiers", json=dossier_payload("same-key-1"), headers=service_headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["receipt_code"] == first.json()["receipt_code"]
    other = client.post("/api/dossiers", json=dossier_payload("other-key-2"), headers=service_headers)
    assert other.status_code == 201
    assert other.json()["receipt_code"] != first.json()["receipt_code"]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 2
        assert s.scalar(select(func.count()).select_from(Citizen)) == 1


def test_lookup_masks_personal_data_for_the_bot_but_not_for_staff(client, service_headers, staff_headers) -> None:
    code = client.post("/api/dossiers", json=dossier_payload(), headers=service_headers).json()["receipt_code"]

    chat = {"channel": "telegram", "sender_id": "tg-1001"}
    bot = client.get(f"/api/dossiers/{code}", params=chat, headers=service_headers)
    assert bot.status_code == 200
    applicant = bot.json()["applicant"]
    assert applicant["cccd"] == "*********567"
    assert applicant["phone"] == "*******678"
    assert applicant["address"] is None
    assert "001203004567" not in bot.text

    staff = client.get(f"/api/dossiers/{code}", headers=staff_headers)
    assert staff.json()["applicant"]["cccd"] == "001203004567"
    assert staff.json()["applicant"]["phone"] == "0912345678"
    assert staff.json()["applicant"]["address"] == "12 Hàng Bạc"


def test_unknown_receipt_code_is_404_in_vietnamese(client, service_headers) -> None:
    response = client.get("/api/dossiers/HS-2026-999999", headers=service_headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy hồ sơ HS-2026-999999."}


def test_invalid_input_is_422_with_vietnamese_messages(client, service_headers) -> None:
    payload = dossier_payload()
    payload["applicant"]["cccd"] = "12345"
    payload["channel"] = "fax"
    response = client.post("/api/dossiers", json=payload, headers=service_headers)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["applicant.cccd"] == "Số CCCD phải gồm đúng 12 chữ số."
    assert "channel" in fields
    assert "Traceback" not in response.text


def test_uploaded_document_must_reference_an_existing_file(client, service_headers) -> None:
    payload = dossier_payload(documents=[{"name": "Ảnh CCCD", "provision": "uploaded", "stored_file_id": 4242}])
    response = client.post("/api/dossiers", json=payload, headers=service_headers)
    assert response.status_code == 422
    assert "Ảnh CCCD" in response.json()["detail"]
    missing_id = dossier_payload(documents=[{"name": "Ảnh CCCD", "provision": "uploaded"}])
    assert client.post("/api/dossiers", json=missing_id, headers=service_headers).status_code == 422


def test_volunteer_filing_records_consent(client, settings, sessions, service_headers, volunteer_headers) -> None:
    assert link_volunteer(client, settings, sessions, "tinhnguyen", "telegram", "tg-volunteer").status_code == 201
    payload = dossier_payload(on_behalf=True, consent=True, sender_id="tg-volunteer")
    response = client.post("/api/dossiers", json=payload, headers=service_headers)
    assert response.status_code == 201
    body = response.json()
    assert body["filed_by_volunteer"] == "tinhnguyen"
    assert body["consent_recorded"] is True
    assert body["history"][0]["by"] == "volunteer:tinhnguyen"
    # The volunteer's chat is not recorded as the citizen's own.
    mine = client.get("/api/citizens/by-sender/telegram/tg-volunteer", headers=service_headers)
    assert mine.json() == []


def test_volunteer_filing_without_consent_or_without_a_link_is_refused(
    client, settings, sessions, service_headers, volunteer_headers
) -> None:
    assert link_volunteer(client, settings, sessions, "tinhnguyen", "telegram", "tg-1001").status_code == 201
    no_consent = dossier_payload("vol-key-1", on_behalf=True, consent=False)
    response = client.post("/api/dossiers", json=no_consent, headers=service_headers)
    assert response.status_code == 422
    assert "đồng ý" in response.json()["errors"][0]["message"]
    unlinked = dossier_payload("vol-key-2", on_behalf=True, consent=True, sender_id="tg-not-linked")
    response = client.post("/api/dossiers", json=unlinked, headers=service_headers)
    assert response.status_code == 403
    assert response.json()["code"] == "volunteer_link_required"


def test_a_typed_volunteer_name_proves_nothing(client, service_headers, volunteer_headers, admin_headers) -> None:
    """Issue 9: any chat typing an account name (even an admin's) filed "as" that volunteer."""
    for username in ("tinhnguyen", "quantri"):
        payload = dossier_payload(f"typed-{username}", filed_by_volunteer={"username": username, "consent": True})
        response = client.post("/api/dossiers", json=payload, headers=service_headers)
        assert response.status_code == 422, response.text
        assert username not in response.text


def test_my_dossiers_by_chat_identity(client, service_headers) -> None:
    a = client.post("/api/dossiers", json=dossier_payload("mine-key-1"), headers=service_headers).json()
    b = client.post(
        "/api/dossiers",
        json=dossier_payload("mine-key-2", procedure_name="Cấp bản sao trích lục"),
        headers=service_headers,
    ).json()
    stranger = dossier_payload("other-key-3", sender_id="tg-2002")
    stranger["applicant"]["cccd"] = "079000000001"
    client.post("/api/dossiers", json=stranger, headers=service_headers)

    response = client.get("/api/citizens/by-sender/telegram/tg-1001/dossiers", headers=service_headers)
    assert response.status_code == 200
    assert [d["receipt_code"] for d in response.json()] == [b["receipt_code"], a["receipt_code"]]
    assert response.json()[0]["status_label"] == "Đã tiếp nhận"
    assert client.get("/api/citizens/by-sender/zalo/tg-1001/dossiers", headers=service_headers).json() == []


def test_staff_listing_filters_by_status(client, service_headers, staff_headers) -> None:
    codes = [
        client.post("/api/dossiers", json=dossier_payload(f"list-key-{i}"), headers=service_headers).json()[
            "receipt_code"
        ]
        for i in range(3)
    ]
    client.patch(f"/api/dossiers/{codes[0]}", json={"status": "processing"}, headers=staff_headers)
    everything = client.get("/api/dossiers", headers=staff_headers).json()
    assert everything["total"] == 3
    processing = client.get("/api/dossiers?status=processing", headers=staff_headers).json()
    assert [d["receipt_code"] for d in processing["items"]] == [codes[0]]
    assert processing["total"] == 1
    assert client.get("/api/dossiers?status=lost", headers=staff_headers).status_code == 422


def test_losing_the_idempotency_race_returns_the_winners_dossier(sessions, monkeypatch) -> None:
    """The path taken when two requests pass the existence check at once: unique violation, re-read."""
    from backend.schemas import DossierCreate
    from backend.services import dossiers as service

    with sessions() as s:
        winner, created = service.create_dossier(s, DossierCreate(**dossier_payload("race-lost-1")))
    assert created

    real_find = service.find_by_idempotency_key
    calls: list[str] = []

    def blind_first_time(session, key):
        calls.append(key)
        return None if len(calls) == 1 else real_find(session, key)

    monkeypatch.setattr(service, "find_by_idempotency_key", blind_first_time)
    with sessions() as s:
        loser, created = service.create_dossier(s, DossierCreate(**dossier_payload("race-lost-1")))
    assert created is False
    assert loser.receipt_code == winner.receipt_code
    assert len(calls) == 2
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 1


def test_blank_optional_applicant_fields_are_treated_as_missing(client, service_headers, staff_headers) -> None:
    payload = dossier_payload("blank-key-1")
    payload["applicant"].update({"cccd": "", "phone": "  ", "address": ""})
    response = client.post("/api/dossiers", json=payload, headers=service_headers)
    assert response.status_code == 201
    applicant = client.get(f"/api/dossiers/{response.json()['receipt_code']}", headers=staff_headers).json()[
        "applicant"
    ]
    assert (applicant["cccd"], applicant["phone"], applicant["address"]) == (None, None, None)

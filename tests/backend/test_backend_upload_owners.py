"""Uploads and personal-store papers bound to their chat (follow-up to issue 9, defence in depth behind the
channels' own checks).

Before: ``POST /api/citizens/{id}/documents`` put a paper into any citizen record whose id the caller named, and a
dossier, personal-store paper or feedback could refer to any ``stored_file_id``, whoever uploaded it.
"""

from __future__ import annotations

from backend_helpers import dossier_payload
from support_helpers import feedback_payload

from backend.models import StoredFileOwner

VICTIM = {"channel": "telegram", "sender_id": "tg-victim"}
ATTACKER = {"channel": "web", "sender_id": "web-attacker"}
PDF = b"%PDF-1.4\nmy birth certificate\n"


def _upload(client, headers, content: bytes = PDF, chat: dict | None = None, as_query: bool = False) -> int:
    files = {"file": ("p.pdf", content, "application/pdf")}
    if as_query:
        response = client.post("/api/files", files=files, params=chat, headers=headers)
    else:
        response = client.post("/api/files", files=files, data=chat or {}, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()["stored_file_id"]


def _uploaded_paper(file_id: int) -> dict:
    return {"name": "Giấy khai sinh", "provision": "uploaded", "stored_file_id": file_id}


def _citizen_of(client, headers, chat: dict, key: str) -> int:
    response = client.post("/api/dossiers", json=dossier_payload(key, **chat), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["applicant"]["citizen_id"]


def _keep(client, headers, citizen_id: int, file_id: int, chat: dict):
    body = {"kind": "giay_khai_sinh", "name": "Giấy khai sinh", "stored_file_id": file_id, **chat}
    return client.post(f"/api/citizens/{citizen_id}/documents", json=body, headers=headers)


def test_the_personal_store_of_another_chats_citizen_is_answered_as_unknown(client, service_headers) -> None:
    victim = _citizen_of(client, service_headers, VICTIM, "own-key-01")
    attackers_file = _upload(client, service_headers, PDF + b"forged", ATTACKER)
    planted = _keep(client, service_headers, victim, attackers_file, ATTACKER)
    assert planted.status_code == 404
    assert planted.json()["detail"] == _keep(client, service_headers, 999999, attackers_file, ATTACKER).json()["detail"]
    victims_file = _upload(client, service_headers, PDF, VICTIM)
    assert _keep(client, service_headers, victim, victims_file, VICTIM).status_code == 201


def test_the_personal_store_needs_the_chat(client, service_headers) -> None:
    victim = _citizen_of(client, service_headers, VICTIM, "own-key-02")
    body = {"kind": "giay_khai_sinh", "name": "Giấy khai sinh", "stored_file_id": _upload(client, service_headers)}
    assert client.post(f"/api/citizens/{victim}/documents", json=body, headers=service_headers).status_code == 422


def test_an_upload_records_its_chat_by_form_field_or_query(client, sessions, service_headers) -> None:
    by_form = _upload(client, service_headers, PDF + b"1", VICTIM)
    by_query = _upload(client, service_headers, PDF + b"2", VICTIM, as_query=True)
    again = _upload(client, service_headers, PDF + b"1", VICTIM)
    shared = _upload(client, service_headers, PDF + b"1", ATTACKER)  # same content: the same record, one more owner
    assert by_form == again == shared
    with sessions() as s:
        owners = {(o.stored_file_id, o.channel, o.sender_id) for o in s.query(StoredFileOwner).all()}
        assert s.query(StoredFileOwner).count() == 3
    assert owners == {(by_form, *VICTIM.values()), (by_query, *VICTIM.values()), (by_form, *ATTACKER.values())}
    half = client.post(
        "/api/files",
        files={"file": ("p.pdf", PDF, "application/pdf")},
        data={"channel": "web"},
        headers=service_headers,
    )
    assert half.status_code == 422


def test_another_chats_upload_cannot_be_filed(client, service_headers) -> None:
    victims_file = _upload(client, service_headers, PDF, VICTIM)
    dossier = dossier_payload("own-key-03", documents=[_uploaded_paper(victims_file)], **ATTACKER)
    refused = client.post("/api/dossiers", json=dossier, headers=service_headers)
    unknown = client.post(
        "/api/dossiers", json={**dossier, "documents": [_uploaded_paper(999999)]}, headers=service_headers
    )
    assert (refused.status_code, refused.json()["detail"]) == (422, unknown.json()["detail"])
    feedback = feedback_payload(stored_file_id=victims_file, **ATTACKER)
    assert client.post("/api/feedback", json=feedback, headers=service_headers).status_code == 422
    attacker = _citizen_of(client, service_headers, ATTACKER, "own-key-04")
    assert _keep(client, service_headers, attacker, victims_file, ATTACKER).status_code == 422
    anonymous = feedback_payload(stored_file_id=victims_file, channel="web", sender_id=None)
    assert client.post("/api/feedback", json=anonymous, headers=service_headers).status_code == 422

    filed = client.post(
        "/api/dossiers",
        json=dossier_payload("own-key-05", documents=[_uploaded_paper(victims_file)], **VICTIM),
        headers=service_headers,
    )
    assert filed.status_code == 201, filed.text
    feedback = feedback_payload(stored_file_id=victims_file, idempotency_key="own-fb-01", **VICTIM)
    assert client.post("/api/feedback", json=feedback, headers=service_headers).status_code == 201


def test_an_upload_without_an_owner_keeps_working_for_any_chat(client, service_headers) -> None:
    old_style = _upload(client, service_headers)
    dossier = dossier_payload("own-key-06", documents=[_uploaded_paper(old_style)], **ATTACKER)
    assert client.post("/api/dossiers", json=dossier, headers=service_headers).status_code == 201

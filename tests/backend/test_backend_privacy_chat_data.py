"""Deletion requests and retention also reach the Zalo tables and a chat's uploads (follow-up to issue 9).

Before: a Zalo chat's id stayed in ``zalo_contacts`` (with the choices last offered to it) and ``zalo_events``
after its deletion request and forever under retention; a chat's staged uploads nothing used survived its deletion
request.
"""

from __future__ import annotations

from datetime import timedelta

from backend_helpers import dossier_payload
from support_helpers import console_login

from backend.models import DeletionRequest, StoredFile, StoredFileOwner, ZaloContact, ZaloEvent
from backend.services.retention import run_retention
from backend.services.zalo_chats import EVENT_RETENTION
from backend.timeutil import utcnow

ZALO_CHAT = {"channel": "zalo", "sender_id": "zl-1000000000000000001"}
OTHER_ZALO = {"channel": "zalo", "sender_id": "zl-1000000000000000002"}
PDF = b"%PDF-1.4\nmy paper\n"


def _take(client, headers, key: str, sender_id: str) -> None:
    body = {"event_key": key, "sender_id": sender_id, "citizen_message": True}
    assert client.post("/api/zalo/events", json=body, headers=headers).json()["new"] is True


def _upload(client, headers, content: bytes, chat: dict) -> int:
    files = {"file": ("p.pdf", content, "application/pdf")}
    return client.post("/api/files", files=files, data=chat, headers=headers).json()["stored_file_id"]


def _carry_out(client, sessions, headers, chat: dict) -> str:
    client.post("/api/deletion-requests", json=chat, headers=headers)
    csrf = console_login(client, "canbo")
    with sessions() as s:
        request_id = s.query(DeletionRequest).one().id
    client.post(f"/console/deletion-requests/{request_id}/execute", data={"csrf_token": csrf})
    with sessions() as s:
        record = s.get(DeletionRequest, request_id)
        assert record.status == "done"
        return record.note


def test_a_deletion_request_forgets_the_zalo_chat(client, sessions, service_headers, staff_headers) -> None:
    _take(client, service_headers, "msg:1", ZALO_CHAT["sender_id"])
    _take(client, service_headers, "msg:2", OTHER_ZALO["sender_id"])
    choices = {"numbered": ['/choose_option{"i": 1}']}
    client.put(f"/api/zalo/contacts/{ZALO_CHAT['sender_id']}/choices", json=choices, headers=service_headers)

    note = _carry_out(client, sessions, service_headers, ZALO_CHAT)

    with sessions() as s:
        assert [c.sender_id for c in s.query(ZaloContact).all()] == [OTHER_ZALO["sender_id"]]
        events = {e.event_key: e.sender_id for e in s.query(ZaloEvent).all()}
    assert events == {"msg:1": "(đã xóa)", "msg:2": OTHER_ZALO["sender_id"]}
    assert "Zalo" in note
    # The key stays: Zalo retrying the event is still recognised.
    retry = {"event_key": "msg:1", "sender_id": ZALO_CHAT["sender_id"], "citizen_message": True}
    assert client.post("/api/zalo/events", json=retry, headers=service_headers).json()["new"] is False


def test_a_deletion_request_deletes_the_chats_unused_uploads(client, sessions, service_headers, staff_headers) -> None:
    staged = _upload(client, service_headers, PDF + b"staged", ZALO_CHAT)
    shared = _upload(client, service_headers, PDF + b"shared", ZALO_CHAT)
    assert _upload(client, service_headers, PDF + b"shared", OTHER_ZALO) == shared
    filed = _upload(client, service_headers, PDF + b"filed", ZALO_CHAT)
    paper = {"name": "Giấy khai sinh", "provision": "uploaded", "stored_file_id": filed}
    dossier = client.post(
        "/api/dossiers", json=dossier_payload("del-up-01", documents=[paper], **ZALO_CHAT), headers=service_headers
    )
    assert dossier.status_code == 201, dossier.text

    _carry_out(client, sessions, service_headers, ZALO_CHAT)

    with sessions() as s:
        assert s.get(StoredFile, staged) is None
        assert s.get(StoredFile, shared) is not None and s.get(StoredFile, filed) is not None
        senders = {o.sender_id for o in s.query(StoredFileOwner).all()}
    assert senders == {"(đã xóa)", OTHER_ZALO["sender_id"]}
    # The filed upload stays with its dossier, and no chat may file it again.
    again = dossier_payload("del-up-02", documents=[paper], **ZALO_CHAT)
    assert client.post("/api/dossiers", json=again, headers=service_headers).status_code == 422


def test_retention_deletes_silent_zalo_contacts_and_old_event_keys(client, settings, sessions, service_headers):
    _take(client, service_headers, "msg:old", ZALO_CHAT["sender_id"])
    _take(client, service_headers, "msg:recent", OTHER_ZALO["sender_id"])
    _take(client, service_headers, "msg:yesterday", OTHER_ZALO["sender_id"])
    now = utcnow()
    with sessions() as s:
        s.get(ZaloContact, ZALO_CHAT["sender_id"]).last_message_at = now - timedelta(days=100)
        s.get(ZaloEvent, "msg:old").received_at = now - timedelta(days=100)
        s.get(ZaloEvent, "msg:yesterday").received_at = now - EVENT_RETENTION + timedelta(hours=1)
        s.get(ZaloEvent, "msg:recent").received_at = now - EVENT_RETENTION - timedelta(hours=1)  # past dedupe
        s.commit()

    with sessions() as s:
        dry = run_retention(s, settings.upload_dir, settings.tracker_db_url, days=90, dry_run=True, now=now)
    assert (dry["zalo_contacts"], dry["zalo_events"]) == (1, 2)
    with sessions() as s:
        assert run_retention(s, settings.upload_dir, settings.tracker_db_url, days=90, now=now) == dry
    with sessions() as s:
        assert [c.sender_id for c in s.query(ZaloContact).all()] == [OTHER_ZALO["sender_id"]]
        assert [e.event_key for e in s.query(ZaloEvent).all()] == ["msg:yesterday"]

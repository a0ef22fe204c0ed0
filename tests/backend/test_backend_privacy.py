"""Issue 9, personal data (Nghị định 13/2023/NĐ-CP): deletion requests, retention, private file modes.

Before: nothing was ever deleted (trackers and the backend DB kept CCCD, phone and address in plain
text forever) and data files were created 0644.
"""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from backend_helpers import dossier_payload, settings_env
from sqlalchemy import create_engine, text
from support_helpers import console_login, feedback_payload, ticket_payload

from backend.models import (
    Citizen,
    DeletionRequest,
    Feedback,
    OutboxMessage,
    StoredDocument,
    StoredFile,
    Ticket,
    TicketMessage,
    UnansweredQuestion,
)
from backend.services.retention import run_retention
from backend.settings import PROJECT_ROOT, load_settings
from backend.timeutil import utcnow

CHAT = {"channel": "web", "sender_id": "web-citizen-1"}
OTHER = {"channel": "web", "sender_id": "web-other"}
PDF = b"%PDF-1.4\nmy paper\n"


def _tracker(path: Path, rows: list[tuple[str, float]]) -> str:
    """A rasa 3.6 SQL tracker store (table ``events``) holding ``rows`` of (sender_id, timestamp)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255),"
                " timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
            )
        )
        for sender, at in rows:
            insert = "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, '{}')"
            conn.execute(text(insert), {"s": sender, "t": at})
    engine.dispose()
    return url


def _tracker_senders(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        senders = [r[0] for r in conn.execute(text("SELECT sender_id FROM events ORDER BY id"))]
    engine.dispose()
    return senders


def _file_with_stored_paper(client, service_headers, key: str, chat: dict) -> str:
    upload = client.post(
        "/api/files", files={"file": ("p.pdf", PDF + key.encode(), "application/pdf")}, headers=service_headers
    ).json()
    document = {
        "name": "Ảnh CCCD",
        "provision": "uploaded",
        "stored_file_id": upload["stored_file_id"],
        "keep_in_store": True,
        "kind": "cccd",
    }
    response = client.post(
        "/api/dossiers", json=dossier_payload(key, documents=[document], **chat), headers=service_headers
    )
    assert response.status_code == 201, response.text
    return response.json()["receipt_code"]


def test_a_chat_records_one_pending_deletion_request(client, service_headers) -> None:
    first = client.post("/api/deletion-requests", json=CHAT, headers=service_headers)
    second = client.post("/api/deletion-requests", json=CHAT, headers=service_headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and first.json()["status"] == "pending"
    assert client.post("/api/deletion-requests", json=CHAT).status_code == 401


def test_staff_carry_out_a_deletion_request(
    client, settings, sessions, service_headers, staff_headers, tmp_path
) -> None:
    tracker = _tracker(
        Path(settings.tracker_db_url.removeprefix("sqlite:///")),
        [(CHAT["sender_id"], time.time()), (OTHER["sender_id"], time.time())],
    )
    done_code = _file_with_stored_paper(client, service_headers, "del-key-1", CHAT)
    completed = client.patch(f"/api/dossiers/{done_code}", json={"status": "completed"}, headers=staff_headers)
    assert completed.status_code == 200
    other_code = _file_with_stored_paper(client, service_headers, "del-key-2", OTHER)
    ticket = client.post("/api/tickets", json=ticket_payload(), headers=service_headers).json()
    client.post(f"/api/tickets/{ticket['id']}/close", json={}, headers=staff_headers)
    client.post("/api/analytics/unanswered", json={"text": "số tôi là 0912345678", **CHAT}, headers=service_headers)
    closed = client.post("/api/feedback", json=feedback_payload(), headers=service_headers).json()["tracking_code"]
    client.patch(f"/api/feedback/{closed}", json={"status": "closed"}, headers=staff_headers)
    still_open = client.post(
        "/api/feedback", json=feedback_payload(idempotency_key="open-fb-1"), headers=service_headers
    ).json()["tracking_code"]
    client.post("/api/deletion-requests", json=CHAT, headers=service_headers)

    csrf = console_login(client, "canbo")
    page = client.get("/console/deletion-requests")
    assert page.status_code == 200 and "Thực hiện xóa" in page.text
    with sessions() as s:
        request_id = s.query(DeletionRequest).one().id
    client.post(f"/console/deletion-requests/{request_id}/execute", data={"csrf_token": csrf})

    with sessions() as s:
        record = s.query(DeletionRequest).one()
        assert record.status == "done" and record.done_by_user_id is not None and record.done_at is not None
        mine = s.query(Citizen).filter_by(**CHAT).one()
        assert (mine.full_name, mine.cccd, mine.phone, mine.address) == ("(đã xóa)", None, None, None)
        other = s.query(Citizen).filter_by(**OTHER).one()
        assert other.cccd == "001203004567"  # another chat's record is untouched
        assert s.query(StoredDocument).filter_by(citizen_id=mine.id).count() == 0
        assert s.query(StoredDocument).filter_by(citizen_id=other.id).count() == 1
        ticket = s.get(Ticket, ticket["id"])
        assert ticket.transcript == [] and ticket.summary is None and ticket.sender_id == "(đã xóa)"
        assert {m.text for m in s.query(TicketMessage).all()} <= {"(đã xóa)"}
        assert s.query(UnansweredQuestion).count() == 0
        assert {(m.recipient, m.text) for m in s.query(OutboxMessage).all()} == {("(đã xóa)", "(đã xóa)")}
        contacts = {f.tracking_code: f.contact_phone for f in s.query(Feedback).all()}
        assert contacts == {closed: None, still_open: "0912345678"}
    assert _tracker_senders(tracker) == [OTHER["sender_id"]]
    # The dossiers stay.
    assert client.get(f"/api/dossiers/{done_code}", headers=staff_headers).status_code == 200
    assert client.get(f"/api/dossiers/{other_code}", headers=staff_headers).status_code == 200


def test_a_dossier_in_progress_keeps_its_applicant(client, sessions, service_headers, staff_headers) -> None:
    client.post("/api/dossiers", json=dossier_payload("keep-key-1", **CHAT), headers=service_headers)
    client.post("/api/deletion-requests", json=CHAT, headers=service_headers)
    csrf = console_login(client, "canbo")
    with sessions() as s:
        request_id = s.query(DeletionRequest).one().id
    client.post(f"/console/deletion-requests/{request_id}/execute", data={"csrf_token": csrf})
    with sessions() as s:
        assert s.query(Citizen).filter_by(**CHAT).one().cccd == "001203004567"
        assert "đang giải quyết" in s.query(DeletionRequest).one().note


def test_retention_deletes_old_conversations_and_unused_uploads(
    client, settings, sessions, service_headers, staff_headers
) -> None:
    now = time.time()
    tracker = _tracker(
        Path(settings.tracker_db_url.removeprefix("sqlite:///")),
        [("old-chat", now - 100 * 86400), ("new-chat", now - 3600)],
    )
    used = _file_with_stored_paper(client, service_headers, "ret-key-1", CHAT)
    unused = client.post(
        "/api/files", files={"file": ("u.pdf", PDF + b"unused", "application/pdf")}, headers=service_headers
    ).json()["stored_file_id"]
    ticket = client.post("/api/tickets", json=ticket_payload(), headers=service_headers).json()
    client.post(f"/api/tickets/{ticket['id']}/reply", json={"text": "Chào bạn"}, headers=staff_headers)
    client.post(f"/api/tickets/{ticket['id']}/close", json={}, headers=staff_headers)
    client.post("/api/analytics/unanswered", json={"text": "câu hỏi cũ", **CHAT}, headers=service_headers)
    client.post("/api/outbox/take", json=CHAT, headers=service_headers)  # delivered
    old = utcnow() - timedelta(days=100)
    with sessions() as s:
        for model, column in (
            (Ticket, "last_message_at"),
            (UnansweredQuestion, "created_at"),
            (OutboxMessage, "created_at"),
            (StoredFile, "created_at"),
        ):
            for row in s.query(model).all():
                setattr(row, column, old)
        s.commit()

    with sessions() as s:
        dry = run_retention(s, settings.upload_dir, tracker, days=90, dry_run=True)
    assert dry["tracker_events"] == 1 and dry["uploads"] == 1 and dry["unanswered_questions"] == 1
    assert len(_tracker_senders(tracker)) == 2  # a dry run changes nothing

    with sessions() as s:
        counts = run_retention(s, settings.upload_dir, tracker, days=90)
    assert counts == dry
    assert _tracker_senders(tracker) == ["new-chat"]
    with sessions() as s:
        assert s.get(StoredFile, unused) is None
        assert s.query(StoredFile).count() == 1  # the dossier's file stays
        assert s.query(UnansweredQuestion).count() == 0
        assert s.query(OutboxMessage).filter(OutboxMessage.sent_at.is_not(None)).count() == 0
        closed = s.query(Ticket).one()
        assert closed.transcript == [] and closed.summary is None and closed.sender_id == "(đã xóa)"
        assert {m.text for m in s.query(TicketMessage).all()} <= {"(đã xóa)"}
    assert client.get(f"/api/dossiers/{used}", headers=staff_headers).status_code == 200


def test_retention_command_prints_counts(migrated_url, tmp_path) -> None:
    env = {**settings_env(migrated_url, tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backend",
            "retention",
            "--days",
            "30",
            "--dry-run",
            "--tracker-db",
            f"sqlite:///{tmp_path / 'missing.db'}",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "tracker_events=0" in result.stdout and "uploads=0" in result.stdout
    assert not (tmp_path / "missing.db").exists()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_the_backend_creates_are_private(tmp_path, client, settings, service_headers) -> None:
    """Checked on a fresh var directory: secrets, SQLite database, uploads and their directories."""
    var = tmp_path / "fresh-var"
    env = {"MOTCUA_VAR_DIR": str(var)}
    fresh = load_settings(env)
    from backend.db import make_engine

    make_engine(fresh.database_url).dispose()
    assert _mode(var) == 0o700
    assert _mode(var / "secret.key") == 0o600 and _mode(var / "service.token") == 0o600
    assert _mode(var / "motcua.db") == 0o600

    client.post("/api/files", files={"file": ("p.pdf", PDF, "application/pdf")}, headers=service_headers)
    stored = [p for p in settings.upload_dir.rglob("*") if p.is_file()]
    assert stored and all(_mode(p) == 0o600 for p in stored)
    assert all(_mode(p) == 0o700 for p in settings.upload_dir.rglob("*") if p.is_dir())

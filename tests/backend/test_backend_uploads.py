import hashlib
import stat

import pytest
from backend_helpers import UPLOAD_LIMIT, dossier_payload
from sqlalchemy import func, select

from backend.models import StoredFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x02" * 200
PDF = b"%PDF-1.7\n" + b"3" * 200


def _upload(client, headers, content: bytes, name="giay-to.png", mime="image/png"):
    return client.post("/api/files", files={"file": (name, content, mime)}, headers=headers)


@pytest.mark.parametrize("content, mime", [(PNG, "image/png"), (JPEG, "image/jpeg"), (PDF, "application/pdf")])
def test_accepted_types_are_stored_by_hash(client, service_headers, settings, content, mime) -> None:
    response = _upload(client, service_headers, content, mime="application/octet-stream")
    assert response.status_code == 201
    body = response.json()
    digest = hashlib.sha256(content).hexdigest()
    assert (body["sha256"], body["mime"], body["size"], body["deduplicated"]) == (digest, mime, len(content), False)
    path = settings.upload_dir / digest[:2] / digest
    assert path.read_bytes() == content
    assert path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH) == 0


def test_same_content_is_stored_once(client, service_headers, settings, sessions) -> None:
    first = _upload(client, service_headers, PNG, name="a.png")
    second = _upload(client, service_headers, PNG, name="b.png")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["stored_file_id"] == first.json()["stored_file_id"]
    assert second.json()["deduplicated"] is True
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(StoredFile)) == 1
    stored = [p for p in settings.upload_dir.rglob("*") if p.is_file()]
    assert len(stored) == 1


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00" + b"\x00" * 100,  # a Windows executable
        b"#!/bin/sh\nrm -rf /\n",
        b"<html><script>alert(1)</script></html>",
        b"",
    ],
)
def test_wrong_type_is_refused_by_magic_bytes_whatever_the_header_says(client, service_headers, settings, content):
    response = _upload(client, service_headers, content, name="anh.jpg", mime="image/jpeg")
    assert response.status_code == 415
    assert response.json()["detail"].startswith("Định dạng tệp không được chấp nhận")
    assert not settings.upload_dir.exists() or not [p for p in settings.upload_dir.rglob("*") if p.is_file()]


def test_too_big_is_refused(client, service_headers, settings) -> None:
    just_over = PNG + b"\x00" * (UPLOAD_LIMIT - len(PNG) + 1)
    response = _upload(client, service_headers, just_over)
    assert response.status_code == 413
    assert "dung lượng" in response.json()["detail"]
    at_limit = PNG + b"\x00" * (UPLOAD_LIMIT - len(PNG))
    assert _upload(client, service_headers, at_limit).status_code == 201
    way_over = PNG + b"\x00" * (UPLOAD_LIMIT * 3)
    response = _upload(client, service_headers, way_over)
    assert response.status_code == 413
    assert "dung lượng" in response.json()["detail"]
    assert [p for p in (settings.upload_dir / "tmp").iterdir()] == []


def test_too_big_streamed_without_content_length_is_refused(client, service_headers) -> None:
    boundary = "motcua-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    body = head + PNG + b"\x00" * (UPLOAD_LIMIT * 2) + f"\r\n--{boundary}--\r\n".encode()

    def chunks():
        for i in range(0, len(body), 16384):
            yield body[i : i + 16384]

    response = client.post(
        "/api/files",
        content=chunks(),
        headers={**service_headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert "dung lượng" in response.json()["detail"]


def test_files_are_only_sent_back_to_staff_as_attachments(client, service_headers, staff_headers) -> None:
    file_id = _upload(client, service_headers, PDF, name="../../don.pdf", mime="application/pdf").json()[
        "stored_file_id"
    ]
    assert client.get(f"/api/files/{file_id}", headers=service_headers).status_code == 401
    response = client.get(f"/api/files/{file_id}", headers=staff_headers)
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-disposition"].startswith("attachment")
    assert "don.pdf" in response.headers["content-disposition"]
    assert ".." not in response.headers["content-disposition"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_personal_store_keeps_and_reuses_documents(client, service_headers, staff_headers) -> None:
    file_id = _upload(client, service_headers, JPEG, name="cccd.jpg", mime="image/jpeg").json()["stored_file_id"]
    first = client.post(
        "/api/dossiers",
        json=dossier_payload(
            "store-key-1",
            documents=[
                {
                    "name": "Ảnh CCCD",
                    "provision": "uploaded",
                    "stored_file_id": file_id,
                    "keep_in_store": True,
                    "kind": "cccd",
                }
            ],
        ),
        headers=service_headers,
    )
    assert first.status_code == 201
    citizen_id = first.json()["applicant"]["citizen_id"]

    stored = client.get("/api/citizens/by-sender/telegram/tg-1001/documents", headers=service_headers).json()
    assert [(d["kind"], d["stored_file_id"], d["citizen_id"], d["mime"]) for d in stored] == [
        ("cccd", file_id, citizen_id, "image/jpeg")
    ]

    reused = client.post(
        "/api/dossiers",
        json=dossier_payload(
            "store-key-2",
            documents=[{"name": "Ảnh CCCD", "provision": "reused", "stored_document_id": stored[0]["id"]}],
        ),
        headers=service_headers,
    )
    assert reused.status_code == 201
    assert reused.json()["documents"][0]["stored_file_id"] == file_id
    assert reused.json()["documents"][0]["provision"] == "reused"

    # Somebody else cannot reuse this citizen's document.
    stranger = dossier_payload(
        "store-key-3",
        sender_id="tg-9",
        documents=[{"name": "Ảnh CCCD", "provision": "reused", "stored_document_id": stored[0]["id"]}],
    )
    stranger["applicant"]["cccd"] = "079000000003"
    response = client.post("/api/dossiers", json=stranger, headers=service_headers)
    assert response.status_code == 422
    assert "kho dữ liệu" in response.json()["detail"]


def test_adding_to_the_store_directly(client, service_headers) -> None:
    citizen_id = client.post("/api/dossiers", json=dossier_payload(), headers=service_headers).json()["applicant"][
        "citizen_id"
    ]
    file_id = _upload(client, service_headers, PDF, mime="application/pdf").json()["stored_file_id"]
    body = {
        "kind": "giay_khai_sinh",
        "name": "Giấy khai sinh",
        "stored_file_id": file_id,
        "channel": "telegram",
        "sender_id": "tg-1001",
    }
    first = client.post(f"/api/citizens/{citizen_id}/documents", json=body, headers=service_headers)
    again = client.post(f"/api/citizens/{citizen_id}/documents", json=body, headers=service_headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert client.post("/api/citizens/999999/documents", json=body, headers=service_headers).status_code == 404
    missing_file = {**body, "stored_file_id": 999999}
    assert (
        client.post(f"/api/citizens/{citizen_id}/documents", json=missing_file, headers=service_headers).status_code
        == 422
    )

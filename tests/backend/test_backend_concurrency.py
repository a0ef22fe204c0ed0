"""Concurrent requests against a real server (``python -m backend serve`` on 127.0.0.1)."""

import httpx
from backend_helpers import SERVICE_TOKEN, count_rows, dossier_payload, together

from backend.models import Citizen, Dossier, StoredFile
from backend.receipt import is_receipt_code

WORKERS = 8
HEADERS = {"X-Service-Token": SERVICE_TOKEN}


def test_concurrent_repeats_of_one_request_file_one_dossier(live_server, database_url) -> None:
    url = f"{live_server.base_url}/api/dossiers"
    responses = together(WORKERS, lambda http, i: http.post(url, json=dossier_payload("race-key-1"), headers=HEADERS))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (WORKERS - 1) + [201], [r.text for r in responses]
    assert len({r.json()["receipt_code"] for r in responses}) == 1
    assert count_rows(database_url, Dossier) == 1


def test_concurrent_different_requests_get_distinct_codes(live_server, database_url) -> None:
    url = f"{live_server.base_url}/api/dossiers"
    # Same chat and CCCD in every request: the chat's citizen record is also raced for.
    responses = together(
        WORKERS, lambda http, i: http.post(url, json=dossier_payload(f"race-key-{i}"), headers=HEADERS)
    )
    assert [r.status_code for r in responses] == [201] * WORKERS, [r.text for r in responses]
    codes = [r.json()["receipt_code"] for r in responses]
    assert len(set(codes)) == WORKERS and all(is_receipt_code(code) for code in codes)
    assert count_rows(database_url, Dossier) == WORKERS
    assert count_rows(database_url, Citizen) >= 1


def test_concurrent_uploads_of_one_file_store_it_once(live_server, database_url) -> None:
    url = f"{live_server.base_url}/api/files"
    content = b"%PDF-1.4\n" + b"race" * 1000
    responses = together(
        WORKERS,
        lambda http, i: http.post(url, files={"file": (f"f{i}.pdf", content, "application/pdf")}, headers=HEADERS),
    )
    assert sorted(r.status_code for r in responses) == [200] * (WORKERS - 1) + [201], [r.text for r in responses]
    assert len({r.json()["stored_file_id"] for r in responses}) == 1
    assert count_rows(database_url, StoredFile) == 1


def test_real_server_refuses_oversized_upload_by_content_length(live_server) -> None:
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024)
    with httpx.Client(timeout=60) as http:
        response = http.post(
            f"{live_server.base_url}/api/files", files={"file": ("big.png", big, "image/png")}, headers=HEADERS
        )
    assert response.status_code == 413
    assert "dung lượng" in response.json()["detail"]

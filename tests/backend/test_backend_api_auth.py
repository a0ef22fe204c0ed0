import pytest
from backend_helpers import PASSWORD, dossier_payload

from backend.models import User
from backend.security.tokens import issue_token

PROTECTED = [
    ("get", "/api/dossiers"),
    ("get", "/api/dossiers/HS-2026-000001"),
    ("patch", "/api/dossiers/HS-2026-000001"),
    ("post", "/api/dossiers"),
    ("get", "/api/outbox"),
    ("post", "/api/outbox/1/ack"),
    ("post", "/api/files"),
    ("get", "/api/files/1"),
    ("post", "/api/users"),
    ("get", "/api/citizens/by-sender/telegram/1/dossiers"),
    ("get", "/api/citizens/by-sender/telegram/1/documents"),
    ("post", "/api/citizens/1/documents"),
]


def test_login_returns_a_bearer_token_that_works(client, staff_headers) -> None:
    response = client.post("/api/auth/login", json={"username": "canbo", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    listing = client.get("/api/dossiers", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert listing.status_code == 200


@pytest.mark.parametrize("username, password", [("canbo", "sai-mat-khau"), ("khong-ton-tai", PASSWORD)])
def test_login_with_bad_credentials_is_401(client, staff_headers, username, password) -> None:
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 401
    assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert "access_token" not in response.json()


@pytest.mark.parametrize("method, path", PROTECTED)
def test_no_credentials_is_401(client, method, path) -> None:
    response = client.request(method.upper(), path)
    assert response.status_code == 401
    assert response.json()["detail"] == "Cần đăng nhập hoặc mã xác thực hợp lệ."


@pytest.mark.parametrize("method, path", PROTECTED)
def test_wrong_service_token_is_401(client, method, path) -> None:
    response = client.request(method.upper(), path, headers={"X-Service-Token": "wrong"})
    assert response.status_code == 401


def test_expired_or_forged_bearer_is_401(client, settings, sessions, staff_headers) -> None:
    with sessions() as s:
        user = s.query(User).filter_by(username="canbo").one()
        expired = issue_token(settings.token_secret, user_id=user.id, username="canbo", role="staff", ttl_seconds=-1)
        forged = issue_token(b"not-the-secret", user_id=user.id, username="canbo", role="admin", ttl_seconds=600)
    for token in (expired, forged, "garbage"):
        response = client.get("/api/dossiers", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


def test_deactivated_user_token_is_401(client, sessions, staff_headers) -> None:
    assert client.get("/api/dossiers", headers=staff_headers).status_code == 200
    with sessions() as s:
        s.query(User).filter_by(username="canbo").one().active = False
        s.commit()
    assert client.get("/api/dossiers", headers=staff_headers).status_code == 401
    response = client.post("/api/auth/login", json={"username": "canbo", "password": PASSWORD})
    assert response.status_code == 401


def test_staff_calling_admin_endpoint_is_403(client, staff_headers) -> None:
    response = client.post(
        "/api/users", json={"username": "moi", "password": "mat-khau-du-dai", "role": "staff"}, headers=staff_headers
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."


def test_admin_creates_users_who_can_log_in(client, admin_headers) -> None:
    response = client.post(
        "/api/users", json={"username": "moi", "password": "mat-khau-du-dai", "role": "staff"}, headers=admin_headers
    )
    assert response.status_code == 201
    assert response.json()["role"] == "staff"
    assert "password" not in response.text
    again = client.post(
        "/api/users", json={"username": "moi", "password": "mat-khau-du-dai", "role": "staff"}, headers=admin_headers
    )
    assert again.status_code == 409
    login = client.post("/api/auth/login", json={"username": "moi", "password": "mat-khau-du-dai"})
    assert login.status_code == 200


def test_volunteer_has_no_staff_rights(client, volunteer_headers) -> None:
    assert client.get("/api/dossiers", headers=volunteer_headers).status_code == 403
    assert client.get("/api/dossiers/HS-2026-000001", headers=volunteer_headers).status_code == 403


def test_staff_token_cannot_use_service_endpoints(client, staff_headers) -> None:
    response = client.post("/api/dossiers", json=dossier_payload(), headers=staff_headers)
    assert response.status_code == 403
    assert client.get("/api/outbox", headers=staff_headers).status_code == 403


def test_service_token_cannot_use_staff_endpoints(client, service_headers) -> None:
    assert client.get("/api/dossiers", headers=service_headers).status_code == 401
    response = client.patch("/api/dossiers/HS-2026-000001", json={"status": "processing"}, headers=service_headers)
    assert response.status_code == 401

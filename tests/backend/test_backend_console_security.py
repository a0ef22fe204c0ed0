"""Issue 9, console: server-side sessions, lockout after failures, X-Forwarded-For only from trusted proxies.

Before: a session cookie still worked after logout; X-Forwarded-For from 127.0.0.1 reset the login
rate limit; there was no lockout.
"""

from __future__ import annotations

from backend_helpers import PASSWORD, settings_env
from fastapi.testclient import TestClient
from support_helpers import console_login, csrf_from

from backend.api.app import create_app
from backend.console.session import SESSION_COOKIE
from backend.services.users import deactivate_user, find_user
from backend.settings import load_settings


def _session_cookie(client: TestClient) -> str:
    return client.cookies.get(SESSION_COOKIE, path="/console")


def _try_login(client: TestClient, username: str, password: str, headers: dict | None = None) -> int:
    token = csrf_from(client.get("/console/login").text)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/console/login", data=data, headers=headers or {}, follow_redirects=False).status_code


def test_logout_revokes_a_copied_cookie(client, staff_headers) -> None:
    csrf = console_login(client, "canbo")
    copied = _session_cookie(client)
    client.post("/console/logout", data={"csrf_token": csrf}, follow_redirects=False)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, copied, path="/console")
    assert client.get("/console/queue", follow_redirects=False).status_code == 303


def test_deactivation_ends_every_session(client, settings, sessions, staff_headers, admin_headers) -> None:
    console_login(client, "canbo")
    assert client.get("/console/queue").status_code == 200
    with sessions() as s:
        deactivate_user(s, find_user(s, "canbo"))
    assert client.get("/console/queue", follow_redirects=False).status_code == 303


def test_admin_deactivates_from_the_users_page(client, sessions, staff_headers, admin_headers) -> None:
    with sessions() as s:
        staff_id = find_user(s, "canbo").id
    csrf = console_login(client, "quantri")
    page = client.get("/console/users")
    assert f"/console/users/{staff_id}/deactivate" in page.text
    client.post(f"/console/users/{staff_id}/deactivate", data={"csrf_token": csrf})
    with sessions() as s:
        assert find_user(s, "canbo").active is False


def test_repeated_failures_lock_the_username_with_the_same_answer_for_unknown_users(client, staff_headers) -> None:
    known = [_try_login(client, "canbo", "sai-mat-khau", {"X-Forwarded-For": f"10.0.0.{i}"}) for i in range(6)]
    unknown = [_try_login(client, "khong-co", "sai-mat-khau") for _ in range(6)]
    assert known == unknown == [401] * 5 + [429]
    # Locked: even the right password is refused for now.
    assert _try_login(client, "canbo", PASSWORD) == 429
    api = client.post("/api/auth/login", json={"username": "canbo", "password": PASSWORD})
    assert api.status_code == 429 and api.json()["code"] == "too_many_attempts"


def test_repeated_failures_lock_the_address(client, staff_headers) -> None:
    statuses = [_try_login(client, f"user-{i}", "sai-mat-khau") for i in range(21)]
    assert statuses == [401] * 20 + [429]
    assert _try_login(client, "canbo", PASSWORD) == 429


def test_forwarded_for_is_ignored_from_an_untrusted_peer(client, staff_headers) -> None:
    """A spoofed X-Forwarded-For no longer gives a fresh address for each try."""
    statuses = [
        _try_login(client, f"user-{i}", "sai-mat-khau", {"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(21)
    ]
    assert statuses[-1] == 429


def test_forwarded_for_is_believed_from_a_trusted_proxy(tmp_path, migrated_url, sessions) -> None:
    env = {**settings_env(migrated_url, tmp_path), "MOTCUA_TRUSTED_PROXIES": "testclient"}
    with TestClient(create_app(load_settings(env))) as client:
        statuses = [
            _try_login(client, f"user-{i}", "x-sai-mat-khau", {"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(21)
        ]
        assert statuses == [401] * 21  # each address is a different client behind the proxy
        # The client a trusted proxy names is the one locked out.
        same = [_try_login(client, f"v-{i}", "x-sai", {"X-Forwarded-For": "203.0.113.9"}) for i in range(21)]
        assert same[-1] == 429


def test_session_cookie_is_secure_when_configured(tmp_path, migrated_url, sessions) -> None:
    from backend.services.users import create_user

    env = {**settings_env(migrated_url, tmp_path), "MOTCUA_CONSOLE_SECURE_COOKIE": "1"}
    with sessions() as s:
        create_user(s, "canbo2", PASSWORD, "staff")
    with TestClient(create_app(load_settings(env)), base_url="https://testserver") as client:
        token = csrf_from(client.get("/console/login").text)
        response = client.post(
            "/console/login",
            data={"username": "canbo2", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "="))
        assert "Secure" in cookie


def test_a_real_server_ignores_forwarded_for_from_localhost(live_server) -> None:
    """uvicorn believed X-Forwarded-For from 127.0.0.1 by default: each spoofed address got a fresh limit."""
    import httpx

    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        statuses = [
            http.post(
                "/api/auth/login",
                json={"username": f"user-{i}", "password": "sai-mat-khau"},
                headers={"X-Forwarded-For": f"198.51.100.{i}"},
            ).status_code
            for i in range(21)
        ]
    assert statuses == [401] * 20 + [429]

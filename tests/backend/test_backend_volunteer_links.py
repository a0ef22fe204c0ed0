"""Issue 9: volunteers prove who they are with a one-time code from the console.

Before: any chat that typed an account name (even an admin's) filed "as" that volunteer, and unknown
names were refused by name, so usernames could be enumerated.
"""

from __future__ import annotations

from datetime import timedelta

from backend_helpers import PASSWORD, dossier_payload, link_volunteer, volunteer_code
from support_helpers import console_login, csrf_from

from backend.models import VolunteerCode
from backend.services import volunteers
from backend.services.users import deactivate_user, find_user

CHAT = {"channel": "telegram", "sender_id": "tg-volunteer"}


def _link(client, service_headers, code: str, chat: dict = CHAT):
    return client.post("/api/volunteer-links", json={**chat, "code": code}, headers=service_headers)


def test_a_code_links_the_chat_for_a_shift(client, settings, sessions, service_headers, volunteer_headers) -> None:
    response = _link(client, service_headers, volunteer_code(settings, sessions, "tinhnguyen"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["username"] == "tinhnguyen" and body["display_name"] == "tinhnguyen"
    active = client.get("/api/volunteer-links", params=CHAT, headers=service_headers)
    assert active.status_code == 200 and active.json()["expires_at"] == body["expires_at"]
    with sessions() as s:
        link = volunteers.active_link(s, **CHAT)
        assert link.expires_at - link.created_at == timedelta(hours=8)
    # Filing on a resident's behalf now names the linked volunteer.
    payload = dossier_payload("behalf-key-1", on_behalf=True, consent=True, **CHAT)
    filed = client.post("/api/dossiers", json=payload, headers=service_headers)
    assert filed.status_code == 201 and filed.json()["filed_by_volunteer"] == "tinhnguyen"


def test_a_code_works_once(client, settings, sessions, service_headers, volunteer_headers) -> None:
    code = volunteer_code(settings, sessions, "tinhnguyen")
    assert _link(client, service_headers, code).status_code == 201
    again = _link(client, service_headers, code, {"channel": "web", "sender_id": "web-other"})
    assert again.status_code == 400 and again.json()["code"] == "invalid_code"


def test_an_expired_code_is_refused(client, settings, sessions, service_headers, volunteer_headers) -> None:
    code = volunteer_code(settings, sessions, "tinhnguyen")
    with sessions() as s:
        for record in s.query(VolunteerCode).all():
            record.expires_at = record.created_at - timedelta(seconds=1)
        s.commit()
    assert _link(client, service_headers, code).json()["code"] == "invalid_code"


def test_the_code_is_stored_hashed(settings, sessions, volunteer_headers) -> None:
    code = volunteer_code(settings, sessions, "tinhnguyen")
    with sessions() as s:
        stored = s.query(VolunteerCode).one()
    assert len(code) == 6 and code.isdigit() and code not in stored.code_hash


def test_bad_codes_all_get_the_same_answer_naming_no_account(
    client, settings, sessions, service_headers, volunteer_headers, staff_headers
) -> None:
    used = volunteer_code(settings, sessions, "tinhnguyen")
    _link(client, service_headers, used, {"channel": "web", "sender_id": "web-first"})
    answers = {
        _link(client, service_headers, code, {"channel": "web", "sender_id": f"web-{i}"}).text
        for i, code in enumerate(["000000", used, "tinhnguyen", "canbo", "12"])
    }
    assert len(answers) == 1
    assert "tinhnguyen" not in answers.pop()
    # A staff account's name typed in chat proves nothing either: the field is gone.
    payload = dossier_payload("typed-key-1", filed_by_volunteer={"username": "canbo", "consent": True})
    assert client.post("/api/dossiers", json=payload, headers=service_headers).status_code == 422


def test_wrong_codes_are_rate_limited_per_chat(client, settings, sessions, service_headers, volunteer_headers) -> None:
    statuses = [_link(client, service_headers, f"{i:06d}").status_code for i in range(5)]
    assert statuses == [400] * 5
    good = volunteer_code(settings, sessions, "tinhnguyen")
    blocked = _link(client, service_headers, good)
    assert blocked.status_code == 429 and blocked.json()["code"] == "too_many_attempts"
    assert _link(client, service_headers, good, {"channel": "web", "sender_id": "web-other"}).status_code == 201


def test_wrong_codes_are_rate_limited_per_address(client, settings, sessions, service_headers, volunteer_headers):
    for i in range(30):
        chat = {"channel": "web", "sender_id": f"web-guess-{i}"}
        assert _link(client, service_headers, f"{i:06d}", chat).status_code == 400
    good = volunteer_code(settings, sessions, "tinhnguyen")
    assert _link(client, service_headers, good, {"channel": "web", "sender_id": "web-fresh"}).status_code == 429


def test_ending_the_shift_and_deactivation_end_the_link(
    client, settings, sessions, service_headers, volunteer_headers
) -> None:
    assert link_volunteer(client, settings, sessions, "tinhnguyen", **CHAT).status_code == 201
    assert client.delete("/api/volunteer-links", params=CHAT, headers=service_headers).status_code == 204
    assert client.delete("/api/volunteer-links", params=CHAT, headers=service_headers).status_code == 204
    missing = client.get("/api/volunteer-links", params=CHAT, headers=service_headers)
    assert missing.status_code == 404 and missing.json()["code"] == "no_volunteer_link"

    assert link_volunteer(client, settings, sessions, "tinhnguyen", **CHAT).status_code == 201
    with sessions() as s:
        deactivate_user(s, find_user(s, "tinhnguyen"))
    assert client.get("/api/volunteer-links", params=CHAT, headers=service_headers).status_code == 404
    payload = dossier_payload("after-deact-1", on_behalf=True, consent=True, **CHAT)
    refused = client.post("/api/dossiers", json=payload, headers=service_headers)
    assert refused.status_code == 403 and refused.json()["code"] == "volunteer_link_required"


def test_only_volunteer_accounts_can_redeem(client, settings, sessions, service_headers, staff_headers) -> None:
    with sessions() as s:
        code, _ = volunteers.issue_code(s, settings.token_secret, find_user(s, "canbo"))
    assert _link(client, service_headers, code).json()["code"] == "invalid_code"


def _volunteer_login(client) -> None:
    token = csrf_from(client.get("/console/login").text)
    client.post("/console/login", data={"username": "tinhnguyen", "password": PASSWORD, "csrf_token": token})


def test_console_page_creates_at_most_five_codes_an_hour(client, volunteer_headers) -> None:
    _volunteer_login(client)
    csrf = csrf_from(client.get("/console/volunteer").text)
    pages = [client.post("/console/volunteer/code", data={"csrf_token": csrf}) for _ in range(6)]
    assert [p.status_code for p in pages] == [200] * 5 + [429]
    assert 'id="volunteer-code"' in pages[0].text and 'id="volunteer-code"' not in pages[5].text


def test_console_shows_links_and_ends_a_shift(client, settings, sessions, service_headers, volunteer_headers) -> None:
    _volunteer_login(client)
    page = client.post("/console/volunteer/code", data={"csrf_token": csrf_from(client.get("/console/volunteer").text)})
    code = page.text.split('id="volunteer-code" aria-label="Mã liên kết"><strong>')[1][:6]
    assert _link(client, service_headers, code).status_code == 201
    page = client.get("/console/volunteer")
    assert "Kết thúc ca" in page.text
    with sessions() as s:
        link_id = volunteers.active_link(s, **CHAT).id
    client.post(f"/console/volunteer/links/{link_id}/end", data={"csrf_token": csrf_from(page.text)})
    assert client.get("/api/volunteer-links", params=CHAT, headers=service_headers).status_code == 404


def test_staff_cannot_use_the_volunteer_page(client, staff_headers) -> None:
    console_login(client, "canbo")
    assert client.get("/console/volunteer").status_code == 403

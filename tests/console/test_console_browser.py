"""The staff console in a real browser: Debian's chromium driven by Playwright (headless).

A real backend (uvicorn on 127.0.0.1, temporary SQLite) and, when .venv-rasa exists, the real web
channel connector: a citizen is handed over to staff, writes in the chat, a staff member logs in
through the page, opens the ticket from the queue, types a reply and sends it, and the reply
arrives in the citizen's chat through the outbox, also in the web chat page (webchat/index.html served by the
channel at /webhooks/web/chat, polling the outbox). Also checks the console fits a phone screen.

Needs /usr/bin/chromium (`apt-get install -y chromium`) and the `playwright` package; without
them the test is skipped, except under CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx
import pytest

from tests.servers import RASA_PYTHON, backend_settings, create_user, start_backend, start_connector, web_session

CHROMIUM = Path("/usr/bin/chromium")
SERVICE_TOKEN = "browser-test-service-token-0123"
PASSWORD = "mat-khau-an-toan-1"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: the browser test must run in CI")
    pytest.skip(reason)


try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    _missing("the playwright package is not installed")
if not CHROMIUM.exists():
    _missing("/usr/bin/chromium is missing (apt-get install -y chromium)")


class Citizen:
    """The citizen's chat: through the web channel connector when available, else the backend API it uses."""

    def __init__(self, backend: str, connector: str | None, sender: str) -> None:
        self.backend, self.connector, self.sender = backend, connector, sender
        self.service = {"X-Service-Token": SERVICE_TOKEN}
        # the web chat's session for this sender (the connector runs in development mode, which lets a page choose)
        self.session = web_session(connector, sender) if connector else {}

    def say(self, text: str) -> None:
        if self.connector:
            answer = httpx.post(
                f"{self.connector}/webhooks/web/webhook", json={"message": text}, headers=self.session, timeout=30
            )
            assert answer.status_code == 200 and "cán bộ hỗ trợ" in answer.json()[0]["text"]
            return
        ticket = httpx.get(
            f"{self.backend}/api/tickets/open",
            params={"channel": "web", "sender_id": self.sender},
            headers=self.service,
        ).json()["ticket"]
        body = {"channel": "web", "sender_id": self.sender, "text": text}
        assert (
            httpx.post(
                f"{self.backend}/api/tickets/{ticket['id']}/messages", json=body, headers=self.service
            ).status_code
            == 201
        )

    def received(self) -> list[str]:
        if self.connector:
            return [
                m["text"]
                for m in httpx.get(f"{self.connector}/webhooks/web/outbox", headers=self.session, timeout=30).json()
            ]
        body = {"channel": "web", "sender_id": self.sender}
        return [
            m["text"] for m in httpx.post(f"{self.backend}/api/outbox/take", json=body, headers=self.service).json()
        ]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        **backend_settings(f"sqlite:///{tmp / 'console.db'}", tmp, SERVICE_TOKEN, "browser-test-token-secret-0123"),
    }
    processes = [start_backend(sys.executable, env, tmp / "backend.log")]
    backend = processes[0].base_url
    connector = None
    try:
        create_user(sys.executable, env, "canbo", PASSWORD)
        if RASA_PYTHON.exists():
            processes.append(
                start_connector(RASA_PYTHON, backend, SERVICE_TOKEN, tmp / "connector.log", env={"MOTCUA_DEV": "1"})
            )  # ?sender= on the page picks the chat
            connector = processes[-1].base_url
        yield backend, connector, tmp
    finally:
        for process in processes:
            process.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _log_in(page, base: str) -> None:
    page.goto(f"{base}/console/queue")
    expect(page).to_have_url(f"{base}/console/login?next=%2Fconsole%2Fqueue")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/console/queue")


def test_staff_answer_reaches_the_citizens_chat(servers, browser) -> None:
    backend, connector, tmp = servers
    citizen = Citizen(backend, connector, "web-browser-citizen-1")
    opened = httpx.post(
        f"{backend}/api/tickets",
        json={
            "channel": "web",
            "sender_id": citizen.sender,
            "reason": "request",
            "summary": "Hỏi về hồ sơ khai sinh",
            "transcript": [
                {"author": "citizen", "text": "cho tôi gặp cán bộ"},
                {"author": "bot", "text": "Vâng, tôi chuyển ngay."},
            ],
        },
        headers=citizen.service,
    )
    assert opened.status_code == 201
    ticket_id = opened.json()["id"]
    citizen.say("Hồ sơ HS-2026-000001 của tôi đến đâu rồi ạ?")

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    try:
        _log_in(page, backend)
        row = page.locator(f'tr[data-kind="ticket"][data-id="{ticket_id}"]')
        expect(row).to_contain_text("Hỗ trợ chung")
        row.get_by_role("link", name=f"Hỗ trợ #{ticket_id}").click()
        expect(page).to_have_url(f"{backend}/console/tickets/{ticket_id}")
        expect(page.locator("#messages")).to_contain_text("Hồ sơ HS-2026-000001 của tôi đến đâu rồi ạ?")
        expect(page.get_by_text("cho tôi gặp cán bộ")).to_be_visible()  # the transcript

        page.get_by_label("Trả lời công dân").fill("Chào anh, hồ sơ đang được thẩm định, dự kiến có kết quả thứ Sáu.")
        page.get_by_role("button", name="Gửi trả lời").click()
        expect(page.get_by_role("status")).to_have_text("Đã gửi trả lời tới công dân.")
        expect(page.locator("#messages")).to_contain_text("dự kiến có kết quả thứ Sáu")
        page.screenshot(path=str(tmp / "ticket.png"), full_page=True)
    finally:
        context.close()

    assert citizen.received() == ["Cán bộ hỗ trợ: Chào anh, hồ sơ đang được thẩm định, dự kiến có kết quả thứ Sáu."]


def test_staff_reply_appears_in_the_web_chat_page(servers, browser) -> None:
    """The citizen's side in the browser too: webchat/index.html served by the web channel, polling the outbox."""
    backend, connector, tmp = servers
    if connector is None:
        _missing(".venv-rasa is missing: the web channel (and its chat page) cannot run")
    sender = "web-browser-citizen-2"
    service = {"X-Service-Token": SERVICE_TOKEN}
    opened = httpx.post(
        f"{backend}/api/tickets",
        json={"channel": "web", "sender_id": sender, "reason": "request", "summary": "Hỏi về đăng ký tạm trú"},
        headers=service,
    )
    assert opened.status_code == 201
    ticket_id = opened.json()["id"]

    citizen_context = browser.new_context(locale="vi-VN")
    staff_context = browser.new_context(locale="vi-VN")
    chat, page = citizen_context.new_page(), staff_context.new_page()
    try:
        chat.goto(f"{connector}/webhooks/web/chat?sender={sender}")
        chat.get_by_label("Tin nhắn").fill("Cho tôi hỏi đăng ký tạm trú cần mang gì ạ?")
        chat.get_by_role("button", name="Gửi").click()
        expect(chat.locator(".msg.bot").last).to_contain_text("Đã chuyển tin nhắn của bạn tới cán bộ hỗ trợ")

        _log_in(page, backend)
        page.goto(f"{backend}/console/tickets/{ticket_id}")
        expect(page.locator("#messages")).to_contain_text("Cho tôi hỏi đăng ký tạm trú cần mang gì ạ?")
        page.get_by_label("Trả lời công dân").fill("Anh mang thẻ căn cước và giấy tờ chỗ ở hợp pháp nhé.")
        page.get_by_role("button", name="Gửi trả lời").click()
        expect(page.get_by_role("status")).to_have_text("Đã gửi trả lời tới công dân.")

        staff_line = chat.locator(".msg.staff")
        expect(staff_line).to_have_text(
            "Cán bộ hỗ trợ: Anh mang thẻ căn cước và giấy tờ chỗ ở hợp pháp nhé.", timeout=15000
        )
        chat.screenshot(path=str(tmp / "webchat.png"), full_page=True)
    finally:
        citizen_context.close()
        staff_context.close()


def test_console_fits_a_phone_screen(servers, browser) -> None:
    backend, _connector, tmp = servers
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        _log_in(page, backend)
        for path in ("/console/queue", "/console/dossiers", "/console/dashboard"):
            page.goto(f"{backend}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        page.goto(f"{backend}/console/queue")
        page.screenshot(path=str(tmp / "queue-phone.png"), full_page=True)
    finally:
        context.close()


def test_volunteer_creates_a_code_links_a_chat_and_ends_the_shift(servers, browser) -> None:
    """Issue 9: a volunteer proves who they are with a one-time code from their console page."""
    backend, _connector, tmp = servers
    env = {
        **os.environ,
        **backend_settings(f"sqlite:///{tmp / 'console.db'}", tmp, SERVICE_TOKEN, "browser-test-token-secret-0123"),
    }
    create_user(sys.executable, env, "tinhnguyen", PASSWORD, role="volunteer")
    service = {"X-Service-Token": SERVICE_TOKEN}
    chat = {"channel": "telegram", "sender_id": "tg-volunteer-browser"}
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"{backend}/console/login")
        page.get_by_label("Tên đăng nhập").fill("tinhnguyen")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(f"{backend}/console/volunteer")
        page.get_by_role("button", name="Tạo mã liên kết").click()
        code = page.locator("#volunteer-code").inner_text().strip()
        assert len(code) == 6 and code.isdigit()

        linked = httpx.post(f"{backend}/api/volunteer-links", json={**chat, "code": code}, headers=service)
        assert linked.status_code == 201 and linked.json()["username"] == "tinhnguyen"
        page.goto(f"{backend}/console/volunteer")
        page.get_by_role("button", name="Kết thúc ca").click()
        expect(page.get_by_text("Đã kết thúc ca")).to_be_visible()
        assert httpx.get(f"{backend}/api/volunteer-links", params=chat, headers=service).status_code == 404
        # Staff pages stay closed to a volunteer.
        assert page.goto(f"{backend}/console/queue").status == 403
    finally:
        context.close()

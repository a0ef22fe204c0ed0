"""Nothing lost, nothing twice: idempotent filing, a backend outage in the middle of a conversation (kept
dossier, reminders, the executor hook, the spool), status and "hồ sơ của tôi". REAL backend on 127.0.0.1.

    .venv/bin/python -m pytest tests/actions/test_dossier_retry.py
"""

from __future__ import annotations

import asyncio

import pytest
from dossier_helpers import Backend, FormDriver, texts

from actions.clients import backend as backend_client
from actions.dossier.outage import keep_pending, spooled
from actions.dossier.retry import ActionDossierWatch, ActionRetryPendingDossier, flush_spool_once
from actions.dossier.status import ActionCheckStatus, ActionMyDossiers
from actions.dossier.submit import ActionDossierFinish

BIRTH = "1.001193"


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    server = Backend(tmp_path_factory.mktemp("retry-backend"))
    yield server
    server.close()


@pytest.fixture(autouse=True)
def spool(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_PENDING_DIR", str(tmp_path / "pending"))
    return tmp_path / "pending"


def confirmed(sender=None, key=None) -> FormDriver:
    """A conversation whose dossier form just stopped with the confirmation (ready for action_dossier_finish)."""
    driver = FormDriver(sender=sender)
    driver.slots.update(
        {
            "dossier_key": key or f"dossier-test-{driver.sender}",
            "dossier_procedure": BIRTH,
            "dossier_codes": [BIRTH],
            "dossier_title": "Thủ tục đăng ký khai sinh",
            "dossier_items": [
                {
                    "key": "d1",
                    "name": "Giấy chứng sinh",
                    "detail": "",
                    "copies": "1 bản chính",
                    "condition": "",
                    "case": "",
                    "template": "",
                    "procedures": [BIRTH],
                }
            ],
            "dossier_item_index": 1.0,
            "dossier_documents": {"d1": {"name": "Giấy chứng sinh", "provision": "paper_at_office"}},
            "applicant_name": "Lê Văn Bình",
            "applicant_cccd": "079090001234",
            "applicant_phone": "0987654321",
            "applicant_address": "Số 3 Hai Bà Trưng",
            "applicant_ward": "Phường Bến Nghé",
            "delivery_method": "office",
            "dossier_confirm": True,
        }
    )
    driver.message("/affirm", "affirm")
    return driver


def test_double_tap_and_retries_file_one_dossier(backend):
    before = backend.count_dossiers()
    driver = confirmed()
    slots = dict(driver.slots)
    driver.run(ActionDossierFinish())
    code = driver.slots["receipt_code"]
    assert code.startswith("HS-") and "Mã hồ sơ" in texts(driver.messages)
    again = confirmed(sender=driver.sender, key=slots["dossier_key"])  # the same confirmation processed twice
    again.run(ActionDossierFinish())
    assert again.slots["receipt_code"] == code

    async def taps():
        payload = {**(await _payload(slots, driver.sender))}
        return await asyncio.gather(*[backend_client.file_dossier(payload) for _ in range(5)])

    answers = asyncio.run(taps())
    assert {a["receipt_code"] for a in answers} == {code}
    assert backend.count_dossiers() == before + 1


async def _payload(slots, sender):
    from dossier_helpers import user_event
    from rasa_sdk import Tracker

    from actions.dossier.submit import build_payload

    tracker = Tracker(
        sender, slots, {"text": "", "intent": {}}, [user_event("/affirm", "affirm")], False, None, {}, "action_listen"
    )
    return build_payload(tracker)


def test_outage_keeps_the_dossier_and_files_it_once_when_the_backend_returns(backend, spool):
    before = backend.count_dossiers()
    driver = confirmed()
    backend.stop()
    try:
        driver.run(ActionDossierFinish())
        text = texts(driver.messages)
        assert "tạm gián đoạn" in text and "đã được lưu lại" in text and "Mã hồ sơ" not in text
        pending = driver.slots["pending_dossier"]
        assert pending["idempotency_key"] == f"dossier-test-{driver.sender}" and driver.slots["dossier_key"] is None
        reminders = [e for e in driver.last_events if e["event"] == "reminder"]
        assert reminders and reminders[0]["intent"] == "retry_dossier" and reminders[0]["kill_on_user_msg"] is False
        assert len(spooled()) == 1

        driver.run(ActionRetryPendingDossier(), "EXTERNAL: retry_dossier", "retry_dossier")  # the reminder, still down
        assert driver.messages == [] and [e for e in driver.last_events if e["event"] == "reminder"]
        assert driver.slots["pending_dossier"] == pending
        driver.run(ActionRetryPendingDossier(), "gửi lại hồ sơ", "retry_dossier")  # the citizen asks
        assert "vẫn đang gián đoạn" in texts(driver.messages)
    finally:
        backend.start(port=backend.port)

    driver.run(ActionRetryPendingDossier(), "EXTERNAL: retry_dossier", "retry_dossier")
    code = driver.slots["receipt_code"]
    assert "sau khi hệ thống hoạt động lại" in texts(driver.messages) and code in texts(driver.messages)
    assert driver.slots["pending_dossier"] is None and driver.slots["dossier_notice"] == code
    assert spooled() == [] and backend.count_dossiers() == before + 1
    outbox = backend.get(f"/api/outbox?channel=rest&sender_id={driver.sender}").json()
    assert [m["receipt_code"] for m in outbox] == [code] and code in outbox[0]["text"]

    # the REST client did not see the reminder's reply: the next message (whatever it is) tells the code
    driver.run(ActionDossierWatch(), "EXTERNAL: retry_dossier", "retry_dossier")
    assert driver.messages == [] and driver.last_events == []  # not on a reminder's turn
    driver.run(ActionDossierWatch(), "cảm ơn", "thank")
    assert code in texts(driver.messages) and "đã được tiếp nhận" in texts(driver.messages)
    assert driver.slots["dossier_notice"] is None
    driver.run(ActionDossierWatch(), "cảm ơn", "thank")
    assert driver.messages == []  # told once
    assert backend.count_dossiers() == before + 1


def test_the_next_message_retries_a_kept_dossier(backend, monkeypatch):
    from actions.dossier import retry as dossier_retry

    # "a moment ago" must not depend on how fast this machine runs the test
    monkeypatch.setattr(dossier_retry, "WATCH_MIN_INTERVAL", 3600.0)
    before = backend.count_dossiers()
    driver = confirmed()
    from rasa_sdk import Tracker

    from actions.dossier.submit import build_payload

    payload = build_payload(Tracker(driver.sender, driver.slots, {}, driver.events, False, None, {}, "action_listen"))
    driver.slots = {"pending_dossier": payload, "dossier_notice": None}
    backend.stop()
    try:
        driver.run(ActionDossierWatch(), "xin chào", "greet")  # still down: nothing said, nothing lost
        assert driver.messages == [] and driver.slots["pending_dossier"] == payload
        assert all(e["event"] == "slot" for e in driver.last_events)  # action_extract_slots accepts only these
    finally:
        backend.start(port=backend.port)
    driver.run(ActionDossierWatch(), "cảm ơn", "thank")  # tried a moment ago: not again at once
    assert driver.messages == [] and driver.slots["pending_dossier"] == payload
    dossier_retry._last_try.clear()  # as if WATCH_MIN_INTERVAL had passed
    driver.run(ActionDossierWatch(), "giấy chứng sinh là gì", "explain_document")
    assert "Mã hồ sơ: HS-" in texts(driver.messages)
    assert driver.slots["pending_dossier"] is None and driver.slots.get("dossier_notice") is None
    assert all(e["event"] == "slot" for e in driver.last_events)
    assert backend.count_dossiers() == before + 1


def test_spool_files_dossiers_the_conversation_could_not(backend):
    before = backend.count_dossiers()
    driver = confirmed()
    from rasa_sdk import Tracker

    from actions.dossier.submit import build_payload

    payload = build_payload(Tracker(driver.sender, driver.slots, {}, driver.events, False, None, {}, "action_listen"))
    keep_pending(payload)
    keep_pending(payload)  # kept twice: one file
    assert len(spooled()) == 1 and asyncio.run(flush_spool_once(min_age=3600)) == 0
    assert asyncio.run(flush_spool_once(min_age=0)) == 1 and spooled() == []
    assert backend.count_dossiers() == before + 1
    outbox = backend.get(f"/api/outbox?channel=rest&sender_id={driver.sender}").json()
    assert len(outbox) == 1 and outbox[0]["receipt_code"]


# ------------------------------------------------------------------------------------------ status
def test_status_and_my_dossiers(backend):
    driver = confirmed()
    driver.run(ActionDossierFinish())
    code = driver.slots["receipt_code"]

    def look_up(receipt_code: str) -> str:
        entities = [{"entity": "receipt_code", "value": receipt_code}]
        driver.run(ActionCheckStatus(), f"tra cứu hồ sơ {receipt_code}", "check_status", entities)
        return texts(driver.messages)

    text = look_up(code)
    assert code in text and "Tình trạng: Đã tiếp nhận" in text and "Ngày nộp" in text
    assert "không tìm thấy hồ sơ mã HS-2020-999999" in look_up("HS-2020-999999")
    assert "dichvucong.gov.vn" in look_up("000.00.21.H01-240315-0001")

    driver.run(ActionMyDossiers(), "hồ sơ của tôi", "my_dossiers")
    assert f"{code} — Thủ tục đăng ký khai sinh — Đã tiếp nhận" in texts(driver.messages)
    assert f'/check_status{{"receipt_code":"{code}"}}' in [
        b["payload"] for m in driver.messages for b in m.get("buttons") or []
    ]
    driver.run(ActionCheckStatus(), "tra cứu hồ sơ", "check_status")  # no code: the chat's dossiers
    assert code in texts(driver.messages)

    other = FormDriver()
    other.run(ActionMyDossiers(), "hồ sơ của tôi", "my_dossiers")
    assert "chưa nộp hồ sơ nào" in texts(other.messages)

    backend.stop()
    try:
        driver.run(ActionMyDossiers(), "hồ sơ của tôi", "my_dossiers")
        assert "tạm gián đoạn" in texts(driver.messages)
    finally:
        backend.start(port=backend.port)


def test_a_staff_status_change_reaches_the_citizen_in_the_outbox(backend):
    import httpx

    from tests.servers import create_user

    driver = confirmed()
    driver.run(ActionDossierFinish())
    code = driver.slots["receipt_code"]
    create_user(backend.python, backend.env, "canbo.motcua", "mat-khau-can-bo-1", role="staff")
    token = httpx.post(
        backend.url + "/api/auth/login", json={"username": "canbo.motcua", "password": "mat-khau-can-bo-1"}
    ).json()
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert (
        httpx.patch(f"{backend.url}/api/dossiers/{code}", json={"status": "processing"}, headers=bearer).status_code
        == 200
    )
    outbox = backend.get(f"/api/outbox?channel=rest&sender_id={driver.sender}").json()
    assert any(m["receipt_code"] == code for m in outbox)
    driver.run(
        ActionCheckStatus(), f"hồ sơ {code} tới đâu rồi", "check_status", [{"entity": "receipt_code", "value": code}]
    )
    assert "Đang xử lý" in texts(driver.messages)

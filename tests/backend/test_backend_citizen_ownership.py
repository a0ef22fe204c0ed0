"""Issue 9: a CCCD typed in chat never takes over a citizen.

Before: filing with a victim's CCCD moved the victim's citizen record to the attacker's chat,
overwrote name/phone/address on the victim's dossiers, offered the victim's stored papers and
routed the victim's status notifications (with staff notes) to the attacker.
"""

from __future__ import annotations

from backend_helpers import dossier_payload, link_volunteer

from backend.models import Citizen, OutboxMessage

VICTIM = {"channel": "telegram", "sender_id": "tg-1001"}
ATTACKER = {"channel": "web", "sender_id": "web-attacker"}
PDF = b"%PDF-1.4\nstored paper\n"


def _attacker_payload(key: str) -> dict:
    payload = dossier_payload(key, **ATTACKER)
    payload["applicant"].update(full_name="Kẻ Giả Danh", phone="0987000111", address="1 Đường Lạ")
    return payload  # same CCCD as the victim's


def _file_victim_with_stored_paper(client, service_headers) -> str:
    upload = client.post("/api/files", files={"file": ("cccd.pdf", PDF, "application/pdf")}, headers=service_headers)
    document = {
        "name": "Ảnh CCCD",
        "provision": "uploaded",
        "stored_file_id": upload.json()["stored_file_id"],
        "keep_in_store": True,
        "kind": "cccd",
    }
    payload = dossier_payload("victim-1", documents=[document])
    victim = client.post("/api/dossiers", json=payload, headers=service_headers)
    assert victim.status_code == 201, victim.text
    return victim.json()["receipt_code"]


def test_filing_with_another_chats_cccd_creates_a_separate_record(client, service_headers, staff_headers, sessions):
    victim_code = _file_victim_with_stored_paper(client, service_headers)
    attacker = client.post("/api/dossiers", json=_attacker_payload("attacker-1"), headers=service_headers)
    assert attacker.status_code == 201, attacker.text

    with sessions() as s:
        records = s.query(Citizen).filter_by(cccd="001203004567").order_by(Citizen.id).all()
        assert [(c.channel, c.sender_id) for c in records] == [("telegram", "tg-1001"), ("web", "web-attacker")]
        assert (records[0].full_name, records[0].phone, records[0].address) == (
            "Nguyễn Thị Lan",
            "0912345678",
            "12 Hàng Bạc",
        )
    # The victim's dossier still shows the victim's details.
    seen = client.get(f"/api/dossiers/{victim_code}", headers=staff_headers).json()["applicant"]
    assert (seen["full_name"], seen["phone"], seen["address"]) == ("Nguyễn Thị Lan", "0912345678", "12 Hàng Bạc")


def test_the_attacker_sees_neither_the_victims_papers_nor_dossiers(client, service_headers):
    victim_code = _file_victim_with_stored_paper(client, service_headers)
    client.post("/api/dossiers", json=_attacker_payload("attacker-2"), headers=service_headers)
    base = f"/api/citizens/by-sender/{ATTACKER['channel']}/{ATTACKER['sender_id']}"
    assert client.get(base + "/documents", headers=service_headers).json() == []
    listed = client.get(base + "/dossiers", headers=service_headers).json()
    assert victim_code not in [d["receipt_code"] for d in listed]
    victim_base = f"/api/citizens/by-sender/{VICTIM['channel']}/{VICTIM['sender_id']}"
    assert len(client.get(victim_base + "/documents", headers=service_headers).json()) == 1


def test_reusing_the_victims_stored_paper_is_refused(client, service_headers):
    _file_victim_with_stored_paper(client, service_headers)
    victim_docs = client.get("/api/citizens/by-sender/telegram/tg-1001/documents", headers=service_headers).json()
    payload = _attacker_payload("attacker-3")
    payload["documents"] = [{"name": "Ảnh CCCD", "provision": "reused", "stored_document_id": victim_docs[0]["id"]}]
    assert client.post("/api/dossiers", json=payload, headers=service_headers).status_code == 422


def test_status_notifications_go_to_the_filing_chat_only(client, service_headers, staff_headers, sessions):
    victim_code = _file_victim_with_stored_paper(client, service_headers)
    client.post("/api/dossiers", json=_attacker_payload("attacker-4"), headers=service_headers)
    change = {"status": "need_more_info", "note": "Thiếu giấy khai sinh bản gốc"}
    assert client.patch(f"/api/dossiers/{victim_code}", json=change, headers=staff_headers).status_code == 200
    with sessions() as s:
        recipients = {(m.channel, m.recipient) for m in s.query(OutboxMessage).all()}
    assert recipients == {("telegram", "tg-1001")}


def test_a_volunteer_filing_never_merges_with_a_chat_owned_record(
    client, settings, sessions, service_headers, volunteer_headers
):
    _file_victim_with_stored_paper(client, service_headers)
    assert link_volunteer(client, settings, sessions, "tinhnguyen", "web", "web-volunteer").status_code == 201
    payload = dossier_payload("volunteer-1", channel="web", sender_id="web-volunteer", on_behalf=True, consent=True)
    payload["applicant"].update(full_name="Tên Khác", phone="0900000000")
    assert client.post("/api/dossiers", json=payload, headers=service_headers).status_code == 201
    with sessions() as s:
        records = s.query(Citizen).filter_by(cccd="001203004567").order_by(Citizen.id).all()
    assert [(c.channel, c.full_name, c.phone) for c in records] == [
        ("telegram", "Nguyễn Thị Lan", "0912345678"),
        (None, "Tên Khác", "0900000000"),
    ]


def test_the_same_chat_filing_again_updates_its_own_record(client, service_headers, sessions):
    assert client.post("/api/dossiers", json=dossier_payload("own-key-1"), headers=service_headers).status_code == 201
    again = dossier_payload("own-key-2")
    again["applicant"]["phone"] = "0911111111"
    assert client.post("/api/dossiers", json=again, headers=service_headers).status_code == 201
    with sessions() as s:
        records = s.query(Citizen).all()
    assert [(c.sender_id, c.phone) for c in records] == [("tg-1001", "0911111111")]

"""dossier_form driven like rasa's FormAction (tests/actions/dossier_helpers.py), with the real knowledge base
and a REAL backend on 127.0.0.1 (SQLite in a temporary directory): the document walk, applicant validation,
bundles, volunteer filing, cancel/resume/restart, uploads, reuse from the personal store, the receipt code.

    .venv/bin/python -m pytest tests/actions/test_dossier_form.py
"""

from __future__ import annotations

import base64

import pytest
from dossier_helpers import Backend, FormDriver, payloads

from actions.dossier.entry import (
    ActionRestartDossier,
    ActionResumeDossier,
    ActionStartDossier,
    ActionStartVolunteerFiling,
)
from actions.dossier.submit import ActionSaveDocuments
from actions.fallback.fallback import ActionCancelDossier, ActionHandleDeny
from actions.rating.rating import ActionSubmitRating

BIRTH = "1.001193"
BUSINESS = "1.001612"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def attach(name="giay_chung_sinh.jpg", mime="image/jpeg", data=JPEG):
    b64 = base64.b64encode(data).decode() if isinstance(data, bytes) else data
    entities = [
        {"entity": "file_name", "value": name},
        {"entity": "mime", "value": mime},
        {"entity": "data_base64", "value": b64},
    ]
    return (
        '/attach_document{"file_name":"%s","mime":"%s","data_base64":"%s"}' % (name, mime, b64),
        "attach_document",
        entities,
    )


def choice(value, **extra):
    entities = [{"entity": "choice", "value": value}] + [{"entity": k, "value": v} for k, v in extra.items()]
    body = ",".join(f'"{e["entity"]}":"{e["value"]}"' for e in entities)
    return "/dossier_choice{%s}" % body, "dossier_choice", entities


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    server = Backend(tmp_path_factory.mktemp("dossier-backend"))
    yield server
    server.close()


# The birth registration's papers asked one by one: 3 required (Giấy chứng sinh, an identity paper, the form), then
# 4 conditional ones; the catalog's 3 alternatives are offered on the paper they replace, not asked on their own.
PAPERS = 7
REQUIRED_PAPERS = 3
CONSENTED = "2026-11-30T01:00:00+00:00"  # this chat agreed to the collection earlier (tests/actions/test_security.py)


def start(kb, code=BIRTH, **slots):
    driver = FormDriver(slots={"current_procedure_code": code, "privacy_consent_at": CONSENTED, **slots})
    driver.run(ActionStartDossier(), "nộp hồ sơ", "start_dossier")
    return driver


def walk_documents(driver, answer_conditional="không"):
    """Answer every document: upload the first, bring the others on paper, conditional ones "không"."""
    first = True
    while driver.requested == "document_answer":
        if "có áp dụng với bạn không" in driver.messages[-1]["text"]:
            driver.say(answer_conditional, "deny" if answer_conditional == "không" else "affirm")
        elif first:
            driver.say(*attach())
            first = False
        else:
            driver.say(*choice("paper"))


def fill_applicant(driver, name="Nguyễn Thị Lan"):
    answers = {
        "applicant_name": name,
        "applicant_cccd": "001199012345",
        "applicant_phone": "0912345678",
        "applicant_address": "Số 12 đường Lê Lợi, tổ 3",
        "applicant_ward": "phường Tân Định",
    }
    while driver.requested in answers:
        driver.say(answers[driver.requested])


# ------------------------------------------------------------------------------------------ the walk
def test_birth_registration_walk_to_receipt_code(kb, backend):
    driver = start(kb)
    reply = driver.activate()
    assert "Thủ tục đăng ký khai sinh" in reply and "hủy" in reply
    assert driver.requested == "dossier_bundle"  # khai sinh offers the liên thông bundles first
    assert '/dossier_choice{"choice":"bundle:khai-sinh-thuong-tru-bhyt"}' in payloads(driver.messages)
    reply = driver.say(*choice("bundle:none"))
    assert driver.requested == "document_answer"
    assert f"Giấy tờ 1/{PAPERS}: Giấy chứng sinh" in reply and f"Giấy tờ 1/{PAPERS}" in reply
    assert {"📎 Gửi ảnh/tệp", "Mang bản giấy khi đến", "Giải thích"} <= {
        b["title"] for m in driver.messages for b in m.get("buttons") or []
    }
    assert "Dùng giấy đã lưu" not in reply  # nothing in this chat's personal store yet

    reply = driver.say("giấy chứng sinh là gì?", "explain_document")
    assert "bệnh viện" in reply and f"Giấy tờ 1/{PAPERS}" in reply and driver.slots["dossier_item_index"] == 0
    reply = driver.say(*choice("upload_help"))
    assert "JPEG, PNG" in reply and f"Giấy tờ 1/{PAPERS}" in reply
    reply = driver.say(*attach())
    assert "Đã nhận tệp" in reply and f"Giấy tờ 2/{PAPERS}" in reply
    doc = driver.slots["dossier_documents"]
    first = next(iter(doc.values()))
    assert first["provision"] == "uploaded" and first["stored_file_id"] > 0

    reply = driver.say("tôi sẽ mang bản giấy khi đến")
    assert f"Giấy tờ 3/{PAPERS}" in reply
    reply = driver.say("ừm để xem")
    assert "chưa hiểu" in reply and f"Giấy tờ 3/{PAPERS}" in reply
    driver.say(*choice("paper"))
    reply = driver.messages[-1]["text"]
    first_conditional = f"Giấy tờ {REQUIRED_PAPERS + 1}/{PAPERS}"
    assert first_conditional in reply and "có áp dụng với bạn không" in reply  # conditional items come last
    reply = driver.say("hmm")
    assert "Có” hoặc “Không" in reply
    driver.say("có", "affirm")  # the case applies: now the paper itself
    assert (
        "Bạn gửi ảnh/tệp giấy này" in driver.messages[-1]["text"] and first_conditional in driver.messages[-1]["text"]
    )
    driver.say(*choice("paper"))
    walk_documents(driver)
    provisions = [d["provision"] for d in driver.slots["dossier_documents"].values()]
    skipped = PAPERS - REQUIRED_PAPERS - 1  # the conditional papers but the one that applied
    assert len(provisions) == PAPERS and provisions.count("not_applicable") == skipped
    assert provisions.count("uploaded") == 1

    assert driver.requested == "applicant_name" and "Họ và tên" in driver.messages[-1]["text"]
    reply = driver.say("Lan")
    assert "cả họ và tên" in reply and driver.requested == "applicant_name"
    driver.say("nguyễn thị lan")
    reply = driver.say("12345")
    assert "12 chữ số" in reply and driver.requested == "applicant_cccd"
    driver.say("001199012345")
    reply = driver.say("0212345678")
    assert "03, 05, 07, 08 hoặc 09" in reply and driver.requested == "applicant_phone"
    driver.say("+84 912 345 678")
    driver.say("Số 12 đường Lê Lợi, tổ 3")
    reply = driver.say("phường Tân Định")
    assert driver.requested == "delivery_method" and "nhận kết quả" in reply
    reply = driver.say("cho tôi nhận qua bưu điện")
    assert driver.slots["delivery_method"] == "postal" and driver.requested == "dossier_confirm"
    for part in (
        "Tóm tắt hồ sơ",
        "Giấy chứng sinh — đã gửi ảnh/tệp",
        "Nguyễn Thị Lan",
        "001199012345",
        "0912345678",
        "Phường Tân Định",
        "Qua bưu chính công ích",
        f"({skipped} giấy không áp dụng với bạn)",
    ):
        assert part in reply, part
    reply = driver.say("xác nhận", "affirm")
    assert driver.active is False and "Mã hồ sơ: HS-" in reply
    code = driver.slots["receipt_code"]
    assert f"tra cứu hồ sơ {code}" in reply and "mang theo bản giấy" in reply
    assert "kho dữ liệu cá nhân" in reply and "/save_documents" in payloads(driver.messages)
    assert "hài lòng" not in reply and driver.slots["pending_offer"] == "save_documents"  # one question at a time
    assert (
        driver.slots["dossier_key"] is None and driver.slots["applicant_name"] == "Nguyễn Thị Lan"
    )  # kept: never ask twice

    dossier = backend.dossier(code, driver.sender)
    assert dossier["procedure_code"] == BIRTH and dossier["delivery_method"] == "postal"
    assert dossier["applicant"]["full_name"] == "Nguyễn Thị Lan" and dossier["applicant"]["cccd"].endswith("345")
    assert [d["provision"] for d in dossier["documents"]].count("uploaded") == 1 and len(dossier["documents"]) == PAPERS
    assert dossier["channel"] == "rest"

    # keep the uploaded paper in the personal store; the next dossier offers it and never asks the applicant again
    driver.run(ActionSaveDocuments(), "/save_documents", "save_documents")
    assert "Đã lưu 1 giấy tờ" in driver.messages[-2]["text"]
    # then the satisfaction rating of this filing
    assert code in driver.messages[-1]["text"] and "hài lòng" in driver.messages[-1]["text"]
    assert driver.slots["rating_subject"] == {"receipt_code": code} and driver.slots["pending_offer"] is None
    driver.run(
        ActionSubmitRating(),
        '/give_rating{"rating_score":"4"}',
        "give_rating",
        [{"entity": "rating_score", "value": "4"}],
    )
    assert "Cảm ơn" in driver.messages[-1]["text"] or "cảm ơn" in driver.messages[-1]["text"]
    assert backend.ratings() == [(code, 4)]
    driver.run(ActionStartDossier(), "nộp hồ sơ", "start_dossier")
    driver.activate()
    driver.say(*choice("bundle:none"))
    assert "Dùng giấy đã lưu" in {b["title"] for m in driver.messages for b in m.get("buttons") or []}
    reply = driver.say("dùng giấy đã có")
    assert f"Giấy tờ 2/{PAPERS}" in reply
    walk_documents(driver)
    assert driver.requested == "delivery_method"  # name, CCCD, phone, address, ward known: not asked again
    driver.say(*choice("office"))
    reply = driver.say("/affirm", "affirm")
    second = driver.slots["receipt_code"]
    assert second != code
    documents = backend.dossier(second, driver.sender)["documents"]
    assert (
        documents[0]["provision"] == "reused"
        and documents[0]["stored_file_id"] == dossier["documents"][0]["stored_file_id"]
    )


def test_invalid_uploads_are_refused_with_the_reason(kb, backend):
    driver = start(kb)
    driver.activate()
    driver.say(*choice("bundle:none"))
    reply = driver.say(*attach(data="@@not-base64@@"))
    assert "bị lỗi" in reply and driver.slots["dossier_item_index"] == 0
    reply = driver.say(*attach(name="ghi_chu.txt", mime="text/plain", data=b"hello"))
    assert "JPEG, PNG hoặc tệp PDF" in reply
    reply = driver.say(*attach(name="fake.jpg", mime="image/jpeg", data=b"MZ this is not an image at all"))
    assert "Tệp chưa được nhận" in reply and f"Giấy tờ 1/{PAPERS}" in reply
    assert driver.slots["dossier_item_index"] == 0


def test_a_file_the_channel_already_stored_is_recorded_without_a_second_upload(kb, backend):
    """A channel stores the file first and sends its number (connectors/shared/staging.py): no bytes here."""
    stored = backend.post_file("giay_chung_sinh.jpg", JPEG, "image/jpeg")
    short = (
        '/attach_document{"file_name":"giay_chung_sinh.jpg","mime":"image/jpeg"}',
        "attach_document",
        [{"entity": "file_name", "value": "giay_chung_sinh.jpg"}, {"entity": "mime", "value": "image/jpeg"}],
    )
    driver = start(kb)
    driver.activate()
    driver.say(*choice("bundle:none"))
    reply = driver.say(*short, metadata={"motcua": {"staged_file": {"refused": "format", "detail": "HTTP 415"}}})
    assert "JPEG, PNG hoặc tệp PDF" in reply and driver.slots["dossier_item_index"] == 0
    reply = driver.say(*short, metadata={"motcua": {"staged_file": {"refused": "empty"}}})
    assert "rỗng" in reply and driver.slots["dossier_item_index"] == 0
    reply = driver.say(*short, metadata={"motcua": {"staged_file": stored}})
    assert f"Giấy tờ 2/{PAPERS}" in reply
    assert [d.get("stored_file_id") for d in driver.slots["dossier_documents"].values()] == [stored["stored_file_id"]]


def test_cancel_keeps_the_answers_resume_continues_restart_clears(kb, backend):
    driver = start(kb)
    driver.activate()
    driver.say(*choice("bundle:none"))
    driver.say(*choice("paper"))
    reply = driver.say("thôi không nộp nữa", "cancel_dossier")
    assert driver.active is False and "Đã tạm dừng" in reply and "tiếp tục hồ sơ" in reply
    assert driver.slots["dossier_stop"] is None and driver.slots["dossier_item_index"] == 1
    key = driver.slots["dossier_key"]

    driver.run(ActionResumeDossier(), "tiếp tục hồ sơ", "resume_dossier")
    reply = driver.activate()
    assert "làm tiếp" in reply and f"Giấy tờ 2/{PAPERS}" in reply and driver.slots["dossier_key"] == key
    driver.say("/cancel_dossier", "cancel_dossier")
    assert driver.active is False

    driver.run(ActionStartDossier(), "nộp hồ sơ", "start_dossier")  # same procedure: resumes, not a new dossier
    reply = driver.activate()
    assert "đang làm dở" in reply and f"Giấy tờ 2/{PAPERS}" in reply and driver.slots["dossier_key"] == key

    reply = driver.say("làm lại từ đầu", "restart_dossier")
    assert "làm lại từ đầu" in reply and driver.requested == "dossier_bundle"
    assert driver.slots["dossier_key"] != key and driver.slots["dossier_documents"] == {}

    driver.say("hủy")
    driver.run(ActionRestartDossier(), "làm lại từ đầu", "restart_dossier")
    driver.activate()
    assert driver.requested == "dossier_bundle" and driver.slots["dossier_item_index"] == 0


def test_name_that_sounds_like_cancel_is_a_name(kb, backend):
    driver = start(kb, applicant_cccd=None)
    driver.activate()
    driver.say(*choice("bundle:none"))
    walk_documents(driver)
    driver.say("Nguyễn Văn Hủy", "cancel_dossier")  # NLU may say cancel; a name is still a name
    assert driver.slots["applicant_name"] == "Nguyễn Văn Hủy" and driver.active


def test_liên_thông_bundle_collects_the_union_once(kb, backend):
    driver = start(kb)
    driver.activate()
    reply = driver.say("1")
    assert driver.slots["dossier_bundle"] == "khai-sinh-thuong-tru-bhyt" and "Nộp liên thông" in reply
    assert driver.slots["dossier_codes"] == ["2.000986"] and "Giấy tờ 1/5" in reply

    business = start(kb, BUSINESS)
    reply = business.activate()
    assert "thuế" not in reply or "Một hồ sơ, ba kết quả" not in reply
    business.say(*choice("bundle:ho-kinh-doanh-mot-ho-so-ba-ket-qua"))
    assert business.slots["dossier_codes"] == ["1.001612", "2.001827"]
    names = [i["name"] for i in business.slots["dossier_items"]]
    assert len(names) == len(set(names))
    assert {p for i in business.slots["dossier_items"] for p in i["procedures"]} == {"1.001612", "2.001827"}
    assert business.requested == "dossier_case"  # "Trường hợp ủy quyền …": Có/Không
    reply = business.say("không", "deny")
    assert business.slots["dossier_case"] == "none" and "Giấy tờ 1/4" in reply


def test_volunteer_links_the_chat_with_the_console_code_and_files_with_the_residents_consent(kb, backend):
    from tests.servers import create_user

    create_user(backend.python, backend.env, "tcns.lan", "mat-khau-tcns-1", role="volunteer")
    driver = FormDriver(slots={"current_procedure_code": BIRTH, "applicant_name": "Chủ Máy"})
    driver.run(ActionStartVolunteerFiling(), "tôi là tổ công nghệ số, nộp giúp bà Hoa", "volunteer_filing")
    driver.activate()
    assert driver.requested == "volunteer_link"  # a typed account name proves nothing
    reply = driver.say("tài khoản là tcns.lan")
    assert "6 chữ số" in reply and driver.requested == "volunteer_link"
    reply = driver.say("000000")
    assert "Mã không đúng hoặc đã hết hạn" in reply and "tcns.lan" not in reply
    reply = driver.say(backend.volunteer_code("tcns.lan"))
    assert "Đã liên kết với tài khoản" in reply and driver.slots["volunteer_link"]["username"] == "tcns.lan"
    driver.say(*choice("bundle:none"))
    assert "đồng ý" in driver.messages[-1]["text"] and driver.requested == "volunteer_consent"
    driver.say("có", "affirm")
    walk_documents(driver)
    assert driver.requested == "applicant_name"  # the resident, not this chat's own profile
    fill_applicant(driver, "Trần Thị Hoa")
    driver.say(*choice("office"))
    assert "Nộp hộ: tổ công nghệ số" in driver.messages[-1]["text"]
    reply = driver.say("/affirm", "affirm")
    code = driver.slots["receipt_code"]
    # the resident's papers are not offered for this chat's personal store: the rating is asked straight away
    assert "kho dữ liệu cá nhân" not in reply and code in driver.messages[-1]["text"] and "hài lòng" in reply
    assert driver.slots["rating_subject"] == {"receipt_code": code}
    dossier = backend.dossier(code, driver.sender)
    assert dossier["filed_by_volunteer"] == "tcns.lan" and dossier["consent_recorded"] is True
    assert dossier["applicant"]["full_name"] == "Trần Thị Hoa"
    assert driver.slots["applicant_name"] is None  # the resident's details are not kept for the next one


def test_volunteer_without_consent_stops(kb, backend):
    from tests.servers import create_user

    create_user(backend.python, backend.env, "tcns.ba", "mat-khau-tcns-2", role="volunteer")
    driver = FormDriver(slots={"current_procedure_code": BIRTH})
    driver.run(ActionStartVolunteerFiling(), "tổ công nghệ số nộp hộ ông Ba", "volunteer_filing")
    driver.activate()
    driver.say(backend.volunteer_code("tcns.ba"))
    driver.say(*choice("bundle:none"))
    reply = driver.say("chưa", "deny")
    assert driver.active is False and "chỉ được nộp hộ khi người dân đồng ý" in reply


def test_summary_edit_applicant_goes_back(kb, backend):
    driver = start(kb)
    driver.activate()
    driver.say(*choice("bundle:none"))
    walk_documents(driver)
    fill_applicant(driver)
    driver.say(*choice("online"))
    reply = driver.say(*choice("edit_applicant"))
    assert driver.requested == "applicant_name" and "khai lại thông tin người nộp" in reply


def test_cancel_with_no_dossier_is_a_no(kb, backend):
    driver = FormDriver(slots={"pending_offer": None})
    driver.run(ActionCancelDossier(), "thôi, không cần nữa", "cancel_dossier")
    assert "Vâng ạ" in driver.messages[0]["text"]


def test_declining_the_personal_store_keeps_nothing_and_asks_for_the_rating(kb, backend):
    driver = start(kb)
    driver.activate()
    driver.say(*choice("bundle:none"))
    driver.say(*attach(data=JPEG[:-2] + b"declined" + JPEG[-2:]))  # a paper no other test uploads
    walk_documents(driver)
    fill_applicant(driver, name="Trần Văn Minh")
    driver.say(*choice("office"))
    reply = driver.say("/affirm", "affirm")
    code = driver.slots["receipt_code"]
    assert "kho dữ liệu cá nhân" in reply and driver.slots["pending_offer"] == "save_documents"
    driver.run(ActionHandleDeny(), "/deny", "deny")
    assert "chỉ dùng cho hồ sơ này" in driver.messages[-2]["text"]
    assert code in driver.messages[-1]["text"] and "/give_rating" in " ".join(payloads(driver.messages[-1:]))
    assert driver.slots["dossier_saveable"] is None and driver.slots["rating_subject"] == {"receipt_code": code}
    declined = backend.dossier(code, driver.sender)["documents"][0]["stored_file_id"]
    stored = backend.get(f"/api/citizens/by-sender/rest/{driver.sender}/documents").json()
    assert declined and declined not in {d["stored_file_id"] for d in stored}


def test_a_question_in_the_middle_is_answered_not_taken_as_the_answer(kb, backend):
    driver = start(kb)
    driver.activate()
    driver.say(*choice("bundle:none"))
    reply = driver.say("lệ phí bao nhiêu?", "ask_fee")
    assert (
        "phí" in reply.lower()
        and f"Giấy tờ 1/{PAPERS}: Giấy chứng sinh" in reply
        and driver.slots["dossier_item_index"] == 0
    )
    walk_documents(driver)
    assert driver.requested == "applicant_name"
    reply = driver.say("mat bao lau", "ask_time")
    assert "Chúng ta tiếp tục hồ sơ" in reply and driver.slots["applicant_name"] is None
    assert driver.requested == "applicant_name" and "Thời hạn giải quyết" in reply and "khai sinh" in reply
    driver.say("Lê Thị Hoa")
    assert driver.slots["applicant_name"] == "Lê Thị Hoa"
    driver.say("001199012345")
    driver.say("0912345678")
    driver.say("Số 5 ngõ 10 Kim Mã")
    driver.say("phường Kim Mã", "ask_where")  # an answer the NLU misreads as a question about the place
    assert driver.slots["applicant_ward"] == "Phường Kim Mã" and driver.requested == "delivery_method"

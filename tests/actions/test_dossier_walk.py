"""The document walk by kind (issue 10), on tracker fixtures with a checklist written here (no backend needed):
a required paper is never "không áp dụng", an alternative satisfies the paper it replaces and says so, a conditional
paper is asked with its case and may be skipped; plus the real birth-registration checklist.

    .venv/bin/python -m pytest tests/actions/test_dossier_walk.py
"""

from __future__ import annotations

import pytest
from dossier_helpers import FormDriver, payloads

from actions.dossier.checklist import active_items, is_optional
from actions.dossier.entry import ActionStartDossier
from actions.dossier.submit import build_payload, summary_text

CODE = "9.999001"  # no liên thông bundle, so the form goes straight to the papers
CONSENTED = "2026-11-30T01:00:00+00:00"
BIRTH_CERTIFICATE = "Giấy chứng sinh"
WITNESS = "Văn bản của người làm chứng xác nhận về việc sinh"


def paper(key, name, kind="", condition="", instead_of="", case=""):
    item = {
        "key": key,
        "name": name,
        "detail": name,
        "copies": "1 bản chính",
        "condition": condition,
        "case": case,
        "template": "",
        "procedures": [CODE],
    }
    if kind:
        item.update(kind=kind, instead_of=instead_of)
    return item


CHECKLIST = [
    paper("d1", "Văn bản ủy quyền", "conditional", condition="Trường hợp ủy quyền cho người khác làm thay"),
    paper("d2", BIRTH_CERTIFICATE, "required"),
    paper("d3", WITNESS, "alternative", condition="không có Giấy chứng sinh", instead_of=BIRTH_CERTIFICATE),
    paper("d4", "Tờ khai đăng ký khai sinh", "required"),
]


def choice(value):
    return '/dossier_choice{"choice":"%s"}' % value, "dossier_choice", [{"entity": "choice", "value": value}]


def walking(items=CHECKLIST) -> FormDriver:
    driver = FormDriver(
        slots={
            "dossier_key": "dossier-walk-test-key",
            "dossier_procedure": CODE,
            "dossier_codes": [CODE],
            "dossier_title": "Thủ tục đăng ký khai sinh",
            "dossier_items": items,
            "dossier_item_index": 0.0,
            "dossier_documents": {},
            "privacy_consent_at": CONSENTED,
        }
    )
    driver.message("nộp hồ sơ", "start_dossier")
    driver.activate()
    assert driver.requested == "document_answer"
    return driver


def given(driver) -> dict:
    return driver.slots["dossier_documents"]


def tracker_of(driver):
    return driver._tracker(driver._latest())


# ------------------------------------------------------------------------------------------ order and kinds
def test_required_papers_first_alternatives_not_walked_on_their_own():
    walked = active_items({"dossier_items": CHECKLIST})
    assert [i["key"] for i in walked] == ["d2", "d4", "d1"]
    assert [is_optional(i) for i in walked] == [False, False, True]


def test_a_checklist_kept_from_before_kinds_reads_its_condition():
    legacy = [paper("d1", "Văn bản ủy quyền", condition="Trường hợp ủy quyền"), paper("d2", BIRTH_CERTIFICATE)]
    assert [(i["key"], is_optional(i)) for i in active_items({"dossier_items": legacy})] == [
        ("d2", False),
        ("d1", True),
    ]


# ------------------------------------------------------------------------------------------ required
@pytest.mark.parametrize(
    "answer",
    [("không", "deny"), ("/deny", "deny"), ("không có", ""), ("chưa có giấy này", ""), ("không áp dụng", "deny")],
)
def test_a_required_paper_is_never_not_applicable(answer):
    driver = walking()
    question = driver.messages[-1]
    assert question["text"].startswith(f"📄 Giấy tờ 1/3: {BIRTH_CERTIFICATE} (bắt buộc")
    assert "có áp dụng" not in question["text"] and "/deny" not in payloads(driver.messages)
    reply = driver.say(*answer)
    assert "bắt buộc" in reply and "Mang bản giấy khi đến" in reply and "giấy nộp thay" in reply
    assert given(driver) == {} and driver.slots["dossier_item_index"] == 0 and "Giấy tờ 1/3" in reply
    driver.say(*choice("paper"))
    assert given(driver)["d2"] == {"name": BIRTH_CERTIFICATE, "provision": "paper_at_office"}


# ------------------------------------------------------------------------------------------ alternatives
def test_an_alternative_is_offered_on_the_paper_it_replaces_and_satisfies_it():
    driver = walking()
    assert f"nộp thay: “{WITNESS}”" in driver.messages[-1]["text"]
    assert '/dossier_choice{"choice":"alternative:d3"}' in payloads(driver.messages)
    reply = driver.say(*choice("alternative:d3"))
    assert f"Bạn nộp thay bằng: {WITNESS}" in reply and "Giấy tờ 1/3" in reply and given(driver) == {}
    assert '/dossier_choice{"choice":"original"}' in payloads(driver.messages)
    reply = driver.say(*choice("paper"))
    assert given(driver)["d2"] == {"name": WITNESS, "provision": "paper_at_office", "instead_of": BIRTH_CERTIFICATE}
    assert "Giấy tờ 2/3: Tờ khai" in reply
    driver.say(*choice("paper"))
    driver.say("không", "deny")  # the power of attorney's case does not apply
    assert driver.requested == "applicant_name"  # the alternative was never asked on its own

    tracker = tracker_of(driver)
    assert f"{WITNESS} (thay cho {BIRTH_CERTIFICATE}) — mang bản giấy khi đến" in summary_text(tracker)
    documents = {d["name"]: d["provision"] for d in build_payload(tracker)["documents"]}
    assert documents == {
        f"{WITNESS} (thay cho {BIRTH_CERTIFICATE})": "paper_at_office",
        "Tờ khai đăng ký khai sinh": "paper_at_office",
        "Văn bản ủy quyền": "not_applicable",
    }


def test_an_alternative_can_be_named_and_the_citizen_can_go_back():
    driver = walking()
    reply = driver.say("tôi nộp văn bản người làm chứng xác nhận việc sinh")
    assert f"Bạn nộp thay bằng: {WITNESS}" in reply
    reply = driver.say(*choice("original"))
    assert "Bạn nộp thay bằng" not in reply and f"Giấy tờ 1/3: {BIRTH_CERTIFICATE}" in reply
    driver.say(*choice("paper"))
    assert given(driver)["d2"] == {"name": BIRTH_CERTIFICATE, "provision": "paper_at_office"}


def test_an_alternative_whose_paper_is_missing_is_asked_as_conditional():
    orphan = [paper("d1", WITNESS, "alternative", condition="không có Giấy chứng sinh", instead_of="Giấy khác")]
    driver = walking(orphan)
    assert "Chỉ cần khi: không có Giấy chứng sinh." in driver.messages[-1]["text"]
    driver.say("không", "deny")
    assert given(driver)["d1"]["provision"] == "not_applicable"


# ------------------------------------------------------------------------------------------ conditional
def test_a_conditional_paper_is_asked_with_its_case_and_may_be_skipped():
    driver = walking()
    driver.say(*choice("paper"))
    driver.say(*choice("paper"))
    question = driver.messages[-1]
    assert question["text"] == (
        "📄 Giấy tờ 3/3: Văn bản ủy quyền (1 bản chính)\n"
        "Chỉ cần khi: ủy quyền cho người khác làm thay.\n"
        "Trường hợp này có áp dụng với bạn không?"
    )
    assert [b["title"] for b in question["buttons"]] == ["Có", "Không áp dụng", "Giải thích"]
    driver.say("không", "deny")
    assert given(driver)["d1"] == {"name": "Văn bản ủy quyền", "provision": "not_applicable"}
    assert "(1 giấy không áp dụng với bạn)" in summary_text(tracker_of(driver))


def test_a_conditional_paper_that_applies_is_then_given():
    driver = walking()
    driver.say(*choice("paper"))
    driver.say(*choice("paper"))
    reply = driver.say("có", "affirm")
    assert "Bạn gửi ảnh/tệp giấy này" in reply and "Giấy tờ 3/3" in reply
    driver.say(*choice("paper"))
    assert given(driver)["d1"]["provision"] == "paper_at_office"


# ------------------------------------------------------------------------------------------ the real catalog
def test_the_birth_certificate_of_the_catalog_is_required_and_no_cannot_skip_it(kb):
    driver = FormDriver(slots={"current_procedure_code": "1.001193", "privacy_consent_at": CONSENTED})
    driver.run(ActionStartDossier(), "nộp hồ sơ", "start_dossier")
    driver.activate()
    reply = driver.say(*choice("bundle:none"))
    assert f"Giấy tờ 1/7: {BIRTH_CERTIFICATE} (bắt buộc" in reply and "có áp dụng" not in reply
    assert "Giấy cam đoan về việc sinh" in reply  # an alternative, offered as "hoặc …"
    driver.say("không", "deny")
    assert driver.slots["dossier_documents"] == {} and driver.slots["dossier_item_index"] == 0


def test_an_exception_is_said_as_who_does_not_need_the_paper():
    exempt = paper("d1", "Giấy khám sức khỏe", "conditional", condition="trừ người có giấy phép lái xe hạng A1, A, B1")
    driver = walking([exempt])
    assert driver.messages[-1]["text"].endswith(
        "Không cần với người có giấy phép lái xe hạng A1, A, B1.\nGiấy này có áp dụng với bạn không?"
    )
    driver.say("không", "deny")
    assert given(driver)["d1"]["provision"] == "not_applicable"

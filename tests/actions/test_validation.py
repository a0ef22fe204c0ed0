"""actions/core/validation.py: every shared validator, valid and invalid inputs, with the Vietnamese reason.

.venv/bin/python -m pytest tests/actions/test_validation.py
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core.validation import (
    PROVINCE_CODES,
    MotcuaFormValidationAction,
    check_address,
    check_cccd,
    check_full_name,
    check_phone,
    check_ward,
    check_yes_no,
    is_cancel_text,
)

ON = dt.date(2026, 6, 1)


# ------------------------------------------------------------------------------------------ CCCD
@pytest.mark.parametrize(
    "text, value",
    [
        ("001099012345", "001099012345"),  # Hà Nội, nam sinh 1999
        ("079203001234", "079203001234"),  # TP HCM, nam sinh 2003
        ("001 099 012 345", "001099012345"),  # typed in groups
        ("096185000001", "096185000001"),  # Cà Mau, nữ sinh 1985
        (" 036.301.012.345 ", "036301012345"),  # nữ sinh 2001, with dots
    ],
)
def test_cccd_valid(text, value):
    assert check_cccd(text, on=ON).value == value


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "chưa nhập"),
        ("00109901234a", "chỉ gồm chữ số"),
        ("123456789", "CMND cũ (9 số)"),
        ("00109901234", "đúng 12 chữ số (bạn nhập 11"),
        ("0010990123456", "đúng 12 chữ số (bạn nhập 13"),
        ("003099012345", "“003” không phải mã tỉnh"),
        ("097099012345", "“097” không phải mã tỉnh"),
        ("000099012345", "mã tỉnh"),
        ("001499012345", "Chữ số thứ 4"),
        ("001230012345", "Năm sinh"),  # 2030: in the future
    ],
)
def test_cccd_invalid(text, reason):
    checked = check_cccd(text, on=ON)
    assert checked.value is None and reason in checked.error


def test_province_codes_are_the_63_provinces_within_001_096():
    assert len(PROVINCE_CODES) == 63 and min(PROVINCE_CODES) == "001" and max(PROVINCE_CODES) == "096"


# ------------------------------------------------------------------------------------------ phone
@pytest.mark.parametrize(
    "text",
    [
        "0912345678",
        "+84912345678",
        "84912345678",
        "+84 912 345 678",
        "0912.345.678",
        "0312-345-678",
        "0561234567",
        "0701234567",
        "0861234567",
        "(091) 234 5678",
    ],
)
def test_phone_valid(text):
    checked = check_phone(text)
    assert checked.ok and len(checked.value) == 10 and checked.value.startswith("0")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "chưa nhập"),
        ("09123abc78", "chỉ gồm chữ số"),
        ("091234567", "10 chữ số (bạn nhập 9"),
        ("09123456789", "10 chữ số (bạn nhập 11"),
        ("0212345678", "03, 05, 07, 08 hoặc 09"),  # landline prefix
        ("0112345678", "03, 05, 07, 08 hoặc 09"),
        ("+84212345678", "03, 05, 07, 08 hoặc 09"),
    ],
)
def test_phone_invalid(text, reason):
    checked = check_phone(text)
    assert checked.value is None and reason in checked.error


# ------------------------------------------------------------------------------------------ names, places
@pytest.mark.parametrize(
    "text, value",
    [
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("  lê  thị  hoa ", "Lê Thị Hoa"),
        ("TRẦN BÍCH-NGỌC", "Trần Bích-Ngọc"),
        ("h'hen niê", "H'Hen Niê"),
        ("Nguyen Van An", "Nguyen Van An"),
    ],
)
def test_full_name_valid(text, value):
    assert check_full_name(text).value == value


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "chưa nhập"),
        ("An", "cả họ và tên"),
        ("Nguyễn Văn 2", "chữ số"),
        ("Nguyễn @n", "chỉ gồm chữ cái"),
        ("Nguyễn " + "a" * 100, "quá dài"),
    ],
)
def test_full_name_invalid(text, reason):
    checked = check_full_name(text)
    assert checked.value is None and reason in checked.error


def test_address():
    assert check_address("Số 12 đường Lê Lợi, tổ 3").value == "Số 12 đường Lê Lợi, tổ 3"
    for text, reason in (("", "chưa nhập"), ("   ", "chưa nhập"), ("123", "chưa rõ"), ("x" * 301, "quá dài")):
        checked = check_address(text)
        assert checked.value is None and reason in checked.error


@pytest.mark.parametrize(
    "text, value",
    [
        ("p. bến nghé", "Phường Bến Nghé"),
        ("xã tân phú", "Xã Tân Phú"),
        ("Phường 12", "Phường 12"),
        ("thị trấn đông anh", "Thị trấn Đông Anh"),
        ("Bến Nghé", "Bến Nghé"),
    ],
)
def test_ward_valid(text, value):
    assert check_ward(text).value == value


@pytest.mark.parametrize(
    "text, reason", [("", "chưa nhập"), ("123", "chưa rõ"), ("phường", "cả tên phường"), ("x" * 130, "quá dài")]
)
def test_ward_invalid(text, reason):
    checked = check_ward(text)
    assert checked.value is None and reason in checked.error


# ------------------------------------------------------------------------------------------ yes/no, cancel
@pytest.mark.parametrize(
    "text, intent, value",
    [
        ("có", "", True),
        ("vâng ạ", "", True),
        ("dạ", "", True),
        ("đồng ý", "", True),
        ("ok", "", True),
        ("không", "", False),
        ("dạ không", "", False),
        ("chưa", "", False),
        ("ko", "", False),
        ("/affirm", "affirm", True),
        ("/deny", "deny", False),
    ],
)
def test_yes_no(text, intent, value):
    assert check_yes_no(text, intent).value is value


def test_yes_no_unclear():
    assert "“Có” hoặc “Không”" in check_yes_no("để tôi xem đã").error


@pytest.mark.parametrize("text", ["hủy", "Huỷ!", "huy", "thôi không nộp nữa", "tôi muốn hủy", "dừng lại", "hủy hồ sơ"])
def test_cancel_phrases(text):
    assert is_cancel_text(text)


@pytest.mark.parametrize("text", ["Nguyễn Văn Hủy", "số 12 ngõ Dừng", "không", "tiếp tục"])
def test_not_cancel(text):
    assert not is_cancel_text(text)


# ------------------------------------------------------------------------------------------ base class
class ValidateExampleForm(MotcuaFormValidationAction):
    def name(self):
        return "validate_example_form"

    async def validate_contact_phone(self, value, dispatcher, tracker, domain):
        return self.phone("contact_phone", value, dispatcher)


def _tracker(text, intent="", confidence=0.95, requested="contact_phone"):
    return Tracker(
        "s",
        {"requested_slot": requested},
        {"text": text, "intent": {"name": intent, "confidence": confidence}},
        [],
        False,
        None,
        {"name": "example_form"},
        "action_listen",
    )


def test_base_class_refuses_with_the_reason_and_clears_the_slot():
    action, dispatcher = ValidateExampleForm(), CollectingDispatcher()
    result = asyncio.run(action.validate_contact_phone("0212345678", dispatcher, _tracker("0212345678"), {}))
    assert result == {"contact_phone": None}
    assert "03, 05, 07, 08 hoặc 09" in dispatcher.messages[0]["text"]
    dispatcher = CollectingDispatcher()
    assert asyncio.run(action.validate_contact_phone("+84912345678", dispatcher, _tracker("x"), {})) == {
        "contact_phone": "0912345678"
    }
    assert dispatcher.messages == []


def test_base_class_reads_the_requested_slot_and_cancel():
    action = ValidateExampleForm()
    assert action.requested_text(_tracker("0912345678"), "contact_phone") == "0912345678"
    assert action.requested_text(_tracker("0912345678"), "other") is None
    assert action.is_cancel(_tracker("thôi không nộp nữa"))
    assert action.is_cancel(_tracker("/cancel_dossier", "cancel_dossier"))
    assert action.is_cancel(_tracker("bỏ đi", "cancel_dossier", 0.9))
    assert not action.is_cancel(_tracker("bỏ đi", "cancel_dossier", 0.9), trust_intent=False)
    assert not action.is_cancel(_tracker("bỏ đi", "cancel_dossier", 0.5))
    assert not ValidateExampleForm.__abstractmethods__  # a concrete subclass registers with rasa_sdk
    assert MotcuaFormValidationAction.__abstractmethods__  # the base class does not

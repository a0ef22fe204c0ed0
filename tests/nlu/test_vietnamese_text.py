"""The dependency-free Vietnamese text helpers and rule-based entities (any venv)."""

import unicodedata

import pytest

from nlu.vietnamese_entities import find_entities
from nlu.vietnamese_text import (
    canonical,
    expand_abbreviations,
    fold,
    has_vietnamese_diacritics,
    looks_english,
    normalize,
)


def test_fold_removes_accents_and_d_bar():
    assert fold("Giấy khai sinh") == "giay khai sinh"
    assert fold("ĐĂNG KÝ Thường trú") == "dang ky thuong tru"


def test_normalize_nfc_tone_placement_and_spaces():
    decomposed = unicodedata.normalize("NFD", "Thủ tục  đăng ký\u200b khai sinh ")
    assert normalize(decomposed) == "Thủ tục đăng ký khai sinh"
    assert normalize("hoà thuỷ khoẻ") == "hòa thủy khỏe"
    assert normalize("quý quà hoàng") == "quý quà hoàng"  # "qu" and closed syllables untouched


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ko dc j", "không được gì"),
        ("lam cccd mat bn tien", "lam căn cước công dân mat bao nhiêu tien"),
        ("gks, hk va sdt?", "giấy khai sinh, hộ khẩu va số điện thoại?"),
        ("k can", "không can"),
    ],
)
def test_chat_abbreviations(typed, expected):
    assert expand_abbreviations(typed) == expected


def test_canonical_and_diacritics_detection():
    assert canonical(" đk  tạm trú ") == "đăng ký tạm trú"
    assert has_vietnamese_diacritics("tạm trú") and not has_vietnamese_diacritics("tam tru")


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("tra cứu hồ sơ HS-2026-000123", "receipt_code", "HS-2026-000123"),
        ("ma ho so hs-2026-000045 a", "receipt_code", "HS-2026-000045"),
        ("mã 000.00.21.H01-240315-0001", "receipt_code", "000.00.21.H01-240315-0001"),
        ("số cccd 001203001234", "cccd_number", "001203001234"),
        ("sđt 0912 345 678", "phone", "0912345678"),
        ("gọi +84912345678", "phone", "0912345678"),
        ("nộp ngày 15/03/2024", "date", "2024-03-15"),
        ("hẹn ngày 5 tháng 4 năm 2025", "date", "2025-04-05"),
    ],
)
def test_rule_entities(text, entity, value):
    found = [(e.entity, e.value) for e in find_entities(text)]
    assert (entity, value) in found


def test_no_false_entities_in_amounts_and_versions():
    assert find_entities("lệ phí 50.000 đồng, bản 1.2, nộp 2 bộ") == []


def test_english_detection():
    assert looks_english("How do I get a passport?")
    assert not looks_english("lam ho chieu o dau")
    assert not looks_english("Làm hộ chiếu ở đâu")
    assert not looks_english("ok")

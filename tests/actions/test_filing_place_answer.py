"""A record without an agency: the place answer says where its steps file the dossier, not a guess from its levels."""

from __future__ import annotations

import pytest

from actions.procedures.render.place import place_text, where_answer

TAX_CREDIT = "1.008543"  # khấu trừ thuế đã nộp ở nước ngoài: no agency; steps "gửi đến cơ quan thuế quản lý trực tiếp"
BIRTH_AGAIN = "1.004884"  # đăng ký lại khai sinh: "tại Trung tâm Phục vụ hành chính công có thẩm quyền", commune level
BIRTH = "1.001193"  # đăng ký khai sinh: "tại Trung tâm Phục vụ hành chính công", commune level


def test_the_steps_body_is_where_to_file(kb):
    proc = kb.get(TAX_CREDIT)
    assert not proc.agency.strip()
    answer = where_answer(proc)
    assert "Cơ quan thuế quản lý trực tiếp" in answer and "Ủy ban nhân dân" not in answer


@pytest.mark.parametrize("code", [BIRTH_AGAIN, BIRTH])
def test_a_one_stop_office_of_one_level_is_its_committees(kb, code):
    proc = kb.get(code)
    assert [level.lower() for level in proc.levels] == ["cấp xã"]
    assert place_text(proc) == "Ủy ban nhân dân cấp xã (Trung tâm Phục vụ hành chính công cấp xã)"

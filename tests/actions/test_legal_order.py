"""The legal answer: the kind of text asked for first, base texts before the texts amending them when not all can be
listed, up to MAX_LEGAL texts within one screen (render.legal.for_answer, render.place.legal_answer)."""

from __future__ import annotations

import re

from actions.procedures import render
from actions.procedures.render.common import ASPECT_LIMIT
from actions.procedures.render.place import legal_answer

MARRIAGE = "1.000894"  # đăng ký kết hôn: 16 texts, two Laws, the main decree 123/2015 beside amending decrees
RESIDENCE = "1.004222"  # đăng ký thường trú: 11 texts, the Law, decrees, a resolution and circulars
LICENCE_AGAIN = "3.000348"  # cấp lại giấy phép lái xe: 3 circulars, one of them amending


def _listed(answer: str) -> list[str]:
    return re.findall(r"^\d+\. (.+)$", answer, re.MULTILINE)


def test_the_main_decree_is_listed_before_amending_decrees(kb):
    answer = legal_answer(kb.get(MARRIAGE), question="đăng ký kết hôn theo luật nào, nghị định nào")
    listed = _listed(answer)
    assert any("123/2015/NĐ-CP" in line for line in listed)
    assert [line.split(" ")[0] for line in listed[:2]] == ["Luật", "Luật"]
    amending = [i for i, line in enumerate(listed) if "sửa đổi" in line]
    assert amending and min(amending) == 5  # the base decrees (120/2025, 87/2020, 123/2015) before the amending ones
    assert len(listed) == 6 and len(answer) <= ASPECT_LIMIT


def test_circulars_first_when_a_circular_is_asked(kb):
    answer = legal_answer(kb.get(RESIDENCE), question="đăng ký thường trú theo thông tư nào")
    listed = _listed(answer)
    assert listed[0].startswith("Thông tư 54/2025/TT-BCA")
    assert all(line.startswith("Thông tư") for line in listed)
    assert len(answer) <= ASPECT_LIMIT


def test_without_a_kind_asked_the_law_stays_first(kb):
    for question in ("", "căn cứ pháp luật của đăng ký thường trú"):  # "pháp luật" asks for no Law in particular
        listed = _listed(legal_answer(kb.get(RESIDENCE), question=question))
        assert listed[0] == "Luật Cư trú 2020 (68/2020/QH14)"
        assert listed[1].startswith("Nghị định 154/2024/NĐ-CP")


def test_a_short_basis_keeps_its_order(kb):
    listed = _listed(legal_answer(kb.get(LICENCE_AGAIN)))
    assert [line.split(":")[0] for line in listed] == [
        "Thông tư 06/2025/TT-BTC",
        "Thông tư 12/2025/TT-BCA",
        "Thông tư 37/2023/TT-BTC",
    ]
    assert (
        listed[1]
        == "Thông tư 12/2025/TT-BCA: quy định về sát hạch, cấp giấy phép lái xe; cấp, sử dụng giấy phép lái xe quốc tế"
    )


def test_the_answer_a_citizen_reads_puts_the_asked_kind_first(kb):
    """Through render.answer, the reply the bot sends: 'theo thông tư nào' lists circulars first."""
    text = render.answer(kb.get("1.004222"), "legal", question="đăng ký thường trú làm theo thông tư nào").text
    assert text.splitlines()[1].startswith("1. Thông tư"), text


def test_the_fee_a_citizen_reads_puts_the_asked_channel_first(kb):
    text = render.answer(kb.get("3.000347"), "fee", question="đổi bằng lái nộp trực tuyến phí bao nhiêu").text
    assert text.splitlines()[1].startswith("• Trực tuyến"), text

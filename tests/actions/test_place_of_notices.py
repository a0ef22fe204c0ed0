"""A record without an agency whose steps name where to send a notice after a long paper's name: the place answer
names that office (knowledge_base.filing_place), not a guess from the levels."""

from __future__ import annotations

from actions.procedures.render.common import ASPECT_LIMIT
from actions.procedures.render.place import where_answer

BUSINESS_PLACE = "1.009824"  # thông báo địa điểm kinh doanh: "gửi Thông báo … đến cơ quan thuế quản lý trực tiếp …"
LEGAL_AID = "2.000829"  # yêu cầu trợ giúp pháp lý: the agency names the State legal aid centre first
TAX_CREDIT = "1.008543"  # khấu trừ thuế: "gửi đến cơ quan thuế quản lý trực tiếp", read before as well


def test_a_notice_goes_to_the_tax_office_its_steps_name(kb):
    answer = where_answer(kb.get(BUSINESS_PLACE))
    assert answer.splitlines()[0].endswith(": Cơ quan thuế quản lý trực tiếp trụ sở của hộ kinh doanh.")
    assert "Ủy ban nhân dân" not in answer and len(answer) <= ASPECT_LIMIT


def test_neighbours_keep_their_place(kb):
    assert (
        where_answer(kb.get(LEGAL_AID))
        .splitlines()[0]
        .endswith(": Trung tâm trợ giúp pháp lý nhà nước, Tổ chức hành nghề luật sư, Tổ chức tư vấn pháp luật.")
    )
    assert "Cơ quan thuế quản lý trực tiếp" in where_answer(kb.get(TAX_CREDIT)).splitlines()[0]

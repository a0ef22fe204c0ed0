"""Topics outside the catalog that must name where to go (brief O round 2, issue 10), and a plan told before a catalog
question that does not make it outside (knowledge_base/outside_context.py ``_setting_of``). The table and the context
rules only: no index, no encoder. Every question was written for this file (none from a benchmark set, the dev or
held-out files of tests/kb/data, the training data or the catalog names); about half are typed without diacritics.
"""

from __future__ import annotations

import pytest

from knowledge_base.outside import outside_topics

NAMED_WHERE = [
    # noise and quarrels at home: the commune police and the mediation team, not the culture department
    ("nhà bên cạnh mở loa kẹo kéo hát karaoke tới khuya", "Công an xã/phường"),
    ("hang xom cai nhau chui bop ca dem", "hòa giải"),
    # traffic camera fines: the traffic police and the public-service portal's payment
    ("xe may cua toi co bi phat nguoi khong, tra o dau", "Cổng dịch vụ công"),
    ("nộp phạt vi phạm giao thông qua mạng được không", "CSGT"),
    # medicines: a doctor, the pharmacy, Sở Y tế
    ("thuốc kháng sinh cho trẻ nhỏ mua ở đâu", "bác sĩ"),
    ("mua thuoc ngu co can toa thuoc khong", "Sở Y tế"),
    # driving schools: the licensed schools (Sở Xây dựng licenses them)
    ("muon hoc lai xe o to thi dang ky o dau", "cơ sở đào tạo lái xe"),
    # the disability level: the commune's council
    ("giấy xác nhận khuyết tật cho mẹ già làm ở đâu", "Hội đồng xác định mức độ khuyết tật"),
    # a commercial insurance claim: the insurer, not the State's compensation
    ("xe máy va chạm với ô tô, bảo hiểm có bồi thường không", "công ty bảo hiểm"),
    ("xe o to bi ngap nuoc, bao hiem den bu the nao", "công ty bảo hiểm"),
    # lost private papers: whoever issued them
    ("so tiet kiem bi chuot can nat, ra ngan hang nao", "ngân hàng"),
    ("hợp đồng bảo hiểm của xe tải bị mất", "công ty bảo hiểm"),
    ("thẻ học sinh của con bị rơi ở sân trường", "nhà trường"),
]


@pytest.mark.parametrize("question, where", NAMED_WHERE)
def test_an_outside_topic_names_where_to_go(question, where):
    topic = outside_topics().topic_of(question)
    assert topic is not None and where in topic.where, (question, topic)


PLANS_TOLD = [
    "sắp sang Đài Loan làm việc, làm hộ chiếu mất mấy ngày",
    "chuan bi di xuat khau lao dong, xin ly lich tu phap o dau",
    "con gái đi du học Hàn cần phiếu lý lịch tư pháp số 2 không",
]
PLANS_ASKED = [
    "đi xuất khẩu lao động Hàn Quốc hết bao nhiêu tiền",
    "muon di du hoc nhat thi lam the nao",
    "chuẩn bị đi xklđ Nhật, chọn công ty nào uy tín",
]


# the State's compensation is a catalog procedure: an insurance claim's words do not take it
STATE_COMPENSATION = "yêu cầu nhà nước bồi thường vì quyết định hành chính sai"
# a pensioner's funeral allowance is the catalog's survivors' benefits (tử tuất), not the pension itself
FUNERAL_ALLOWANCE = "xin trợ cấp mai táng cho người đang hưởng lương hưu"
# a quarrel over a land boundary: the commune's mediation of land disputes is a catalog procedure
LAND_DISPUTE = "hang xom cai nhau ve ranh gioi thua dat, nho xa hoa giai"
# copying a doctor's prescription is the catalog's certified copy
CERTIFIED_PRESCRIPTION = "đơn thuốc của bác sĩ có chứng thực bản sao được không"


@pytest.mark.parametrize(
    "question", [*PLANS_TOLD, STATE_COMPENSATION, FUNERAL_ALLOWANCE, LAND_DISPUTE, CERTIFIED_PRESCRIPTION]
)
def test_a_plan_told_before_a_catalog_question_is_no_outside_topic(question):
    assert outside_topics().topic_of(question) is None


@pytest.mark.parametrize("question", PLANS_ASKED)
def test_a_plan_asked_about_stays_outside(question):
    assert outside_topics().topic_of(question) is not None

"""Where the steps say a dossier is filed (knowledge_base.filing_place), for records that name no agency."""

from __future__ import annotations

import pytest

from knowledge_base.filing_place import filing_place


@pytest.mark.parametrize(
    "steps, place",
    [
        (
            "+ Bước 1. Cá nhân chuẩn bị hồ sơ đề nghị hoàn thuế gửi đến cơ quan thuế quản lý trực tiếp.\n"
            "+ Bước 2. Cơ quan thuế tiếp nhận hồ sơ.",
            "Cơ quan thuế quản lý trực tiếp",
        ),
        (
            "- Nếu nộp trực tiếp, người yêu cầu nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã; nộp lệ phí.",
            "Trung tâm Phục vụ hành chính công cấp xã",
        ),
        (
            "Bước 1: Tổ chức gửi 01 bộ hồ sơ đến Sở Văn hóa, Thể thao và Du lịch nơi đặt trụ sở, bằng đường bưu điện.",
            "Sở Văn hóa, Thể thao và Du lịch nơi đặt trụ sở",
        ),
        (  # a number after the body starts the dossier's description
            "Người nộp thuế gửi đến Cơ quan thuế 02 (hai) hồ sơ đề nghị gồm: văn bản đề nghị …",
            "Cơ quan thuế",
        ),
        (  # the authority abroad is the record's background, not where the citizen files
            "Công dân đã kết hôn tại cơ quan có thẩm quyền của nước ngoài nộp hồ sơ ghi chú tại UBND cấp xã nơi cư "
            "trú.",
            "UBND cấp xã nơi cư trú",
        ),
    ],
)
def test_the_body_named_after_a_filing_verb(steps, place):
    assert filing_place(steps) == place


@pytest.mark.parametrize(
    "steps",
    [
        "Bước 1: Tổ chức, cá nhân nộp hồ sơ đến cơ quan tiếp nhận.",  # only the kind of body
        "Bước 1: Người dân chuẩn bị hồ sơ theo quy định. Bước 2: Cán bộ kiểm tra và trả kết quả.",  # none named
        "",
    ],
)
def test_nothing_when_the_steps_name_no_body(steps):
    assert filing_place(steps) == ""


def test_a_body_after_a_long_papers_name():
    """Thông báo địa điểm kinh doanh (1.009824): the paper's name runs past the nearer reach before "đến"."""
    steps = (
        "Bước 1: Hộ kinh doanh, cá nhân kinh doanh thành lập thêm địa điểm kinh doanh thì thực hiện gửi Thông báo về "
        "việc thành lập địa điểm kinh doanh, thay đổi thông tin, tạm ngừng kinh doanh, chấm dứt hoạt động địa điểm "
        "kinh doanh đến cơ quan thuế quản lý trực tiếp trụ sở của hộ kinh doanh theo mẫu số 01/TB-ĐĐKD."
    )
    assert filing_place(steps) == "Cơ quan thuế quản lý trực tiếp trụ sở của hộ kinh doanh"


def test_a_nearer_body_is_kept_before_a_farther_one():
    steps = (
        "Bước 1: Cá nhân nộp hồ sơ tại Bộ phận một cửa. Bước 2: Cán bộ gửi kết quả thẩm định hồ sơ và các văn bản kèm "
        "theo đã được kiểm tra đầy đủ, thống nhất, hợp lệ của hồ sơ cho cá nhân đề nghị về Ủy ban nhân dân cấp xã."
    )
    assert filing_place(steps) == "Bộ phận một cửa"

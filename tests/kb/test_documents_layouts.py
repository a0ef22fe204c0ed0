"""Row layouts the checklist parser reads: a label over lettered cases, a case before the paper it adds, a paper
of a "one of" list repeated as a row, two papers joined by "hoặc" after a case, and names the catalog cut."""

import pytest
from records import table_row

from knowledge_base.checklist import build_checklist
from knowledge_base.documents import ALTERNATIVE, CONDITIONAL, REQUIRED, papers, short_name
from knowledge_base.model import Document
from knowledge_base.parse import parse_record


def _items(raw_records, code):
    return build_checklist([parse_record(raw_records[code])]).items


def test_a_label_over_lettered_cases_gives_each_cases_papers_and_is_no_paper():
    document = table_row(
        "Các giấy tờ khác: a) Nhà xây trên đất thuê thì phải có thêm hợp đồng thuê đất, biên lai nộp tiền thuê. "
        "Trường hợp đất thuê của tư nhân thì phải có thêm văn bản đồng ý của chủ đất; b) Trường hợp nhà có nhiều "
        "chủ, phải có thêm văn bản thỏa thuận của các chủ sở hữu"
    )
    found = papers((document,))
    assert [(p.kind, short_name(p.name), p.condition) for p in found] == [
        (CONDITIONAL, "Hợp đồng thuê đất, biên lai nộp tiền thuê", "Nhà xây trên đất thuê"),
        (CONDITIONAL, "Văn bản đồng ý của chủ đất", "đất thuê của tư nhân"),
        (CONDITIONAL, "Văn bản thỏa thuận của các chủ sở hữu", "nhà có nhiều chủ"),
    ]


def test_a_label_over_lettered_papers_is_left_as_it_is():
    document = table_row("Giấy tờ về nhân thân: a) Bản sao thẻ căn cước; b) Bản sao sổ hộ khẩu")
    (paper,) = papers((document,))
    assert paper.kind == REQUIRED


def test_a_vehicle_reregistration_asks_the_modified_vehicles_papers_only_for_that_case(raw_records):
    items = _items(raw_records, "1.013079")  # đổi chứng nhận đăng ký xe, biển số xe
    assert not any(i.name.startswith("Một số giấy tờ khác") for i in items)
    origin = next(i for i in items if i.name.startswith("Chứng nhận nguồn gốc"))
    assert origin.kind == CONDITIONAL and "tổng thành máy" in origin.condition
    registration = next(i for i in items if i.name == "Chứng nhận đăng ký xe hoặc biển số xe")
    assert (registration.kind, registration.optional) == (REQUIRED, False)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        (
            "Chứng nhận đăng ký xe (trường hợp đổi chứng nhận đăng ký xe) hoặc biển số xe (trường hợp đổi biển số xe).",
            "Chứng nhận đăng ký xe hoặc biển số xe",
        ),
        (
            "Tờ khai theo Mẫu số 01 (đối với tổ chức) hoặc Mẫu số 04 (đối với cá nhân)",
            "Tờ khai theo Mẫu số 01 hoặc Mẫu số 04",
        ),
        ("02 (hai) ảnh màu cỡ 4x6 cm chụp không quá 06 tháng", "Ảnh màu cỡ 4x6 cm chụp không quá 06 tháng"),
        ("03 (ba) Thông báo kết quả kiểm tra", "Thông báo kết quả kiểm tra"),
    ],
)
def test_short_names_keep_both_papers_of_an_or_and_drop_a_spelled_count(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("row", "name"),
    [
        ("ản khai lý lịch theo mẫu", "Bản khai lý lịch theo mẫu"),
        ("ăn bản đề nghị chuyển nhượng xe", "Văn bản đề nghị chuyển nhượng xe"),
        (
            "iấy đề nghị thanh toán có xác nhận của cơ quan kiểm soát chi",
            "Giấy đề nghị thanh toán có xác nhận của cơ quan kiểm soát chi",
        ),
        ("bản sao hợp đồng lao động", "bản sao hợp đồng lao động"),
    ],
)
def test_a_paper_word_that_lost_its_first_letters_is_restored(row, name):
    assert table_row(row).name == name


@pytest.mark.parametrize(
    ("row", "case"),
    [
        (
            "Nhà ở thuộc khu vực bảo tồn kiến trúc, phải bổ sung văn bản chấp thuận của cơ quan quản lý kiến trúc",
            "Nhà ở thuộc khu vực bảo tồn kiến trúc",
        ),
        (
            "Đối với hồ sơ cấp phép công trình thuộc dự án tu bổ di tích, ngoài các tài liệu quy định tại điểm a, "
            "điểm b khoản 3, phải bổ sung văn bản về sự cần thiết xây dựng",
            "hồ sơ cấp phép công trình thuộc dự án tu bổ di tích",
        ),
    ],
)
def test_a_case_stated_before_the_paper_it_adds_makes_that_paper_conditional(row, case):
    document = table_row(row)
    assert document.name.startswith("Văn bản") and document.condition == case
    (paper,) = papers((document,))
    assert paper.kind == CONDITIONAL


def test_a_listed_land_paper_repeated_as_a_row_is_that_alternative_under_its_heading_only():
    heading, other = "(1.1) Đối với nhà ở riêng lẻ", "(1.2) Đối với công trình theo tuyến"
    rows = (
        Document(
            "Một trong những giấy tờ hợp pháp về đất đai bao gồm: + Giấy chứng nhận quyền sử dụng đất. "
            "+ Quyết định giao đất.",
            "1 bản sao",
            "",
            "",
            heading,
        ),
        Document(
            "Giấy chứng nhận quyền sử dụng đất. Trường hợp đã có trong Cơ sở dữ liệu …", "1 bản sao", "", "", heading
        ),
        Document("Đơn đề nghị cấp giấy phép", "1 bản chính", "", "", heading),
        Document("Giấy chứng nhận quyền sử dụng đất", "1 bản sao", "", "", other),
    )
    found = [(short_name(p.name), p.kind, p.document.group) for p in papers(rows)]
    assert found[3] == ("Giấy chứng nhận quyền sử dụng đất", ALTERNATIVE, heading)
    assert found[4:] == [
        ("Đơn đề nghị cấp giấy phép", REQUIRED, heading),
        ("Giấy chứng nhận quyền sử dụng đất", REQUIRED, other),
    ]


@pytest.mark.parametrize(
    "row",
    [
        "02 ảnh màu (đối với trường hợp nộp hồ sơ trực tiếp hoặc qua đường bưu điện, 01 tệp ảnh đối với trường hợp "
        "nộp hồ sơ trên môi trường điện tử)",
        "Đơn đề nghị cấp chứng chỉ (bản gốc trong trường hợp nộp trực tiếp hoặc thông qua dịch vụ bưu chính; tệp tin "
        "chụp từ bản gốc trong trường hợp nộp trực tuyến)",
        "Bản sao hoặc bản sao điện tử (trong trường hợp nộp trên môi trường điện tử) Giấy chứng nhận kiểm định còn "
        "hiệu lực",
    ],
)
def test_a_case_that_only_tells_the_papers_form_for_each_way_of_sending_is_no_case(row):
    document = table_row(row)
    assert document.condition.startswith("nộp")
    (paper,) = papers((document,))
    assert (paper.kind, paper.condition) == (REQUIRED, "")


def test_a_paper_asked_only_when_filing_online_stays_conditional():
    (paper,) = papers((table_row("Bản sao hộ chiếu (trong trường hợp nộp hồ sơ trực tuyến)"),))
    assert (paper.kind, paper.condition) == (CONDITIONAL, "nộp hồ sơ trực tuyến")

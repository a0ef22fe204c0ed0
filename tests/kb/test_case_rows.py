"""Numbered case rows of the recovered social-insurance tables (issue 10, class 4 of session 11): a row "4.1.
Trường hợp X, hồ sơ bao gồm: a) A; b) B" is a case with its papers, not one paper named by the case; the parts for
the employer or the office are no papers of the citizen; "Hồ sơ tương tự như khoản 1" repeats part 1's papers."""

from knowledge_base.case_rows import case_row, not_the_citizens, same_as, substitutes_case
from knowledge_base.checklist import build_checklist
from knowledge_base.documents import CONDITIONAL, REQUIRED
from knowledge_base.parse import parse_documents, parse_record


def _items(raw_records, code):
    return build_checklist([parse_record(raw_records[code])]).items


def test_a_numbered_case_row_is_its_case_and_its_papers():
    row = case_row("2. Trường hợp đổi sổ do hỏng: - Tờ khai đề nghị đổi sổ (mẫu A1); - Các sổ bị hỏng (nếu có).")
    assert row.case == "đổi sổ do hỏng" and row.papers == ("Tờ khai đề nghị đổi sổ (mẫu A1)", "Các sổ bị hỏng (nếu có)")
    row = case_row("1.3. Người lao động nhận con nuôi, hồ sơ gồm: Bản sao quyết định cho nhận con nuôi.")
    assert row.case == "Người lao động nhận con nuôi" and row.papers == ("Bản sao quyết định cho nhận con nuôi",)
    assert case_row("1. Người tham gia: - Tờ khai điều chỉnh thông tin (mẫu B2)").case == ""  # everyone's papers
    assert case_row("Giấy khai sinh của trẻ") is None and case_row("3. Trường hợp khác") is None
    assert not_the_citizens("3.2. Đối với Đơn vị:") and not_the_citizens("2. Đơn vị")
    assert same_as("Hồ sơ tương tự như khoản 2 của mục 3.3 (Thành phần hồ sơ).") == 2


def test_social_insurance_book_rows_are_cases_not_papers(raw_records):
    items = _items(raw_records, "1.002759")  # cấp lại, đổi, điều chỉnh thông tin trên sổ BHXH, thẻ BHYT
    names = [item.name for item in items]
    assert not [
        n for n in names if n.startswith(("Đối với Đơn vị", "Đơn vị", "Đối với cơ quan BHXH", "Người tham gia"))
    ]
    assert not [n for n in names if n.startswith("Trường hợp gộp sổ")]
    merged = [item for item in items if item.name.startswith("Các sổ BHXH đề nghị gộp")]
    assert merged and merged[0].kind == CONDITIONAL and "gộp sổ BHXH" in merged[0].condition


def test_a_row_repeating_another_parts_papers_is_those_papers(raw_records):
    items = _items(raw_records, "1.001656")  # thanh toán trực tiếp chi phí KCB / giấy chứng nhận không cùng chi trả
    assert not [item for item in items if item.name.startswith("Hồ sơ tương tự")]
    cases = {item.case for item in items}
    assert len(cases) == 2 and all(any(i.case == case for i in items) for case in cases)


def test_maternity_rows_name_their_papers_under_their_case(raw_records):
    items = _items(raw_records, "2.000693")  # giải quyết hưởng chế độ thai sản
    names = [item.name for item in items]
    assert not [
        n for n in names if n.startswith(("Lao động nữ khi khám thai", "Lao động nam đề nghị", "NLĐ nhận nuôi"))
    ]
    adoption = [item for item in items if item.name.startswith("Bản sao giấy chứng nhận nuôi con nuôi")]
    assert adoption and adoption[0].kind == CONDITIONAL and adoption[0].condition.startswith("NLĐ nhận nuôi con nuôi")
    assert any(item.kind == REQUIRED for item in items)


MATERNITY = "2.000693"  # Giải quyết hưởng chế độ thai sản: numbered case rows, a force-majeure part, papers abroad
SICKNESS = "1.001667"  # Giải quyết hưởng chế độ ốm đau: "1.1. Trường hợp điều trị nội trú: 1.1.1. Bản sao …"
WORK_ACCIDENT = "1.001643"  # TNLĐ, BNN: "3. Trường hợp …: - Đối với TNLĐ: Biên bản điều tra TNLĐ; …"


def test_a_case_label_that_names_its_paper_keeps_it_first():
    row = case_row(
        "1.2. Lao động nữ sinh con là bản sao giấy khai sinh hoặc trích lục khai sinh của con và giấy tờ khác trong"
        " các trường hợp sau đây: a) Giấy tờ chứng minh quá trình điều trị vô sinh của lao động nữ"
    )
    assert row.case == "Lao động nữ sinh con"
    assert row.papers == (
        "Bản sao giấy khai sinh hoặc trích lục khai sinh của con",
        "Giấy tờ chứng minh quá trình điều trị vô sinh của lao động nữ",
    )
    # "là một trong các giấy tờ sau đây" names no paper: the case ends before it
    row = case_row("1.3. Lao động nữ sinh con là một trong các giấy tờ sau đây: a) Bản sao giấy báo tử của con")
    assert row.case == "Lao động nữ sinh con" and row.papers == ("Bản sao giấy báo tử của con",)


def test_sub_numbered_and_sub_case_items_are_papers():
    row = case_row("1.1. Trường hợp điều trị nội trú: 1.1.1. Bản sao Giấy ra viện của NLĐ. 1.1.2. Giấy chuyển viện")
    assert row.case == "điều trị nội trú" and row.papers == ("Bản sao Giấy ra viện của NLĐ", "Giấy chuyển viện")
    row = case_row("3. Trường hợp điều trị xong: - Đối với TNLĐ: Biên bản điều tra TNLĐ; - Đối với BNN: Biên bản đo")
    assert row.papers == ("Biên bản điều tra TNLĐ", "Biên bản đo")
    row = case_row("1.7. NLĐ nhận nuôi con nuôi, hồ sơ gồm: Bản sao giấy chứng nhận nuôi con nuôi.14-HSB.docx01")
    assert row.papers == ("Bản sao giấy chứng nhận nuôi con nuôi",)  # the template's file name run into it is cut


def test_a_part_of_substitute_papers_is_an_exception_not_a_case():
    heading = (
        "Trường hợp bất khả kháng do thiên tai, thảm họa, dịch bệnh, giấy tờ thay thế các giấy tờ do cơ sở cấp gồm"
    )
    assert substitutes_case(heading) == "bất khả kháng do thiên tai, thảm họa, dịch bệnh"
    assert substitutes_case("Trường hợp do thiên tai, thảm họa, dịch bệnh, phải nộp thêm") == ""  # a case of its own


def test_maternity_opens_with_its_common_case_and_the_exceptions_are_no_case(raw_records):
    checklist = build_checklist([parse_record(raw_records[MATERNITY])])
    assert checklist.common_case == "NLĐ tham gia BHXH bắt buộc" == checklist.cases[0]
    assert not [case for case in checklist.cases if "bất khả kháng" in case or "nước ngoài cấp" in case]
    isolation = next(item for item in checklist.items if item.name.startswith("Quyết định áp dụng biện pháp cách ly"))
    assert (isolation.kind, isolation.case) == (CONDITIONAL, "") and isolation.condition.startswith("bất khả kháng")
    assert not [item for item in checklist.items if item.name.startswith(("Có bản dịch", "Được hợp pháp hóa"))]
    birth = [item for item in checklist.items if item.name.startswith("Bản sao giấy khai sinh")]
    assert birth[0].condition.startswith("Lao động nữ sinh con")
    assert not [item for item in checklist.items if item.name.startswith("Lao động nữ")]  # a case is no paper


def test_sickness_and_work_accident_rows_give_their_papers(raw_records):
    sickness = build_checklist([parse_record(raw_records[SICKNESS])])
    assert sickness.common_case == "Đối với NLĐ"
    names = [item.name for item in sickness.items]
    assert names[0].startswith("Bản sao Giấy ra viện") and not [n for n in names if n.startswith("Trường hợp")]
    accident = [item.name for item in build_checklist([parse_record(raw_records[WORK_ACCIDENT])]).items]
    assert "Biên bản điều tra TNLĐ" in accident and not [n for n in accident if n.startswith("Trường hợp")]


def test_a_table_not_written_by_numbered_cases_names_no_common_case(raw_records):
    assert build_checklist([parse_record(raw_records["1.004222"])]).common_case == ""  # đăng ký thường trú


def test_a_numbered_heading_over_bullets_is_the_tables_heading():
    text = (
        "1. NLĐ tham gia BHXH bắt buộc: - Người SDLĐ lập danh sách. - NLĐ đã thôi việc kê khai mẫu và kèm theo các"
        " trường hợp hồ sơ dưới đâyTên giấy tờMẫu đơn, tờ khaiSố lượng1.1. Lao động nữ sinh con, hồ sơ gồm: Bản sao"
        " giấy khai sinh của con1 bản chính"
    )
    assert [d.group for d in parse_documents(text)[0]] == ["NLĐ tham gia BHXH bắt buộc"]
    bulleted = (
        "* Giấy tờ phải nộp: - Bản khai. - Hồ sơ kèm theo:Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị1 bản chính"
    )
    assert [d.group for d in parse_documents(bulleted)[0]] == ["Hồ sơ kèm theo"]  # no number: the last bullet


def test_the_common_case_of_numbered_headings_listed_out_of_order_is_the_first_number(raw_records):
    # 1.009568 (chào bán chứng khoán của tổ chức tín dụng được kiểm soát đặc biệt): part 2 is listed before part 1
    checklist = build_checklist([parse_record(raw_records["1.009568"])])
    assert checklist.cases[0].startswith("2 ") and checklist.common_case.startswith("1 Trường hợp")

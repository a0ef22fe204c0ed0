"""Numbered case rows of the recovered social-insurance tables (issue 10, class 4 of session 11): a row "4.1.
Trường hợp X, hồ sơ bao gồm: a) A; b) B" is a case with its papers, not one paper named by the case; the parts for
the employer or the office are no papers of the citizen; "Hồ sơ tương tự như khoản 1" repeats part 1's papers."""

from knowledge_base.case_rows import case_row, not_the_citizens, same_as
from knowledge_base.checklist import build_checklist
from knowledge_base.documents import CONDITIONAL, REQUIRED
from knowledge_base.parse import parse_record


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

"""Cases that only restate what the paper or the procedure is about: a deed concerning the very property the paper
is for is no case of that paper, and a proxy's letter is no proxy's case where the procedure is the authorisation."""

from dataclasses import replace

import pytest
from records import BLANK, TABLE_HEADER, table_row

from knowledge_base.checklist import build_checklist
from knowledge_base.documents import CONDITIONAL, REPRESENTATIVE_CASE, REQUIRED, papers
from knowledge_base.parse import parse_documents, parse_record


@pytest.mark.parametrize(
    "row",
    [
        "Bản sao giấy chứng nhận quyền sở hữu nhà ở hoặc giấy tờ thay thế đối với tài sản phải đăng ký quyền sở hữu "
        "trong trường hợp văn bản thỏa thuận liên quan đến tài sản đó",
        "Bản chính giấy đăng ký xe hoặc giấy tờ thay thế đối với phương tiện phải đăng ký trong trường hợp hợp đồng "
        "có liên quan đến phương tiện đó; trừ trường hợp người yêu cầu đang ốm nặng",
    ],
)
def test_a_case_that_only_says_the_deed_concerns_the_papers_own_property_is_no_case(row):
    document = table_row(row)
    assert "đó" in document.condition  # the parser splits the case off; it is no condition of the citizen's
    (paper,) = papers((document,))
    assert (paper.kind, paper.condition) == (REQUIRED, "")


@pytest.mark.parametrize(
    "row",
    [
        # the deed concerns a registered property in general: whether it does is the citizen's case
        "Bản sao giấy chứng nhận quyền sở hữu hoặc giấy tờ thay thế trong trường hợp nội dung sửa đổi giao dịch có "
        "liên quan đến tài sản phải đăng ký quyền sở hữu",
        # "đó" names another thing than the paper's
        "Bản sao hợp đồng thuê nhà trong trường hợp người yêu cầu là người được chuyển quyền sử dụng nhãn hiệu đó",
    ],
)
def test_a_case_about_another_or_any_property_stays_a_case(row):
    (paper,) = papers((table_row(row),))
    assert paper.kind == CONDITIONAL


def test_the_property_certificate_of_a_refusal_of_an_inheritance_is_required(raw_records):
    items = build_checklist([parse_record(raw_records["2.001016"])]).items  # chứng thực văn bản từ chối nhận di sản
    certificate = next(i for i in items if "giấy chứng nhận quyền sở hữu" in i.detail)
    assert (certificate.kind, certificate.optional) == (REQUIRED, False)


def _procedure(name: str, row: str):
    documents, _ = parse_documents(f"{TABLE_HEADER}{row}1 bản chính")
    return replace(BLANK, code="9.999999", name=name, documents=documents)


def test_the_authorisation_letter_of_a_procedure_that_is_the_authorisation_is_required():
    (letter,) = build_checklist([_procedure("Ủy quyền nhận thay tiền trợ cấp hằng tháng", "Giấy ủy quyền")]).items
    assert (letter.kind, letter.optional) == (REQUIRED, False)


def test_the_authorisation_letter_of_another_procedure_stays_a_proxys_case():
    (letter,) = build_checklist([_procedure("Cấp lại thẻ bảo hiểm y tế", "Giấy ủy quyền")]).items
    assert (letter.kind, letter.condition) == (CONDITIONAL, REPRESENTATIVE_CASE)


def test_the_pension_proxy_procedure_asks_its_authorisation_letter_of_everyone(raw_records):
    items = build_checklist([parse_record(raw_records["1.001601"])]).items  # ủy quyền lĩnh thay chế độ BHXH
    letter = next(i for i in items if "ủy quyền" in i.name)
    assert (letter.kind, letter.optional) == (REQUIRED, False)


def _headed(*sections: tuple[str, str]):
    text = "".join(f"{heading}:{TABLE_HEADER}{row}1 bản chính" for heading, row in sections)
    documents, _ = parse_documents(text)
    return replace(BLANK, code="9.999998", name="Chứng thực chữ ký người dịch", documents=documents)


def test_one_heading_over_every_paper_is_no_case_and_its_papers_are_required():
    procedure = _headed(("Người yêu cầu chứng thực phải xuất trình các giấy tờ sau", "Bản dịch đính kèm bản gốc"))
    checklist = build_checklist([procedure])
    (paper,) = checklist.items
    assert (checklist.cases, paper.case, paper.kind, paper.optional) == ((), "", REQUIRED, False)


def test_two_headings_stay_the_citizens_cases():
    procedure = _headed(
        ("Trường hợp dịch từ tiếng nước ngoài", "Bản dịch đính kèm bản gốc"),
        ("Trường hợp dịch sang tiếng nước ngoài", "Bản gốc giấy tờ cần dịch"),
    )
    assert len(build_checklist([procedure]).cases) == 2


def test_the_signature_certification_of_a_translator_has_no_case_to_choose(raw_records):
    checklist = build_checklist([parse_record(raw_records["2.001008"])])  # chứng thực chữ ký người dịch
    assert checklist.cases == () and not any(item.optional for item in checklist.items if item.kind == REQUIRED)

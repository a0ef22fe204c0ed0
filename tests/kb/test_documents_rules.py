"""Catalog wordings that are no case of the paper they follow: "(nếu có)" on another paper of the row, and a
"trường hợp X thì …" rule whose consequence is another paper, a substitution or an exemption."""

import pytest
from records import table_row

from knowledge_base.checklist import build_checklist
from knowledge_base.citizen_case import subject_of
from knowledge_base.documents import ALTERNATIVE, CONDITIONAL, REQUIRED, papers
from knowledge_base.model import Document
from knowledge_base.parse import parse_record


@pytest.mark.parametrize(
    "row",
    [
        "Danh sách người cùng góp vốn; danh sách người được ủy quyền nhận kết quả (nếu có)",
        "Văn bản cam kết của người thuê nhà kèm bản sao giấy tờ chứng minh thu nhập (nếu có)",
        "Giấy tờ chứng minh đủ điều kiện: Bằng tốt nghiệp trung học phổ thông, Chứng chỉ ngoại ngữ (nếu có)",
        "Sơ đồ vị trí thửa đất và đính kèm ảnh chụp hiện trạng (nếu có)",
    ],
)
def test_if_any_on_another_paper_of_the_row_leaves_the_first_paper_required(row):
    document = table_row(row)
    assert (document.name, document.condition) == (row, "")
    (paper,) = papers((document,))
    assert paper.kind == REQUIRED


@pytest.mark.parametrize(
    "row",
    [
        "Các giấy tờ khác có liên quan kèm theo (nếu có)",
        "Bảng kê các thửa đất mẫu số 02 ban hành kèm theo Thông tư số 01/2025/TT-BTNMT (nếu có)",
        "Bản sao có chứng thực hoặc bản sao kèm bản chính để đối chiếu giấy tờ chứng minh được giảm phí (nếu có)",
        "Giấy tờ chứng nhận là con thương binh, liệt sĩ; con người có công với cách mạng (nếu có)",
        "Đ) Đối với trường hợp xin gia hạn: Đơn đề nghị gia hạn, văn bản giải trình (nếu có)",
    ],
)
def test_if_any_on_the_rows_own_paper_still_makes_it_conditional(row):
    document = table_row(row)
    assert document.condition == "nếu có"
    (paper,) = papers((document,))
    assert paper.kind == CONDITIONAL


def test_a_substitution_rule_makes_an_alternative_not_a_condition():
    document = table_row(
        "Bản sao Hợp đồng mua bán nhà ở (Trong trường hợp nhận tặng cho nhà ở thì Hợp đồng mua bán nhà ở được thay "
        "bằng bản sao Hợp đồng tặng cho nhà ở.)"
    )
    assert document.condition == ""
    main, gift = papers((document,))
    assert (main.name, main.kind) == ("Bản sao Hợp đồng mua bán nhà ở", REQUIRED)
    assert (gift.name, gift.kind, gift.instead_of) == (
        "Bản sao Hợp đồng tặng cho nhà ở",
        ALTERNATIVE,
        "Bản sao Hợp đồng mua bán nhà ở",
    )
    assert gift.condition == "nhận tặng cho nhà ở"


def test_a_rule_that_asks_for_another_paper_leaves_the_row_required_and_that_paper_conditional():
    document = table_row(
        "Dự thảo hợp đồng cho thuê nhà. Trong trường hợp nhà cho thuê là nhà chung cư thì người yêu cầu phải nộp "
        "bản sao Giấy chứng nhận quyền sở hữu căn hộ; trừ trường hợp căn hộ chưa được cấp giấy chứng nhận."
    )
    assert document.condition == ""
    draft, certificate = papers((document,))
    assert (draft.name, draft.kind) == ("Dự thảo hợp đồng cho thuê nhà", REQUIRED)
    assert certificate.kind == CONDITIONAL and certificate.name.startswith("Bản sao Giấy chứng nhận quyền sở hữu")
    assert certificate.condition == "nhà cho thuê là nhà chung cư"


def test_a_rule_with_no_other_object_is_the_papers_own_case():
    document = table_row("Bảng kê hóa đơn mua vào (trong trường hợp chưa gửi hóa đơn điện tử thì phải nộp thêm)")
    assert (document.name, document.condition) == (
        "Bảng kê hóa đơn mua vào",
        "chưa gửi hóa đơn điện tử thì phải nộp thêm",
    )
    (paper,) = papers((document,))
    assert paper.kind == CONDITIONAL


def _items(raw_records, code):
    return build_checklist([parse_record(raw_records[code])]).items


def test_certifying_an_amended_transaction_requires_its_draft_in_every_case(raw_records):
    items = _items(raw_records, "2.000913")  # chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch
    draft = next(i for i in items if i.name.startswith("Dự thảo giao dịch"))
    assert (draft.kind, draft.optional) == (REQUIRED, False)
    proof = next(i for i in items if "quyền sở hữu" in i.name)
    assert proof.kind == CONDITIONAL and "tài sản phải đăng ký" in proof.condition
    assert not any(i.name.lower().startswith("trừ trường hợp") for i in items)
    assert not any(i.case for i in items)  # "Người yêu cầu chứng thực nộp 01 bộ hồ sơ…, gồm…" is no citizen's case


def test_a_transfer_contract_replaced_by_a_capital_contribution_contract_stays_required(raw_records):
    items = _items(raw_records, "1.008529")  # khai thuế TNCN khi chuyển nhượng vốn góp
    transfer = next(i for i in items if i.name == "Bản sao Hợp đồng chuyển nhượng vốn")
    assert transfer.kind == REQUIRED
    contribution = next(i for i in items if i.kind == ALTERNATIVE and i.instead_of == transfer.name)
    assert contribution.name == "Bản sao Hợp đồng góp vốn"


def test_a_member_list_is_required_though_the_owners_list_after_it_is_optional(raw_records):
    items = _items(raw_records, "2.002042")  # đăng ký thành lập công ty hợp danh
    members = next(i for i in items if i.name.startswith("Danh sách thành viên"))
    assert members.kind == REQUIRED


def test_a_paper_for_the_procedures_own_subject_is_required(raw_records):
    child = _items(raw_records, "1.012549")  # cấp thẻ căn cước cho người dưới 14 tuổi
    guardian = next(i for i in child if "đại diện hợp pháp của người dưới 14 tuổi" in i.detail)
    assert guardian.kind == REQUIRED
    tax = _items(raw_records, "1.007674")  # khai thuế TNCN đối với cá nhân chuyển nhượng bất động sản
    form = next(i for i in tax if i.name == "Tờ khai thuế thu nhập cá nhân")
    assert form.kind == REQUIRED


def test_another_audience_of_the_procedure_stays_a_case(raw_records):
    items = _items(raw_records, "3.000333")  # lý lịch tư pháp cho công dân Việt Nam, người nước ngoài
    proxy = next(i for i in items if i.name.startswith("Văn bản ủy quyền"))
    assert proxy.kind == CONDITIONAL
    rows = (Document("Hộ chiếu (đối với người nước ngoài)", "1 bản sao", "", "", ""),)
    (passport,) = papers(rows, subject_of("Cấp phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài"))
    assert (passport.kind, passport.condition) == (CONDITIONAL, "người nước ngoài")


@pytest.mark.parametrize(
    "row",
    [
        "Tờ khai thuế sử dụng đất (áp dụng đối với hộ gia đình, cá nhân theo mẫu số 01/TK-SDD tại Phụ lục I)",
        "Bản sao giấy tờ chứng minh tư cách pháp lý trong trường hợp người đề nghị là tổ chức, cá nhân Việt Nam; "
        "Trường hợp giấy tờ do cơ quan nước ngoài cấp thì phải được hợp pháp hóa lãnh sự",
    ],
)
def test_everyone_the_citizen_among_them_is_no_case(row):
    (paper,) = papers((table_row(row),))
    assert (paper.kind, paper.condition) == (REQUIRED, "")

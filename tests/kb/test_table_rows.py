"""Rows of a document table that are no paper (knowledge_base/table_rows.py): a heading announcing a list, a note
about the papers; and the papers a "tùy từng trường hợp" heading opens, conditional on the case each row names."""

from knowledge_base.checklist import build_checklist
from knowledge_base.documents import CONDITIONAL, REQUIRED, papers
from knowledge_base.model import Document
from knowledge_base.parse import parse_record
from knowledge_base.table_rows import is_list_heading, is_note, paper_rows

FOREIGN_MARRIAGE = "2.000806"  # Đăng ký kết hôn có yếu tố nước ngoài: a "* Ngoài giấy tờ nêu trên, tùy …" group
HOUSEHOLD_BUSINESS = "1.001612"  # Đăng ký thành lập hộ kinh doanh: "Việc ủy quyền thực hiện theo …" note rows
BIRTH = "1.001193"  # Đăng ký khai sinh: a well-parsed neighbour


def _checklist(raw_records, code):
    return build_checklist([parse_record(raw_records[code])])


def _row(name, group="Giấy tờ phải nộp", condition=""):
    return Document(name, "1 bản chính", "", condition, group)


def test_a_heading_that_announces_a_list_is_no_paper():
    assert is_list_heading("* Ngoài giấy tờ nêu trên, tùy từng trường hợp, bên nam, bên nữ phải nộp giấy tờ sau đây:")
    assert is_list_heading("Tùy từng trường hợp, hồ sơ đề nghị phải có thêm các tài liệu sau:")
    assert not is_list_heading("Một trong các giấy tờ sau:")  # the "one of" paper
    assert not is_list_heading("Tờ khai hải quan nhập khẩu:")


def test_notes_about_the_papers_are_no_paper():
    assert is_note(
        "Giá trị sử dụng của giấy tờ chứng minh tình trạng hôn nhân được xác định theo thời hạn ghi trên đó."
    )
    assert is_note("* Số lượng hồ sơ: 01 (một) bộ.")
    assert is_note("Việc ủy quyền thực hiện theo quy định tại mục (ii)")
    assert is_note("(v) Người ủy quyền và người được ủy quyền chịu trách nhiệm trước pháp luật về tính hợp pháp")
    assert not is_note("Giấy xác nhận tình trạng hôn nhân")
    assert not is_note("Văn bản cam kết chịu trách nhiệm trước pháp luật về tính chính xác của hồ sơ")
    # an authorisation that lists its papers is those papers
    assert not is_note("Việc ủy quyền thực hiện theo quy định tại khoản 2 Điều 12, cụ thể: (i) Bản sao hợp đồng")


def test_rows_under_a_by_case_heading_are_their_case_papers():
    rows = (
        _row("Giấy xác nhận của tổ chức y tế"),
        _row("* Ngoài giấy tờ nêu trên, tùy từng trường hợp, bên nam, bên nữ phải nộp giấy tờ tương ứng sau đây:"),
        _row("Công dân Việt Nam là công chức, viên chức phải nộp văn bản của cơ quan, đơn vị quản lý xác nhận …"),
        _row("Giấy xác nhận tình trạng hôn nhân do Cơ quan đại diện cấp", condition="đang công tác ở nước ngoài"),
        _row("Hộ chiếu", group="Giấy tờ phải xuất trình"),
        _row("Công dân Việt Nam là công chức phải nộp văn bản", group="Giấy tờ phải xuất trình"),
    )
    found = [(p.name, p.kind, p.condition) for p in papers(rows)]
    assert found == [
        ("Giấy xác nhận của tổ chức y tế", REQUIRED, ""),
        ("Văn bản của cơ quan, đơn vị quản lý xác nhận …", CONDITIONAL, "Công dân Việt Nam là công chức, viên chức"),
        ("Giấy xác nhận tình trạng hôn nhân do Cơ quan đại diện cấp", CONDITIONAL, "đang công tác ở nước ngoài"),
        ("Hộ chiếu", REQUIRED, ""),
        # under another heading the group is over: the row stays as the table words it
        ("Công dân Việt Nam là công chức phải nộp văn bản", REQUIRED, ""),
    ]


def test_a_row_naming_its_case_outside_a_by_case_group_is_unchanged():
    row = _row("Người nước ngoài phải nộp bản sao hộ chiếu")
    assert paper_rows((row,)) == [row]


def test_foreign_marriage_lists_no_heading_nor_note_and_groups_the_case_papers(raw_records):
    checklist = _checklist(raw_records, FOREIGN_MARRIAGE)
    names = " | ".join(item.name for item in checklist.items)
    assert "Ngoài giấy tờ nêu trên" not in names and "Giá trị sử dụng" not in names
    conditional = {item.name.split(",")[0]: item.condition for item in checklist.conditional}
    assert conditional["Văn bản của cơ quan"].startswith("Công dân Việt Nam là công chức, viên chức")
    assert "đã ly hôn" in next(c for n, c in conditional.items() if n.startswith("Bản sao trích lục hộ tịch"))
    assert any(note.startswith("Giá trị sử dụng") for note in checklist.notes)
    required = [item.name for item in checklist.required]
    assert any(name.startswith("Giấy xác nhận của tổ chức y tế") for name in required)
    assert not any(name.startswith(("Công dân", "Bản sao trích lục")) for name in required)


def test_household_business_authorisation_notes_are_notes(raw_records):
    checklist = _checklist(raw_records, HOUSEHOLD_BUSINESS)
    assert not any(item.name.startswith(("Việc ủy quyền", "Người ủy quyền")) for item in checklist.items)
    assert any(note.startswith("Việc ủy quyền") for note in checklist.notes)


def test_birth_registration_keeps_its_papers_and_conditional_group(raw_records):
    checklist = _checklist(raw_records, BIRTH)
    assert [i.name.split("/")[0] for i in checklist.required] == [
        "Giấy chứng sinh",
        "Hộ chiếu",
        "Tờ khai đăng ký khai sinh theo mẫu",
    ]
    assert [i.name.split(" ")[0] for i in checklist.conditional] == ["Biên", "Văn", "Văn", "Giấy"]
    assert checklist.notes == ()


def test_signatures_and_the_number_of_dossiers_are_notes():
    assert is_note("Đầy đủ chữ ký, con dấu (nếu có) của các chủ thể này, trừ trường hợp có văn bản thể hiện …")
    assert is_note("Người yêu cầu đăng ký nộp 01 bộ hồ sơ đăng ký thay đổi và 01 Danh mục văn bản được kê khai …")
    assert is_note("a) Có bản dịch tiếng Việt được công chứng hoặc chứng thực theo quy định của pháp luật")
    assert not is_note(
        "Người yêu cầu đăng ký có quyền lựa chọn cung cấp một trong giấy tờ, tài liệu sau đây: Hợp đồng …"
    )
    assert not is_note("Bản dịch tiếng Việt có chứng thực của giấy tờ do nước ngoài cấp")


def test_a_row_the_table_lists_twice_is_one_item(raw_records):
    # 1.001521 (TNLĐ, BNN tái phát): "Hóa đơn, chứng từ mua các phương tiện …" under rows 3 and 8, same case
    items = _checklist(raw_records, "1.001521").items
    invoices = [item for item in items if item.name.startswith("Hóa đơn, chứng từ mua các phương tiện")]
    assert len(invoices) == 1 and invoices[0].condition.startswith("đang hưởng trợ cấp TNLĐ")
    assert len({item.name for item in items}) == len(items)


def test_the_same_paper_in_two_cases_stays_in_each(raw_records):
    checklist = _checklist(raw_records, "1.004222")  # đăng ký thường trú: CT01 under two of its cases
    forms = [item for item in checklist.items if item.name.startswith("Tờ khai thay đổi thông tin cư trú")]
    assert len({item.case for item in forms}) == len(forms) >= 2

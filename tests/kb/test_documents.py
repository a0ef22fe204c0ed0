"""Papers of a dossier: required, conditional with its case, or an alternative of another paper."""

import re
from dataclasses import replace

from knowledge_base.checklist import build_checklist
from knowledge_base.documents import ALTERNATIVE, CONDITIONAL, REQUIRED, is_staff_note, papers, template_label
from knowledge_base.model import Document
from knowledge_base.parse import parse_documents, parse_record


def _items(raw_records, code):
    return {item.name: item for item in build_checklist([parse_record(raw_records[code])]).items}


def test_birth_certificate_is_required_and_its_substitutes_are_alternatives(raw_records):
    items = _items(raw_records, "1.001193")
    certificate = items["Giấy chứng sinh"]
    assert (certificate.kind, certificate.condition, certificate.optional) == (REQUIRED, "", False)
    witness = items["Văn bản của người làm chứng xác nhận về việc sinh"]
    pledge = items["Giấy cam đoan về việc sinh"]
    assert witness.kind == pledge.kind == ALTERNATIVE
    assert witness.instead_of == pledge.instead_of == "Giấy chứng sinh"


def test_online_form_is_the_alternative_of_the_paper_form(raw_records):
    items = _items(raw_records, "1.001193")
    online = next(i for i in items.values() if i.name.startswith("Mẫu hộ tịch điện tử tương tác"))
    assert online.kind == ALTERNATIVE and online.instead_of.startswith("Tờ khai đăng ký khai sinh")
    assert items[online.instead_of].kind == REQUIRED


def test_thay_cho_clause_makes_an_alternative_not_a_condition():
    rows = (
        Document("Giấy khai sinh", "1 bản sao", "", "", ""),
        Document("Trích lục khai sinh thay cho Giấy khai sinh", "1 bản sao", "", "", ""),
    )
    birth, extract = papers(rows)
    assert birth.kind == REQUIRED
    assert (extract.kind, extract.instead_of) == (ALTERNATIVE, "Giấy khai sinh")


def test_row_for_a_missing_paper_is_its_alternative(raw_records):
    items = _items(raw_records, "1.000656")  # đăng ký khai tử
    proof = next(i for i in items.values() if "sự kiện chết" in i.detail)
    assert proof.kind == ALTERNATIVE and proof.instead_of.startswith("Giấy báo tử")


def test_extra_papers_for_a_case_inside_a_row_are_conditional(raw_records):
    items = _items(raw_records, "1.014063")  # cấp đổi thẻ căn cước
    census = next(i for i in items.values() if i.name.startswith("Phiếu thu thập thông tin dân cư"))
    assert census.kind == CONDITIONAL and "chưa có thông tin" in census.condition
    assert (
        items["Phiếu CC01 được tạo lập khi trích xuất thông tin của công dân trong Cơ sở dữ liệu quốc…"].kind
        == REQUIRED
    )


def test_individual_requester_is_the_common_case_not_a_condition(raw_records):
    items = _items(raw_records, "2.000635")  # bản sao trích lục hộ tịch
    form = next(i for i in items.values() if i.name.startswith("Tờ khai"))
    assert form.kind == REQUIRED


def test_staff_notes_are_dropped():
    assert is_staff_note("+ Người tiếp nhận có trách nhiệm tiếp nhận đúng, đủ hồ sơ đăng ký hộ tịch")
    assert not is_staff_note("Trường hợp gửi hồ sơ qua bưu chính thì gửi kèm bản sao có chứng thực")
    text = (
        "Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai1 bản chính+ Người tiếp nhận có trách nhiệm kiểm tra, "
        "đối chiếu.0 bản chínhTrường hợp gửi qua bưu chính thì gửi kèm bản sao.0 bản chính"
    )
    documents, notes = parse_documents(text)
    assert [d.name for d in documents] == ["Tờ khai"]
    assert notes == ("Trường hợp gửi qua bưu chính thì gửi kèm bản sao.",)


def test_birth_registration_notes_keep_no_staff_wording(raw_records):
    notes = parse_record(raw_records["1.001193"]).document_notes
    assert notes and not any("Người tiếp nhận" in note for note in notes)


def test_copy_count_run_into_a_date_is_not_garbled():
    text = "Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai theo Nghị định số 70/2024/NĐ-CP ngày 25/6/20241 bản chính"
    (document,), _ = parse_documents(text)
    assert document.copies == "1 bản chính" and document.name.endswith("25/6/2024")


def test_template_file_name_run_into_the_paper_name_leaves_the_name():
    text = "Tên giấy tờMẫu đơn, tờ khaiSố lượngPhương án khai thácPhương án khai thac tư TN.docx1 bản chính"
    (document,), _ = parse_documents(text)
    assert (document.name, document.template) == ("Phương án khai thác", "Phương án khai thac tư TN.docx")


def test_checklist_exposes_required_conditional_and_alternatives(raw_records):
    checklist = build_checklist([parse_record(raw_records["1.001193"])])
    required = [i.name for i in checklist.required]
    assert "Giấy chứng sinh" in required and required[0] == "Giấy chứng sinh"
    assert all(i.kind == CONDITIONAL for i in checklist.conditional)
    assert {i.name for i in checklist.alternatives_for("Giấy chứng sinh")} == {
        "Văn bản của người làm chứng xác nhận về việc sinh",
        "Giấy cam đoan về việc sinh",
    }


def test_case_stated_before_a_closing_note_makes_the_paper_conditional():
    row = Document(
        "Giấy bảo lãnh đối với người nước ngoài quy định tại khoản 1 Điều 39 (Luật số 47/2014/QH13).",
        "1 bản chính",
        "",
        "",
        "",
    )
    (guarantee,) = papers((row,))
    assert (guarantee.kind, guarantee.condition) == (CONDITIONAL, "người nước ngoài quy định tại khoản 1 Điều 39")
    assert guarantee.name == "Giấy bảo lãnh"


def test_own_home_registration_does_not_require_the_boat_papers(raw_records):
    # 1.004222 files the papers of people living on a boat under the own-home heading: each states its case.
    items = build_checklist([parse_record(raw_records["1.004222"])]).items
    boat_papers = [i for i in items if "phương tiện" in i.name]
    assert len(boat_papers) == 2
    assert all(i.kind == CONDITIONAL and i.condition and i.optional for i in boat_papers)
    own_home = [i for i in items if i.case.endswith("thuộc quyền sở hữu của mình") and i.kind == REQUIRED]
    assert len(own_home) == 2 and own_home[0].name.startswith("Thông tin chứng minh về chỗ ở hợp pháp")
    assert own_home[1].name == "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"


def test_a_form_titled_for_whom_it_is_stays_required(raw_records):
    # 1.115132: "Tờ khai khấu trừ thuế đối với cá nhân cư trú, … (Mẫu số 01/TSMH …)" — the "đối với" words are the
    # form's title (its number follows), not a case: the main declaration must not become optional.
    items = build_checklist([parse_record(raw_records["1.115132"])]).items
    declaration = next(i for i in items if i.name.startswith("Tờ khai khấu trừ thuế"))
    assert (declaration.kind, declaration.condition, declaration.optional) == (REQUIRED, "", False)
    assert all(i.kind == REQUIRED for i in items)


def test_a_case_label_before_its_paper_is_the_condition_not_the_name(raw_records):
    # 1.004194: "- Đối với Quân đội nhân dân: Giấy giới thiệu …" under a heading naming both forces
    items = build_checklist([parse_record(raw_records["1.004194"])]).items
    assert not any(i.name.startswith("Đối với") for i in items)
    army = next(i for i in items if i.name.startswith("Giấy giới thiệu đăng ký tạm trú của đơn vị cấp trung đoàn"))
    police = next(i for i in items if i.name.startswith("Giấy giới thiệu của Thủ trưởng đơn vị"))
    assert (army.kind, army.condition) == (CONDITIONAL, "Quân đội nhân dân")
    assert (police.kind, police.condition) == (CONDITIONAL, "Công an nhân dân")


def test_no_template_file_name_leaks_into_the_residence_checklists(raw_records):
    # "…(Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).1.MuCT01banhnhkmtheoThngts53.doc1 bản chính"
    for code in ("1.004194", "1.002755", "1.010041"):
        items = build_checklist([parse_record(raw_records[code])]).items
        assert not any(re.search(r"\.docx?|\d\.Mu$", i.name + " " + i.detail) for i in items), code
        forms = [i for i in items if i.name == "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"]
        assert forms and all(i.template == "Mẫu CT01" for i in forms), code


def test_a_readable_template_file_name_is_kept():
    row = Document("Tờ khai khấu trừ thuế (Mẫu số 01/TSMH …)", "1 bản chính", "Mẫu số 01 TSMH.docx", "", "")
    assert template_label(row) == "Mẫu số 01 TSMH.docx"
    assert template_label(replace(row, template="7.2025.docx", name="Đơn đề nghị")) == ""


def test_form_variants_are_told_apart_and_paired_by_case(raw_records):
    # 3.000333: form 01 for oneself, 02 when authorised or for a minor; 04 and 05 their online versions
    items = {i.name: i for i in build_checklist([parse_record(raw_records["3.000333"])]).items}
    own = items["Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (mẫu 01/2025/LLTP)"]
    proxy = items["Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp (mẫu 02/2025/LLTP)"]
    online = items["Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp điện tử tương tác (mẫu 04/2025/LLTP)"]
    online_proxy = items["Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp điện tử tương tác (mẫu 05/2025/LLTP)"]
    assert own.kind == REQUIRED and (online.kind, online.instead_of) == (ALTERNATIVE, own.name)
    assert proxy.kind == online_proxy.kind == CONDITIONAL and proxy.condition.startswith("ủy quyền")
    assert "ủy quyền" in proxy.detail  # the catalog's whole wording, the case included


def test_a_case_after_a_list_of_papers_is_the_last_papers(raw_records):
    # 1.013229, a family house: "Hồ sơ thiết kế xây dựng: … 02 bộ bản vẽ …; báo cáo kết quả thẩm tra … trong trường
    # hợp pháp luật về xây dựng có yêu cầu": the design dossier itself is required
    items = build_checklist([parse_record(raw_records["1.013229"])]).items
    (design,) = [i for i in items if i.name == "Hồ sơ thiết kế xây dựng" and "nhà ở riêng lẻ" in i.case]
    assert (design.kind, design.condition) == (REQUIRED, "")

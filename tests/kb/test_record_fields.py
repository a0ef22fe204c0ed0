"""Records whose fields the scraper cut apart at a heading's words inside a section are re-split from their own page
text (knowledge_base/record_fields.py), real catalog records: the steps and the document table of the social- and
health-insurance procedures come back, and so do the fields the same cut shifted (a fee note, an agency, a legal
basis); every other record is returned as it is."""

from knowledge_base import catalog_cache
from knowledge_base.checklist import build_checklist
from knowledge_base.config import PACKAGE_DIR
from knowledge_base.model import CHANNEL_IN_PERSON, CHANNEL_ONLINE, CHANNEL_POSTAL
from knowledge_base.parse import parse_record
from knowledge_base.record_fields import page_sections, resplit

# The records the scraper cut, by what the heading's words stood in. Steps "… tại mục 9.3 (Thành phần hồ sơ) …":
STEPS_CUT_AT_DOCUMENTS = {
    "1.001521", "1.001601", "1.001613", "1.001632", "1.001643", "1.001646", "1.001656", "1.001667", "1.001710",
    "1.001742", "1.001798", "1.001939", "1.002051", "1.002179", "1.002759", "2.000605", "2.000693", "2.000717",
    "2.000740", "2.000755", "2.000809", "2.000821", "2.002338", "2.002339",
}  # fmt: skip
OTHER_CUTS = {
    "3.000337", "3.000338", "3.000341", "3.000342", "3.000343", "3.000344", "3.000345",  # fee note "(Căn cứ pháp lý:"
    "2.000942",  # a step "+ Cơ quan thực hiện chứng thực …"
    "1.009537", "1.009539", "1.009541",  # table rows naming "Yêu cầu, điều kiện thực hiện", "Kết quả xử lý"
    "1.009627", "1.009642", "1.009644", "1.009645", "1.009748", "1.115145", "3.000027", "3.000029",  # conditions
    "3.000120", "1.012892", "1.012893", "1.012897",  # results naming "Thành phần hồ sơ", a description's agency
    "1.003867", "3.000163", "3.000164", "3.000165",  # a legal basis run on into "Cơ quan thực hiện"
}  # fmt: skip


def test_steps_cut_at_their_heading_words_come_back_with_the_document_table(raw_records):
    record = raw_records["1.001613"]  # hưởng BHXH một lần
    assert record["trinh_tu_thuc_hien"].endswith("mục 9.3 (") and "Tên giấy tờ" not in record["thanh_phan_ho_so"]
    procedure = parse_record(record)
    assert "mục 9.3 (Thành phần hồ sơ) và nộp cho cơ quan BHXH." in procedure.steps
    assert "Bước 3. Nhận kết quả giải quyết" in procedure.steps
    names = [d.name for d in procedure.documents]
    assert any(name.endswith("Sổ BHXH") for name in names)
    assert any("Đơn đề nghị (Mẫu số 14-HSB)" in name for name in names)


def test_the_recovered_table_reads_the_common_case_with_its_papers_and_cases(raw_records):
    """The remark on copies before the table is no case, a lettered row that opens with its case is conditional."""
    checklist = build_checklist([parse_record(raw_records["1.001613"])])
    assert checklist.cases[0] == "Trường hợp hưởng BHXH một lần" and len(checklist.cases) == 2
    common = [item for item in checklist.items if item.case == checklist.cases[0]]
    required = {item.name for item in common if item.kind == "required"}
    assert {"Sổ BHXH", "Đơn đề nghị"} <= required
    conditions = {item.condition for item in common if item.kind == "conditional"}
    assert "thanh toán phí GĐYK" in conditions  # "đ) Trường hợp thanh toán phí GĐYK thì có thêm hóa đơn …"
    survivors = build_checklist([parse_record(raw_records["2.000821"])])  # chế độ tử tuất
    assert not any("bản sao hợp lệ" in item.name for item in survivors.items)
    assert any(item.name == "Biên bản điều tra TNLĐ hoặc bản sao bệnh án điều trị BNN" for item in survivors.items)


def test_the_times_the_steps_state_come_back(raw_records):
    maternity = parse_record(raw_records["2.000693"])  # chế độ thai sản
    assert "Thời hạn nộp hồ sơ chậm nhất 45 ngày" in maternity.steps
    sickness = parse_record(raw_records["1.001667"])  # chế độ ốm đau
    assert "trong thời hạn 10 ngày kể từ ngày nhận đủ hồ sơ" in sickness.steps
    assert any("Giấy ra viện" in d.name for d in sickness.documents)


def test_every_record_whose_table_was_only_in_its_page_text_gets_its_documents(raw_records):
    for code in STEPS_CUT_AT_DOCUMENTS:
        assert parse_record(raw_records[code]).documents, code


def test_fields_the_same_cut_shifted_come_back(raw_records):
    fee_note = parse_record(raw_records["3.000337"])  # "100 VNĐ(Căn cứ pháp lý: Thông tư 269/2016/TT-BTC …)"
    assert [c.kind for c in fee_note.channels] == [CHANNEL_ONLINE, CHANNEL_POSTAL, CHANNEL_IN_PERSON]
    assert "269/2016/TT-BTC" in fee_note.channels[0].fee_note
    assert fee_note.legal_basis == ()  # the page says "Không có thông tin"; the fee note is no legal basis
    certified_copy = parse_record(raw_records["2.000942"])  # the steps' "+ Cơ quan thực hiện chứng thực tiến hành …"
    assert "tiến hành chụp từ bản chính" in certified_copy.steps
    assert "chụp" not in certified_copy.agency  # the page names no agency: no step is read as one
    court = parse_record(raw_records["3.000165"])
    assert not any("Cơ quan thực hiện" in law.title for law in court.legal_basis)


def test_only_the_cut_records_change(raw_records):
    changed = {code for code, record in raw_records.items() if resplit(record) is not record}
    assert changed == STEPS_CUT_AT_DOCUMENTS | OTHER_CUTS
    for code in changed:
        record, fixed = raw_records[code], resplit(raw_records[code])
        assert {key for key in record if record[key] != fixed[key]} <= set(page_sections(record["raw_text"]))


def test_headings_words_inside_an_earlier_section_are_passed_over():
    page = (
        "Tên thủ tụcXTrình Tự Thực HiệnBước 1. Lập hồ sơ theo mục (Thành phần hồ sơ) và nộp.Cách Thức Thực Hiện"
        "Hình thức nộpTrực tiếp5 NgàyThành phần hồ sơTên giấy tờMẫu đơn, tờ khaiSố lượngĐơn1 bản chính"
        "Căn cứ pháp lýKhông có thông tinCơ quan thực hiệnUBND xãYêu cầu, điều kiện thực hiệnKhông có thông tin"
        "Kết quả xử lýGiấy xác nhậnMã: KQ.1"
    )
    sections = page_sections(page)
    assert sections["trinh_tu_thuc_hien"] == "Bước 1. Lập hồ sơ theo mục (Thành phần hồ sơ) và nộp."
    assert sections["thanh_phan_ho_so"] == "Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn1 bản chính"
    assert sections["co_quan_thuc_hien"] == "UBND xã" and sections["ket_qua_xu_ly"] == "Giấy xác nhậnMã: KQ.1"
    whole = {**sections, "raw_text": page}
    assert resplit(whole) is whole
    cut = {**whole, "trinh_tu_thuc_hien": "Bước 1. Lập hồ sơ theo mục (", "thanh_phan_ho_so": ") và nộp."}
    assert resplit(cut) == whole


def test_the_parsed_catalog_cache_is_keyed_on_this_module():
    assert PACKAGE_DIR / "record_fields.py" in catalog_cache.parsing_code()

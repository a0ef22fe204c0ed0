"""The parser on real, awkward catalog records."""

import re

from knowledge_base.model import CHANNEL_IN_PERSON, CHANNEL_ONLINE, CHANNEL_POSTAL
from knowledge_base.parse import parse_channels, parse_documents, parse_legal_basis, parse_record, split_list


def test_birth_registration_channels_are_free_and_time_comes_from_the_steps(raw_records):
    procedure = parse_record(raw_records["1.001193"])
    assert [c.kind for c in procedure.channels] == [CHANNEL_ONLINE, CHANNEL_POSTAL, CHANNEL_IN_PERSON]
    assert all(c.fee_vnd == 0 and c.fee_text == "Miễn phí" for c in procedure.channels)
    # the time cell is the portal's bare "1"; the steps say "nếu tiếp nhận hồ sơ sau 15 giờ … ngày làm việc tiếp theo"
    assert all(c.time_source == "steps" and "sau 15 giờ" in c.time_text for c in procedure.channels)
    assert procedure.online


def test_time_placeholder_without_any_statement_has_no_unit_nor_days():
    (channel,) = parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp1Miễn phí", steps="Nộp hồ sơ.")
    assert channel.days is None and (channel.time_text, channel.time_source) == ("1", "bare")


def test_birth_registration_documents_separate_conditions_and_remarks(raw_records):
    procedure = parse_record(raw_records["1.001193"])
    names = [d.name for d in procedure.documents]
    assert any(n.startswith("Giấy chứng sinh") for n in names)
    abandoned = next(d for d in procedure.documents if "bỏ rơi" in d.name)
    assert abandoned.condition == "trẻ em bị bỏ rơi"
    assert abandoned.copies == "1 bản chính"
    surrogacy = next(d for d in procedure.documents if "mang thai hộ" in d.name)
    assert surrogacy.name.startswith("Văn bản xác nhận của cơ sở y tế")
    assert surrogacy.conditional
    # rows with zero copies are remarks the portal typed into the table, not papers to bring
    assert all("0 bản chính" != d.copies for d in procedure.documents)
    assert any("Giấy chứng sinh" in n for n in procedure.document_notes)
    assert {d.group for d in procedure.documents} >= {"Giấy tờ phải nộp", "Giấy tờ phải xuất trình"}


def test_birth_registration_legal_basis_splits_run_together_numbers(raw_records):
    numbers = [b.number for b in parse_record(raw_records["1.001193"]).legal_basis]
    assert numbers[:3] == ["85/2019/TT-BTC", "104/2022/NĐ-CP", "123/2015/NĐ-CP"]
    assert "08/2025/TT-BTP" in numbers


def test_legal_basis_number_does_not_swallow_next_title():
    text = "Tên văn bản pháp lýMã văn bảnLuật Quản lý thuế38/2019/QH14Nghị định quy định về hóa đơn123/2020/NĐ-CP"
    items = parse_legal_basis(text)
    assert [(i.title, i.number) for i in items] == [
        ("Luật Quản lý thuế", "38/2019/QH14"),
        ("Nghị định quy định về hóa đơn", "123/2020/NĐ-CP"),
    ]


def test_channel_with_time_unit_fee_amount_and_description():
    text = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến3 Ngày làm việc200,000 Việt Nam Đồng"
        "(200.000 VNĐ/giấy phép)nộp hồ sơ trực tuyếnTrực tiếp5 Ngày làm việcLệ phí : 50.000 Đồng"
    )
    online, in_person = parse_channels(text)
    assert (online.kind, online.days, online.working_days, online.fee_vnd) == (CHANNEL_ONLINE, 3.0, True, 200000)
    assert "nộp hồ sơ trực tuyến" in online.note
    assert (in_person.kind, in_person.days, in_person.fee_vnd) == (CHANNEL_IN_PERSON, 5.0, 50000)


def test_amount_cell_in_thousands_prefers_the_description():
    text = "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến3 Ngày làm việc25 VNĐ(25.000.000đ/giấy thông hành)"
    (channel,) = parse_channels(text)
    assert channel.fee_vnd == 25_000_000


def test_empty_time_cell_takes_the_time_stated_in_the_description():
    text = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tinMiễn phí"
        "Trong thời hạn 05 ngày làm việc kể từ khi nhận đủ hồ sơ."
    )
    (channel,) = parse_channels(text)
    assert channel.days == 5.0 and channel.fee_vnd == 0


def test_hours_are_converted_to_days():
    (channel,) = parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp8 GiờMiễn phí")
    assert channel.days == 8 / 24


def test_channel_word_inside_description_does_not_start_a_channel():
    text = "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việc145 USDTrực tuyến: nộp qua Cổng"
    assert len(parse_channels(text)) == 1


def test_template_file_names_are_split_from_the_document_name():
    text = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị cấp giấy phép theo Mẫu số 01 Phụ lục I;"
        "Mẫu số 01.docx1 bản chínhẢnh chụp hiện trạng0 bản chính,1 bản sao"
    )
    documents, notes = parse_documents(text)
    assert [(d.name, d.template, d.copies) for d in documents] == [
        ("Đơn đề nghị cấp giấy phép theo Mẫu số 01 Phụ lục I", "Mẫu số 01.docx", "1 bản chính"),
        ("Ảnh chụp hiện trạng", "", "0 bản chính, 1 bản sao"),
    ]
    assert notes == ()


def test_audiences_keep_parenthesised_commas():
    assert split_list("Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX), Cán bộ, công chức, viên chức") == (
        "Công dân Việt Nam",
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "Cán bộ, công chức, viên chức",
    )


def test_whole_catalog_parses_without_error_and_mostly_cleanly(raw_records):
    from knowledge_base.quality import parse_report

    report = parse_report([parse_record(r) for r in raw_records.values()])
    assert report["records"] == 2642
    assert report["all_parts_clean"]["share"] >= 0.95


def test_legal_basis_title_that_ends_with_its_own_number(raw_records):
    numbers = [b.number for b in parse_record(raw_records["1.004222"]).legal_basis]
    assert "66.7/2025/NQ-CP" in numbers  # a resolution number with a dot
    assert numbers.count("57/2021/TT-BCA") == 1  # "Thông tư 57/2021/TT-BCA57/2021/TT-BCA" is one row
    assert "56/2021/TT-BCA" in numbers  # not "56/2021/TT-BCAS" before an upper-case title
    assert all(not n.endswith(("BCA57", "BCAS")) for n in numbers)


def test_legal_basis_law_number_keeps_the_assembly_term():
    items = parse_legal_basis("Tên văn bản pháp lýMã văn bảnLuật 60/2014/QH1360/2014/QH13Thông tư số 01/2022/TT-BTP")
    assert [i.number for i in items] == ["60/2014/QH13", "01/2022/TT-BTP"]


def _legal(raw_records, code):
    return [(b.title, b.number) for b in parse_record(raw_records[code]).legal_basis]


def test_a_number_quoted_before_lower_case_words_stays_in_its_title(raw_records):
    # "Thông tư 16/2024/TT-BCA quy định về mẫu thẻ căn cước…16/2024/TT-BCA" is one row, not "Thông tư" + a fragment
    legal = _legal(raw_records, "1.000757")
    assert (
        "Thông tư 16/2024/TT-BCA quy định về mẫu thẻ căn cước, mẫu giấy chứng nhận căn cước",
        "16/2024/TT-BCA",
    ) in legal
    assert ("Thông tư", "16/2024/TT-BCA") not in legal
    # "Thông tư 10/2014/TT-BCA - Quy định việc xử lý…" is one row, not "Thông tư" and "- Quy định…"
    titles = [title for title, _ in _legal(raw_records, "1.003482")]
    assert titles[0].startswith("Thông tư 10/2014/TT-BCA - Quy định việc xử lý") and "Thông tư" not in titles


def test_the_next_titles_capital_run_into_a_number_goes_back_to_it(raw_records):
    # "…tại Việt Nam04/2015/TT-BCANhập cảnh, xuất cảnh…47/2014/QH13"
    assert _legal(raw_records, "1.000232")[:2] == [
        (
            "Quy định mẫu giấy tờ liên quan đến việc nhập cảnh, xuất cảnh, cư trú của người nước ngoài tại Việt Nam",
            "04/2015/TT-BCA",
        ),
        ("Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam", "47/2014/QH13"),
    ]


def test_prime_ministers_decisions_and_glued_years_are_read_whole(raw_records):
    assert ("Quyết định số 09/2023/QĐ-TTg", "09/2023/QĐ-TTg") in _legal(raw_records, "1.000811")
    assert ("Luật Cư trú 2020", "68/2020/QH14") in _legal(raw_records, "1.002755")  # not "202068/2020/QH14"
    # "…cách mạng04/2012/UBTVQH1326/2005/PL-UBTVQH11 - Ưu đãi…": the second number opens the next title
    assert _legal(raw_records, "1.004089")[:2] == [
        ("Sửa đổi, bổ sung một số điều của Pháp lệnh ưu đãi người có công với cách mạng", "04/2012/UBTVQH13"),
        ("26/2005/PL-UBTVQH11 - Ưu đãi người có công với cách mạng", "26/2005/PL-UBTVQH11"),
    ]


def test_no_legal_title_of_the_catalog_is_cut_or_glued_by_the_parser(raw_records):
    glued_word = re.compile(r"[a-zà-ỹ](?:Luật|Thông tư|Nghị định)(?: số)?:?$")
    garbled = [
        (code, basis.title)
        for code, record in raw_records.items()
        for basis in parse_record(record).legal_basis
        if basis.title[:1] in "-:" or glued_word.search(basis.title) or re.match(r"(?:19|20)\d{3}", basis.number)
    ]
    assert garbled == []


def test_a_copys_number_and_a_bracketed_code_stay_in_the_template_file_name():
    text = (
        "Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị cấp đổi thẻ bảo hiểm y tếMau01-ĐN(BHYT) (1).doc1 bản chính"
        "Phiếu khai báo tạm trú cho người nước ngoài (NA8)9-Mẫu NA8.doc1 bản chính"
    )
    documents, _ = parse_documents(text)
    assert [(d.name, d.template) for d in documents] == [
        ("Đơn đề nghị cấp đổi thẻ bảo hiểm y tế", "Mau01-ĐN(BHYT) (1).doc"),
        ("Phiếu khai báo tạm trú cho người nước ngoài (NA8)", "9-Mẫu NA8.doc"),
    ]


def test_a_listed_case_label_is_read_as_the_papers_case():
    # "(i) Trường hợp ủy quyền cho cá nhân …, kèm theo hồ sơ … phải có văn bản ủy quyền …" (hộ kinh doanh);
    # "++ Đối với cá nhân là người có quốc tịch nước ngoài: +++ Tờ khai đăng ký thuế …" (đăng ký thuế)
    text = (
        "Tên giấy tờMẫu đơn, tờ khaiSố lượng(i) Trường hợp ủy quyền cho cá nhân thực hiện thủ tục đăng ký hộ kinh "
        "doanh, kèm theo hồ sơ đăng ký hộ kinh doanh phải có văn bản ủy quyền cho cá nhân.0 bản chính,1 bản sao"
        "++ Đối với cá nhân là người có quốc tịch nước ngoài: +++ Tờ khai đăng ký thuế mẫu số 03-ĐK-TCT1 bản chính"
    )
    proxy, foreigner = parse_documents(text)[0]
    assert proxy.name.startswith("Văn bản ủy quyền cho cá nhân") and proxy.condition.startswith("ủy quyền cho cá nhân")
    assert (foreigner.name, foreigner.condition) == (
        "Tờ khai đăng ký thuế mẫu số 03-ĐK-TCT",
        "cá nhân là người có quốc tịch nước ngoài",
    )

"""Fees and times from the whole record: the fee remark, the description and the steps text."""

import re

from knowledge_base.facts import BARE_NOTE, BARE_TEXT, time_facts
from knowledge_base.fees import format_amounts, split_fee
from knowledge_base.model import CHANNEL_IN_PERSON, CHANNEL_ONLINE
from knowledge_base.parse import parse_channels, parse_record
from knowledge_base.times import BARE

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến"


def test_free_cell_with_a_note_naming_a_fee_is_that_fee(raw_records):
    procedure = parse_record(raw_records["3.000348"])  # Cấp lại giấy phép lái xe
    assert all(c.fee_text == "135.000 đồng/lần" and c.fee_vnd == 135_000 for c in procedure.channels)
    (fee,) = procedure.fees
    assert fee.label == "" and "115.000 đồng/lần" in fee.note  # the online rate and its dates stay as conditions


def test_free_cell_with_a_note_on_who_sets_the_fee_is_not_free(raw_records):
    procedure = parse_record(raw_records["1.004873"])  # Giấy xác nhận tình trạng hôn nhân
    (fee,) = procedure.fees
    assert fee.text != "Miễn phí" and "Hội đồng nhân dân" in fee.text
    assert "Miễn lệ phí cho người thuộc gia đình có công" in fee.note


def test_a_remark_made_only_of_exemptions_is_free_in_the_records_word():
    fee = split_fee("Miễn phí(Miễn lệ phí (Thông tư số 47/2019/TT-BTC).)Nộp tại bộ phận một cửa")
    assert (fee.text, fee.vnd) == ("Miễn lệ phí", 0)  # the fee is exempt; the record says no more
    fee = split_fee("Miễn phí(Miễn lệ phí. Phí cấp bản sao Trích lục (nếu có yêu cầu) theo quy định.)Nộp tại xã")
    assert (fee.text, fee.vnd) == ("Miễn lệ phí", 0)  # a copy may still be paid for: not "Miễn phí"


def test_a_free_cell_without_fee_words_stays_free():
    for remark in ("", "(Miễn phí đối với người có công.)", "(Không thu phí.)"):
        fee = split_fee(f"Miễn phí{remark}Nộp tại bộ phận một cửa")
        assert (fee.text, fee.vnd) == ("Miễn phí", 0), remark


def test_per_page_fee_keeps_its_rate_and_cap(raw_records):
    procedure = parse_record(raw_records["2.000815"])  # Chứng thực bản sao từ bản chính
    commune, embassy = procedure.fees
    assert commune.text == "2.000 đồng/trang" and commune.label.startswith("Tại Ủy ban nhân dân cấp xã")
    assert "1.000 đồng/trang" in commune.note and "200.000 đồng/bản" in commune.note
    assert embassy.text == "10 USD/bản" and embassy.label == "Tại cơ quan đại diện"


def test_amounts_read_the_vietnamese_way():
    (channel,) = parse_channels(HEADER + "3 Ngày làm việc160,000 Việt Nam Đồng")
    assert channel.fee_text == "160.000 đồng" and channel.fee_vnd == 160_000
    assert format_amounts("Lệ phí: 1,500,000 VNĐ/ lần") == "Lệ phí: 1.500.000 đồng/lần"


def test_an_amount_in_lower_case_vnd_or_a_bare_capital_d_is_read():
    for remark in ("20.000 vnđ /tờ khai.", "20.000Đ/tờ khai."):
        fee = split_fee(f"Không có thông tin({remark})Nộp qua hệ thống")
        assert (fee.text, fee.vnd) == ("20.000 đồng/tờ khai", 20_000), remark


def test_a_fee_set_by_a_law_named_without_number_names_the_law():
    remark = "Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật phí và lệ phí."
    fee = split_fee(f"Miễn phí({remark})Nộp trực tuyến")
    assert fee.text == "Có lệ phí, mức thu theo Luật Phí và lệ phí"


def test_time_from_the_steps_when_the_cell_has_no_unit(raw_records):
    marital = parse_record(raw_records["1.004873"])  # time cell "3", steps "03 ngày làm việc"
    business = parse_record(raw_records["1.001612"])  # time cell empty, steps "trong thời hạn 03 ngày làm việc …"
    for procedure in (marital, business):
        (time,) = procedure.times
        assert (time.label, time.text) == ("", "3 ngày làm việc")
        assert all(c.days == 3 and c.working_days and c.time_source == "steps" for c in procedure.channels)


def test_a_bare_number_the_timed_stages_add_up_to_takes_their_unit(raw_records):
    # 1.007926: cell "20"; steps "Bước 3: Trong thời hạn 18 ngày làm việc…", "Bước 4: Trong thời hạn 02 ngày làm việc…"
    (time,) = parse_record(raw_records["1.007926"]).times
    assert (time.label, time.text) == ("", "20 ngày làm việc")


def test_a_bare_number_nothing_gives_a_unit_is_said_as_the_portal_gives_it(raw_records):
    # 1.005461 (death re-registration) and 2.000806: cell "5"; 1.000894 (marriage): cell "1". Neither the description
    # nor the steps say 5 (1) of what: the answer says the portal's number without a unit, never "chưa có thông tin"
    # and never a unit the record does not give.
    for code, number in (("1.005461", "5"), ("2.000806", "5"), ("1.000894", "1")):
        (time,) = parse_record(raw_records[code]).times
        assert time.text == BARE_TEXT.format(number=number) and time.note == BARE_NOTE, code
        assert all(c.days is None and c.time_source == BARE for c in parse_record(raw_records[code]).channels)
    for record in raw_records.values():
        for fact in parse_record(record).times:
            said = re.search(r"ngày|giờ|tuần|tháng|năm", fact.text, re.IGNORECASE) or fact.text.startswith("Cổng")
            assert said, (record["ma_thu_tuc"], fact)


def test_a_bare_number_takes_the_unit_another_channel_states_it_with():
    (time,) = time_facts(parse_channels(HEADER + "5 Ngày làm việcMiễn phíTrực tiếp5Miễn phí"))
    assert (time.label, time.text) == ("", "5 ngày làm việc")
    online, in_person = time_facts(parse_channels(HEADER + "3 Ngày làm việcMiễn phíTrực tiếp5Miễn phí"))
    assert in_person.text == BARE_TEXT.format(number="5") and online.text == "3 ngày làm việc"


def test_a_zero_cell_is_no_time_and_a_time_run_into_an_amount_is_one_digit():
    (zero,) = parse_channels(HEADER + "0Miễn phí")
    assert (zero.time_text, zero.time_source) == ("", "")
    (customs,) = parse_channels(HEADER + "120,000 VNĐ(lệ phí hải quan)")
    assert customs.time_text == "1" and customs.fee_vnd == 20_000


def test_same_day_statement_of_the_steps(raw_records):
    (time,) = parse_record(raw_records["1.001193"]).times
    assert time.text.startswith("Trong ngày") and "sau 15 giờ" in time.text


def test_channel_times_are_labelled_and_deduplicated(raw_records):
    land = parse_record(raw_records["1.013978"])  # 17 / 20 / 27 ngày làm việc
    assert [(t.label, t.text) for t in land.times] == [
        ("Trực tuyến", "17 ngày làm việc"),
        ("Bưu chính", "20 ngày làm việc"),
        ("Trực tiếp", "27 ngày làm việc"),
    ]
    licence = parse_record(raw_records["3.000348"])
    assert [(t.label, t.text) for t in licence.times] == [("", "5 ngày làm việc")]


def test_unlabelled_times_are_tied_to_what_they_are_for(raw_records):
    transfer = parse_record(raw_records["1.013076"])  # six channel rows: 2 ngày, 7 ngày, 1 giờ, online and in person
    lines = {t.text: t for t in transfer.times}
    assert set(lines) == {"2 ngày làm việc", "7 ngày làm việc", "1 giờ"}
    assert "Cấp chứng nhận đăng ký xe" in lines["2 ngày làm việc"].label
    assert lines["7 ngày làm việc"].label == "Cấp lại biển số định danh"
    assert lines["1 giờ"].label == "Cấp biển số định danh lần đầu"
    assert set(lines["2 ngày làm việc"].channels) == {CHANNEL_ONLINE, CHANNEL_IN_PERSON}


def test_times_nothing_ties_to_a_purpose_are_summarised_as_a_range():
    text = HEADER + "2 Ngày làm việcMiễn phíTrực tuyến7 Ngày làm việcMiễn phíTrực tiếp2 Ngày làm việcMiễn phí"
    procedure_channels = parse_channels(text)
    from knowledge_base.facts import time_facts

    (time,) = time_facts(procedure_channels)
    assert time.text == "Từ 2 đến 7 ngày làm việc, tùy trường hợp"
    assert set(time.channels) == {CHANNEL_ONLINE, CHANNEL_IN_PERSON}


def test_times_the_description_ties_to_a_case_are_labelled_by_it():
    text = (
        HEADER + "3 Ngày làm việcKhông có thông tinKhông quá 03 ngày làm việc với trường hợp công dân đã có thẻ "
        "căn cước còn hiệu lực.Trực tuyến7 Ngày làm việcKhông có thông tinKhông quá 07 ngày làm việc với trường "
        "hợp công dân chưa có thẻ căn cước."
    )
    from knowledge_base.facts import time_facts

    lines = [(t.label, t.text) for t in time_facts(parse_channels(text))]
    assert lines == [
        ("Trường hợp công dân đã có thẻ căn cước còn hiệu lực", "3 ngày làm việc"),
        ("Trường hợp công dân chưa có thẻ căn cước", "7 ngày làm việc"),
    ]


def test_beside_a_case_the_usual_time_is_named_so():
    text = (
        HEADER + "1 Ngày làm việcKhông có thông tinTrong thời gian 01 ngày kể từ khi tiếp nhận.Trực tuyến2 Ngày làm "
        "việcKhông có thông tinTrường hợp phức tạp thì có thể kéo dài hơn nhưng không quá 02 ngày làm việc."
    )
    from knowledge_base.facts import time_facts

    lines = [(t.label, t.text) for t in time_facts(parse_channels(text))]
    assert lines == [("Thông thường", "1 ngày làm việc"), ("Trường hợp phức tạp", "2 ngày làm việc")]


def test_a_valid_dossier_is_no_case():
    text = (
        HEADER + "5 Ngày làm việcMiễn phíTrực tiếp3 Ngày làm việcMiễn phíTrả kết quả trong 03 ngày làm việc đối "
        "với trường hợp hồ sơ hợp lệ."
    )
    from knowledge_base.facts import time_facts

    assert [t.label for t in time_facts(parse_channels(text))] == ["Trực tuyến", "Trực tiếp"]


def test_time_and_amount_run_together():
    (channel,) = parse_channels(HEADER + "1100 VNĐ(Miễn phí đối với người có công.)")
    assert (channel.time_text, channel.time_source, channel.days) == ("1", BARE, None)  # said without a unit
    assert channel.fee_text != "100 đồng"


def test_what_an_amount_is_per_is_kept_whole():
    fee = split_fee("25,000 Việt Nam Đồng(/trường hợp (Thông tư số 61/2023/TT-BTC))Nộp tại cơ quan đăng ký")
    assert fee.text == "25.000 đồng/trường hợp" and fee.note.startswith("Thông tư số 61/2023/TT-BTC")
    assert (
        split_fee("50,000 Việt Nam Đồng(Lệ phí: 50.000 đồng/thẻ căn cước; giảm 50% khi nộp trực tuyến)").text
        == "50.000 đồng/thẻ căn cước"
    )
